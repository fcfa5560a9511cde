/**
 * The email + social sample set (curriculum 001): new files beside the CTR sample, from their own
 * substreams of the same seed, so the CTR files stay byte-identical. Planted truths go to
 * email_social_truth.json (the CTR set's ground_truth.json is left as it is).
 */
import { dayAt } from '../calendar.ts';
import { substream } from '../random.ts';
import { EMAIL_ACTIVITY_HEADER, SESSIONS_HEADER, SOCIAL_HEADER, emailActivityLines, planCampaigns, sessionLines, socialLines, type EmailTruth, type WebTruth } from './activity.ts';
import { ASSIGNMENTS_HEADER, COSTS_HEADER, EXPERIMENTS, EXPERIMENTS_HEADER, ORDERS_HEADER, RESULTS_HEADER, SPEND_HEADER, TOUCHPOINTS_HEADER, assignmentLines, costLines, generateCommerce, plantedMarginalRoas, pooledZ, resultLines, spendLines, type CommerceTruth, type ExperimentTruth } from './commerce.ts';
import { LINKS_HEADER, PROFILES_HEADER, generatePeople, linkLines, profileLines } from './people.ts';
import { csvLine } from '../calendar.ts';
import { CURVES, DARK_SOCIAL, ES_SEGMENTS, ES_SIZES, GUARDRAIL, HOLDOUT, MACHINE_OPEN_SHARE, MULTI_TEST, NURTURE, OBF_LAN_DEMETS_5, PERSONALIZATION, PROMOS, REFERRAL_DROP, SEARCH_OUTAGE, SPEND_START, TOUCH_BOTS } from './plan.ts';

export interface EsFile {
  name: string;
  chunks: () => Iterable<string>;
}

