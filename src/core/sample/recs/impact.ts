/**
 * Impact data for the attribution and ROI module (recs module 8), each file from its own substream:
 *
 * - recs_holdout.csv: a randomized holdout of the recommendation feed (20 % of users see a
 *   non-personalized feed) and, inside the recommendations arm, who engaged with recommended content
 *   (`exposed`). Exposure is self-selected by activity, which also drives conversion, so comparing
 *   exposed with unexposed users overstates the effect; matching on the pre-period covariates recovers
 *   the planted one: exposure multiplies a user's conversion probability by 1 + EXPOSURE_EFFECT.
 * - recs_brand_daily.csv and recs_calendar.csv: the brand's daily engagements with a weekday pattern,
 *   a slow trend, a PR spike and a competitor launch that overlaps a campaign; the campaign multiplies
 *   engagements by 1 + CAMPAIGN_LIFT on its days, which a before/after comparison misreads.
 */
import { csvLine, dayAt } from '../calendar.ts';
import { normal, poisson, type Rng } from '../random.ts';
import { MARKETS, type RecsSize } from './plan.ts';

export const HOLDOUT_HEADER = ['user_id', 'market', 'arm', 'sessions_before', 'purchases_before', 'tenure_days', 'rec_clicks', 'exposed', 'converted', 'revenue'];
export const BRAND_DAILY_HEADER = ['date', 'impressions', 'engagements'];
export const CALENDAR_HEADER = ['start_date', 'end_date', 'name', 'type'];

export const HOLDOUT_USERS = { small: 20_000, large: 100_000 } as const;
export const HOLDOUT_SHARE = 0.2;
/** Relative lift of conversion for a user who engaged with recommended content. */
export const EXPOSURE_EFFECT = 0.6;
/** Relative lift of daily engagements on the campaign's days. */
export const CAMPAIGN_LIFT = 0.15;
export const WEEKDAY_MULTIPLIERS = [1.05, 1.08, 1.1, 1.04, 0.95, 0.88, 0.9] as const; // Monday … Sunday
/** Calendar events by day offset (inclusive) and their multiplier on engagements. */
export const EVENTS = [
  { name: 'Press feature in a national daily', type: 'pr', start: 27, end: 28, multiplier: 1.6 },
  { name: 'Spring serum campaign', type: 'campaign', start: 42, end: 55, multiplier: 1 + CAMPAIGN_LIFT },
  { name: 'Competitor product launch', type: 'competitor', start: 49, end: 69, multiplier: 0.85 },
] as const;

