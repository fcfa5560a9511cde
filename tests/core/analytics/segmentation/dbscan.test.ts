import { describe, expect, it } from 'vitest';
import { dbscan, kDistances } from '../../../../src/core/analytics/segmentation/dbscan.ts';
import { mulberry32, standardNormal } from '../../../../src/core/analytics/random.ts';

describe('dbscan', () => {
  it('scikit-learn docs example: DBSCAN(eps=3, min_samples=2) on six points → labels [0, 0, 0, 1, 1, -1]', () => {
    // https://scikit-learn.org/stable/modules/generated/sklearn.cluster.DBSCAN.html (Examples)
    const X = [[1, 2], [2, 2], [2, 3], [8, 7], [8, 8], [25, 80]];
    const r = dbscan(X, 3, 2);
    expect(r.labels).toEqual([0, 0, 0, 1, 1, -1]);
    expect(r.clusters).toBe(2);
  });

  // Hand-derived, eps = 10, min_samples = 4 (a point counts itself), on a line:
  //   X = 0, 3, 6, 9: each has the other three within 10 → 4 neighbours → core.
  //   B = 19: within 10 of 9 (X) and 29 (Y) → neighbours {9, 19, 29} = 3 < 4 → border, not core.
  //   Y = 29, 32, 35, 38: 29 has {19, 29, 32, 35, 38} = 5, the others 4 → core.
  //   N = 100: alone → noise (−1).
  // B belongs to whichever cluster is grown first, i.e. whose first core point comes first in the input.
  const X = [0, 3, 6, 9];
  const Y = [29, 32, 35, 38];
  it('core, border and noise as scikit-learn defines them; the border point goes to the first cluster that reaches it', () => {
    const xFirst = dbscan([...X, 19, ...Y, 100].map((v) => [v]), 10, 4);
    expect(xFirst.labels).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, -1]);
    expect(xFirst.core).toEqual([true, true, true, true, false, true, true, true, true, false]);
    const yFirst = dbscan([...Y, 19, ...X, 100].map((v) => [v]), 10, 4);
    expect(yFirst.labels).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, -1]);
    // Y first: B (index 4) now carries Y's label 0.
    const xLast = dbscan([100, 19, ...Y, ...X].map((v) => [v]), 10, 4);
    expect(xLast.labels).toEqual([-1, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('min_samples counts the point itself: min_samples = 1 makes every point a core point (no noise)', () => {
    expect(dbscan([[0], [100]], 1, 1).labels).toEqual([0, 1]);
    expect(dbscan([[0], [100]], 1, 2).labels).toEqual([-1, -1]);
  });

  it('the grid index gives exactly the brute-force O(n²) labels (2,000 points in 3 dimensions, 5 columns)', () => {
    const rand = mulberry32(5);
    const pts = Array.from({ length: 2000 }, (_, i) => {
      const c = i % 4;
      return [c * 3 + standardNormal(rand), (c % 2) * 4 + standardNormal(rand), standardNormal(rand), 10 * rand(), rand()];
    });
    const eps = 1.1;
    const minSamples = 6;
    // Independent reference: sklearn's algorithm with neighbourhoods from all pairs.
    const nb = pts.map((p) => pts.flatMap((q, j) => (Math.sqrt(p.reduce((s, v, k) => s + (v - q[k]!) ** 2, 0)) <= eps ? [j] : [])));
    const core = nb.map((list) => list.length >= minSamples);
    const labels = new Array(pts.length).fill(-1);
    let label = 0;
    for (let s = 0; s < pts.length; s++) {
      if (labels[s] !== -1 || !core[s]) continue;
      const stack = [s];
      while (stack.length) {
        const i = stack.pop()!;
        if (labels[i] !== -1) continue;
        labels[i] = label;
        if (core[i]) for (const j of nb[i]!) if (labels[j] === -1) stack.push(j);
      }
      label++;
    }
    const r = dbscan(pts, eps, minSamples);
    expect(r.core).toEqual(core);
    expect(r.labels).toEqual(labels);
    expect(r.clusters).toBeGreaterThan(1);
  });

  it('scales: 40,000 points in three planted blobs plus uniform noise in under 4 s (0.8 s measured), blobs recovered', () => {
    const rand = mulberry32(9);
    const centres = [[0, 0], [10, 0], [0, 10]];
    const pts: number[][] = [];
    for (let i = 0; i < 39_000; i++) {
      const c = centres[i % 3]!;
      pts.push([c[0]! + 0.7 * standardNormal(rand), c[1]! + 0.7 * standardNormal(rand)]);
    }
    for (let i = 0; i < 1000; i++) pts.push([-20 + 50 * rand(), -20 + 50 * rand()]);
    const t0 = performance.now();
    const r = dbscan(pts, 0.3, 10);
    expect(performance.now() - t0).toBeLessThan(4000);
    expect(r.clusters).toBe(3);
    // Every blob point of one planted centre carries one label (blob points far in the tail may be noise).
    for (let c = 0; c < 3; c++) {
      const counts = new Map<number, number>();
      for (let i = c; i < 39_000; i += 3) counts.set(r.labels[i]!, (counts.get(r.labels[i]!) ?? 0) + 1);
      const [top] = [...counts.entries()].filter(([l]) => l !== -1).sort((a, b) => b[1] - a[1]);
      expect(top![1]).toBeGreaterThan(0.95 * 13_000);
    }
  });

  it('refuses a non-positive eps and a fractional min_samples', () => {
    expect(() => dbscan([[0]], 0, 2)).toThrow(/eps must be a positive number/);
    expect(() => dbscan([[0]], 1, 2.5)).toThrow(/min_samples must be a whole number/);
  });
});

describe('kDistances', () => {
  it('distance to the k-th nearest point counting itself (hand-derived on 0, 1, 3, 6, 10)', () => {
    const pts = [[0], [1], [3], [6], [10]];
    // k = 2: the nearest other point. k = 3: the second nearest other (0: {1, 3} → 3; 10: {6, 3} → 7).
    expect(kDistances(pts, 2).distances).toEqual([1, 1, 2, 3, 4]);
    expect(kDistances(pts, 3).distances).toEqual([3, 2, 3, 4, 7]);
    // k = 1 is the point itself.
    expect(kDistances(pts, 1).distances).toEqual([0, 0, 0, 0, 0]);
  });

  it('a seeded sample is scored against every point: the sampled values are the full-data ones', () => {
    const rand = mulberry32(3);
    const pts = Array.from({ length: 500 }, () => [standardNormal(rand), standardNormal(rand)]);
    const all = kDistances(pts, 5).distances;
    const some = kDistances(pts, 5, { sampleSize: 50, seed: 1 });
    expect(some.indices).toHaveLength(50);
    some.indices.forEach((i, j) => expect(some.distances[j]).toBe(all[i]));
    expect(kDistances(pts, 5, { sampleSize: 50, seed: 1 }).indices).toEqual(some.indices);
  });
});
