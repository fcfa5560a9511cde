/**
 * The recommendations sample (curriculum 003): every truth recorded in recs_truth.json is checked
 * against the generated rows with plain TS written here (not the generator's code), determinism for
 * a seed, the bundled public/sample copy, and small vs large sizes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importExport } from '../../../src/core/importers/index.ts';
import { generateRecs } from '../../../src/core/sample/recs/index.ts';

type Files = Record<string, string>;
const materialize = (seed: number, size: 'small' | 'large' = 'small'): Files => Object.fromEntries(generateRecs(seed, size).map((f) => [f.name, [...f.chunks()].join('')]));
const rows = (text: string) => importExport(new TextEncoder().encode(text), 'x.csv').rows as Record<string, string>[];

const files = materialize(7);
const truth = JSON.parse(files['recs_truth.json']!);
const posts = rows(files['recs_posts.csv']!);
const postById = new Map(posts.map((p) => [p.post_id!, p]));
const interactions = rows(files['recs_interactions.csv']!);
const users = rows(files['recs_users.csv']!);
const items = rows(files['recs_items.csv']!);

/** Character 5-shingles as the near-duplicates kind cuts them: NFKC, lower case, links removed, white space collapsed. */
function shingles(text: string): Set<string> {
  const t = text.normalize('NFKC').toLowerCase().replace(/https?:\/\/\S+/g, ' ').replace(/\s+/g, ' ').trim();
  const s = new Set<string>();
  for (let i = 0; i + 5 <= t.length; i++) s.add(t.slice(i, i + 5));
  return s;
}
function jaccard(a: Set<string>, b: Set<string>): number {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

describe('recs sample (small, seed 7)', () => {
  it('same seed → identical files, another seed differs, and public/sample holds the seed-7 small set', () => {
    const again = materialize(7);
    for (const name of Object.keys(files)) expect(again[name], name).toBe(files[name]);
    expect(materialize(8)['recs_interactions.csv']).not.toBe(files['recs_interactions.csv']);
    for (const name of Object.keys(files)) expect(readFileSync(`public/sample/${name}`, 'utf8'), name).toBe(files[name]);
  });

  it('texts mix English, Spanish and German, with hashtags, mentions, emoji and shortened URLs', () => {
    const markers = { en: /\b(the|and|my|it)\b/i, es: /\b(la|el|mi|de|que|me)\b/i, de: /\b(die|ich|und|ist|meine)\b/i };
    for (const lang of ['en', 'es', 'de'] as const) {
      expect(truth.posts.languages.by_id[lang].length).toBeGreaterThan(50);
      for (const id of truth.posts.languages.by_id[lang]) expect(postById.get(id)!.text, `${id} ${lang}`).toMatch(markers[lang]);
    }
    const short = /https:\/\/(bit\.ly|t\.co|buff\.ly|ow\.ly|tinyurl\.com)\/\w+/;
    for (const id of truth.posts.short_url_posts.ids) expect(postById.get(id)!.text).toMatch(short);
    const withShort = posts.filter((p) => short.test(p.text!) && p.kind !== 'reshare' && !truth.near_duplicates.groups.some((g: { reposts: string[] }) => g.reposts.includes(p.post_id!)));
    expect(withShort.length).toBe(truth.posts.short_url_posts.count);
    expect(posts.filter((p) => /#\p{L}+/u.test(p.text!)).length).toBeGreaterThanOrEqual(truth.posts.hashtag_posts);
    expect(posts.filter((p) => /@u\d{5}/.test(p.text!)).length).toBeGreaterThanOrEqual(truth.posts.mention_posts);
    expect(posts.filter((p) => /\p{Extended_Pictographic}/u.test(p.text!)).length).toBeGreaterThanOrEqual(truth.posts.emoji_posts);
  });

  it('near-duplicate groups: reshares carry the text verbatim, reposts reach Jaccard ≥ 0.8, no other pair does', () => {
    const grouped = new Set<string>();
    expect(truth.near_duplicates.groups.length).toBeGreaterThan(20);
    for (const g of truth.near_duplicates.groups) {
      const kept = postById.get(g.kept)!;
      grouped.add(g.kept);
      for (const id of g.reshares) {
        const r = postById.get(id)!;
        expect(r.kind).toBe('reshare');
        expect(r.parent_id).toBe(g.kept);
        expect(r.text).toBe(`RT @${kept.author}: ${kept.text}`);
        expect(r.created_at! > kept.created_at!).toBe(true);
        grouped.add(id);
      }
      for (const id of g.reposts) {
        expect(jaccard(shingles(postById.get(id)!.text!), shingles(kept.text!))).toBeGreaterThanOrEqual(0.8);
        grouped.add(id);
      }
    }
    // Every other pair of texts stays below 0.8 (length ratio prefilter: Jaccard ≤ shorter / longer).
    const rest = posts.filter((p) => !grouped.has(p.post_id!)).map((p) => ({ id: p.post_id!, s: shingles(p.text!) }));
    let worst = 0;
    for (let i = 0; i < rest.length; i++)
      for (let j = i + 1; j < rest.length; j++) {
        const [a, b] = [rest[i]!.s, rest[j]!.s];
        if (Math.min(a.size, b.size) / Math.max(a.size, b.size) < 0.8) continue;
        worst = Math.max(worst, jaccard(a, b));
      }
    expect(worst).toBeLessThan(0.8);
  });

  it('planted intents: inquiries ask a question, complaints and endorsements carry none', () => {
    const { intent_by_id: intent } = truth.posts.planted_labels;
    expect(intent.inquiry.length).toBeGreaterThan(50);
    const words = (id: string) => postById.get(id)!.text!.replace(/https?:\/\/\S+/g, '');
    for (const id of intent.inquiry) expect(words(id)).toMatch(/\?/);
    for (const id of [...intent.complaint, ...intent.endorsement]) expect(words(id)).not.toMatch(/\?/);
    const s = truth.posts.planted_labels.sentiment_by_id;
    for (const id of intent.complaint) expect(s.negative).toContain(id);
    for (const id of intent.endorsement) expect(s.positive).toContain(id);
  });

  it('the brand Bloom appears with brand context words, the flower word bloom with garden words', () => {
    const { brand_mention_ids: brandIds, common_word_ids: wordIds, brand_context, common_context } = truth.brand;
    expect(brandIds.length).toBeGreaterThan(30);
    expect(wordIds.length).toBeGreaterThan(10);
    const has = (text: string, words: string[]) => words.some((w) => text.toLowerCase().includes(w));
    for (const id of brandIds) {
      const t = postById.get(id)!.text!;
      expect(t).toMatch(/\bBloom\b/);
      expect(has(t.slice(t.indexOf('Bloom') - 30, t.indexOf('Bloom') + 40), brand_context), t).toBe(true);
    }
    for (const id of wordIds) {
      const t = postById.get(id)!.text!;
      expect(t).toMatch(/\bbloom\b/);
      expect(has(t, common_context)).toBe(true);
    }
    // Every text with "bloom" is a recorded one or a reshare / repost copy of one.
    const copies = new Map<string, string>();
    for (const g of truth.near_duplicates.groups) for (const id of [...g.reshares, ...g.reposts]) copies.set(id, g.kept);
    const recorded = new Set([...brandIds, ...wordIds]);
    for (const p of posts.filter((p) => /bloom/i.test(p.text!))) expect(recorded.has(p.post_id!) || recorded.has(copies.get(p.post_id!) ?? ''), p.post_id).toBe(true);
  });

  it("the two raters' table gives Cohen's kappa 0.7142857 by hand", () => {
    // Hand computation (plan.ts): po = (30 + 22 + 29) / 100 = 0.81; row sums 37, 30, 33, column
    // sums 35, 30, 35; pe = (37·35 + 30·30 + 33·35) / 100² = 3350 / 10000 = 0.335;
    // kappa = (0.81 − 0.335) / 0.665 = 0.714285714…
    const labels = rows(files['recs_labels.csv']!);
    const byItem = new Map<string, Record<string, string>>();
    for (const l of labels) byItem.set(l.item_id!, { ...byItem.get(l.item_id!), [l.rater!]: l.label! });
    const order = ['positive', 'neutral', 'negative'];
    const table = order.map(() => order.map(() => 0));
    for (const r of byItem.values()) table[order.indexOf(r.rater_a!)]![order.indexOf(r.rater_b!)]!++;
    expect(byItem.size).toBe(100);
    expect(table).toEqual(truth.agreement.table_rows_rater_a_columns_rater_b);
    const n = 100;
    const po = (table[0]![0]! + table[1]![1]! + table[2]![2]!) / n;
    const pe = order.reduce((s, _, i) => s + (table[i]!.reduce((a, b) => a + b, 0) * table.reduce((a, row) => a + row[i]!, 0)) / n / n, 0);
    expect(po).toBe(0.81);
    expect(pe).toBeCloseTo(0.335, 12);
    expect((po - pe) / (1 - pe)).toBeCloseTo(0.7142857142857143, 12);
    // rater_a gives the sentiment each post was written with.
    for (const [id, r] of byItem) expect(truth.posts.planted_labels.sentiment_by_id[r.rater_a!], id).toContain(id);
    expect(truth.agreement.cohen_kappa).toBeCloseTo(0.714286, 6);
  });

  const split = truth.interactions.split.train_before as string;
  const train = interactions.filter((r) => r.date! < split);
  const heldOut = interactions.filter((r) => r.date! >= split);

  it('cold-start users and items have nothing before the split and something after', () => {
    const trainUsers = new Set(train.map((r) => r.user_id));
    const trainItems = new Set(train.map((r) => r.item_id));
    const heldUsers = new Set(heldOut.map((r) => r.user_id));
    expect(truth.interactions.cold_start_users.ids.length).toBeGreaterThan(10);
    expect(truth.interactions.cold_start_items.ids.length).toBeGreaterThan(5);
    for (const u of truth.interactions.cold_start_users.ids) expect(trainUsers.has(u), u).toBe(false);
    expect(truth.interactions.cold_start_users.ids.filter((u: string) => heldUsers.has(u)).length).toBeGreaterThan(10);
    for (const i of truth.interactions.cold_start_items.ids) {
      expect(trainItems.has(i), i).toBe(false);
      expect(items.find((r) => r.item_id === i)!.released_on! >= split).toBe(true);
    }
    expect(new Set(interactions.map((r) => r.event))).toEqual(new Set(['view', 'like', 'save', 'purchase']));
  });

  // Binary implicit feedback from the training period: user → items, item → users.
  const userItems = new Map<string, Set<string>>();
  const itemUsers = new Map<string, Set<string>>();
  for (const r of train) {
    if (!userItems.has(r.user_id!)) userItems.set(r.user_id!, new Set());
    userItems.get(r.user_id!)!.add(r.item_id!);
    if (!itemUsers.has(r.item_id!)) itemUsers.set(r.item_id!, new Set());
    itemUsers.get(r.item_id!)!.add(r.user_id!);
  }
  /** Cosine of binary item vectors: common users / sqrt(|Ui|·|Uj|) (Sarwar et al. 2001). */
  const sims = new Map<string, Map<string, number>>();
  for (const its of userItems.values())
    for (const a of its)
      for (const b of its) {
        if (a === b) continue;
        if (!sims.has(a)) sims.set(a, new Map());
        sims.get(a)!.set(b, (sims.get(a)!.get(b) ?? 0) + 1);
      }
  for (const [a, m] of sims) for (const [b, co] of m) m.set(b, co / Math.sqrt(itemUsers.get(a)!.size * itemUsers.get(b)!.size));

  it('each planted partner is its item’s nearest cosine neighbour in the training period', () => {
    const pairs: [string, string][] = truth.interactions.similar_item_pairs.pairs;
    expect(pairs.length).toBe(24);
    let found = 0;
    for (const [a, b] of pairs)
      for (const [x, y] of [[a, b], [b, a]]) {
        const best = [...sims.get(x)!.entries()].sort((p, q) => q[1] - p[1] || p[0].localeCompare(q[0]))[0]![0];
        if (best === y) found++;
      }
    expect(found / (2 * pairs.length)).toBeGreaterThanOrEqual(0.9);
  });

  it('item-CF beats popularity on NDCG@10 in the held-out period', () => {
    const relevant = new Map<string, Set<string>>();
    for (const r of heldOut) {
      if (!relevant.has(r.user_id!)) relevant.set(r.user_id!, new Set());
      relevant.get(r.user_id!)!.add(r.item_id!);
    }
    const popular = [...itemUsers.entries()].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0])).map(([i]) => i);
    /** NDCG@10, binary relevance, log2 discount, ideal over min(10, |R|) (rec-eval's definition). */
    const ndcg = (list: string[], rel: Set<string>) => {
      const dcg = list.slice(0, 10).reduce((s, it, p) => s + (rel.has(it) ? 1 / Math.log2(p + 2) : 0), 0);
      let idcg = 0;
      for (let i = 0; i < Math.min(10, rel.size); i++) idcg += 1 / Math.log2(i + 2);
      return dcg / idcg;
    };
    let cf = 0, pop = 0, n = 0;
    for (const [u, rel] of relevant) {
      const seen = userItems.get(u) ?? new Set<string>();
      const scores = new Map<string, number>();
      for (const i of seen) for (const [j, s] of sims.get(i) ?? []) if (!seen.has(j)) scores.set(j, (scores.get(j) ?? 0) + s);
      const cfList = [...scores.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([i]) => i).slice(0, 10);
      for (const p of popular) if (cfList.length < 10 && !seen.has(p) && !cfList.includes(p)) cfList.push(p);
      const popList = popular.filter((p) => !seen.has(p)).slice(0, 10);
      cf += ndcg(cfList, rel);
      pop += ndcg(popList, rel);
      n++;
    }
    expect(n).toBeGreaterThan(300);
    expect(cf / n).toBeGreaterThan(pop / n * 1.5);
  });

  it(`the exposure log under-serves market ${'de'}: exposure share / relevant share below 0.8, the others not`, () => {
    const exposures = rows(files['recs_exposures.csv']!);
    const market = new Map(users.map((u) => [u.user_id!, u.market!]));
    const pairs = new Set(heldOut.map((r) => `${r.user_id}\u0000${r.item_id}`));
    const slots: Record<string, number> = {}, listed: Record<string, number> = {}, rel: Record<string, number> = {};
    const add = (o: Record<string, number>, m: string, n: number) => (o[m] = (o[m] ?? 0) + n);
    // rec-eval's exposure (group_by: user, k 10): per user the distinct items, each at its best
    // position, the first 10 of them count; a slot share counts every logged row instead.
    const best = new Map<string, Map<string, number>>();
    for (const e of exposures) {
      add(slots, market.get(e.user_id!)!, 1);
      if (!best.has(e.user_id!)) best.set(e.user_id!, new Map());
      const b = best.get(e.user_id!)!;
      b.set(e.item_id!, Math.min(b.get(e.item_id!) ?? Infinity, Number(e.position)));
    }
    for (const [u, b] of best) add(listed, market.get(u)!, Math.min(10, b.size));
    for (const p of pairs) add(rel, market.get(p.split('\u0000')[0]!)!, 1);
    const total = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    for (const m of ['en', 'es', 'de']) {
      const ratio = listed[m]! / total(listed) / (rel[m]! / total(rel));
      const slotRatio = slots[m]! / total(slots) / (rel[m]! / total(rel));
      expect(ratio).toBeCloseTo(truth.exposure_bias.by_market[m].ratio, 5);
      expect(slotRatio).toBeCloseTo(truth.exposure_bias.by_market[m].slot_ratio, 5);
      if (m === truth.exposure_bias.biased_group) expect(ratio).toBeLessThan(0.7);
      else expect(ratio).toBeGreaterThanOrEqual(0.8);
    }
    // Served-recommendation feedback: clicks fall with position.
    const ctr = (p: number) => { const at = exposures.filter((e) => Number(e.position) === p); return at.filter((e) => e.clicked === 'true').length / at.length; };
    expect(ctr(1)).toBeGreaterThan(ctr(8));
  });
});

