import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

// Hand-derived (see tests/core/analytics/segmentation/dbscan.test.ts): eps = 10, min_samples = 4 on a line.
//   x = 0, 3, 6, 9 → cluster 0, all core; 19 → border (3 neighbours: 9, 19, 29), reached first by cluster 0;
//   29, 32, 35, 38 → cluster 1, core; 100 → noise. A row with no value is left out (cluster NULL).
// y is a second feature: 0 everywhere but 1000 on the noise row, so raw and standardized distances differ.
const DATA = `\`\`\`sql pts
SELECT * FROM (VALUES
  ('a', 0.0, 0.0), ('b', 3, 0), ('c', 6, 0), ('d', 9, 0), ('border', 19, 0), ('e', 29, 0), ('f', 32, 0), ('g', 35, 0), ('h', 38, 0),
  ('far', 100, 0), ('empty', NULL, 0)
) AS t(id, x, y)
\`\`\`

\`\`\`sql sklearn_docs
SELECT * FROM (VALUES (1, 2), (2, 2), (2, 3), (8, 7), (8, 8), (25, 80)) AS t(f1, f2)
\`\`\`

\`\`\`sql none
SELECT * FROM pts WHERE x > 1000
\`\`\`
`;

beforeAll(async () => {
  engine = await NativeEngine.create();
});
afterAll(() => engine.close());

async function run(body: string) {
  const { runs } = await runNotebook(parseNotebook(`${DATA}\n\`\`\`dbscan out\n${body}\`\`\`\n`), engine);
  const r = runs.get('out')!;
  if (r.error) return { error: r.error, rows: [] as Record<string, any>[], columns: [] as string[], note: undefined };
  return { error: undefined, rows: rowsFromTable(r.result!.preview) as Record<string, any>[], columns: r.result!.columns.map((c) => c.name), note: r.result!.note };
}

