/**
 * Users, items and their interactions for the recommender modules: item clusters (categories) that
 * users favour, planted partner pairs consumed together, cold-start users and items in the held-out
 * period, and served-recommendation exposure logs in which one market gets fewer slots.
 */
import { csvLine, dayAt, timestampOf } from '../calendar.ts';
import { pick, type Rng } from '../random.ts';
import { CATEGORIES, COLD_ITEM_SHARE, COLD_USER_SHARE, EVENTS, EXPOSURE_K, IN_CLUSTER_SHARE, MARKETS, PAIRED_PER_CATEGORY, PARTNER_PROB, SLOTS_PER_SESSION, type RecsSize } from './plan.ts';

export const ITEMS_HEADER = ['item_id', 'title', 'category', 'description', 'released_on', 'price'];
export const USERS_HEADER = ['user_id', 'market', 'signup_date'];
export const INTERACTIONS_HEADER = ['user_id', 'item_id', 'event', 'ts', 'date'];
export const EXPOSURES_HEADER = ['user_id', 'session_id', 'shown_at', 'date', 'position', 'item_id', 'clicked'];

type Market = keyof typeof MARKETS;
type Category = (typeof CATEGORIES)[number];

const VOCAB: Record<Category, string[]> = {
  skincare: ['serum', 'moisturizer', 'hydrating', 'spf', 'gentle', 'cleanser', 'vitamin', 'skin'],
  running: ['running', 'trail', 'cushioned', 'marathon', 'lightweight', 'grip', 'pace', 'shoe'],
  coffee: ['espresso', 'grinder', 'beans', 'roast', 'brew', 'barista', 'crema', 'pour'],
  gaming: ['controller', 'console', 'gaming', 'rgb', 'wireless', 'latency', 'headset', 'keyboard'],
  cooking: ['pan', 'skillet', 'chef', 'knife', 'recipe', 'kitchen', 'cast', 'iron'],
  travel: ['luggage', 'carry', 'backpack', 'passport', 'travel', 'packing', 'cabin', 'organizer'],
  camping: ['tent', 'stove', 'sleeping', 'bag', 'camping', 'lantern', 'waterproof', 'hiking'],
  photography: ['camera', 'lens', 'tripod', 'film', 'aperture', 'sensor', 'photo', 'zoom'],
  music: ['vinyl', 'turntable', 'speaker', 'guitar', 'amp', 'studio', 'headphones', 'audio'],
  books: ['novel', 'paperback', 'thriller', 'fantasy', 'author', 'chapter', 'edition', 'reading'],
  gardening: ['seeds', 'soil', 'planter', 'compost', 'pruning', 'watering', 'garden', 'bulbs'],
  fitness: ['dumbbell', 'kettlebell', 'yoga', 'mat', 'resistance', 'band', 'workout', 'strength'],
};
const ADJECTIVES = ['classic', 'pro', 'compact', 'everyday', 'deluxe', 'essential', 'premium', 'mini'];

export interface Item {
  id: string;
  category: Category;
  /** Popularity weight within its category (Zipf-like). */
  weight: number;
  releasedDay: number;
  partner?: string;
  title: string;
  description: string;
  price: number;
}
export interface User {
  id: string;
  market: Market;
  favourites: Category[];
  firstDay: number;
}
export interface InteractionTruth {
  pairs: [string, string][];
  coldItems: string[];
  coldUsers: string[];
  interactions: number;
  heldOutPairsByMarket: Record<Market, number>;
  slotsByMarket: Record<Market, number>;
  /** Per market: over its users, the distinct items among each user's first EXPOSURE_K by best position. */
  listedByMarket: Record<Market, number>;
  sessionsByMarket: Record<Market, number>;
}

