/**
 * The files behind ops modules 1–3 (business outcomes, listening, governance, audience), each from its own
 * substream so the other ops files stay byte-identical; their planted truths go under the keys
 * `acquisition`, `listening`, `content_gaps`, `archive`, `audience`, `content_test` and `launch` of ops_truth.json.
 */
import { substream } from '../random.ts';
import { ARCHIVE, ARCHIVE_HEADER, PUBLISHED_HEADER, generateArchive } from './archive.ts';
import { AUDIENCE, CONTENT_TEST, CONTENT_TEST_HEADER, LAUNCH, LAUNCH_MENTIONS_HEADER, SOCIAL_ACTIONS_HEADER, SOCIAL_PROFILES_HEADER, TIERS, contentTestLines, generateAudience, launchLines } from './audience.ts';
import { ACQUISITION, BRAND_MENTIONS_HEADER, CHANNEL_SPEND_HEADER, COMPETITOR_POSTS_HEADER, CONTENT, CUSTOMERS_HEADER, LISTENING, ORDERS_HEADER, generateAcquisition, generateMentions, generatePosts } from './business.ts';
import { BRANDS, OPS_SIZES } from './plan.ts';
import { WEB_END, WEB_OWN_MIX_SHARE, WEB_PERSONAS, WEB_VISITS_HEADER, webVisitLines } from './webVisits.ts';

/** Row-count scale of these files per size (small: the bundled sample). */
const SCALE = { small: { customers: 1, mentions: 1, people: 500, test: 1, launch: 1 }, large: { customers: 5, mentions: 4, people: 3000, test: 4, launch: 5 } };

