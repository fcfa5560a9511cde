/**
 * Reporting data for the operations curriculum's module 7 (analytics, attribution, reporting):
 * - ops_post_daily: the brand's posts by day of age, organic and paid reach and engagements. A post's
 *   organic reach halves every POST_REACH.postHalfLifeDays of its age, and the reach a new post gets
 *   (per follower) halves every POST_REACH.algorithmHalfLifeDays of calendar time: algorithmic reach decay.
 *   Boosted posts add paid reach on their first days; engagements = organic + paid engagements, each at
 *   its planted rate per person reached.
 * - ops_web_sessions_daily: the internal analytics' view of the paid campaigns (ops_ad_campaigns):
 *   sessions and conversions by day and UTM combination. A share of link clicks never becomes a
 *   session, and four campaigns carry planted tagging mistakes (SESSIONS.mistags).
 * - ops_kpi_targets: the executive dashboard's targets with the RAG rule per KPI.
 * Each file from its own substream, so every other sample file stays byte-identical.
 */
import { csvLine, dayAt } from '../calendar.ts';
import { binomial, normal, poisson, substream, type Rng } from '../random.ts';
import { campaignLines, type CampaignPlan } from './paid.ts';
import { BRANDS, type OpsSize } from './plan.ts';

export const POST_REACH = {
  postsPerDay: 3,
  trackedDays: 7,
  /** Organic reach of a new post at day 0 of the series, per follower. */
  initialReachRate: 0.06,
  postHalfLifeDays: 1.5,
  algorithmHalfLifeDays: 200,
  noiseSd: 0.1,
  boostedShare: 0.3,
  boostedDays: 3,
  paidReachPerDay: 5000,
  organicEngagementRate: 0.03,
  paidEngagementRate: 0.012,
};

export const SESSIONS = {
  /** Share of platform link clicks that land as a tracked session (page never loads, consent, blockers). */
  sessionRate: 0.85,
  /** Share of platform-reported conversions the site's analytics also records (view-through, cross-device). */
  conversionRate: 0.8,
  source: 'facebook',
  medium: 'paid_social',
  /** Campaign (by its index in planCampaigns) → mistake and the share of its sessions carrying it. */
  mistags: [
    { campaign: 1, kind: 'campaign_case', share: 0.4, note: 'utm_campaign keeps the name\'s capitals (Northwind_UK_…): a raw join on the lower-case name misses these sessions' },
    { campaign: 4, kind: 'source_case', share: 0.3, note: 'utm_source Facebook instead of facebook: splits the source roll-up, campaign join unaffected' },
    { campaign: 5, kind: 'missing_campaign', share: 0.25, note: 'utm_campaign empty on a paid visit: these sessions cannot be matched to any campaign' },
    { campaign: 7, kind: 'missing_medium', share: 0.2, note: 'utm_medium empty: the visit is not counted as paid social' },
  ],
};

/** RAG targets for the dashboard: green when on the right side of the target, amber within `amber_within` (relative) of it, else red. */
export const KPI_TARGETS = [
  { kpi: 'cpa', label: 'Cost per acquisition (EUR)', target: 30, better: 'lower', amber_within: 0.15 },
  { kpi: 'cpc', label: 'Cost per link click (EUR)', target: 0.8, better: 'lower', amber_within: 0.15 },
  { kpi: 'cpm', label: 'Cost per 1,000 impressions (EUR)', target: 6, better: 'lower', amber_within: 0.15 },
  { kpi: 'net_new_followers_per_day', label: 'Net new followers a day', target: 150, better: 'higher', amber_within: 0.15 },
  { kpi: 'share_of_voice', label: 'Share of voice (mentions)', target: 0.3, better: 'higher', amber_within: 0.1 },
  { kpi: 'engagements_per_post_vs_competitors', label: 'Engagements per post, brand ÷ competitors (their posts pooled)', target: 1, better: 'higher', amber_within: 0.1 },
];

export const POST_DAILY_HEADER = ['date', 'post_id', 'account_id', 'published_date', 'age_days', 'boosted', 'organic_reach', 'paid_reach', 'engagements'];
// `visits`, not `sessions`: a `sessions` column makes the importer read the file as a GA4 report and reshape it.
export const SESSIONS_HEADER = ['date', 'utm_source', 'utm_medium', 'utm_campaign', 'visits', 'conversions'];
export const KPI_TARGETS_HEADER = ['kpi', 'label', 'target', 'better', 'amber_within'];

/** The brand's planned follower count on day d (accounts.ts draws new followers around this growth). */
const plannedFollowers = (d: number) => BRANDS[0].followers + BRANDS[0].growth * d;

export function postDailyLines(rng: Rng, size: OpsSize): string[] {
  const p = POST_REACH;
  const lines: string[] = [];
  let n = 0;
  for (let day = 0; day < size.days; day++)
    for (let k = 0; k < p.postsPerDay; k++) {
      const id = `NW${String(++n).padStart(5, '0')}`;
      const boosted = rng() < p.boostedShare;
      const newPostRate = p.initialReachRate * 0.5 ** (day / p.algorithmHalfLifeDays);
      for (let age = 0; age < p.trackedDays && day + age < size.days; age++) {
        const organic = Math.round(plannedFollowers(day) * newPostRate * 0.5 ** (age / p.postHalfLifeDays) * Math.exp(p.noiseSd * normal(rng)));
        const paid = boosted && age < p.boostedDays ? poisson(rng, p.paidReachPerDay) : 0;
        const engagements = binomial(rng, organic, p.organicEngagementRate) + binomial(rng, paid, p.paidEngagementRate);
        lines.push(csvLine([dayAt(day + age), id, BRANDS[0].account, dayAt(day), age, boosted, organic, paid, engagements]));
      }
    }
  return lines;
}

