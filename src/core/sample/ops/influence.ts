/**
 * Influencer impact and community advocacy for ops-06: each influencer's deal (tracking tag, promo
 * code, fee), the referral sessions their links brought, the orders that redeemed their codes, a
 * sample of each one's (and the brand's) audience, and the brand community's public activity.
 *
 * Planted: the fake-follower influencer's bought followers never click, so it brings the fewest
 * sessions per thousand followers while its fee is priced on all of them; one honest influencer's
 * audience buys three times as often (the best revenue per euro of fee); two influencers share half
 * their audience; one reaches mostly people who already follow the brand. In the community, a few
 * customers share and praise the brand often and lately (the advocates); others are as active but
 * complain, or were advocates but went quiet.
 */
import { csvLine, dayAt } from '../calendar.ts';
import { normal, pick, poisson, weighted, type Rng } from '../random.ts';
import type { Influencer } from './accounts.ts';
import { BRANDS, FAKE, INFLUENCER, type OpsSize } from './plan.ts';

export const DEALS_HEADER = ['account_id', 'utm_content', 'promo_code', 'fee'];
export const SESSIONS_HEADER = ['session_id', 'ts', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_content'];
export const REDEMPTIONS_HEADER = ['order_id', 'ts', 'promo_code', 'order_value', 'session_id'];
export const AUDIENCE_HEADER = ['account_id', 'member_key'];
export const COMMUNITY_HEADER = ['ts', 'actor_key', 'action', 'text', 'is_customer'];

export const INFLUENCE = {
  campaign: 'creators_spring',
  startDay: 50,
  days: { small: 30, large: 60 },
  feePer1kFollowers: 10,
  /** Referral sessions per 1,000 real followers per day, and the share of sessions that buy. */
  sessionsPer1k: 0.25,
  conversion: 0.03,
  starConversionMultiplier: 3,
  codeShare: 0.85,
  audience: { small: 150, large: 600 },
  brandAudience: { small: 500, large: 2000 },
  /** Share of the second influencer's audience that is the first's; share of one influencer's audience already following the brand. */
  pairShare: 0.5,
  brandShare: 0.6,
  backgroundBrandShare: 0.03,
  community: { small: { regular: 300, advocates: 8, complainers: 5, lapsed: 4 }, large: { regular: 1500, advocates: 25, complainers: 12, lapsed: 10 } },
  /** Public actions per day of the heavy members; the lapsed stop after this share of the period. */
  heavyRate: 0.4,
  lapsedUntil: 0.35,
  regularActions: 3,
};

const ACTIONS = { share: 0.3, mention: 0.25, comment: 0.25, review: 0.05, like: 0.15 };
const PRODUCTS = ['blender', 'kettle', 'air fryer', 'toaster', 'coffee grinder', 'stand mixer'];
const POSITIVE = ['Love my {p} from @northwind, best buy this year!', 'The @northwind {p} is brilliant, highly recommend it', 'Great quality {p}, thank you @northwind', 'So happy with the new {p}, works perfectly', 'Best {p} I have owned, love it'];
const NEGATIVE = ['My {p} broke again, terrible quality @northwind', 'Worst support ever, still no refund for my {p}', 'The {p} is awful and leaks, never again', 'Disappointed: the {p} stopped working after a week'];
const NEUTRAL = ['Does the {p} come in black?', 'Which {p} model is this?', 'Is the {p} available in Ireland?', 'Ordered the {p} yesterday'];

/** The influencers in their roles for the planted effects (honest ones in name order). */
export function influencerRoles(influencers: Influencer[]) {
  const honest = influencers.filter((i) => !i.fake).map((i) => i.account);
  return { pair: [honest[0]!, honest[1]!] as [string, string], brandOverlap: honest[2]!, star: honest[3]!, fake: FAKE.account };
}

const tag = (account: string) => account.replace(/^inf_/, '');
const clock = (rng: Rng, day: number) => `${dayAt(day)} ${String(Math.floor(rng() * 24)).padStart(2, '0')}:${String(Math.floor(rng() * 60)).padStart(2, '0')}:${String(Math.floor(rng() * 60)).padStart(2, '0')}`;

/** Followers at the campaign start: the start count plus the planted growth (the fake's jump included). */
function followersAtStart(inf: Influencer): number {
  return inf.startFollowers + INFLUENCER.growthPerDay * INFLUENCE.startDay + (inf.fake ? FAKE.jump : 0);
}

export function dealLines(influencers: Influencer[]): string[] {
  return influencers.map((i) => csvLine([i.account, tag(i.account), `${tag(i.account).toUpperCase()}15`, Math.round((followersAtStart(i) / 1000) * INFLUENCE.feePer1kFollowers)]));
}

/** Referral sessions and code redemptions in one pass (a redemption follows its session). */
export function generateReferrals(rng: Rng, size: OpsSize, influencers: Influencer[]): { sessions: string[]; redemptions: string[] } {
  const roles = influencerRoles(influencers);
  const sessions: string[] = [];
  const redemptions: string[] = [];
  let s = 0;
  let o = 0;
  for (let d = INFLUENCE.startDay; d < INFLUENCE.startDay + INFLUENCE.days[size.name]; d++)
    for (const inf of influencers) {
      const real = followersAtStart(inf) - (inf.fake ? FAKE.jump : 0);
      const n = poisson(rng, (real / 1000) * INFLUENCE.sessionsPer1k);
      const p = INFLUENCE.conversion * (inf.account === roles.star ? INFLUENCE.starConversionMultiplier : 1);
      for (let k = 0; k < n; k++) {
        const id = `S${String(++s).padStart(6, '0')}`;
        const ts = clock(rng, d);
        sessions.push(csvLine([id, ts, 'instagram', 'influencer', INFLUENCE.campaign, tag(inf.account)]));
        if (rng() < p && rng() < INFLUENCE.codeShare)
          redemptions.push(csvLine([`O${String(++o).padStart(6, '0')}`, ts, `${tag(inf.account).toUpperCase()}15`, (60 * Math.exp(0.3 * normal(rng))).toFixed(2), id]));
      }
    }
  return { sessions, redemptions };
}

/** A sample of each influencer's audience and of the brand's, with the planted overlaps. */
export function audienceLines(rng: Rng, size: OpsSize, influencers: Influencer[]): { lines: string[] } {
  const roles = influencerRoles(influencers);
  let next = 0;
  const fresh = (n: number) => Array.from({ length: n }, () => `a${String(++next).padStart(6, '0')}`);
  const n = INFLUENCE.audience[size.name];
  const brand = fresh(INFLUENCE.brandAudience[size.name]);
  const sample = (from: string[], k: number) => {
    const pool = [...from];
    const out: string[] = [];
    for (let i = 0; i < k; i++) out.push(pool.splice(Math.floor(rng() * pool.length), 1)[0]!);
    return out;
  };
  const lists = new Map<string, string[]>();
  for (const inf of influencers) {
    const fromBrand = Math.round(n * (inf.account === roles.brandOverlap ? INFLUENCE.brandShare : INFLUENCE.backgroundBrandShare));
    lists.set(inf.account, [...sample(brand, fromBrand), ...fresh(n - fromBrand)]);
  }
  // The second of the pair shares half its audience with the first (their own brand followers aside).
  const [a, b] = roles.pair;
  const shared = sample(lists.get(a)!, Math.round(n * INFLUENCE.pairShare));
  lists.set(b, [...shared, ...lists.get(b)!.slice(0, n - shared.length)].filter((k, i, all) => all.indexOf(k) === i));
  const lines = brand.map((k) => csvLine([BRANDS[0].account, k]));
  for (const inf of influencers) for (const k of lists.get(inf.account)!) lines.push(csvLine([inf.account, k]));
  return { lines };
}

export interface CommunityData {
  lines: string[];
  advocates: string[];
  complainers: string[];
  lapsed: string[];
}

/** The community's public actions on the brand: likes, shares, mentions, comments, reviews. */
export function generateCommunity(rng: Rng, size: OpsSize): CommunityData {
  const plan = INFLUENCE.community[size.name];
  const total = plan.regular + plan.advocates + plan.complainers + plan.lapsed;
  // Member keys in random order so a planted member's key says nothing about its role.
  const keys = Array.from({ length: total }, (_, i) => `c${String(10000 + i * 7).padStart(5, '0')}`);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  const advocates = keys.slice(0, plan.advocates);
  const complainers = keys.slice(plan.advocates, plan.advocates + plan.complainers);
  const lapsed = keys.slice(plan.advocates + plan.complainers, plan.advocates + plan.complainers + plan.lapsed);
  const rows: { t: string; line: string }[] = [];
  const fill = (t: string) => t.replace('{p}', pick(rng, PRODUCTS));
  const act = (key: string, day: number, tone: Record<'positive' | 'negative' | 'neutral', number>, customer: boolean) => {
    const action = weighted(rng, ACTIONS);
    const mood = weighted(rng, tone);
    const text = action === 'like' || action === 'share' ? '' : fill(pick(rng, mood === 'positive' ? POSITIVE : mood === 'negative' ? NEGATIVE : NEUTRAL));
    const t = clock(rng, day);
    rows.push({ t, line: csvLine([t, key, action, text, customer]) });
  };
  const heavy = (key: string, days: number, tone: Record<'positive' | 'negative' | 'neutral', number>) => {
    for (let d = 0; d < days; d++) for (let k = poisson(rng, INFLUENCE.heavyRate); k > 0; k--) act(key, d, tone, true);
  };
  for (const k of advocates) heavy(k, size.days, { positive: 0.9, neutral: 0.1, negative: 0 });
  for (const k of complainers) heavy(k, size.days, { positive: 0.05, neutral: 0.1, negative: 0.85 });
  for (const k of lapsed) heavy(k, Math.round(size.days * INFLUENCE.lapsedUntil), { positive: 0.9, neutral: 0.1, negative: 0 });
  for (const k of keys.slice(plan.advocates + plan.complainers + plan.lapsed)) {
    const customer = rng() < 0.5;
    for (let n = Math.max(1, poisson(rng, INFLUENCE.regularActions)); n > 0; n--) act(k, Math.floor(rng() * size.days), { positive: 0.35, neutral: 0.45, negative: 0.2 }, customer);
  }
  rows.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
  return { lines: rows.map((r) => r.line), advocates: advocates.sort(), complainers: complainers.sort(), lapsed: lapsed.sort() };
}
