import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

/*
 * Hand-derived reference. Binary implicit feedback:
 *   u1: A B      u2: A B C      u3: B C      u4: A D      (u5: no interactions)
 * Users per item: A 3, B 3, C 2, D 1. Co-users: AB 2 (u1 u2), AC 1 (u2), AD 1 (u4), BC 2 (u2 u3), BD 0, CD 0.
 * Cosine = co / sqrt(nA nB): AB 2/3 = 0.6667, AC 1/√6 = 0.4082, AD 1/√3 = 0.5774, BC 2/√6 = 0.8165.
 * Jaccard = co / (nA + nB − co): AB 2/4 = 0.5, AC 1/4, AD 1/3, BC 2/3.
 * Scores (cosine), unseen items, sum of similarities to the user's items:
 *   u1 (A B): C = AC + BC = 0.4082 + 0.8165 = 1.2247 (evidence B 0.816, A 0.408); D = AD = 0.5774.
 *   u2 (A B C): D = 0.5774.   u3 (B C): A = AB + AC = 1.0749 (D has no pair with B or C).
 *   u4 (A D): B = AB = 0.6667; C = AC = 0.4082.
 * Popularity (users): A 3, B 3, C 2, D 1, ties by item id.
 */
let engine: NativeEngine;
const r3 = (x: unknown) => Math.round(Number(x) * 1e4) / 1e4;

beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.materialize('events', `SELECT * FROM (VALUES ('u1','A'),('u1','B'),('u1','B'),('u2','A'),('u2','B'),('u2','C'),('u3','B'),('u3','C'),('u4','A'),('u4','D'),(NULL,'A')) AS t(user_id, item_id)`);
  await engine.materialize('people', `SELECT * FROM (VALUES ('u1'),('u2'),('u3'),('u4'),('u5')) AS t(user_id)`);
  // Content similarities (a tfidf `similar` result): E is a new item, like A by its text.
  await engine.materialize('text_sim', `SELECT * FROM (VALUES ('A','E',0.9),('E','A',0.9),('B','C',0.4),('C','B',0.4),('A','D',0.1)) AS t(doc, similar_doc, cosine)`);
  await engine.materialize('ratings', `SELECT * FROM (VALUES ('u1','X',5),('u1','Y',3),('u2','X',4),('u2','Y',2),('u2','Z',5),('u3','Y',1),('u3','Z',4)) AS t(user_id, item_id, rating)`);
});
afterAll(() => engine.close());

async function run(body: string, id = 'c') {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`item-cf ${id}\n${body}\n\`\`\`\n`), engine, { previewRows: 100_000 });
  const r = runs.get(id)!;
  if (r.status !== 'ok') throw new Error(r.error);
  return { rows: rowsFromTable(r.result!.preview), note: r.result!.note ?? '' };
}
const recs = (rows: Record<string, unknown>[], user: string) => rows.filter((r) => r.user === user).map((r) => [r.item, r.source, r.score === null ? null : r3(r.score)]);