describe('recs sample: vocabulary drift and code-switching', () => {
  const words = (t: string) => new Set(t.toLowerCase().match(/\p{L}+/gu) ?? []);
  it('slang posts start in the drift week and use words no earlier post uses; they carry a planted positive or negative label', () => {
    const slang = new Set<string>(truth.drift.slang_post_ids);
    expect(slang.size).toBeGreaterThan(20);
    const start = truth.drift.start_week;
    const before = new Set(posts.filter((p) => p.created_at! < start).flatMap((p) => [...words(p.text!)]));
    const planted = new Map(Object.entries(truth.posts.planted_labels.sentiment_by_id as Record<string, string[]>).flatMap(([l, ids]) => ids.map((id) => [id, l] as const)));
    for (const id of slang) {
      const p = postById.get(id)!;
      expect(p.created_at! >= start, id).toBe(true);
      // The slang sentence (first) shares no word with the earlier posts except function words and the product.
      const fresh = [...words(p.text!.split('. ')[0]!)].filter((w) => !before.has(w));
      expect(fresh.length, `${id}: ${p.text}`).toBeGreaterThanOrEqual(2);
      expect(['positive', 'negative'], id).toContain(planted.get(id));
    }
  });

  it('code-switched comments hold a Spanish and an English sentence', () => {
    const es = /\b(la|el|mi|de|que|me)\b/i;
    const en = /\b(the|and|my|it|with)\b/i;
    const ids: string[] = truth.code_switching.ids;
    expect(ids.length).toBeGreaterThan(20);
    for (const id of ids) {
      const p = postById.get(id)!;
      expect(p.kind, id).toBe('comment');
      expect(p.text, id).toMatch(es);
      expect(p.text, id).toMatch(en);
      for (const lang of ['en', 'es', 'de']) expect(truth.posts.languages.by_id[lang], id).not.toContain(id);
    }
  });
});