export function generateItems(rng: Rng, size: RecsSize, truth: InteractionTruth): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < size.items; i++) {
    const category = CATEGORIES[i % CATEGORIES.length]!;
    const rank = Math.floor(i / CATEGORIES.length);
    const words = VOCAB[category];
    const a = pick(rng, words), b = pick(rng, words), c = pick(rng, words);
    const title = `${pick(rng, ADJECTIVES)} ${a} ${b}`.replace(/^./, (s) => s.toUpperCase());
    const description = `${title}: a ${a} for ${category} fans, with ${b}, ${c} and ${pick(rng, words)} in one ${pick(rng, ADJECTIVES)} ${pick(rng, words)}.`;
    const cold = rng() < COLD_ITEM_SHARE;
    const releasedDay = cold ? size.splitDay + Math.floor(rng() * (size.days - size.splitDay) * 0.5) : 0;
    items.push({ id: `I${String(i + 1).padStart(5, '0')}`, category, weight: 1 / Math.pow(rank + 1, 0.8), releasedDay, title, description, price: Math.round((5 + rng() * 195) * 100) / 100 });
    if (cold) truth.coldItems.push(items[i]!.id);
  }
  // Partner pairs: mid-popularity items (ranks 3…) of each category, released at the start.
  for (let c = 0; c < CATEGORIES.length; c++) {
    const inCat = items.filter((it) => it.category === CATEGORIES[c] && it.releasedDay === 0).slice(3, 3 + PAIRED_PER_CATEGORY);
    for (let k = 0; k + 1 < inCat.length; k += 2) {
      inCat[k]!.partner = inCat[k + 1]!.id;
      inCat[k + 1]!.partner = inCat[k]!.id;
      truth.pairs.push([inCat[k]!.id, inCat[k + 1]!.id]);
    }
  }
  return items;
}

export function itemLines(items: Item[]): string[] {
  return items.map((it) => csvLine([it.id, it.title, it.category, it.description, dayAt(it.releasedDay), it.price.toFixed(2)]));
}

export function generateUsers(rng: Rng, size: RecsSize, truth: InteractionTruth): User[] {
  return Array.from({ length: size.users }, (_, i) => {
    const x = rng();
    const market: Market = x < MARKETS.de ? 'de' : x < MARKETS.de + MARKETS.es ? 'es' : 'en';
    const favourites = [pick(rng, CATEGORIES)];
    if (rng() < 0.5) favourites.push(pick(rng, CATEGORIES));
    const cold = rng() < COLD_USER_SHARE;
    const firstDay = cold ? size.splitDay + Math.floor(rng() * (size.days - size.splitDay - 7)) : Math.floor(rng() * size.splitDay * 0.5);
    const id = `u${String(i + 1).padStart(5, '0')}`;
    if (cold) truth.coldUsers.push(id);
    return { id, market, favourites, firstDay };
  });
}

export function userLines(users: User[]): string[] {
  return users.map((u) => csvLine([u.id, u.market, dayAt(u.firstDay)]));
}

function weightedItem(rng: Rng, pool: Item[]): Item | undefined {
  const total = pool.reduce((s, it) => s + it.weight, 0);
  let x = rng() * total;
  for (const it of pool) if ((x -= it.weight) < 0) return it;
  return pool.at(-1);
}

/**
 * Interactions, user by user in id order: a few consumptions spread from the user's first day to the
 * end, each a view and, down the funnel, a like / save / purchase; a partner item follows its pair.
 * Also returns each user's held-out items (for the exposure log).
 */