describe('item-cf', () => {
  it('gives the hand-derived cosine and Jaccard neighbours', async () => {
    const { rows } = await run('from: events\noutput: neighbours');
    expect(rows.map((r) => [r.item, r.neighbour, r.rank, r3(r.cosine), r3(r.jaccard), r.co_users])).toEqual([
      ['A', 'B', 1, 0.6667, 0.5, 2], ['A', 'D', 2, 0.5774, 0.3333, 1], ['A', 'C', 3, 0.4082, 0.25, 1],
      ['B', 'C', 1, 0.8165, 0.6667, 2], ['B', 'A', 2, 0.6667, 0.5, 2],
      ['C', 'B', 1, 0.8165, 0.6667, 2], ['C', 'A', 2, 0.4082, 0.25, 1],
      ['D', 'A', 1, 0.5774, 0.3333, 1],
    ]);
    // Ranked by Jaccard, A's neighbours are B 0.5, D 0.333, C 0.25.
    const j = await run('from: events\noutput: neighbours\nsimilarity: jaccard');
    expect(j.rows.filter((r) => r.item === 'A').map((r) => r.neighbour)).toEqual(['B', 'D', 'C']);
  });

  it('recommends unseen items by the sum of similarities, with the items that led to them, and popularity for the rest', async () => {
    const { rows, note } = await run('from: events\nusers: people\nk: 2');
    expect(recs(rows, 'u1')).toEqual([['C', 'collaborative', 1.2247], ['D', 'collaborative', 0.5774]]);
    expect(rows.find((r) => r.user === 'u1' && r.item === 'C')!.evidence).toBe('B (0.816), A (0.408)');
    expect(recs(rows, 'u2')).toEqual([['D', 'collaborative', 0.5774]]); // nothing else unseen
    // u3: A from CF, then D by popularity (D has no pair with B or C).
    expect(recs(rows, 'u3')).toEqual([['A', 'collaborative', 1.0749], ['D', 'popularity', null]]);
    expect(recs(rows, 'u4')).toEqual([['B', 'collaborative', 0.6667], ['C', 'collaborative', 0.4082]]);
    // Cold-start u5: the two most popular items, A and B tie on 3 users (ties by id).
    expect(recs(rows, 'u5')).toEqual([['A', 'popularity', null], ['B', 'popularity', null]]);
    expect(note).toContain('1 row(s) without a user, an item left out');
    expect(note).toContain('1 cold-start user(s)');
    // Jaccard scores for u1: C = 1/4 + 2/3 = 0.9167, D = 1/3.
    const j = await run('from: events\nk: 2\nsimilarity: jaccard');
    expect(recs(j.rows, 'u1')).toEqual([['C', 'collaborative', 0.9167], ['D', 'collaborative', 0.3333]]);
  });

  it('applies exclude, boost and pin rules after scoring (from a table named like a helper: rules)', async () => {
    await engine.materialize('rules', `SELECT * FROM (VALUES ('C','exclude',NULL,NULL),('D','boost',3.0,NULL),('B','pin',1.0,'u5')) AS t(item, rule, value, "user")`);
    const { rows } = await run('from: events\nusers: people\nrules: rules\nk: 2');
    // u1: C excluded; D boosted 0.5774 × 3 = 1.7321; nothing else unseen.
    expect(recs(rows, 'u1')).toEqual([['D', 'collaborative', 1.7321]]);
    // u4: B 0.6667, C excluded, so popularity has nothing left (A, D seen).
    expect(recs(rows, 'u4')).toEqual([['B', 'collaborative', 0.6667]]);
    // u5: B pinned first (for u5 only), then the most popular remaining, A.
    expect(recs(rows, 'u5')).toEqual([['B', 'pinned', null], ['A', 'popularity', null]]);
    await engine.materialize('rules2', `SELECT * FROM (VALUES ('C','promote',NULL)) AS t(item, rule, value)`);
    await expect(run('from: events\nrules: rules2')).rejects.toThrow(/row 1 of `rules2` \(rule `promote`, item `C`\): the rule must be one of exclude, pin, boost/);
  });

  it('scores cold-start items by content and blends content into warm items with a weight', async () => {
    const { rows, note } = await run('from: events\ncontent: text_sim\nk: 3');
    // u1 (A B): C 1.2247 (CF), E = cos(A→E) = 0.9 (content only: E has no interactions), D 0.5774.
    expect(recs(rows, 'u1')).toEqual([['C', 'collaborative', 1.2247], ['E', 'content', 0.9], ['D', 'collaborative', 0.5774]]);
    expect(rows.find((r) => r.user === 'u1' && r.item === 'E')!.evidence).toBe('A (0.900)');
    expect(note).toContain('1 cold-start item(s)');
    // Hybrid, weight 0.5: u1's content scores C = cos(B→C) 0.4, D = cos(A→D) 0.1.
    // C = 0.5·1.2247 + 0.5·0.4 = 0.8124; D = 0.5·0.5774 + 0.5·0.1 = 0.3387; E stays 0.9 (content only).
    const h = await run('from: events\ncontent: text_sim\ncontent_weight: 0.5\nk: 3');
    expect(recs(h.rows, 'u1')).toEqual([['E', 'content', 0.9], ['C', 'hybrid', 0.8124], ['D', 'hybrid', 0.3387]]);
  });

  it('uses ratings for explicit feedback (cosine and adjusted cosine)', async () => {
    // X: u1 5, u2 4. Y: u1 3, u2 2, u3 1. Z: u2 5, u3 4.
    // cos(X,Y) = (15 + 8) / (√41 · √14) = 23 / 23.958 = 0.9600; cos(Y,Z) = (10 + 4) / (√14 · √41) = 0.5843; cos(X,Z) = 20 / (√41·√41) = 0.4878.
    const { rows } = await run('from: ratings\nvalue: rating\nfeedback: explicit\noutput: neighbours');
    expect(rows.filter((r) => r.item === 'X').map((r) => [r.neighbour, r3(r.cosine)])).toEqual([['Y', 0.96], ['Z', 0.4878]]);
    // Centered on each user's mean (u1 4, u2 11/3, u3 2.5): X u1 +1, u2 +1/3; Y u1 −1, u2 −5/3, u3 −1.5; Z u2 +4/3, u3 +1.5.
    // cos(X,Z) = (1/3 · 4/3) / (√(1 + 1/9) · √(16/9 + 2.25)) = 0.4444 / (1.0541 · 2.0069) = 0.2101; X,Y and Y,Z are negative (not neighbours).
    const c = await run('from: ratings\nvalue: rating\nfeedback: explicit\ncenter: true\noutput: neighbours');
    expect(c.rows.map((r) => [r.item, r.neighbour, r3(r.cosine)])).toEqual([['X', 'Z', 0.2101], ['Z', 'X', 0.2101]]);
    await expect(run('from: ratings\nfeedback: explicit')).rejects.toThrow(/explicit feedback needs `value:`/);
  });

  it('trains only on interactions before a cut-off date', async () => {
    // The same events with dates; u3's B C and u4's D come on or after 2024-03-01, so training sees
    // u1: A B, u2: A B C, u4: A only. Then C's only co-user with A and B is u2: cos(A,C) = 1/√(3·1) = 0.5774 … and D is unknown.
    await engine.materialize('dated', `SELECT e.*, CASE WHEN (user_id = 'u3') OR (user_id = 'u4' AND item_id = 'D') THEN DATE '2024-03-02' ELSE DATE '2024-02-01' END AS day FROM events e`);
    const { rows, note } = await run('from: dated\ntime: day\nbefore: 2024-03-01\nk: 2');
    // Training: A {u1 u2 u4}, B {u1 u2}, C {u2}. u4 (A): B = 2/√6 = 0.8165, C = 1/√3 = 0.5774.
    expect(recs(rows, 'u4')).toEqual([['B', 'collaborative', 0.8165], ['C', 'collaborative', 0.5774]]);
    expect(rows.some((r) => r.user === 'u3')).toBe(false);
    expect(note).toContain('3 interaction(s) on or after 2024-03-01 (or without a time) left out of training');
    await expect(run('from: dated\nbefore: 2024-03-01')).rejects.toThrow(/before:.*needs `time:`/);
  });

  it('gives an empty typed result on an empty table', async () => {
    await engine.materialize('no_events', 'SELECT * FROM events WHERE false');
    const { rows, note } = await run('from: no_events');
    expect(rows).toEqual([]);
    expect(note).toContain('has no rows');
  });
});
