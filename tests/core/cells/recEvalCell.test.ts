import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;
const values = (rows: string[]) => `SELECT * FROM (VALUES ${rows.join(', ')})`;

beforeAll(async () => {
  engine = await NativeEngine.create();
  // ml_metrics (benhamner/Metrics) test_average_precision: mapk([[1,3,4],[1,2,4],[1,3]], [range(1,6)] * 3, 3) = 0.685185185185185.
  const list = (u: string, model: string, items: number[]) => items.map((i, r) => `('${model}', '${u}', '${i}', ${r + 1})`);
  await engine.materialize('recs', `${values([
    ...['a', 'b', 'c'].flatMap((u) => list(u, 'cf', [1, 2, 3, 4, 5])),
    ...['a', 'b', 'c'].flatMap((u) => list(u, 'popular', [5, 2, 1, 3, 4])),
  ])} AS t(model, "user", item, rank)`);
  await engine.materialize('heldout', `${values(["('a','1')", "('a','3')", "('a','4')", "('b','1')", "('b','2')", "('b','4')", "('c','1')", "('c','3')"])} AS t(user_id, item_id)`);
  // ml_metrics: mapk([range(1,6), range(1,6)], [[6,4,7,1,2], [1,1,1,1,1]], 5) = 0.26 (apk 0.32 and 0.2).
  await engine.materialize('recs2', `${values([...list('d', 'm', [6, 4, 7, 1, 2]), ...list('e', 'm', [1, 1, 1, 1, 1])])} AS t(model, "user", item, rank)`);
  await engine.materialize('heldout2', `${values(['d', 'e'].flatMap((u) => [1, 2, 3, 4, 5].map((i) => `('${u}', '${i}')`)))} AS t(user_id, item_id)`);
  await engine.materialize('item_groups', `${values(["('1','big')", "('2','big')", "('3','small')", "('4','small')", "('5','small')"])} AS t(item_id, "group")`);
});
afterAll(() => engine.close());

async function run(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`rec-eval c\n${body}\n\`\`\`\n`), engine, { previewRows: 100_000 });
  const r = runs.get('c')!;
  if (r.status !== 'ok') throw new Error(r.error);
  return { rows: rowsFromTable(r.result!.preview), note: r.result!.note ?? '', verdict: r.result!.verdict };
}

