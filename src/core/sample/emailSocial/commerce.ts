/**
 * Orders (online and offline, offline with a hashed e-mail when the buyer gave one), the touchpoint
 * journeys before them (and journeys that did not convert, and bot clicks), channel spend on planted
 * Hill curves, non-media costs, and the experiments with their registry, assignments and results.
 */
import { csvLine, dayAt, timestampOf } from '../calendar.ts';
import { hexId, normal, pick, poisson, weighted, type Rng } from '../random.ts';
import { sha256Hex } from '../../sha256.ts';
import { CURVES, ES_SEGMENTS, GUARDRAIL, HOLDOUT, HOLDOUT_UNITS, MULTI_TEST, NURTURE, PERSONALIZATION, PROMOS, SEARCH_OUTAGE, SPEND_START, TOUCH_BOTS, type EmailSocialSize, type EsSegment, type TouchChannel } from './plan.ts';
import type { Person } from './people.ts';

const DAY = 86_400_000;
const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);

export const ORDERS_HEADER = ['order_id', 'timestamp', 'source_system', 'customer_key', 'email_hash', 'value', 'channel'];
export const TOUCHPOINTS_HEADER = ['journey_id', 'user_key', 'timestamp', 'channel', 'campaign_id', 'touch_type', 'conversion_id', 'conversion_value', 'user_agent', 'ivt_flag'];
export const SPEND_HEADER = ['date', 'channel', 'audience', 'spend', 'conversions', 'revenue'];
export const COSTS_HEADER = ['channel', 'cost_type', 'campaign_id', 'period_start', 'period_end', 'amount'];
export const EXPERIMENTS_HEADER = ['test_id', 'name', 'channel', 'unit', 'audience', 'start_date', 'end_date', 'variants', 'planned_split', 'primary_metric', 'guardrails', 'alpha'];
export const ASSIGNMENTS_HEADER = ['test_id', 'unit_key', 'variant', 'assigned_ts', 'channel'];
export const RESULTS_HEADER = ['test_id', 'look', 'date', 'variant', 'segment', 'channel', 'units', 'conversions', 'engagements', 'unsubscribes', 'complaints', 'cost', 'revenue'];

export interface CommerceTruth {
  ordersByPerson: Map<number, { count: number; value: number; last: number }>;
  online: number;
  offline: number;
  offlineWithEmail: number;
  offlineMatched: number;
  emailBeforeSocial: number;
  botTouches: number;
  botKeys: string[];
}

const CHANNEL_CAMPAIGN: Record<TouchChannel, string> = { email: '', paid_social: 'ps-prospecting', organic_social: '', search: 'search-brand', direct: '' };

function keyFor(p: Person, channel: TouchChannel, rng: Rng): string {
  if (channel === 'email') return p.emailKey;
  if ((channel === 'paid_social' || channel === 'organic_social') && p.socialKey) return p.socialKey;
  return p.webKey ?? `web:anon-${hexId(rng, 10)}`;
}

