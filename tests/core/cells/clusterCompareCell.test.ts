import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';
import { runKind } from './runKind.ts';

let engine: NativeEngine;

// a = [0, 0, 1, 2], b = [0, 0, 1, 1] (scikit-learn's adjusted_rand_score docs pair: ARI 0.5714285714285715,
// rand_score 0.83…), x = 0, 1, 4, 5 for the silhouettes; a fifth row has no b label.
const DATA = `\`\`\`sql labels
SELECT * FROM (VALUES (0.0, 0, 'p'), (1, 0, 'p'), (4, 1, 'q'), (5, 2, 'q'), (9, 2, NULL)) AS t(x, a, b)
\`\`\`

\`\`\`sql nothing
SELECT * FROM labels WHERE x < 0
\`\`\`
`;

beforeAll(async () => {
  engine = await NativeEngine.create();
});
afterAll(() => engine.close());

const run = (body: string) => runKind(engine, 'cluster-compare', body, `${DATA}\n`);

// Hand-derived silhouettes (Euclidean on x, scikit-learn's definition, s = 0 for a row alone in its group):
//   a = {0, 1 | 4 | 5}: s(0) = 1 − 1/4 = 0.75, s(1) = 1 − 1/3 = 0.6667, s(4) = s(5) = 0 → mean 0.3541667
//   b = {0, 1 | 4, 5}:  s(0) = 1 − 1/4.5, s(1) = 1 − 1/3.5, s(4) = 1 − 1/3.5, s(5) = 1 − 1/4.5 → mean 0.7460317
const silA = (0.75 + 2 / 3) / 4;
const silB = (2 * (1 - 1 / 4.5) + 2 * (1 - 1 / 3.5)) / 4;

describe('cluster-compare', () => {
  it('scores: ARI and Rand index from the SQL contingency table, silhouettes of both labelings, verdict', async () => {
    const { rows, columns, note, verdict, error } = await run('from: labels\na: a\nb: b\ncolumns: [x]\n');
    expect(error).toBeUndefined();
    expect(columns).toEqual(['items', 'a_clusters', 'b_clusters', 'ari', 'rand_index', 'agreement', 'silhouette_a', 'silhouette_b']);
    const [r] = rows;
    expect([r!.items, r!.a_clusters, r!.b_clusters, r!.agreement]).toEqual([4, 3, 2, 'poor']);
    expect(r!.ari).toBeCloseTo(0.5714285714285715, 14);
    expect(r!.rand_index).toBeCloseTo(5 / 6, 14);
    expect(r!.silhouette_a).toBeCloseTo(silA, 12);
    expect(r!.silhouette_b).toBeCloseTo(silB, 12);
    expect(note).toContain('1 row(s) without a label in `a` or `b` left out');
    expect(verdict).toBe('a and b agree poorly: adjusted Rand index 0.571 over 4 rows (3 vs 2 groups; 1 = the same partition, 0 = chance)');
  });

  it('crosstab: counts per pair of labels with the share of each row label and column label', async () => {
    const { rows } = await run('from: labels\na: a\nb: b\noutput: crosstab\n');
    expect(rows).toEqual([
      { a: '0', b: 'p', count: 2, share_of_a: 1, share_of_b: 1 },
      { a: '1', b: 'q', count: 1, share_of_a: 1, share_of_b: 0.5 },
      { a: '2', b: 'q', count: 1, share_of_a: 1, share_of_b: 0.5 },
    ]);
  });

  it('silhouette: per label of each labeling, with the overall score; a alone scores its silhouette', async () => {
    const { rows } = await run('from: labels\na: a\nb: b\ncolumns: [x]\noutput: silhouette\n');
    expect(rows.map((r) => [r.labeling, r.label, r.size])).toEqual([['a', '0', 2], ['a', '1', 1], ['a', '2', 1], ['b', 'p', 2], ['b', 'q', 2]]);
    expect(rows[0]!.silhouette).toBeCloseTo((0.75 + 2 / 3) / 2, 12);
    expect(rows[1]!.silhouette).toBe(0);
    expect(rows[3]!.overall).toBeCloseTo(silB, 12);
    // Without b, the fifth row (x = 9, a = 2) counts: a = {0, 1 | 4 | 5, 9}.
    const alone = await run('from: labels\na: a\ncolumns: [x]\n');
    // s(0): a = 1, b = min(4, 7) → 0.75; s(1): a = 1, b = min(3, 6) → 2/3; s(4): alone → 0;
    // s(5): a = 4 (to 9), b = min(4.5, 1) = 1 → (1 − 4)/4 = −0.75; s(9): a = 4, b = min(8.5, 5) = 5 → 0.2.
    expect(alone.rows[0]!.silhouette_a).toBeCloseTo((0.75 + 2 / 3 + 0 - 0.75 + 0.2) / 5, 12);
    expect(alone.rows[0]!.ari).toBeNull();
  });

  it('bad input and empty input', async () => {
    expect((await run('from: labels\nb: b\n')).error).toMatch(/needs `a:`/);
    expect((await run('from: labels\na: a\n')).error).toMatch(/give a second labeling \(`b:`\)/);
    expect((await run('from: labels\na: a\noutput: crosstab\ncolumns: [x]\n')).error).toMatch(/cross-tab needs two labelings/);
    expect((await run('from: labels\na: a\ncolumns: [b]\n')).error).toMatch(/`b` is VARCHAR, not a number/);
    const empty = await run('from: nothing\na: a\nb: b\n');
    expect(empty.rows).toEqual([]);
    expect(empty.columns).toContain('ari');
    expect(empty.note).toMatch(/result is empty/);
  });
});