export function insightFiles(seed: number, sizeName: 'small' | 'large') {
  const scale = SCALE[sizeName];
  const brand = BRANDS[0].account;
  const acquisition = generateAcquisition(substream(seed, 'ops-acquisition'), scale.customers);
  const mentions = generateMentions(substream(seed, 'ops-brand-mentions'), scale.mentions);
  const audience = generateAudience(substream(seed, 'ops-social-audience'), scale.people, acquisition.customers);
  const archive = generateArchive(substream(seed, 'ops-archive'), OPS_SIZES[sizeName].days);
  const launch = launchLines(substream(seed, 'ops-launch'), scale.launch, brand);
  const personaOf = new Map<string, string>();
  const webCustomers = acquisition.customerLines.map((l) => ({ key: l.split(',')[0]!, acquired: l.split(',')[2]! }));
  const webVisits = webVisitLines(substream(seed, 'ops-web-visits'), webCustomers, personaOf);
  const customersByPersona = Object.fromEntries(Object.keys(WEB_PERSONAS).map((k) => [k, webCustomers.filter((c) => personaOf.get(c.key) === k).map((c) => c.key)]));
  const byLtv = Object.entries(acquisition.truth).sort((a, b) => b[1].expected_ltv_period_5 - a[1].expected_ltv_period_5);
  const byRatio = Object.entries(acquisition.truth).sort((a, b) => b[1].expected_ltv_period_5 / b[1].planted_cac - a[1].expected_ltv_period_5 / a[1].planted_cac);
  const own = mentions.quarters.filter((q) => q.brand === brand);
  const net = (q: { mentions: number; positive: number; negative: number }) => Math.round(((q.positive - q.negative) / q.mentions) * 1e6) / 1e6;
  const truth = {
    acquisition: {
      channels: acquisition.truth,
      acquisition_months: `${ACQUISITION.year}-01 to ${ACQUISITION.year}-0${ACQUISITION.acquisitionMonths}`,
      ltv_rule: `cumulative order value per acquired customer by period ${ACQUISITION.ltvPeriods} (months after acquisition): first order + one order a month with the channel's repeat chance; expected aov × (1 + ${ACQUISITION.ltvPeriods} × repeat)`,
      best_ltv_channel: byLtv[0]![0],
      best_ltv_to_cac_channel: byRatio[0]![0],
      worst_ltv_to_cac_channel: byRatio[byRatio.length - 1]![0],
    },
    listening: {
      brand,
      quarters: mentions.quarters.map((q) => ({ ...q, net_sentiment: net(q) })),
      own_net_sentiment: Object.fromEntries(own.map((q) => [q.quarter, net(q)])),
      planted_shares: LISTENING.own,
      emerging_term: LISTENING.emergingTerm,
      emerging_quarter: `${ACQUISITION.year}-${LISTENING.emergingQuarter}`,
      rule: 'every positive / negative / neutral text scores so with VADER at ±0.05; battery complaints appear only in the brand\'s Q3 and Q4 mentions',
    },
    content_gaps: { brand, format_gap: CONTENT.formatGap, pillar_gap: CONTENT.pillarGap, format_rates: CONTENT.formatRates, own_formats: CONTENT.ownFormats, competitor_formats: CONTENT.competitorFormats, own_pillars: CONTENT.ownPillars, competitor_pillars: CONTENT.competitorPillars },
    audience: { tier_shares: TIERS, tiers: audience.truth.tiers, accounts: audience.truth.accounts, accounts_matched_to_crm: audience.truth.accounts_matched_to_crm, account_tiers: audience.truth.account_tiers, tier_rule: 'advocate: ≥ 2 shares + mentions; commenter: ≥ 1 comment; lurker: the rest (views and likes only)', customer_share: AUDIENCE.customerShare },
    web_personas: {
      file: 'ops_web_visits.csv',
      visits: webVisits.length,
      end: WEB_END,
      personas: Object.fromEntries(Object.entries(WEB_PERSONAS).map(([k, p]) => [k, { customers: customersByPersona[k]!.length, description: p.description, visits_per_month: p.visitsPerMonth, pages_per_visit: p.pagesPerVisit, section_mix: p.mix, active_days_after_acquisition: p.activeDays }])),
      own_mix_share: WEB_OWN_MIX_SHARE,
      customers_by_persona: customersByPersona,
      note: "every CRM customer has one web persona; visits run from the acquisition day to the end (lapsed: about 45 days, then none); each customer draws its own rate and depth around the persona's (log-normal) and 30 % of its pages from a section mix of its own; product pages = pages − guide − deal − account",
    },
    content_test: { test_id: CONTENT_TEST.testId, control: 'control', variant: 'variant_b', relative_lift: CONTENT_TEST.lift, lifted_platform: 'meta', segments: Object.keys(CONTENT_TEST.tierRates), rates: CONTENT_TEST.tierRates, platform_factor: CONTENT_TEST.platformFactor },
    archive: { ...archive.truth, claim_texts: ARCHIVE.claims, recall_texts: ARCHIVE.recall, rule: 'the archiver captured nothing on the outage dates; partner posts without #ad are undisclosed' },
    launch: { start: LAUNCH.start.slice(0, 19).replace('T', ' '), hours: LAUNCH.hours, shift_time: launch.hourly[LAUNCH.shiftHour]!.hour, net_before: Math.round((LAUNCH.before.positive - LAUNCH.before.negative) * 100) / 100, net_after: Math.round((LAUNCH.after.positive - LAUNCH.after.negative) * 100) / 100, narrative: 'pairing complaints' },
  };
  const table = (name: string, header: string[], lines: () => Iterable<string>) => ({
    name,
    *chunks() {
      yield header.join(',') + '\n';
      yield* lines();
    },
  });
  const files = [
    table('ops_customers.csv', CUSTOMERS_HEADER, () => acquisition.customerLines),
    table('ops_orders.csv', ORDERS_HEADER, () => acquisition.orderLines),
    table('ops_channel_spend.csv', CHANNEL_SPEND_HEADER, () => acquisition.spendLines),
    table('ops_web_visits.csv', WEB_VISITS_HEADER, () => webVisits),
    table('ops_brand_mentions.csv', BRAND_MENTIONS_HEADER, () => mentions.lines),
    table('ops_competitor_posts.csv', COMPETITOR_POSTS_HEADER, () => generatePosts(substream(seed, 'ops-competitor-posts'), OPS_SIZES[sizeName].days)),
    table('ops_social_profiles.csv', SOCIAL_PROFILES_HEADER, () => audience.profiles),
    table('ops_social_actions.csv', SOCIAL_ACTIONS_HEADER, () => audience.actions),
    table('ops_content_test.csv', CONTENT_TEST_HEADER, () => contentTestLines(substream(seed, 'ops-content-test'), scale.test)),
    table('ops_published_posts.csv', PUBLISHED_HEADER, () => archive.published),
    table('ops_archive.csv', ARCHIVE_HEADER, () => archive.archived),
    table('ops_launch_mentions.csv', LAUNCH_MENTIONS_HEADER, () => launch.lines),
  ];
  return { files, truth };
}