/** Internal sessions per campaign and day from the same draws as ops_ad_campaigns (its substream replayed). */
export function sessionLines(rng: Rng, campaignRng: Rng, size: OpsSize, campaigns: CampaignPlan[]): string[] {
  const mistakeOf = new Map(SESSIONS.mistags.map((m) => [campaigns[m.campaign]!.name, m]));
  const lines: string[] = [];
  for (const line of campaignLines(campaignRng, size, campaigns)) {
    const [date, , , name, , , , , , clicks, conversions] = line.trimEnd().split(',');
    const sessions = binomial(rng, Number(clicks), SESSIONS.sessionRate);
    const converted = Math.min(sessions, binomial(rng, Number(conversions), SESSIONS.conversionRate));
    const clean = [SESSIONS.source, SESSIONS.medium, name!.toLowerCase()];
    const m = mistakeOf.get(name!);
    if (!m) {
      lines.push(csvLine([date, ...clean, sessions, converted]));
      continue;
    }
    const wrongSessions = binomial(rng, sessions, m.share);
    const wrongConversions = binomial(rng, converted, wrongSessions / Math.max(1, sessions));
    const wrong = m.kind === 'campaign_case' ? [clean[0], clean[1], name] : m.kind === 'source_case' ? ['Facebook', clean[1], clean[2]] : m.kind === 'missing_campaign' ? [clean[0], clean[1], ''] : [clean[0], '', clean[2]];
    lines.push(csvLine([date, ...clean, sessions - wrongSessions, converted - wrongConversions]));
    if (wrongSessions > 0) lines.push(csvLine([date, ...wrong, wrongSessions, wrongConversions]));
  }
  return lines;
}

const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits;

/** What a dashboard should read on average, from the plan (ops_account_daily's and ops_ad_campaigns's expected values). */
function expectedKpis() {
  const mentions = BRANDS.map((b) => b.mentions);
  const competitors = BRANDS.slice(1);
  return {
    share_of_voice: round(BRANDS[0].mentions / mentions.reduce((s, m) => s + m, 0)),
    net_new_followers_per_day: BRANDS[0].growth,
    // Against all the competitors' posts pooled (each competitor weighted by its posts a day), as the dashboard computes it.
    engagements_per_post_vs_competitors: round(BRANDS[0].engagementPerPost / (competitors.reduce((s, b) => s + b.postsPerDay * b.engagementPerPost, 0) / competitors.reduce((s, b) => s + b.postsPerDay, 0))),
  };
}

export function reportingTruth(campaigns: CampaignPlan[]) {
  const p = POST_REACH;
  return {
    reporting: {
      files: ['ops_post_daily.csv', 'ops_web_sessions_daily.csv', 'ops_kpi_targets.csv'],
      organic_reach: {
        account: BRANDS[0].account,
        model: 'organic reach = followers(published) × initial_reach_rate × ½^(published day / algorithm_half_life_days) × ½^(age / post_half_life_days) × lognormal(0, noise_sd); paid reach on a boosted post\'s first boosted_days only',
        initial_reach_rate: p.initialReachRate,
        post_half_life_days: p.postHalfLifeDays,
        algorithm_half_life_days: p.algorithmHalfLifeDays,
        organic_engagement_rate: p.organicEngagementRate,
        paid_engagement_rate: p.paidEngagementRate,
        boosted_share: p.boostedShare,
      },
      sessions: {
        source: SESSIONS.source,
        medium: SESSIONS.medium,
        campaign_rule: 'utm_campaign = lower(campaign_name)',
        session_rate: SESSIONS.sessionRate,
        conversion_rate: SESSIONS.conversionRate,
        mistags: SESSIONS.mistags.map((m) => ({ campaign: campaigns[m.campaign]!.name, kind: m.kind, share: m.share, note: m.note })),
      },
      kpi_expected: expectedKpis(),
    },
  };
}

export function reportingFiles(seed: number, size: OpsSize, campaigns: CampaignPlan[]) {
  const table = (header: string[], lines: () => Iterable<string>) =>
    function* () {
      yield header.join(',') + '\n';
      yield* lines();
    };
  return [
    { name: 'ops_post_daily.csv', chunks: table(POST_DAILY_HEADER, () => postDailyLines(substream(seed, 'ops-post-daily'), size)) },
    { name: 'ops_web_sessions_daily.csv', chunks: table(SESSIONS_HEADER, () => sessionLines(substream(seed, 'ops-web-sessions'), substream(seed, 'ops-campaigns'), size, campaigns)) },
    { name: 'ops_kpi_targets.csv', chunks: table(KPI_TARGETS_HEADER, () => KPI_TARGETS.map((k) => csvLine([k.kpi, k.label, k.target, k.better, k.amber_within]))) },
  ];
}
