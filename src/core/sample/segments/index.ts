/**
 * The audience-segmentation sample set (curriculum 002): new files beside the CTR and email + social
 * samples, from their own substreams of the same seed, so those files stay byte-identical. Planted
 * truths go to segments_truth.json.
 */
import { csvLine, dayAt } from '../calendar.ts';
import { substream } from '../random.ts';
import { AD_HEADER, ACCOUNTS_HEADER, COMMENTS_HEADER, INTERACTIONS_HEADER, POSTS_HEADER, TESTS_HEADER, accountLines, adLines, breakdownShares, generateActivity, generatePosts, postLine, postStats, testLines, type Activity, type TestTruth } from './activity.ts';
import { IP_RANGES_HEADER, LOGIN_PLAN, LOGINS_HEADER, TRAVEL_COUNTRIES, ipRangeLines, loginLines, type LoginTruth } from './logins.ts';
import { PROFILES_HEADER, generateBots, generatePeople, profileLine, type Person } from './people.ts';
import {
  AB_TEST, AD_SETS, AGE_BRACKETS, AGE_BY_PLATFORM, AGE_LABELS, AGE_MISSING, BEHAVIOUR, BOTS, BRANDS, BREAKDOWN_GLITCH, CITIES, CITY_LABELS, CLUSTERS, DRIFT,
  ENGAGEMENT_PER_REACH, GENDER_LABELS, HIDE_RATE, PLATFORMS, PULL_GAPS, REACH_RATE, REFERENCE, SEG_SIZES, SENTIMENT, TEMPLATES, TRANSITIONS, TWINS, UNFOLLOW_MEDIAN_DAYS, UNMAPPED_LABELS,
} from './plan.ts';

export interface SegFile {
  name: string;
  chunks: () => Iterable<string>;
}

export const SEGMENT_FILES = ['audience_profiles.csv', 'audience_interactions.csv', 'audience_comments.csv', 'audience_posts.csv', 'audience_accounts.csv', 'audience_ad_sets.csv', 'audience_tests.csv', 'audience_mappings.csv', 'audience_benchmarks.csv', 'audience_logins.csv', 'audience_ip_ranges.csv', 'segments_truth.json'];

/** Descriptive names of the planted clusters, as a marketing team would tag them (ad sets map to them). */
export const CLUSTER_NAMES: Record<string, string> = { lurkers: 'lunch-break browsers', commuters: 'commute scrollers', night_owls: 'late-night viewers', superfans: 'brand fans' };

export const MAPPINGS_HEADER = ['map_name', 'source_value', 'target_value'];
export const BENCHMARKS_HEADER = ['kind', 'metric', 'dimension', 'dimension_value', 'share'];

/** The shipped vocabulary: every platform label to its standard value, except the planted gaps. */
export function* mappingLines(): Generator<string> {
  const seen = new Set<string>();
  const line = (map: string, from: string, to: string) => {
    const k = `${map}|${from}`;
    if (seen.has(k)) return '';
    seen.add(k);
    return csvLine([map, from, to]);
  };
  const fixed = () => 0.1;
  for (const platform of PLATFORMS) {
    for (const b of AGE_BRACKETS) {
      const labels = platform === 'instagram' && b === '55+' ? ['55-64', '65+'] : [AGE_LABELS[platform](b, fixed)];
      for (const l of labels) yield line('age_bracket', l, b);
    }
  }
  for (const platform of PLATFORMS) for (const [g, l] of Object.entries(GENDER_LABELS[platform])) yield line('gender', l, g);
  for (const platform of PLATFORMS) {
    for (const [city, labels] of Object.entries(CITY_LABELS[platform])) for (const l of labels) if (!UNMAPPED_LABELS.city.includes(l)) yield line('city', l, city);
  }
  for (const c of CITIES) yield line('city_country', c.city, c.country);
  for (const c of CLUSTERS) yield line('adset_segment', AD_SETS[c].name, CLUSTER_NAMES[c]!);
}

export function* benchmarkLines(): Generator<string> {
  for (const [dimension, shares] of Object.entries(REFERENCE)) for (const [value, share] of Object.entries(shares)) yield csvLine(['population_share', 'followers', dimension, value, share]);
}