describe('dbscan', () => {
  it('rows: every source row in its order with cluster (−1 noise, NULL left out) and core / border / noise', async () => {
    const { rows, columns, note, error } = await run('from: pts\ncolumns: [x]\neps: 10\nmin_samples: 4\n');
    expect(error).toBeUndefined();
    expect(columns).toEqual(['id', 'x', 'y', 'cluster', 'point_type']);
    expect(rows.map((r) => [r.id, r.cluster, r.point_type])).toEqual([
      ['a', 0, 'core'], ['b', 0, 'core'], ['c', 0, 'core'], ['d', 0, 'core'], ['border', 0, 'border'],
      ['e', 1, 'core'], ['f', 1, 'core'], ['g', 1, 'core'], ['h', 1, 'core'], ['far', -1, 'noise'], ['empty', null, null],
    ]);
    expect(note).toContain('1 row(s) with an empty or non-finite x left out (cluster NULL)');
    expect(note).toContain('2 cluster(s), 1 noise row(s) of 10');
    expect((await engine.listTables()).filter((t) => t.startsWith('__dbscan'))).toEqual([]);
  });

  it('the scikit-learn docs example through SQL: labels 0, 0, 0, 1, 1, −1', async () => {
    const { rows } = await run('from: sklearn_docs\ncolumns: [f1, f2]\neps: 3\nmin_samples: 2\n');
    expect(rows.map((r) => r.cluster)).toEqual([0, 0, 0, 1, 1, -1]);
  });

  it('summary: size, share, core points and feature means per cluster, noise last; silhouette of the clustered rows', async () => {
    const { rows, columns } = await run('from: pts\ncolumns: [x]\neps: 10\nmin_samples: 4\noutput: summary\n');
    expect(columns).toEqual(['cluster', 'size', 'share', 'core_points', 'x', 'silhouette']);
    expect(rows.map((r) => [r.cluster, r.size, r.core_points, r.x])).toEqual([[0, 5, 4, (0 + 3 + 6 + 9 + 19) / 5], [1, 4, 4, (29 + 32 + 35 + 38) / 4], [-1, 1, 0, 100]]);
    expect(rows[0]!.share).toBeCloseTo(0.5, 12);
    // Hand-derived silhouette, cluster 0 = {0, 3, 6, 9, 19}, cluster 1 = {29, 32, 35, 38}:
    //   e.g. s(0): a = (3+6+9+19)/4 = 9.25, b = (29+32+35+38)/4 = 33.5 → 0.72388; mean over the 9 rows:
    const c0 = [0, 3, 6, 9, 19];
    const c1 = [29, 32, 35, 38];
    const s = (v: number, own: number[], other: number[]) => {
      const a = own.filter((w) => w !== v).reduce((t, w) => t + Math.abs(v - w), 0) / (own.length - 1);
      const b = other.reduce((t, w) => t + Math.abs(v - w), 0) / other.length;
      return (b - a) / Math.max(a, b);
    };
    const expected = [...c0.map((v) => s(v, c0, c1)), ...c1.map((v) => s(v, c1, c0))].reduce((t, v) => t + v, 0) / 9;
    expect(rows[0]!.silhouette).toBeCloseTo(expected, 12);
  });

  it('standardize: true measures eps in standard deviations: eps = 10 / sd(x) on z-scores gives the raw eps = 10 clusters', async () => {
    // x's population sd over the 10 rows with a value (StandardScaler); y is constant (sd 0: left unscaled).
    const xs = [0, 3, 6, 9, 19, 29, 32, 35, 38, 100];
    const mean = xs.reduce((t, v) => t + v, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((t, v) => t + (v - mean) ** 2, 0) / xs.length);
    const raw = await run('from: pts\ncolumns: [x, y]\neps: 10\nmin_samples: 4\n');
    const z = await run(`from: pts\ncolumns: [x, y]\neps: ${(10 / sd) * (1 + 1e-12)}\nmin_samples: 4\nstandardize: true\n`);
    expect(z.note).toContain('eps is in standard deviations');
    expect(z.rows.map((r) => r.cluster)).toEqual(raw.rows.map((r) => r.cluster));
    // A slightly smaller eps in standard units splits the border row off (19 is exactly 10 from 9 and 29).
    const tight = await run(`from: pts\ncolumns: [x]\neps: ${(9.9 / sd)}\nmin_samples: 4\nstandardize: true\n`);
    expect(tight.rows.find((r) => r.id === 'border')!.cluster).toBe(-1);
  });

  it('k_distance: the sorted k-dist graph (descending) with its knee as the suggested eps (hand-derived)', async () => {
    // min_samples 4 → the 3rd nearest other row: 0 → 9, 3 → 6, 6 → 6, 9 → 9, 19 → 13, 29 → 9, 32 → 6, 35 → 6, 38 → 9, 100 → 68.
    // Descending 68, 13, 9, 9, 9, 9, 6, 6, 6, 6; Kneedle on ranks 1..10: the gap 1 − x − y is largest at rank 2
    // (x = 1/9, y = 7/62 → 0.776), so eps ≈ 13 (everything but 100 becomes core).
    const { rows, columns, note } = await run('from: pts\ncolumns: [x]\nmin_samples: 4\noutput: k_distance\n');
    expect(columns).toEqual(['rank', 'k_distance', 'knee']);
    expect(rows.map((r) => r.k_distance)).toEqual([68, 13, 9, 9, 9, 9, 6, 6, 6, 6]);
    expect(rows.filter((r) => r.knee).map((r) => r.rank)).toEqual([2]);
    expect(note).toContain('suggested eps ≈ 13 (the knee, rank 2 of 10');
  });

  it('bad input and empty input', async () => {
    expect((await run('from: pts\ncolumns: [id]\neps: 1\n')).error).toMatch(/`id` is VARCHAR, not a number/);
    expect((await run('from: pts\ncolumns: [x]\n')).error).toMatch(/needs `eps:`/);
    expect((await run('from: pts\ncolumns: [x]\neps: 0\n')).error).toMatch(/`eps:` must be above 0/);
    expect((await run('from: pts\ncolumns: [x]\neps: 1\nmin_samples: 2.5\n')).error).toMatch(/`min_samples:` must be a whole number/);
    const empty = await run('from: none\ncolumns: [x]\neps: 1\noutput: summary\n');
    expect(empty.rows).toEqual([]);
    expect(empty.columns).toEqual(['cluster', 'size', 'share', 'core_points', 'x', 'silhouette']);
    expect(empty.note).toMatch(/result is empty/);
  });
});
