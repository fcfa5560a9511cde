/**
 * Business outcomes behind the strategy module (ops-01): customers acquired by channel with their
 * orders and the monthly spend per channel (CAC, cohort LTV), a year of brand and competitor mentions
 * with text (net sentiment by quarter, an issue term that emerges in one quarter), and posts of the
 * brand and its competitors by format and pillar (content gaps).
 */
import { csvLine, dayAt } from '../calendar.ts';
import { normal, pick, poisson, weighted, type Rng } from '../random.ts';
import { BRANDS } from './plan.ts';

export const CUSTOMERS_HEADER = ['customer_key', 'email', 'acquired_date', 'acquisition_channel'];
export const ORDERS_HEADER = ['order_id', 'customer_key', 'order_date', 'value'];
export const CHANNEL_SPEND_HEADER = ['month', 'channel', 'spend'];
export const BRAND_MENTIONS_HEADER = ['mention_id', 'ts', 'brand', 'platform', 'author_key', 'text'];
export const COMPETITOR_POSTS_HEADER = ['post_id', 'date', 'account_id', 'format', 'pillar', 'impressions', 'engagements'];

/** Per channel: planted cost per acquired customer, customers per month (small), order value, monthly repeat chance. */
export const ACQUISITION = {
  year: 2025,
  acquisitionMonths: 6,
  /** Orders run to the end of the year, so every cohort has at least six months (periods 0–5). */
  ltvPeriods: 5,
  channels: {
    paid_social: { cac: 42, perMonth: 70, aov: 48, repeat: 0.12 },
    organic_social: { cac: 18, perMonth: 40, aov: 52, repeat: 0.22 },
    influencer: { cac: 60, perMonth: 30, aov: 55, repeat: 0.3 },
    search: { cac: 35, perMonth: 60, aov: 45, repeat: 0.15 },
  } as Record<string, { cac: number; perMonth: number; aov: number; repeat: number }>,
};

/**
 * Mentions of the own brand per quarter: volume relative to Q1 and the planted label shares. In Q3 a
 * battery problem makes most of the negative mentions (share of all the brand's mentions in `battery`).
 */
export const LISTENING = {
  quarters: ['Q1', 'Q2', 'Q3', 'Q4'],
  mentionsPerQuarterPerDailyMention: 1.5,
  own: [
    { volume: 1, positive: 0.55, negative: 0.15, battery: 0 },
    { volume: 1.15, positive: 0.55, negative: 0.15, battery: 0 },
    { volume: 1.6, positive: 0.3, negative: 0.45, battery: 0.35 },
    { volume: 1.3, positive: 0.45, negative: 0.25, battery: 0.12 },
  ],
  competitor: { positive: 0.5, negative: 0.2 },
  emergingTerm: 'battery',
  emergingQuarter: 'Q3',
};

/** Every text is written to score clearly with VADER (tests/core/sample/opsInsights.test.ts checks each). */
export const MENTION_TEXTS = {
  positive: [
    'Love my new {brand} {product}, works great',
    '{brand} support was really helpful today, thank you',
    'Really happy with the {brand} {product} so far',
    'The {brand} {product} sound quality is excellent',
    'Great design on the {brand} {product}, highly recommend',
  ],
  negative: ['{brand} delivery took three weeks, awful service', 'Terrible customer support from {brand}, nobody answers', 'The {brand} {product} app keeps crashing, so annoying'],
  battery: [
    'The {brand} {product} battery died after two days, terrible',
    '{brand} {product} battery drains overnight, really disappointed',
    'Battery on my {brand} {product} is awful, barely lasts an hour',
    'Worst battery life ever on the {brand} {product}',
  ],
  neutral: ['Anyone tried the {brand} {product} yet?', '{brand} announced {product} pricing for next month', 'Looking at the {brand} {product} in store tomorrow', 'Which {brand} {product} should I get for running?'],
  products: ['earbuds', 'speaker', 'watch'],
};

/** Posts by format and pillar: the brand posts few videos and little user-generated content, the formats that engage most. */
export const CONTENT = {
  formatRates: { video: 0.05, carousel: 0.04, image: 0.03, link: 0.012 } as Record<string, number>,
  pillarFactor: { brand_story: 1, product_education: 0.9, user_generated: 1.3, reactive: 1.1 } as Record<string, number>,
  ownFormats: { video: 0.1, image: 0.35, carousel: 0.15, link: 0.4 } as Record<string, number>,
  competitorFormats: { video: 0.4, image: 0.25, carousel: 0.2, link: 0.15 } as Record<string, number>,
  ownPillars: { brand_story: 0.3, product_education: 0.5, user_generated: 0.05, reactive: 0.15 } as Record<string, number>,
  competitorPillars: { brand_story: 0.25, product_education: 0.3, user_generated: 0.25, reactive: 0.2 } as Record<string, number>,
  impressionsPerFollower: 0.08,
  formatGap: 'video',
  pillarGap: 'user_generated',
};

const FIRST = ['anna', 'ben', 'chloe', 'dev', 'emma', 'felix', 'grace', 'hugo', 'ines', 'jon', 'kira', 'leo', 'maya', 'nils', 'olga', 'paul'];
const LAST = ['smith', 'meyer', 'dubois', 'rossi', 'novak', 'garcia', 'khan', 'berg', 'silva', 'lind'];
const PLATFORMS = { x: 0.35, instagram: 0.3, tiktok: 0.2, reddit: 0.15 };

const iso = (y: number, m0: number, d: number) => new Date(Date.UTC(y, m0, d)).toISOString().slice(0, 10);
const daysIn = (y: number, m0: number) => new Date(Date.UTC(y, m0 + 1, 0)).getUTCDate();
const money = (x: number) => Math.round(x * 100) / 100;

