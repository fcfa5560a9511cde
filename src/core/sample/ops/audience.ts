/**
 * Audience intelligence behind ops-03: social accounts (Instagram, LinkedIn) with their actions and
 * an engagement tier planted in them (lurkers, commenters, advocates), e-mails that link some of them
 * to the CRM customers of business.ts, a content test by tier and platform whose variant lifts on
 * Meta only, and hourly mentions during a launch whose sentiment turns at a known hour.
 */
import { csvLine } from '../calendar.ts';
import { binomial, pick, poisson, weighted, type Rng } from '../random.ts';
import type { Customer } from './business.ts';
import { MENTION_TEXTS } from './business.ts';

export const SOCIAL_PROFILES_HEADER = ['user_key', 'platform', 'handle', 'email'];
export const SOCIAL_ACTIONS_HEADER = ['ts', 'platform', 'actor_key', 'action'];
export const CONTENT_TEST_HEADER = ['test_id', 'date', 'variant', 'segment', 'platform', 'units', 'engagements'];
export const LAUNCH_MENTIONS_HEADER = ['mention_id', 'ts', 'platform', 'text'];

/**
 * Tiers by the rule the notebook applies: advocate = at least 2 shares or brand mentions; commenter =
 * at least 1 comment (and fewer than 2 shares or mentions); lurker = only views and likes.
 */
export const TIERS = { lurker: 0.55, commenter: 0.3, advocate: 0.15 } as Record<string, number>;
export const AUDIENCE = {
  start: '2025-01-06',
  days: 90,
  /** Share of people who are also CRM customers (their e-mail is the customer's, in another spelling). */
  customerShare: 0.4,
  emailShare: 0.85,
  linkedinShare: 0.4,
};

/** A/B content test: engagement rate by tier × platform factor; the variant lifts on Meta only. */
export const CONTENT_TEST = {
  testId: 'CT1',
  days: 14,
  start: '2025-02-03',
  tierRates: { lurker: 0.02, commenter: 0.05, advocate: 0.09 } as Record<string, number>,
  platformFactor: { meta: 1, linkedin: 0.8 } as Record<string, number>,
  lift: { meta: 0.25, linkedin: 0 } as Record<string, number>,
  unitsPerCellPerDay: 1500,
};

/** Launch: hourly mentions; at `shiftHour` the mix turns (pairing complaints) and net sentiment falls. */
export const LAUNCH = {
  start: '2025-03-17T00:00:00Z',
  hours: 120,
  shiftHour: 60,
  mentionsPerHour: 30,
  before: { positive: 0.6, negative: 0.15 },
  after: { positive: 0.35, negative: 0.4 },
  pairingTexts: ["The new {brand} {product} won't pair with my phone, useless", 'Returned the {brand} {product}, pairing fails every time, so frustrating', 'Pairing bug on the {brand} {product} is ruining my day'],
};

const ACTION_RANGES: Record<string, Record<string, [number, number]>> = {
  lurker: { view: [3, 30], like: [0, 6], comment: [0, 0], share: [0, 0], mention: [0, 0] },
  commenter: { view: [5, 30], like: [1, 8], comment: [1, 6], share: [0, 1], mention: [0, 0] },
  advocate: { view: [5, 30], like: [2, 10], comment: [0, 5], share: [2, 8], mention: [0, 4] },
};
const HANDLE_WORDS = ['sunny', 'pixel', 'maple', 'river', 'atlas', 'nova', 'echo', 'cedar', 'orbit', 'delta', 'lumen', 'harbor'];

const int = (rng: Rng, [lo, hi]: [number, number]) => lo + Math.floor(rng() * (hi - lo + 1));
/** The same address as the CRM's, as people type it elsewhere: capitalised, padded. */
const respell = (rng: Rng, email: string) => (rng() < 0.5 ? email : rng() < 0.5 ? ` ${email.charAt(0).toUpperCase()}${email.slice(1)}` : email.toUpperCase());