export function interactionLines(rng: Rng, size: RecsSize, users: User[], items: Item[], truth: InteractionTruth, heldOut: Map<string, Set<string>>): string[] {
  const start = Date.parse(`${dayAt(0)}T00:00:00Z`);
  const byCategory = new Map<Category, Item[]>(CATEGORIES.map((c) => [c, items.filter((it) => it.category === c)]));
  const byId = new Map(items.map((it) => [it.id, it]));
  const lines: [number, string][] = [];
  for (const u of users) {
    const seen = new Set<string>();
    const n = 6 + Math.floor(rng() * 10);
    const consume = (it: Item, day: number) => {
      if (seen.has(it.id) || it.releasedDay > day || day >= size.days) return false;
      seen.add(it.id);
      const ms = start + day * 86_400_000 + Math.floor(rng() * 86_400_000);
      const events = ['view'];
      if (rng() < EVENTS.like) events.push('like');
      if (rng() < EVENTS.save) events.push('save');
      if (rng() < EVENTS.purchase) events.push('purchase');
      events.forEach((e, k) => lines.push([ms + k * 60_000, csvLine([u.id, it.id, e, timestampOf(ms + k * 60_000), dayAt(day)])]));
      truth.interactions += events.length;
      if (day >= size.splitDay) {
        if (!heldOut.has(u.id)) heldOut.set(u.id, new Set());
        heldOut.get(u.id)!.add(it.id);
      }
      return true;
    };
    for (let k = 0; k < n; k++) {
      const day = u.firstDay + Math.floor(rng() * (size.days - u.firstDay));
      const cat = rng() < IN_CLUSTER_SHARE ? pick(rng, u.favourites) : pick(rng, CATEGORIES);
      const pool = byCategory.get(cat)!.filter((it) => it.releasedDay <= day && !seen.has(it.id));
      const it = weightedItem(rng, pool);
      if (!it || !consume(it, day)) continue;
      if (it.partner && rng() < PARTNER_PROB) consume(byId.get(it.partner)!, Math.min(size.days - 1, day + Math.floor(rng() * 3)));
    }
  }
  return lines.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1)).map((l) => l[1]);
}

/**
 * The served-recommendation log of the held-out period: sessions of slots, each slot one of the
 * user's held-out items (a hit) or a popular item; clicks fall with position. Users of the biased
 * market get SLOTS_PER_SESSION.de slots per session instead of 10 (the planted exposure bias).
 */
export function exposureLines(rng: Rng, size: RecsSize, users: User[], items: Item[], heldOut: Map<string, Set<string>>, truth: InteractionTruth): string[] {
  const start = Date.parse(`${dayAt(0)}T00:00:00Z`);
  const popular = [...items].filter((it) => it.releasedDay === 0).sort((a, b) => b.weight - a.weight || a.id.localeCompare(b.id)).slice(0, 60);
  const lines: string[] = [];
  let session = 0;
  for (const u of users) {
    const wanted = [...(heldOut.get(u.id) ?? [])];
    if (wanted.length === 0) continue;
    truth.heldOutPairsByMarket[u.market] += wanted.length;
    const bestPosition = new Map<string, number>();
    const sessions = 1 + Math.floor(rng() * 3);
    for (let s = 0; s < sessions; s++) {
      session++;
      truth.sessionsByMarket[u.market]++;
      const day = size.splitDay + Math.floor(rng() * (size.days - size.splitDay));
      const ms = start + day * 86_400_000 + Math.floor(rng() * 86_400_000);
      const slots = SLOTS_PER_SESSION[u.market];
      const shown = new Set<string>();
      for (let slot = 0, p = 0; slot < slots; slot++) {
        let item = rng() < 0.3 ? pick(rng, wanted) : pick(rng, popular).id;
        for (let guard = 0; shown.has(item) && guard < 20; guard++) item = pick(rng, popular).id;
        if (shown.has(item)) continue;
        shown.add(item);
        p++;
        truth.slotsByMarket[u.market]++;
        bestPosition.set(item, Math.min(bestPosition.get(item) ?? Infinity, p));
        const relevant = wanted.includes(item);
        const clicked = rng() < (relevant ? 0.5 : 0.04) / Math.sqrt(p);
        lines.push(csvLine([u.id, `S${String(session).padStart(6, '0')}`, timestampOf(ms), dayAt(day), p, item, clicked]));
      }
    }
    truth.listedByMarket[u.market] += Math.min(EXPOSURE_K, bestPosition.size);
  }
  return lines;
}
