import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

// Group a: 1…9 and 100. Group b: 5, 5, 5, 5, 9 (MAD 0). Group c: two values only. One NULL in a.
beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.materialize(
    'accounts',
    `SELECT * FROM (VALUES ${[...[1, 2, 3, 4, 5, 6, 7, 8, 9, 100].map((x, i) => `('a', ${i + 1}, ${x}.0)`), `('a', 11, NULL)`,
      ...[5, 5, 5, 5, 9].map((x, i) => `('b', ${20 + i}, ${x}.0)`), `('c', 30, 1.0)`, `('c', 31, 1000.0)`].join(', ')}) AS t(platform, id, followers)`,
  );
  await engine.materialize('none', `SELECT * FROM accounts WHERE false`);
});
afterAll(() => engine.close());

async function run(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`outliers c\n${body}\n\`\`\`\n`), engine, { previewRows: 100_000 });
  return runs.get('c')!;
}
async function rows(body: string) {
  const r = await run(body);
  if (r.status !== 'ok') throw new Error(r.error);
  return { rows: rowsFromTable(r.result!.preview), note: r.result!.note, verdict: r.result!.verdict };
}

describe('outliers', () => {
  it('matches median / MAD z-scores and R type-7 Tukey fences derived by hand', async () => {
    // Group a = 1…9, 100: median 5.5; |x − 5.5| sorted 0.5 0.5 1.5 1.5 2.5 2.5 3.5 3.5 4.5 94.5 → MAD 2.5;
    // z(100) = 94.5 / (1.4826 × 2.5) = 25.4957; z(1) = −4.5 / 3.7065 = −1.2141.
    // R: quantile(c(1:9, 100), c(.25, .75)) (type 7) = 3.25, 7.75; IQR 4.5; fences −3.5 and 14.5.
    const { rows: out, note } = await rows('from: accounts\ncolumn: followers\nby: platform');
    const a = out.filter((r) => r.platform === 'a');
    expect(a[0]).toMatchObject({ median: 5.5, mad: 2.5, q1: 3.25, q3: 7.75, lower_fence: -3.5, upper_fence: 14.5 });
    expect(a.find((r) => r.id === 10)!.robust_z).toBeCloseTo(94.5 / (1.4826 * 2.5), 10);
    expect(a.find((r) => r.id === 1)!.robust_z).toBeCloseTo(-4.5 / (1.4826 * 2.5), 10);
    expect(a.filter((r) => r.outlier).map((r) => [r.id, r.rule, r.direction])).toEqual([[10, 'mad+iqr', 'high']]);
    expect(a.find((r) => r.id === 11)).toMatchObject({ followers: null, outlier: null, mad_outlier: null });
    // Group b: median 5, MAD 0 → no z; quartiles 5, 5 → fences 5, 5, so 9 is an IQR outlier only.
    const b = out.filter((r) => r.platform === 'b');
    expect(b.map((r) => [r.robust_z, r.outlier, r.rule])).toEqual([[null, false, null], [null, false, null], [null, false, null], [null, false, null], [null, true, 'iqr']]);
    // Group c has 2 values (< min_n 5): not judged.
    expect(out.filter((r) => r.platform === 'c').map((r) => r.outlier)).toEqual([null, null]);
    expect(note).toBe('1 row(s) with an empty or non-finite `followers` are kept unflagged (flags null); 2 row(s) in groups of fewer than 5 values are not judged (flags null; set `min_n:`); 5 row(s) are in groups whose MAD is 0 (over half the values equal): robust_z is null there and only the IQR fences can flag');
  });

  it('honours method, side, threshold and k, and lists only the outliers, largest |z| first', async () => {
    const { rows: mad } = await rows('from: accounts\ncolumn: followers\nby: platform\nmethod: mad\noutput: outliers');
    expect(mad.map((r) => r.id)).toEqual([10]);
    const { rows: low } = await rows('from: accounts\ncolumn: followers\nby: platform\nside: low\noutput: outliers');
    expect(low).toEqual([]);
    // Without groups, all 17 values 1 1 2 3 4 5 5 5 5 5 6 7 8 9 9 100 1000: median 5, MAD 2 (scaled 2.9652);
    // threshold 1 flags |x − 5| > 2.9652: 1, 1, 2, 8, 9, 9, 100, 1000. Type 7 quartiles x(5) = 4, x(13) = 8,
    // k 0.5 → fences 2 and 10: 1, 1, 100, 1000. Ordered by |z| (995, 95, 4, 4, 4, 4, 3, 3 over 2.9652), ties in row order.
    const { rows: all } = await rows('from: accounts\ncolumn: followers\nthreshold: 1\nk: 0.5\nmin_n: 2\noutput: outliers');
    expect(all.map((r) => [r.id, r.rule])).toEqual([[31, 'mad+iqr'], [10, 'mad+iqr'], [1, 'mad+iqr'], [9, 'mad'], [24, 'mad'], [30, 'mad+iqr'], [2, 'mad'], [8, 'mad']]);
  });

  it('summarizes groups with counts and a verdict', async () => {
    const { rows: g, verdict } = await rows('from: accounts\ncolumn: followers\nby: platform\noutput: groups');
    expect(g.map((r) => [r.group, r.n, r.n_missing, r.iqr, r.n_outliers, r.n_high, r.n_low])).toEqual([
      ['a', 10, 1, 4.5, 1, 1, 0], ['b', 5, 0, 0, 1, 1, 0], ['c', 2, 0, 499.5, 0, 0, 0],
    ]);
    expect(verdict).toBe('2 outlier(s) in 17 values (2 high, 0 low); most in a (1)');
  });

  it('returns typed empty results and names wrong options', async () => {
    const r = await run('from: none\ncolumn: followers');
    expect(r.status).toBe('ok');
    expect(r.result!.columns.map((c) => c.name)).toEqual(['platform', 'id', 'followers', 'median', 'mad', 'robust_z', 'q1', 'q3', 'lower_fence', 'upper_fence', 'mad_outlier', 'iqr_outlier', 'outlier', 'rule', 'direction']);
    expect((await run('from: accounts\ncolumn: followers\nmethod: zscore')).error).toContain('must be one of either, all, mad, iqr');
    expect((await run('from: accounts\ncolumn: follower')).error).toContain('`follower` is not a column');
  });
});