/** Orders and touchpoints are produced together: each online order ends a journey. */
export function generateCommerce(rng: Rng, people: Person[], size: EmailSocialSize, emailCampaignIds: string[], truth: CommerceTruth): { orders: string[]; touches: string[] } {
  const orders: string[] = [];
  const touches: string[] = [];
  const end = ms(dayAt(size.days));
  let j = 0;
  let o = 0;
  const journey = (p: Person, endAt: number, conversionId: string, value: number) => {
    const id = `J${String(++j).padStart(7, '0')}`;
    const n = Math.min(6, 1 + poisson(rng, 1.3));
    const times = Array.from({ length: n }, () => endAt - Math.floor(rng() * 14 * DAY) - 60_000).sort((a, b) => a - b);
    const channels = times.map(() => weighted(rng, ES_SEGMENTS[p.segment].channels as Record<TouchChannel, number>));
    const firstEmail = channels.indexOf('email');
    if (conversionId && firstEmail >= 0 && channels.slice(firstEmail + 1).some((c) => c === 'paid_social' || c === 'organic_social')) truth.emailBeforeSocial++;
    channels.forEach((c, i) => {
      const campaign = c === 'email' ? pick(rng, emailCampaignIds) : CHANNEL_CAMPAIGN[c];
      touches.push(csvLine([id, keyFor(p, c, rng), timestampOf(times[i]!), c, campaign, c === 'email' || c === 'paid_social' ? 'click' : 'visit', conversionId, conversionId ? value.toFixed(2) : '0', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) Safari/604.1', false]));
    });
  };
  for (const p of people) {
    const s = ES_SEGMENTS[p.segment];
    let t = ms(dayAt(Math.floor(rng() * s.firstOrderBy))) + Math.floor(rng() * DAY);
    const record = { count: 0, value: 0, last: 0 };
    while (t < end) {
      const value = Math.round(s.aov * Math.exp(0.35 * normal(rng) - 0.06) * 100) / 100;
      const id = `O${String(++o).padStart(7, '0')}`;
      record.count++;
      record.value += value;
      record.last = t;
      if (rng() < s.offlineShare) {
        truth.offline++;
        const withEmail = rng() < 0.8;
        if (withEmail) truth.offlineWithEmail++, truth.offlineMatched++;
        orders.push(csvLine([id, timestampOf(t), 'pos', '', withEmail ? p.emailHash : '', value.toFixed(2), 'store']));
        journey(p, t, '', 0);
      } else {
        truth.online++;
        orders.push(csvLine([id, timestampOf(t), 'web', p.webKey ?? p.emailKey, p.emailHash, value.toFixed(2), 'online']));
        journey(p, t, id, value);
      }
      if (s.ordersPerDay === 0) break;
      t += Math.floor((-Math.log(1 - rng()) / s.ordersPerDay) * DAY);
    }
    truth.ordersByPerson.set(p.n, record);
    for (let k = poisson(rng, (size.days / 30) * (p.segment === 'dormant' ? 0.3 : 1)); k > 0; k--) journey(p, ms(dayAt(14)) + Math.floor(rng() * (size.days - 14) * DAY), '', 0);
  }
  // Walk-in buyers who gave an e-mail the ESP has never seen: offline orders that cannot match.
  for (let k = Math.round(truth.offline * 0.08); k > 0; k--) {
    truth.offline++;
    truth.offlineWithEmail++;
    orders.push(csvLine([`O${String(++o).padStart(7, '0')}`, timestampOf(ms(dayAt(0)) + Math.floor(rng() * size.days * DAY)), 'pos', '', sha256Hex(`walkin${k}@example.com`), (40 + rng() * 80).toFixed(2), 'store']));
  }
  for (let b = 0; b < TOUCH_BOTS.keys; b++) {
    const key = `web:bot-${hexId(rng, 6)}`;
    truth.botKeys.push(key);
    for (const d of TOUCH_BOTS.days) {
      for (let c = 0; c < TOUCH_BOTS.clicksPerDay; c++) {
        truth.botTouches++;
        touches.push(csvLine([`J${String(++j).padStart(7, '0')}`, key, timestampOf(ms(d) + c * 90_000 + b * 7000), 'paid_social', 'ps-prospecting', 'click', '', '0', 'python-requests/2.31.0', true]));
      }
    }
  }
  return { orders, touches };
}

const hill = (spend: number, c: (typeof CURVES)[string]) => (c.beta * spend ** c.shape) / (c.half ** c.shape + spend ** c.shape);

/** The planted marginal ROAS (value per extra currency unit) of each curve at its mean spend. */
export function plantedMarginalRoas(): Record<string, number> {
  return Object.fromEntries(Object.entries(CURVES).map(([k, c]) => {
    const f = hill(c.meanSpend, c) / c.beta;
    return [k, (c.valuePerConversion * c.beta * c.shape * f * (1 - f)) / c.meanSpend];
  }));
}

export function* spendLines(rng: Rng, size: EmailSocialSize): Generator<string> {
  const last = dayAt(size.days - 1);
  for (let t = ms(SPEND_START); t <= ms(last); t += DAY) {
    const date = new Date(t).toISOString().slice(0, 10);
    const promo = PROMOS.find((p) => p.start <= date && date <= p.end)?.multiplier ?? 1;
    for (const [key, c] of Object.entries(CURVES)) {
      const channel = key.startsWith('paid_social') ? 'paid_social' : key;
      const spend = Math.round(c.meanSpend * (0.3 + 1.5 * rng()) * 100) / 100;
      const outage = channel === SEARCH_OUTAGE.channel && SEARCH_OUTAGE.start <= date && date <= SEARCH_OUTAGE.end ? SEARCH_OUTAGE.multiplier : 1;
      const conversions = poisson(rng, hill(spend, c) * promo * outage);
      const revenue = conversions * c.valuePerConversion * (0.9 + 0.2 * rng());
      yield csvLine([date, channel, c.audience, spend.toFixed(2), conversions, revenue.toFixed(2)]);
    }
  }
}

export function* costLines(size: EmailSocialSize): Generator<string> {
  const last = dayAt(size.days - 1);
  for (let y = 2024, m = 0; `${y}-${String(m + 1).padStart(2, '0')}-01` <= last; m === 11 ? ((y += 1), (m = 0)) : m++) {
    const start = `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const endDate = new Date(Date.UTC(y, m + 1, 0)).toISOString().slice(0, 10);
    yield csvLine(['email', 'esp_fee', '', start, endDate, 1200]);
    yield csvLine(['search', 'agency_fee', '', start, endDate, 800]);
    if (m % 3 === 0) yield csvLine(['paid_social', 'creative_production', '', start, new Date(Date.UTC(y, m + 3, 0)).toISOString().slice(0, 10), 5000]);
  }
  yield csvLine(['email', 'personalization', 'T5', '2025-03-03', '2025-03-16', PERSONALIZATION.cost]);
}

export const EXPERIMENTS = [
  ['T1', 'Subject line: question vs statement', 'email', 'email_key', 'all subscribers', '2025-01-20', '2025-02-02', 'A|B', '0.5|0.5', 'conversion', 'unsubscribe', 0.05],
  ['T3', 'Social creative: lifestyle vs product', 'paid_social', 'social_key', 'all followers', '2025-01-27', '2025-02-09', 'A|B', '0.5|0.5', 'conversion', 'hide', 0.05],
  ['T2', 'Send frequency: 2 vs 3 a week', 'email', 'email_key', 'all subscribers', GUARDRAIL.start, dayAt(Math.round((ms(GUARDRAIL.start) - ms(dayAt(0))) / DAY) + 7 * GUARDRAIL.looks - 1), 'control|treatment', '0.5|0.5', 'conversion', 'unsubscribe|complaint', 0.05],
  ['T4', 'Segment campaign holdout', 'email', 'person', 'behavioural segments', '2025-02-03', '2025-03-02', 'exposed|holdout', '0.8|0.2', 'conversion', '', 0.05],
  ['T5', 'Dynamic content personalization', 'email', 'email_key', 'engaged subscribers', '2025-03-03', '2025-03-16', 'generic|personalized', '0.5|0.5', 'engagement', 'unsubscribe', 0.05],
  ['T6', 'Email nurture after a social ad click', 'email', 'person', 'social ad clickers', '2025-03-03', '2025-03-30', 'control|nurture', '0.5|0.5', 'conversion', 'unsubscribe', 0.05],
] as const;

export interface ExperimentTruth {
  srm: { test_id: string; planned: number; assigned: Record<string, number> };
  crossTestPeople: number;
  /** People logged in both arms of T3 (their web id logged by the retargeting pixel in the other arm). */
  bothArms: string[];
}

/**
 * Assignments: T1 by e-mail key (hash bucket, as the campaign's variant); T3 by social key over our
 * people and the platform's other followers, with a planted sample-ratio mismatch (12 % of B's
 * units never logged) and 15 people whose web id was logged in the other arm too.
 */
export function* assignmentLines(rng: Rng, people: Person[], truth: ExperimentTruth, followers: number): Generator<string> {
  for (const p of people) yield csvLine(['T1', p.emailKey, parseInt(p.emailHash.slice(0, 8), 16) % 2 === 0 ? 'A' : 'B', '2025-01-20 10:00:00', 'email']);
  const assigned: Record<string, number> = { A: 0, B: 0 };
  const units = [...people.filter((p) => p.socialKey).map((p) => ({ key: p.socialKey!, p })), ...Array.from({ length: followers }, (_, i) => ({ key: `social:@f${String(i + 1).padStart(6, '0')}`, p: undefined }))];
  for (const { key, p } of units) {
    const v = rng() < 0.5 ? 'A' : 'B';
    if (v === 'B' && rng() < 0.12) continue;
    assigned[v]!++;
    if (p) truth.crossTestPeople++;
    yield csvLine(['T3', key, v, '2025-01-27 00:00:00', 'paid_social']);
    if (p?.webKey && truth.bothArms.length < 15 && rng() < 0.2) {
      truth.bothArms.push(p.emailKey);
      yield csvLine(['T3', p.webKey, v === 'A' ? 'B' : 'A', '2025-01-28 00:00:00', 'paid_social']);
    }
  }
  truth.srm = { test_id: 'T3', planned: 0.5, assigned };
}

/** Counts giving a pooled two-proportion z of `z` against `control` successes of `n` each. */
function countForZ(control: number, n: number, z: number): number {
  const p = control / n;
  return Math.round((p + z * Math.sqrt((2 * p * (1 - p)) / n)) * n);
}

export function resultLines(rng: Rng): string[] {
  const out: string[] = [];
  const row = (v: (string | number)[]) => out.push(csvLine(v));
  const m = MULTI_TEST;
  const control = Math.round(m.controlRate * m.unitsPerArm);
  for (const segment of m.segments) {
    for (const channel of m.channels) {
      const z = segment === m.trueEffect.segment && channel === m.trueEffect.channel ? m.trueEffect.z : segment === m.falseAlarm.segment && channel === m.falseAlarm.channel ? m.falseAlarm.z : 1.6 * rng() - 0.8;
      row(['T1', '', '', 'A', segment, channel, m.unitsPerArm, control, '', '', '', '', '']);
      row(['T1', '', '', 'B', segment, channel, m.unitsPerArm, countForZ(control, m.unitsPerArm, z), '', '', '', '', '']);
    }
  }
  const g = GUARDRAIL;
  const start = ms(g.start);
  for (let k = 1; k <= g.looks; k++) {
    const date = new Date(start + (7 * k - 1) * DAY).toISOString().slice(0, 10);
    for (const v of ['control', 'treatment'] as const) {
      const inc = (rate: number) => Math.round(rate * g.unitsPerArmPerLook * k) - Math.round(rate * g.unitsPerArmPerLook * (k - 1));
      row(['T2', k, date, v, '', 'email', g.unitsPerArmPerLook, inc(g.conversion[v]), '', Math.round(g.unsubscribe[v][k - 1]! * g.unitsPerArmPerLook), inc(g.complaint[v]), '', '']);
    }
  }
  for (const [segment, r] of Object.entries(HOLDOUT) as [EsSegment, { exposed: number; holdout: number }][]) {
    row(['T4', '', '', 'exposed', segment, 'email', HOLDOUT_UNITS.exposed, Math.round(r.exposed * HOLDOUT_UNITS.exposed), '', '', '', '', '']);
    row(['T4', '', '', 'holdout', segment, 'email', HOLDOUT_UNITS.holdout, Math.round(r.holdout * HOLDOUT_UNITS.holdout), '', '', '', '', '']);
  }
  const pz = PERSONALIZATION;
  row(['T5', '', '', 'generic', '', 'email', pz.units, '', Math.round(pz.generic * pz.units), '', '', 0, '']);
  row(['T5', '', '', 'personalized', '', 'email', pz.units, '', Math.round(pz.personalized * pz.units), '', '', pz.cost, '']);
  row(['T6', '', '', 'control', '', 'email', NURTURE.units, Math.round(NURTURE.control * NURTURE.units), '', '', '', 0, '']);
  row(['T6', '', '', 'nurture', '', 'email', NURTURE.units, Math.round(NURTURE.nurture * NURTURE.units), '', '', '', '', '']);
  return out;
}

/** Pooled two-proportion z of b over a. */
export function pooledZ(a: number, na: number, b: number, nb: number): number {
  const p = (a + b) / (na + nb);
  return (b / nb - a / na) / Math.sqrt(p * (1 - p) * (1 / na + 1 / nb));
}