describe('recs sample: behavioural groups in the app sessions', () => {
  const sessions = rows(files['recs_sessions.csv']!);
  const groupOf = new Map(Object.entries(truth.behaviour_groups.users_by_group as Record<string, string[]>).flatMap(([g, ids]) => ids.map((id) => [id, g] as const)));

  it('every user has one planted group; sessions start on or after the signup day and their screens add up', () => {
    expect(groupOf.size).toBe(users.length);
    expect(sessions.length).toBe(truth.behaviour_groups.sessions);
    const signup = new Map(users.map((u) => [u.user_id!, u.signup_date!]));
    for (const s of sessions) {
      expect(s.started_at!.slice(0, 10) >= signup.get(s.user_id!)!, s.session_id).toBe(true);
      expect(Number(s.video_screens) + Number(s.article_screens) + Number(s.shop_screens) + Number(s.community_screens), s.session_id).toBe(Number(s.screens));
    }
  });

  it("each group's sessions show its planted habits: main content, hour and comments per screen", () => {
    const by = new Map<string, { n: number; hours: number[]; screens: Record<string, number>; total: number; comments: number }>();
    for (const s of sessions) {
      const g = groupOf.get(s.user_id!)!;
      const a = by.get(g) ?? { n: 0, hours: [], screens: { video: 0, article: 0, shop: 0, community: 0 }, total: 0, comments: 0 };
      a.n++;
      a.hours.push(Number(s.started_at!.slice(11, 13)));
      for (const c of ['video', 'article', 'shop', 'community']) a.screens[c]! += Number(s[`${c}_screens`]);
      a.total += Number(s.screens);
      a.comments += Number(s.comments);
      by.set(g, a);
    }
    for (const [g, p] of Object.entries(truth.behaviour_groups.groups as Record<string, { content_mix: Record<string, number>; hour: number; comments_per_screen: number }>)) {
      const a = by.get(g)!;
      const top = Object.entries(p.content_mix).sort((x, y) => y[1] - x[1])[0]![0];
      const seen = Object.entries(a.screens).sort((x, y) => y[1] - x[1])[0]![0];
      expect(seen, g).toBe(top);
      // Main content share: (1 − own) · planted + own · ¼ on average (own mixes average ¼ per type).
      const own = truth.behaviour_groups.own_mix_share;
      expect(a.screens[top]! / a.total, g).toBeCloseTo((1 - own) * p.content_mix[top]! + own / 4, 1);
      const median = [...a.hours].sort((x, y) => x - y)[Math.floor(a.hours.length / 2)]!;
      expect(Math.abs(median - p.hour), g).toBeLessThanOrEqual(1.5);
    }
    const community = by.get('community_regular')!;
    for (const [g, a] of by) if (g !== 'community_regular') expect(community.comments / community.total).toBeGreaterThan(3 * (a.comments / a.total));
  });
});

describe('recs sample sizes', () => {
  it('large has many more users, items, posts and interactions than small, with the same truths planted', () => {
    const large = generateRecs(7, 'large');
    const count = (name: string, set: typeof large) => {
      let n = 0;
      for (const c of set.find((f) => f.name === name)!.chunks()) for (let i = c.indexOf('\n'); i >= 0; i = c.indexOf('\n', i + 1)) n++;
      return n;
    };
    const small = generateRecs(7, 'small');
    for (const name of ['recs_users.csv', 'recs_items.csv', 'recs_posts.csv', 'recs_interactions.csv']) expect(count(name, large)).toBeGreaterThan(8 * count(name, small));
    count('recs_exposures.csv', large);
    count('recs_labels.csv', large);
    const t = JSON.parse([...large.find((f) => f.name === 'recs_truth.json')!.chunks()].join(''));
    expect(t.size).toBe('large');
    expect(t.agreement.cohen_kappa).toBeCloseTo(0.714286, 6);
    expect(t.exposure_bias.by_market.de.ratio).toBeLessThan(0.8);
    expect(t.interactions.similar_item_pairs.pairs.length).toBe(24);
    expect(t.near_duplicates.groups.length).toBeGreaterThan(200);
  }, 120_000);
});