export function generateSegments(seed: number, sizeName: 'small' | 'large'): SegFile[] {
  const size = SEG_SIZES[sizeName];
  const people = generatePeople(substream(seed, 'seg-people'), size);
  const bots = generateBots(substream(seed, 'seg-bots'), size);
  const posts = generatePosts(substream(seed, 'seg-posts'), size);
  let activity: Activity | undefined;
  const act = () => (activity ??= generateActivity(substream(seed, 'seg-activity'), size, people, bots, posts));
  let stats: ReturnType<typeof postStats> | undefined;
  const postRows = () => (stats ??= postStats(substream(seed, 'seg-post-stats'), size, posts, act().daily));
  const tests: TestTruth = { cells: {} };
  const table = (header: string[], lines: () => Iterable<string>) =>
    function* () {
      yield header.join(',') + '\n';
      yield* lines();
    };
  const mid = Math.floor(size.days / 2);
  const loginTruth: LoginTruth = { mismatches: {}, oneTrip: [], logins: 0, accounts: 0 };
  let logins: string[] | undefined;
  const loginRows = () => (logins ??= loginLines(substream(seed, 'seg-logins'), size.days, people, loginTruth));

  const truth = () => {
    const a = act().truth;
    const labels1: Record<string, string> = {};
    const labels2: Record<string, string> = {};
    for (const p of people) {
      for (const key of [p.primary.key, p.twin?.account.key].filter((k): k is string => !!k)) {
        labels1[key] = p.cluster;
        labels2[key] = p.drifts ? DRIFT.to : p.cluster;
      }
    }
    const missing = Object.fromEntries(PLATFORMS.map((pl) => {
      const rows = people.flatMap((p) => [p.primary, p.twin?.account].filter((x) => x?.platform === pl).map((acct) => ({ acct: acct!, age: p.age })));
      const gaps = rows.filter((r) => r.acct.ageRaw === '');
      const dist = (xs: typeof rows) => Object.fromEntries([...AGE_BRACKETS, '13-17'].map((b) => [b, xs.filter((r) => r.age === b).length]));
      return [pl, { profiles: rows.length, missing_age: gaps.length, planted_missing_share: AGE_MISSING[pl], true_brackets_of_missing: dist(gaps), true_brackets_of_all: dist(rows) }];
    }));
    const observed: Record<string, Record<string, number>> = {};
    for (const [from, tos] of Object.entries(a.transitions)) {
      const total = Object.values(tos).reduce((s, x) => s + x, 0);
      observed[from] = Object.fromEntries(Object.entries(tos).map(([k, v]) => [k, Math.round((v / total) * 1000) / 1000]));
    }
    const humanKeys = people.flatMap((p) => [p.primary.key, ...(p.twin ? [p.twin.account.key] : [])]);
    const t = {
      seed,
      size: sizeName,
      start_date: dayAt(0),
      end_date: dayAt(size.days - 1),
      second_period_starts: dayAt(mid),
      files: SEGMENT_FILES.filter((f) => f !== 'segments_truth.json'),
      reporting_zone: 'Europe/Berlin (behaviour is planted in local hours; timestamps are UTC)',
      people: size.people,
      accounts: { human: humanKeys.length, bots: bots.length, total: humanKeys.length + bots.length },
      clusters: {
        definition: Object.fromEntries(CLUSTERS.map((c) => [c, { name: CLUSTER_NAMES[c], share: BEHAVIOUR[c].share, sessions_per_day: BEHAVIOUR[c].sessionsPerDay, local_hours: BEHAVIOUR[c].hours, concentration: BEHAVIOUR[c].concentration, format_preference: BEHAVIOUR[c].formats }])),
        features: 'share of a person\'s interactions in each hour block (local time) and interactions per day: the blocks are far apart, so k-means on them recovers the clusters',
        counts: Object.fromEntries(CLUSTERS.map((c) => [c, people.filter((p) => p.cluster === c).length])),
        labels_first_period: labels1,
        labels_second_period: labels2,
      },
      drift: { from: DRIFT.from, to: DRIFT.to, planted_share: DRIFT.share, people_who_drift: people.filter((p) => p.drifts).length, starts: dayAt(mid), what: 'in the second half these commuters engage at night-owl hours; their volume and format stay' },
      decay: { half_life_days: Object.fromEntries(CLUSTERS.map((c) => [c, BEHAVIOUR[c].halfLife])), declining: CLUSTERS.filter((c) => BEHAVIOUR[c].halfLife !== null), age: 'days since the person followed the own account' },
      survival: {
        event: 'unfollow of the own account after the follow (target_account_id); censored at the end of the data',
        group: 'theme of the post the follow came from: giveaway vs any other (follow row content_id → audience_posts.theme)',
        planted_median_days: UNFOLLOW_MEDIAN_DAYS,
        model: 'exponential time to unfollow from the follow',
        follows: a.follows,
        unfollows: a.unfollows,
        bot_follows: bots.length,
      },
      sequences: { start: 'every session starts with a view; events of a session are 5–90 s apart; sessions of a person hours apart', planted_transitions: TRANSITIONS, observed_transitions: observed, path_to_outcome: { path: ['save', 'click'], outcome: 'click', p_click_after_save: TRANSITIONS.save.click, p_click_after_view: TRANSITIONS.view.click } },
      sentiment: { planted_shares: SENTIMENT, comment_counts_by_tone: a.comments, templates: TEMPLATES, bot_text: BOTS.text, expect: 'superfans most positive, night owls most negative' },
      share_of_voice: { own_brand: BRANDS.own, planted_shares: BRANDS.shares, mentions: a.mentions },
      bots: { keys: bots.map((b) => b.account.key), count: bots.length, events: a.botEvents, burst_size: BOTS.burstSize, interval_seconds: BOTS.intervalSeconds, jitter_seconds: BOTS.jitterSeconds, burst_days: BOTS.burstDays, profile: 'followers < 30, following 3,000–7,500, 1,500–5,000 posts, account created in the 60 days before the window' },
      influencers: { keys: people.filter((p) => p.influencer).map((p) => p.primary.key), followers_between: [80000, 600000] },
      standardize: {
        maps: ['age_bracket', 'gender', 'city', 'city_country', 'adset_segment'],
        unmapped_on_purpose: UNMAPPED_LABELS,
        profiles_with_unmapped_age: people.flatMap((p) => [p.primary, p.twin?.account]).filter((x) => x && UNMAPPED_LABELS.age_bracket.includes(x.ageRaw)).length,
        profiles_with_unmapped_city: people.flatMap((p) => [p.primary, p.twin?.account]).filter((x) => x && UNMAPPED_LABELS.city.includes(x.locationRaw)).length,
        standard_age_brackets: AGE_BRACKETS,
        label_examples: { instagram: ['25-34', '55-64', 'M', 'München'], tiktok: ['25 to 34', 'male', 'münchen'], linkedin: ['25 - 34 years', 'Male', 'Greater Munich Metropolitan Area'] },
      },
      missing: { age_by_platform: missing, mechanism: 'missing at random given the platform: TikTok hides age most and is the youngest, so filling with the overall median makes TikTok older than it is' },
      twins: {
        share: TWINS.share,
        pairs: people.filter((p) => p.twin).map((p) => ({ a: p.primary.key, b: p.twin!.account.key, exact_email_match: p.twin!.sameEmail, migrates: p.twin!.migrates })),
        migrants: people.filter((p) => p.twin?.migrates).length,
        migration: 'a migrating person is active on their first account in the first half and on the second account in the second half',
      },
      demographics: { true_age_shares_by_platform: AGE_BY_PLATFORM, reference: REFERENCE, platform_reported_age_shares: Object.fromEntries(PLATFORMS.map((p) => [p, breakdownShares(p)])), breakdown_glitch: BREAKDOWN_GLITCH },
      reach: { organic_reach_per_follower: REACH_RATE, engagements_per_reach_by_format: ENGAGEMENT_PER_REACH, hides_per_view_in_interactions: HIDE_RATE, hide_counts: a.hides },
      ab_test: { test_id: AB_TEST.test_id, base: AB_TEST.base, lift_b: AB_TEST.liftB, lift_evening: AB_TEST.liftEvening, value: AB_TEST.value, channels: AB_TEST.channels, cells: tests.cells, expect: 'variant B lifts only commuters and superfans; the evening slot lifts only night owls' },
      ad_sets: Object.fromEntries(CLUSTERS.map((c) => [AD_SETS[c].name, { segment: CLUSTER_NAMES[c], ctr_at_frequency_1: AD_SETS[c].ctr1, decay_per_exposure: AD_SETS[c].k, cap_where_ctr_halves: Math.round((1 + Math.LN2 / AD_SETS[c].k) * 100) / 100, hides_per_impression_at_1: AD_SETS[c].hide1, roas: AD_SETS[c].roas }])),
      pull_gaps: { file: 'audience_accounts.csv', platform: PULL_GAPS.platform, dates: PULL_GAPS.days.filter((d) => d < size.days).map(dayAt), what: 'the daily totals of these days are missing (a failed scheduled pull)' },
      interactions: a.interactions,
      ip_location: (loginRows(), {
        files: ['audience_logins.csv', 'audience_ip_ranges.csv'],
        address_ranges: 'documentation ranges only (RFC 5737 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24; RFC 3849 2001:db8::/32); IPv6 networks in the table are /48s',
        ip_country_rule: "an account's IP country is the country of the range holding most of its logins (ties: the latest login's)",
        plan: LOGIN_PLAN,
        travel_countries: TRAVEL_COUNTRIES,
        accounts_with_logins: loginTruth.accounts,
        logins: loginTruth.logins,
        mismatches: loginTruth.mismatches,
        mismatch_counts: { vpn: Object.values(loginTruth.mismatches).filter((m) => m.reason === 'vpn').length, travel: Object.values(loginTruth.mismatches).filter((m) => m.reason === 'travel').length },
        one_trip_not_mismatched: loginTruth.oneTrip,
        note: 'vpn: every login through the hosting network 203.0.113.0/24 (US); travel: every login after the first from ES or IT (all with two logins); one trip: one login abroad among 4–6, home by majority. Bots have no logins; the platform-reported country column stays the home country',
      }),
    };
    return JSON.stringify(t, null, 1) + '\n';
  };

  const accounts = (p: Person) => [p.primary, ...(p.twin ? [p.twin.account] : [])];
  return [
    { name: 'audience_profiles.csv', chunks: table(PROFILES_HEADER, function* () {
      for (const p of people) for (const a of accounts(p)) yield profileLine(a);
      for (const b of bots) yield profileLine(b.account);
    }) },
    { name: 'audience_interactions.csv', chunks: table(INTERACTIONS_HEADER, () => act().interactions) },
    { name: 'audience_comments.csv', chunks: table(COMMENTS_HEADER, () => act().comments) },
    { name: 'audience_posts.csv', chunks: table(POSTS_HEADER, () => postRows().map(postLine)) },
    { name: 'audience_accounts.csv', chunks: table(ACCOUNTS_HEADER, () => accountLines(size, act().daily, postRows())) },
    { name: 'audience_ad_sets.csv', chunks: table(AD_HEADER, () => adLines(substream(seed, 'seg-ads'), size)) },
    { name: 'audience_tests.csv', chunks: table(TESTS_HEADER, () => testLines(substream(seed, 'seg-tests'), size, people, tests)) },
    { name: 'audience_mappings.csv', chunks: table(MAPPINGS_HEADER, () => [...mappingLines()].filter(Boolean)) },
    { name: 'audience_benchmarks.csv', chunks: table(BENCHMARKS_HEADER, benchmarkLines) },
    { name: 'audience_logins.csv', chunks: table(LOGINS_HEADER, loginRows) },
    { name: 'audience_ip_ranges.csv', chunks: table(IP_RANGES_HEADER, ipRangeLines) },
    { name: 'segments_truth.json', chunks: () => [truth()] },
  ];
}