export function generateAudience(rng: Rng, people: number, customers: Customer[]) {
  const profiles: string[] = [];
  const actions: { ts: string; line: string }[] = [];
  const tierCounts: Record<string, number> = { lurker: 0, commenter: 0, advocate: 0 };
  const accountTiers: Record<string, string> = {};
  let matchedAccounts = 0;
  let accounts = 0;
  const used = new Set<number>();
  const startMs = Date.parse(`${AUDIENCE.start}T00:00:00Z`);
  for (let p = 0; p < people; p++) {
    const tier = weighted(rng, TIERS);
    let email: string | undefined;
    let isCustomer = false;
    if (rng() < AUDIENCE.customerShare && used.size < customers.length) {
      let c: number;
      do c = Math.floor(rng() * customers.length);
      while (used.has(c));
      used.add(c);
      email = customers[c]!.email;
      isCustomer = true;
    } else email = `${pick(rng, HANDLE_WORDS)}.${p + 1}@mail.example.org`;
    const handle = `${pick(rng, HANDLE_WORDS)}_${pick(rng, HANDLE_WORDS)}${p + 1}`;
    const platforms = rng() < AUDIENCE.linkedinShare ? ['instagram', 'linkedin'] : ['instagram'];
    for (const platform of platforms) {
      const key = `${platform === 'instagram' ? 'ig' : 'li'}_${handle}`;
      const withEmail = rng() < AUDIENCE.emailShare;
      profiles.push(csvLine([key, platform, handle, withEmail ? respell(rng, email) : '']));
      accounts++;
      if (withEmail && isCustomer) matchedAccounts++;
      tierCounts[tier]!++;
      accountTiers[key] = tier;
      for (const [action, range] of Object.entries(ACTION_RANGES[tier]!)) {
        for (let k = int(rng, range); k > 0; k--) {
          const ms = startMs + Math.floor(rng() * AUDIENCE.days * 86_400_000);
          const ts = new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
          actions.push({ ts, line: csvLine([ts, platform, key, action]) });
        }
      }
    }
  }
  actions.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  return { profiles, actions: actions.map((a) => a.line), truth: { accounts, tiers: tierCounts, account_tiers: accountTiers, accounts_matched_to_crm: matchedAccounts } };
}

export function contentTestLines(rng: Rng, scale: number): string[] {
  const lines: string[] = [];
  const start = Date.parse(`${CONTENT_TEST.start}T00:00:00Z`);
  for (let d = 0; d < CONTENT_TEST.days; d++) {
    const date = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    for (const segment of Object.keys(CONTENT_TEST.tierRates))
      for (const platform of Object.keys(CONTENT_TEST.platformFactor))
        for (const variant of ['control', 'variant_b']) {
          const units = poisson(rng, CONTENT_TEST.unitsPerCellPerDay * scale);
          const rate = CONTENT_TEST.tierRates[segment]! * CONTENT_TEST.platformFactor[platform]! * (variant === 'variant_b' ? 1 + CONTENT_TEST.lift[platform]! : 1);
          lines.push(csvLine([CONTENT_TEST.testId, date, variant, segment, platform, units, binomial(rng, units, rate)]));
        }
  }
  return lines;
}

export function launchLines(rng: Rng, scale: number, brand: string) {
  const lines: string[] = [];
  const start = Date.parse(LAUNCH.start);
  const hourly: { hour: string; mentions: number; positive: number; negative: number }[] = [];
  let id = 0;
  const name = brand.charAt(0).toUpperCase() + brand.slice(1);
  for (let h = 0; h < LAUNCH.hours; h++) {
    const mix = h < LAUNCH.shiftHour ? LAUNCH.before : LAUNCH.after;
    const n = poisson(rng, LAUNCH.mentionsPerHour * scale);
    const tally = { hour: new Date(start + h * 3_600_000).toISOString().slice(0, 19).replace('T', ' '), mentions: n, positive: 0, negative: 0 };
    const texts: { ms: number; text: string }[] = [];
    for (let i = 0; i < n; i++) {
      const kind = weighted(rng, { positive: mix.positive, negative: mix.negative, neutral: 1 - mix.positive - mix.negative });
      if (kind !== 'neutral') tally[kind]++;
      const pool = kind === 'negative' ? (h >= LAUNCH.shiftHour ? LAUNCH.pairingTexts : MENTION_TEXTS.negative) : MENTION_TEXTS[kind];
      texts.push({ ms: start + h * 3_600_000 + Math.floor(rng() * 3_600_000), text: pick(rng, pool).replace('{brand}', name).replace('{product}', pick(rng, MENTION_TEXTS.products)) });
    }
    texts.sort((a, b) => a.ms - b.ms);
    for (const t of texts) lines.push(csvLine([`L${String(++id).padStart(6, '0')}`, new Date(t.ms).toISOString().slice(0, 19).replace('T', ' '), rng() < 0.6 ? 'x' : 'instagram', t.text]));
    hourly.push(tally);
  }
  return { lines, hourly };
}