export interface Customer {
  key: string;
  email: string;
  channel: string;
}

export function generateAcquisition(rng: Rng, scale: number) {
  const customers: Customer[] = [];
  const customerLines: string[] = [];
  const orderLines: string[] = [];
  const spendLines: string[] = [];
  const counts: Record<string, { customers: number; spend: number }> = {};
  const { year } = ACQUISITION;
  let orderNo = 0;
  for (let m = 0; m < ACQUISITION.acquisitionMonths; m++) {
    for (const [channel, c] of Object.entries(ACQUISITION.channels)) {
      const expected = c.perMonth * scale;
      // Spend buys the expected customers at the planted CAC; the realized count is Poisson around it.
      const spend = money(c.cac * expected * (1 + 0.03 * normal(rng)));
      const n = poisson(rng, expected);
      counts[channel] ??= { customers: 0, spend: 0 };
      counts[channel].customers += n;
      counts[channel].spend = money(counts[channel].spend + spend);
      spendLines.push(csvLine([iso(year, m, 1), channel, spend]));
      for (let i = 0; i < n; i++) {
        const key = `C${String(customers.length + 1).padStart(6, '0')}`;
        const email = `${pick(rng, FIRST)}.${pick(rng, LAST)}${customers.length + 1}@example.com`;
        customers.push({ key, email, channel });
        const acquired = iso(year, m, 1 + Math.floor(rng() * daysIn(year, m)));
        customerLines.push(csvLine([key, email, acquired, channel]));
        const order = (date: string) => orderLines.push(csvLine([`O${String(++orderNo).padStart(7, '0')}`, key, date, money(c.aov * Math.exp(0.3 * normal(rng) - 0.045))]));
        order(acquired);
        // One more order in each later month with the channel's repeat chance.
        for (let later = m + 1; later < 12; later++) if (rng() < c.repeat) order(iso(year, later, 1 + Math.floor(rng() * daysIn(year, later))));
      }
    }
  }
  const truth = Object.fromEntries(
    Object.entries(ACQUISITION.channels).map(([channel, c]) => [
      channel,
      { customers: counts[channel]!.customers, spend: counts[channel]!.spend, cac: Math.round((counts[channel]!.spend / counts[channel]!.customers) * 1e6) / 1e6, planted_cac: c.cac, aov: c.aov, monthly_repeat: c.repeat, expected_ltv_period_5: money(c.aov * (1 + ACQUISITION.ltvPeriods * c.repeat)) },
    ]),
  );
  return { customers, customerLines, orderLines, spendLines, truth };
}

export function generateMentions(rng: Rng, scale: number) {
  const lines: string[] = [];
  const quarters: { brand: string; quarter: string; mentions: number; positive: number; negative: number; neutral: number; battery: number }[] = [];
  let id = 0;
  for (let q = 0; q < 4; q++) {
    for (const b of BRANDS) {
      const own = b.role === 'brand';
      const plan = own ? LISTENING.own[q]! : { volume: 1, ...LISTENING.competitor, battery: 0 };
      const n = poisson(rng, b.mentions * LISTENING.mentionsPerQuarterPerDailyMention * plan.volume * scale);
      const tally = { brand: b.account, quarter: `${ACQUISITION.year}-${LISTENING.quarters[q]}`, mentions: n, positive: 0, negative: 0, neutral: 0, battery: 0 };
      for (let i = 0; i < n; i++) {
        const kind = weighted(rng, { positive: plan.positive, battery: plan.battery, negative: plan.negative - plan.battery, neutral: 1 - plan.positive - plan.negative });
        tally[kind === 'battery' ? 'negative' : kind]++;
        if (kind === 'battery') tally.battery++;
        const text = pick(rng, MENTION_TEXTS[kind]).replace('{brand}', b.account.charAt(0).toUpperCase() + b.account.slice(1)).replace('{product}', pick(rng, MENTION_TEXTS.products));
        const month = 3 * q + Math.floor(rng() * 3);
        const ts = `${iso(ACQUISITION.year, month, 1 + Math.floor(rng() * daysIn(ACQUISITION.year, month)))} ${String(Math.floor(rng() * 24)).padStart(2, '0')}:${String(Math.floor(rng() * 60)).padStart(2, '0')}:00`;
        lines.push(csvLine([`M${String(++id).padStart(6, '0')}`, ts, b.account, weighted(rng, PLATFORMS), `a${String(Math.floor(rng() * 20000)).padStart(5, '0')}`, text]));
      }
      quarters.push(tally);
    }
  }
  return { lines, quarters };
}

export function generatePosts(rng: Rng, days: number) {
  const lines: string[] = [];
  let id = 0;
  for (let d = 0; d < days; d++) {
    for (const b of BRANDS) {
      const own = b.role === 'brand';
      for (let p = poisson(rng, b.postsPerDay); p > 0; p--) {
        const format = weighted(rng, own ? CONTENT.ownFormats : CONTENT.competitorFormats);
        const pillar = weighted(rng, own ? CONTENT.ownPillars : CONTENT.competitorPillars);
        const impressions = Math.round(b.followers * CONTENT.impressionsPerFollower * Math.exp(0.25 * normal(rng)));
        const rate = CONTENT.formatRates[format]! * CONTENT.pillarFactor[pillar]!;
        lines.push(csvLine([`P${String(++id).padStart(6, '0')}`, dayAt(d), b.account, format, pillar, impressions, poisson(rng, impressions * rate)]));
      }
    }
  }
  return lines;
}
