import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromColumns } from '../../../src/core/arrow.ts';
import { mulberry32 } from '../../../src/core/analytics/random.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';
import { runKind } from './runKind.ts';

let engine: NativeEngine;
const day = (i: number) => new Date(Date.UTC(2024, 2, 1) + i * 86_400_000).toISOString().slice(0, 10);

// Four micro influencers over 30 days. `bought` gains ~+20,000 followers on 2024-03-16 and its comments
// repeat; its engagement per post stays that of a 40k account while its followers reach 60k.
beforeAll(async () => {
  engine = await NativeEngine.create();
  const rand = mulberry32(6);
  const rows: { account: string; date: string; followers: number; engagements: number; posts: number }[] = [];
  const start: Record<string, number> = { honest_a: 40_000, honest_b: 55_000, honest_c: 30_000, bought: 40_000 };
  for (const [acct, f0] of Object.entries(start)) {
    let f = f0;
    for (let i = 0; i < 30; i++) {
      f += 50 + Math.round(40 * rand()) + (acct === 'bought' && i === 15 ? 20_000 : 0);
      const base = acct === 'bought' ? 40_000 : f;
      rows.push({ account: acct, date: day(i), followers: f, engagements: Math.round(base * 0.03 * (0.9 + 0.2 * rand())), posts: 1 });
    }
  }
  await engine.registerArrow('accounts', tableFromColumns([
    { name: 'account', type: 'VARCHAR', values: rows.map((r) => r.account) },
    { name: 'date', type: 'DATE', values: rows.map((r) => r.date) },
    { name: 'followers', type: 'DOUBLE', values: rows.map((r) => r.followers) },
    { name: 'engagements', type: 'DOUBLE', values: rows.map((r) => r.engagements) },
    { name: 'posts', type: 'DOUBLE', values: rows.map((r) => r.posts) },
  ]));
  const comments: [string, string][] = [];
  for (const acct of ['honest_a', 'honest_b', 'honest_c']) for (let i = 0; i < 20; i++) comments.push([acct, `comment ${i} about the post from ${acct}`]);
  comments.push(['honest_a', 'Love it!'], ['honest_a', 'love it']);
  for (let i = 0; i < 20; i++) comments.push(['bought', i % 4 === 0 ? `real question ${i}?` : i % 2 ? 'Nice pic 🔥' : 'nice   pic 🔥!!']);
  await engine.registerArrow('comments', tableFromColumns([
    { name: 'account', type: 'VARCHAR', values: comments.map((c) => c[0]) },
    { name: 'text', type: 'VARCHAR', values: comments.map((c) => c[1]) },
  ]));
});
afterAll(() => engine.close());

const run = (body: string) => runKind(engine, 'authenticity', body);

describe('authenticity', () => {
  it('flags the account with bought followers and repeated comments, and none of the honest ones', async () => {
    const { rows, error, verdict } = await run('from: accounts\nengagements: engagements\nposts: posts\ncomments: comments\n');
    expect(error).toBeUndefined();
    const by = Object.fromEntries(rows.map((r) => [r.account, r]));
    expect(by.bought.flagged).toBe(true);
    expect(by.bought.spike_date).toBe('2024-03-16');
    expect(by.bought.spike_gain).toBeGreaterThan(20_000);
    expect(by.bought.max_growth_z).toBeGreaterThan(8);
    expect(by.bought.growth_component).toBe(1);
    // 15 of its 20 comments are "nice pic 🔥" once normalized (case, spaces, trailing !!).
    expect(by.bought.duplicate_share).toBeCloseTo(15 / 20, 15);
    expect(by.bought.size_band).toBe('micro');
    expect(by.bought.engagement_ratio).toBeLessThan(0.8);
    for (const h of ['honest_a', 'honest_b', 'honest_c']) expect(by[h].flagged).toBe(false);
    // "Love it!" and "love it" are one text: 2 of honest_a's 22 comments repeat.
    expect(by.honest_a.duplicate_share).toBeCloseTo(2 / 22, 15);
    expect(by.bought.reasons).toMatch(/follower jump z = .* on 2024-03-16/);
    expect(verdict).toMatch(/^1 of 4 accounts flagged: bought/);
  });

  it('without comments or engagement the score uses the signals available', async () => {
    const { rows, note } = await run('from: accounts\n');
    const bought = rows.find((r) => r.account === 'bought')!;
    expect(bought.duplicate_component).toBeNull();
    expect(bought.engagement_component).toBeNull();
    expect(bought.score).toBeCloseTo(100, 10);
    expect(note).toMatch(/no `comments:` table/);
  });

  it('names bad options', async () => {
    expect((await run('from: accounts\nweights: { reach: 1 }\n')).error).toMatch(/`weights:` `reach` is not a signal/);
    expect((await run('from: accounts\nfollowers: fans\n')).error).toMatch(/`fans` is not a column of `accounts`/);
  });
});