describe('rec-eval', () => {
  it("matches ml_metrics' published MAP@k examples", async () => {
    const { rows } = await run('from: recs\nrelevant: heldout\nk: 3');
    expect(Number(rows.find((r) => r.model === 'cf')!.map)).toBeCloseTo(0.685185185185185, 12);
    const two = await run('from: recs2\nrelevant: heldout2\nk: 5');
    expect(Number(two.rows[0]!.map)).toBeCloseTo(0.26, 12);
    const users = await run('from: recs2\nrelevant: heldout2\nk: 5\noutput: users');
    // apk(range(1,6), [6,4,7,1,2], 5) = 0.32; apk(range(1,6), [1,1,1,1,1], 5) = 0.2 (a repeated item counts once).
    expect(users.rows.map((r) => [r.user, Number(r.ap)])).toEqual([['d', expect.closeTo(0.32, 12)], ['e', expect.closeTo(0.2, 12)]]);
    // ml_metrics apk(range(1,6), [6,4,7,1,2], 2) = 0.25 (hit at 2: P@2 = 1/2, over min(5, 2)).
    const k2 = await run('from: recs2\nrelevant: heldout2\nk: 2\noutput: users');
    expect(Number(k2.rows[0]!.ap)).toBeCloseTo(0.25, 12);
  });

  it('gives hand-derived precision, recall, NDCG, hit rate and coverage per user and per model', async () => {
    const { rows } = await run('from: recs\nrelevant: heldout\nk: 3\noutput: users');
    // Model cf lists 1, 2, 3 to everyone. a: relevant {1,3,4}: hits at 1 and 3. DCG = 1/log2(2) + 1/log2(4) = 1.5;
    // IDCG over min(3, 3) = 1 + 1/log2(3) + 1/2 = 2.1309298; NDCG = 0.7039180. b: {1,2,4}: hits at 1, 2: DCG = 1.6309298,
    // NDCG = 0.7653606. c: {1,3}: DCG 1.5, IDCG over min(3, 2) = 1.6309298, NDCG = 0.9197208.
    const idcg3 = 1 + 1 / Math.log2(3) + 0.5;
    const idcg2 = 1 + 1 / Math.log2(3);
    const cf = rows.filter((r) => r.model === 'cf').map((r) => [r.user, Number(r.hits), Number(r.precision), Number(r.recall), Number(r.ndcg)]);
    expect(cf).toEqual([
      ['a', 2, expect.closeTo(2 / 3, 12), expect.closeTo(2 / 3, 12), expect.closeTo(1.5 / idcg3, 12)],
      ['b', 2, expect.closeTo(2 / 3, 12), expect.closeTo(2 / 3, 12), expect.closeTo(idcg2 / idcg3, 12)],
      ['c', 2, expect.closeTo(2 / 3, 12), expect.closeTo(1, 12), expect.closeTo(1.5 / idcg2, 12)],
    ]);
    const summary = await run('from: recs\nrelevant: heldout\nk: 3');
    const s = summary.rows.find((r) => r.model === 'cf')!;
    expect(Number(s.ndcg)).toBeCloseTo((1.5 / idcg3 + idcg2 / idcg3 + 1.5 / idcg2) / 3, 12);
    expect(Number(s.recall)).toBeCloseTo((2 / 3 + 2 / 3 + 1) / 3, 12);
    expect(Number(s.hit_rate)).toBe(1);
    // Catalogue: items 1–5 (lists and held-out); cf shows 1, 2, 3 → coverage 3/5.
    expect(Number(s.coverage)).toBeCloseTo(0.6, 12);
    // popular lists 5, 2, 1: a hits 1 at 3 → DCG 0.5; b hits 2, 1 at 2, 3 → 1/log2(3) + 0.5; c hits 1 at 3 → 0.5.
    const p = summary.rows.find((r) => r.model === 'popular')!;
    expect(Number(p.ndcg)).toBeCloseTo((0.5 / idcg3 + (1 / Math.log2(3) + 0.5) / idcg3 + 0.5 / idcg2) / 3, 12);
    expect(summary.rows.map((r) => r.model)).toEqual(['cf', 'popular']);
    // Means: cf (0.7039 + 0.7654 + 0.9197) / 3 = 0.7963; popular (0.2346 + 0.5307 + 0.3066) / 3 = 0.3573.
    expect(summary.verdict).toBe('cf beats popular on NDCG@3: 0.796 vs 0.357 (precision@3 66.7 %, recall@3 77.8 % over 3 users)');
  });

  it('flags exposure disparity between item groups', async () => {
    const { rows, verdict } = await run('from: recs\nrelevant: heldout\nk: 3\noutput: exposure\ngroups: item_groups');
    // cf shows 1, 2, 3 to three users: big (1, 2) 6 of 9 slots = 0.667, small 3/9 = 0.333. Relevant pairs: big 4 of 8,
    // small 4 of 8. Ratios 1.333 (> 1/0.8 = 1.25) and 0.667 (< 0.8): both flagged. Hits: big 4 (recall 1), small 2 (0.5).
    expect(rows.filter((r) => r.model === 'cf').map((r) => [r.group, Number(r.exposure_share), Number(r.relevant_share), Number(r.ratio), r.disparity, Number(r.hits), Number(r.recall)])).toEqual([
      ['big', expect.closeTo(2 / 3, 12), 0.5, expect.closeTo(4 / 3, 12), true, 4, 1],
      ['small', expect.closeTo(1 / 3, 12), 0.5, expect.closeTo(2 / 3, 12), true, 2, 0.5],
    ]);
    expect(verdict).toContain('cf: group small gets 33.3 % of exposure vs 50.0 % of relevant items (ratio 0.667) — disparity');
    // With the ratio at 0.6, 0.667 and 1.333 (< 1/0.6 = 1.667) are within bounds.
    const loose = await run('from: recs\nrelevant: heldout\nk: 3\noutput: exposure\ngroups: item_groups\nparity_ratio: 0.6');
    expect(loose.rows.filter((r) => r.model === 'cf').every((r) => r.disparity === false)).toBe(true);
  });

  it('evaluates on a held-out period of dated interactions', async () => {
    // b's items dated in March fall outside the period: only a and c are evaluated (cf: NDCG 0.7039 and 0.9197).
    await engine.materialize('heldout_dated', `SELECT *, CASE WHEN user_id = 'b' THEN DATE '2024-03-05' ELSE DATE '2024-02-10' END AS day FROM heldout`);
    const { rows, note } = await run('from: recs\nrelevant: heldout_dated\nrelevant_time: day\nperiod_start: 2024-02-01\nperiod_end: 2024-02-29\nk: 3');
    const cf = rows.find((r) => r.model === 'cf')!;
    expect(Number(cf.users)).toBe(2);
    expect(Number(cf.ndcg)).toBeCloseTo((1.5 / (1 + 1 / Math.log2(3) + 0.5) + 1.5 / (1 + 1 / Math.log2(3))) / 2, 12);
    expect(note).toContain('held-out period 2024-02-01 to 2024-02-29');
  });

  it('notes users it cannot evaluate and names a missing column', async () => {
    await engine.materialize('recs3', `${values(["('x', '1', 1)", "('a', '1', 1)"])} AS t("user", item, rank)`);
    const { rows, note } = await run('from: recs3\nrelevant: heldout\nk: 1\noutput: users');
    expect(note).toContain('1 user(s) with recommendations but no held-out items are not evaluated');
    expect(note).toContain('2 user(s) with held-out items got no list and count as 0');
    expect(rows.map((r) => [r.user, Number(r.hits)])).toEqual([['a', 1], ['b', 0], ['c', 0]]);
    await expect(run('from: recs\nrelevant: heldout\nrelevant_item: sku')).rejects.toThrow(/`heldout` has no column `sku`/);
  });
});