export interface HoldoutTruth {
  users: number;
  arms: { recommendations: { users: number; conversions: number }; holdout: { users: number; conversions: number } };
  /** Σ p over the recommendations arm / Σ p without exposure − 1: the lift the arm shows in expectation. */
  expectedArmLift: number;
  exposed: number;
  /** Mean over exposed users of p_base · EXPOSURE_EFFECT: the effect on the treated in expectation. */
  expectedAtt: number;
  naiveDifference: number;
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const round = (x: number, d = 6) => Math.round(x * 10 ** d) / 10 ** d;

/** One row per user; `truth` is filled as the rows are drawn. */
export function holdoutLines(rng: Rng, sizeName: 'small' | 'large', truth: HoldoutTruth): string[] {
  const n = HOLDOUT_USERS[sizeName];
  const markets = Object.entries(MARKETS) as [string, number][];
  const lines: string[] = [];
  let sumP = 0;
  let sumBase = 0;
  let attSum = 0;
  const conv = { exposed: 0, exposedN: 0, unexposed: 0, unexposedN: 0 };
  truth.users = n;
  truth.arms = { recommendations: { users: 0, conversions: 0 }, holdout: { users: 0, conversions: 0 } };
  for (let i = 1; i <= n; i++) {
    let u = rng();
    const market = markets.find(([, share]) => (u -= share) < 0)?.[0] ?? 'en';
    const activity = normal(rng);
    const sessions = poisson(rng, Math.exp(1.7 + 0.6 * activity));
    const purchases = poisson(rng, 0.25 * Math.exp(0.5 * activity));
    const tenure = 30 + Math.floor(rng() * 870);
    const s = Math.log(1 + sessions);
    // Conversion in the test period depends on observed pre-period behaviour only, so matching on it is enough.
    const pBase = logistic(-4.4 + 0.6 * s + 0.3 * Math.min(purchases, 3) + 0.0004 * tenure);
    const arm = rng() < HOLDOUT_SHARE ? 'holdout' : 'recommendations';
    // Active users engage with recommended content more: self-selection on the same covariates.
    const exposed = arm === 'recommendations' && rng() < logistic(-2.6 + 0.9 * s + 0.2 * Math.min(purchases, 3));
    const p = pBase * (exposed ? 1 + EXPOSURE_EFFECT : 1);
    const converted = rng() < p;
    const clicks = exposed ? 1 + poisson(rng, 1.2) : 0;
    const revenue = converted ? Math.round(Math.exp(3.6 + 0.4 * normal(rng)) * 100) / 100 : 0;
    truth.arms[arm].users++;
    if (converted) truth.arms[arm].conversions++;
    if (arm === 'recommendations') {
      sumP += p;
      sumBase += pBase;
      if (exposed) {
        attSum += pBase * EXPOSURE_EFFECT;
        conv.exposedN++;
        if (converted) conv.exposed++;
      } else {
        conv.unexposedN++;
        if (converted) conv.unexposed++;
      }
    }
    lines.push(csvLine([`h${String(i).padStart(6, '0')}`, market, arm, sessions, purchases, tenure, clicks, exposed, converted ? 1 : 0, revenue.toFixed(2)]));
  }
  truth.expectedArmLift = round(sumP / sumBase - 1);
  truth.exposed = conv.exposedN;
  truth.expectedAtt = round(attSum / conv.exposedN);
  truth.naiveDifference = round(conv.exposed / conv.exposedN - conv.unexposed / conv.unexposedN);
  return lines;
}

/** The brand's daily impressions and engagements over the sample's days. */
export function brandDailyLines(rng: Rng, size: RecsSize): string[] {
  const lines: string[] = [];
  for (let d = 0; d < size.days; d++) {
    const date = dayAt(d);
    const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
    let m = (1 + 0.002 * d) * WEEKDAY_MULTIPLIERS[weekday]!;
    for (const e of EVENTS) if (d >= e.start && d <= e.end) m *= e.multiplier;
    const impressions = Math.round(60_000 * (1 + 0.002 * d) * WEEKDAY_MULTIPLIERS[weekday]! * (1 + 0.03 * normal(rng)));
    const engagements = Math.round(2_400 * m * (1 + 0.03 * normal(rng)));
    lines.push(csvLine([date, impressions, engagements]));
  }
  return lines;
}

export function calendarLines(): string[] {
  return EVENTS.map((e) => csvLine([dayAt(e.start), dayAt(e.end), e.name, e.type]));
}

export function impactTruth(truth: HoldoutTruth) {
  return {
    holdout: {
      file: 'recs_holdout.csv',
      design: `users randomized ${1 - HOLDOUT_SHARE} : ${HOLDOUT_SHARE} to the recommendation feed or a non-personalized holdout feed; in the recommendations arm, exposed = engaged with recommended content (self-selected: more likely the more sessions and purchases before)`,
      users: truth.users,
      arms: truth.arms,
      exposure_effect: EXPOSURE_EFFECT,
      expected_arm_lift: truth.expectedArmLift,
      exposed_users: truth.exposed,
      expected_att: truth.expectedAtt,
      naive_difference: truth.naiveDifference,
      model: 'P(convert) = logistic(-4.4 + 0.6·ln(1 + sessions_before) + 0.3·min(purchases_before, 3) + 0.0004·tenure_days) × (1 + exposure_effect if exposed); P(exposed | recommendations arm) = logistic(-2.6 + 0.9·ln(1 + sessions_before) + 0.2·min(purchases_before, 3))',
      note: 'expected_arm_lift = Σ P(convert) / Σ P(convert without exposure) − 1 over the recommendations arm; expected_att = the mean over exposed users of P(convert without exposure) × exposure_effect; naive_difference = conversion rate of exposed − unexposed users of the recommendations arm, as drawn',
    },
    brand_daily: {
      files: ['recs_brand_daily.csv', 'recs_calendar.csv'],
      weekday_multipliers: Object.fromEntries(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d, i) => [d, WEEKDAY_MULTIPLIERS[i]])),
      trend_per_day: 0.002,
      events: EVENTS.map((e) => ({ name: e.name, type: e.type, start_date: dayAt(e.start), end_date: dayAt(e.end), multiplier: e.multiplier })),
      campaign_lift: CAMPAIGN_LIFT,
      model: 'engagements = 2400 × (1 + 0.002·day) × weekday multiplier × the multipliers of the events on that day × (1 + N(0, 0.03)); impressions follow the trend and weekday only',
    },
  };
}