/** Files in write order: later ones (sessions, truth) read what earlier ones recorded. */
export function generateEmailSocial(seed: number, sizeName: 'small' | 'large'): EsFile[] {
  const size = ES_SIZES[sizeName];
  const people = generatePeople(substream(seed, 'es-people'), size);
  const campaigns = planCampaigns(substream(seed, 'es-campaigns'), size);
  const email: EmailTruth = { sends: 0, machineOpens: 0, humanOpens: 0, clicks: 0, unsubscribes: 0, opensByPerson: new Map(), optOut: new Map(), clickLog: [] };
  const web: WebTruth = { formats: { iso_utc: 0, us_slash: 0, epoch_ms: 0 }, missingUtmCampaign: 0, darkSocialByDay: new Map(), referralByDay: new Map() };
  const commerce: CommerceTruth = { ordersByPerson: new Map(), online: 0, offline: 0, offlineWithEmail: 0, offlineMatched: 0, emailBeforeSocial: 0, botTouches: 0, botKeys: [] };
  const experiments: ExperimentTruth = { srm: { test_id: 'T3', planned: 0.5, assigned: {} }, crossTestPeople: 0, bothArms: [] };
  let built: ReturnType<typeof generateCommerce> | undefined;
  const commerceRows = () => (built ??= generateCommerce(substream(seed, 'es-commerce'), people, size, campaigns.map((c) => c.id), commerce));
  const table = (header: string[], lines: () => Iterable<string>) =>
    function* () {
      yield header.join(',') + '\n';
      yield* lines();
    };

  const truth = () => {
    const g = GUARDRAIL;
    const looks = Array.from({ length: g.looks }, (_, i) => {
      const n = g.unitsPerArmPerLook * (i + 1);
      const upTo = (rates: number[]) => rates.slice(0, i + 1).reduce((sum, r) => sum + Math.round(r * g.unitsPerArmPerLook), 0);
      const z = pooledZ(upTo(g.unsubscribe.control), n, upTo(g.unsubscribe.treatment), n);
      return { look: i + 1, units_per_arm: n, z: Math.round(z * 1000) / 1000, boundary: OBF_LAN_DEMETS_5[i]! };
    });
    const multi = MULTI_TEST.segments.flatMap((segment) => MULTI_TEST.channels.map((channel) => ({ segment, channel })));
    const mroas = plantedMarginalRoas();
    const ranked = Object.entries(mroas).sort((a, b) => a[1] - b[1]);
    const labels: Record<string, string> = {};
    for (const p of people) labels[p.emailKey] = p.segment;
    const t = {
      seed,
      size: sizeName,
      start_date: dayAt(0),
      end_date: dayAt(size.days - 1),
      files: ['profiles.csv', 'identity_links.csv', 'email_activity.csv', 'social_activity.csv', 'web_sessions.csv', 'orders.csv', 'touchpoints.csv', 'channel_spend.csv', 'costs.csv', 'experiments.csv', 'assignments.csv', 'experiment_results.csv'],
      email_normalization: 'email_hash = sha256(lower(trim(address))), as DuckDB computes it',
      identity: {
        people: size.people,
        near_miss_people: people.filter((p) => p.nearMissOf).length,
        keys: { email: people.length, crm: people.filter((p) => p.crmKey).length, social: people.filter((p) => p.socialKey).length, web: people.filter((p) => p.webKey).length },
        merge_by_email_hash: 'crm keys and social profiles that carry the address (in other case / with spaces) join their email key by hash only',
        chained: people.filter((p) => p.chained).map((p) => [p.emailKey, p.socialKey, p.webKey]),
        near_misses: people.filter((p) => p.nearMissOf).map((p) => ({ key: p.emailKey, twin: `email:E${String(p.nearMissOf).padStart(5, '0')}`, same_display_name: true, city_differs: true })),
        keys_per_person: Object.fromEntries(people.map((p) => [p.emailKey, [p.emailKey, p.crmKey, p.socialKey, p.webKey].filter(Boolean)])),
      },
      segments: {
        definition: Object.fromEntries(Object.entries(ES_SEGMENTS).map(([k, s]) => [k, { share: s.share, human_open_rate: s.open, click_given_open: s.click, social_actions_per_week: s.socialPerWeek, orders_per_day: s.ordersPerDay, aov: s.aov }])),
        counts: Object.fromEntries(Object.keys(ES_SEGMENTS).map((k) => [k, people.filter((p) => p.segment === k).length])),
        labels_by_email_key: labels,
      },
      email: { campaigns: campaigns.map((c) => ({ id: c.id, name: c.name, date: c.date, subject_test: c.test })), sends: email.sends, machine_opens: email.machineOpens, human_opens: email.humanOpens, clicks: email.clicks, unsubscribes: email.unsubscribes, machine_open_share_of_people: MACHINE_OPEN_SHARE, machine_open_rule: 'is_machine_open = true: an open within minutes of delivery from a privacy proxy, on every delivered email of that person' },
      web: { ts_raw_formats: web.formats, missing_utm_campaign_on_email_sessions: web.missingUtmCampaign, dark_social: { base_deep_url_sessions_per_day: DARK_SOCIAL.baseDeep, extra_on_send_day_and_next: DARK_SOCIAL.extraAfterSend }, referral_drop: { days: REFERRAL_DROP.days, multiplier: REFERRAL_DROP.multiplier, baseline_per_day: REFERRAL_DROP.baseline, sessions: Object.fromEntries(REFERRAL_DROP.days.filter((d) => web.referralByDay.has(d)).map((d) => [d, web.referralByDay.get(d)])) } },
      orders: { online: commerce.online, offline: commerce.offline, offline_with_email_hash: commerce.offlineWithEmail, offline_matched_to_a_subscriber: commerce.offlineMatched, offline_walk_ins_unmatched: commerce.offlineWithEmail - commerce.offlineMatched },
      touchpoints: { converting_journeys_with_email_before_social: commerce.emailBeforeSocial, bot_touches: commerce.botTouches, bot_keys: commerce.botKeys, bot_days: TOUCH_BOTS.days },
      spend: {
        start: SPEND_START,
        model: 'conversions/day ~ Poisson(beta * spend^shape / (half^shape + spend^shape) * promo * outage); spend = mean * U(0.3, 1.8)',
        curves: Object.fromEntries(Object.entries(CURVES).map(([k, c]) => [k, { channel: k.startsWith('paid_social') ? 'paid_social' : k, ...c, marginal_roas_at_mean_spend: Math.round(mroas[k]! * 1000) / 1000 }])),
        reallocation: { lose: ranked[0]![0], gain: ranked.at(-1)![0] },
        promos: PROMOS,
        exception: SEARCH_OUTAGE,
      },
      experiments: {
        guardrail: { test_id: g.test_id, metric: 'unsubscribes', rates: g.unsubscribe, looks, boundary: "O'Brien-Fleming-type Lan-DeMets, two-sided 0.05, 5 equal looks (a Pocock-type design stops at the same look)", stop_look: looks.find((l) => Math.abs(l.z) > l.boundary)?.look ?? null },
        multiple: { test_id: MULTI_TEST.test_id, comparisons: multi.length, true_effect: MULTI_TEST.trueEffect, false_alarm: MULTI_TEST.falseAlarm, bonferroni_critical_z: 2.734 },
        holdout: { test_id: 'T4', rates: HOLDOUT, lift_only_in: 'email_loyal' },
        personalization: { test_id: 'T5', incremental_engagements: Math.round(PERSONALIZATION.personalized * PERSONALIZATION.units) - Math.round(PERSONALIZATION.generic * PERSONALIZATION.units), cost: PERSONALIZATION.cost },
        nurture: { test_id: 'T6', incremental_conversions: Math.round(NURTURE.nurture * NURTURE.units) - Math.round(NURTURE.control * NURTURE.units) },
        srm: experiments.srm,
        people_in_both_T1_and_T3: experiments.crossTestPeople,
        people_in_both_arms_of_T3: experiments.bothArms,
        srm_p_below: 0.0005,
      },
    };
    return JSON.stringify(t, null, 1) + '\n';
  };

  return [
    { name: 'email_activity.csv', chunks: table(EMAIL_ACTIVITY_HEADER, () => emailActivityLines(substream(seed, 'es-email'), people, campaigns, email)) },
    { name: 'profiles.csv', chunks: table(PROFILES_HEADER, () => profileLines(substream(seed, 'es-profiles'), people, email.optOut)) },
    { name: 'identity_links.csv', chunks: table(LINKS_HEADER, () => linkLines(people)) },
    { name: 'social_activity.csv', chunks: table(SOCIAL_HEADER, () => socialLines(substream(seed, 'es-social'), people, size.days)) },
    { name: 'web_sessions.csv', chunks: table(SESSIONS_HEADER, () => sessionLines(substream(seed, 'es-web'), people, campaigns, email, size, web)) },
    { name: 'orders.csv', chunks: table(ORDERS_HEADER, () => commerceRows().orders) },
    { name: 'touchpoints.csv', chunks: table(TOUCHPOINTS_HEADER, () => commerceRows().touches) },
    { name: 'channel_spend.csv', chunks: table(SPEND_HEADER, () => spendLines(substream(seed, 'es-spend'), size)) },
    { name: 'costs.csv', chunks: table(COSTS_HEADER, () => costLines(size)) },
    { name: 'experiments.csv', chunks: table(EXPERIMENTS_HEADER, () => EXPERIMENTS.map((e) => csvLine([...e]))) },
    { name: 'assignments.csv', chunks: table(ASSIGNMENTS_HEADER, () => assignmentLines(substream(seed, 'es-assign'), people, experiments, size.people * 10)) },
    { name: 'experiment_results.csv', chunks: table(RESULTS_HEADER, () => resultLines(substream(seed, 'es-results'))) },
    { name: 'email_social_truth.json', chunks: () => [truth()] },
  ];
}
