import { describe, expect, it } from 'vitest';
import { elbowIndex, kmeansClusters, standardization } from '../../../../src/core/analytics/segmentation/kmeans.ts';
import { silhouetteSamples, silhouetteScore } from '../../../../src/core/analytics/segmentation/silhouette.ts';
import { mulberry32, standardNormal } from '../../../../src/core/analytics/random.ts';

/** Three well-separated blobs of 300, 200 and 100 points (sd 1, centres 20 apart). */
function blobs(seed: number) {
  const rand = mulberry32(seed);
  const centres = [[0, 0], [20, 0], [0, 20]];
  const sizes = [300, 200, 100];
  const points: number[][] = [];
  const truth: number[] = [];
  sizes.forEach((n, b) => {
    for (let i = 0; i < n; i++) {
      points.push([centres[b]![0]! + standardNormal(rand), centres[b]![1]! + standardNormal(rand)]);
      truth.push(b + 1);
    }
  });
  return { points, truth };
}

describe('silhouette (scikit-learn definition)', () => {
  it('hand example on a line: 0, 1 in one cluster, 4 alone: s = [3/4, 2/3, 0] (a singleton scores 0), mean 0.4722', () => {
    // Point 0: a = 1 (to 1), b = 4 (to 4): (4 − 1)/4. Point 1: a = 1, b = 3: (3 − 1)/3. Point 4: alone, 0.
    const s = silhouetteSamples([[0], [1], [4]], [0, 0, 1]);
    expect(s[0]).toBeCloseTo(0.75, 14);
    expect(s[1]).toBeCloseTo(2 / 3, 14);
    expect(s[2]).toBe(0);
    expect(silhouetteScore([[0], [1], [4]], [0, 0, 1]).score).toBeCloseTo((0.75 + 2 / 3) / 3, 14);
  });

  it('hand example in 2-D: {(0,0), (0,2)} vs {(5,0), (5,2)}: every point has a = 2, b = (5 + √29)/2, s = 0.614835', () => {
    const b = (5 + Math.sqrt(29)) / 2;
    const r = silhouetteScore([[0, 0], [0, 2], [5, 0], [5, 2]], [1, 1, 2, 2]);
    expect(r.score).toBeCloseTo((b - 2) / b, 14);
    expect(r.score).toBeCloseTo(0.614835, 6);
    expect(r.sampled).toBe(false);
  });

  it('samples with a seed (as silhouette_score(sample_size=…)): same seed, same value; close to the full score', () => {
    const { points, truth } = blobs(4);
    const full = silhouetteScore(points, truth).score;
    const a = silhouetteScore(points, truth, { sampleSize: 200, seed: 7 });
    const b = silhouetteScore(points, truth, { sampleSize: 200, seed: 7 });
    expect(a.sampled).toBe(true);
    expect(a.scored).toBe(200);
    expect(a.score).toBe(b.score);
    expect(Math.abs(a.score - full)).toBeLessThan(0.02);
  });

  it('needs 2 to n − 1 clusters', () => {
    expect(() => silhouetteSamples([[0], [1]], [0, 0])).toThrow(/2 to n − 1 clusters/);
  });
});

describe('kmeansClusters', () => {
  it('recovers three well-separated blobs exactly; clusters are numbered by size (300 → 1, 200 → 2, 100 → 3)', () => {
    const { points, truth } = blobs(1);
    const r = kmeansClusters(points, 3, { seed: 42 });
    expect(r.labels).toEqual(truth);
    expect(r.sizes).toEqual([300, 200, 100]);
    // Centroids are the blob means.
    const mean = (b: number, d: number) => points.filter((_, i) => truth[i] === b).reduce((a, p) => a + p[d]!, 0) / r.sizes[b - 1]!;
    for (const b of [1, 2, 3]) for (const d of [0, 1]) expect(r.centroids[b - 1]![d]).toBeCloseTo(mean(b, d), 10);
    // Within SS is the sum of squared distances to those means, and below the total SS.
    const within = points.reduce((a, p, i) => a + (p[0]! - mean(truth[i]!, 0)) ** 2 + (p[1]! - mean(truth[i]!, 1)) ** 2, 0);
    expect(r.inertia).toBeCloseTo(within, 8);
    expect(r.inertia / r.totalSs).toBeLessThan(0.02);
  });

  it('is deterministic for a seed, and k = 1 gives the mean with within SS = total SS', () => {
    const { points } = blobs(2);
    expect(kmeansClusters(points, 4, { seed: 5 }).labels).toEqual(kmeansClusters(points, 4, { seed: 5 }).labels);
    const one = kmeansClusters(points, 1, { seed: 5 });
    expect(one.inertia).toBeCloseTo(one.totalSs, 8);
    expect(one.labels.every((l) => l === 1)).toBe(true);
  });

  it('k equal to the number of distinct points puts each distinct value in its own cluster (duplicates together)', () => {
    const r = kmeansClusters([[1], [1], [2], [3]], 3, { seed: 9 });
    expect(r.sizes).toEqual([2, 1, 1]);
    expect(r.labels).toEqual([1, 1, 2, 3]);
    expect(r.inertia).toBe(0);
  });

  it('explains an impossible k', () => {
    expect(() => kmeansClusters([[1], [1], [2]], 3, { seed: 1 })).toThrow(/k = 3 but the data has only 2 distinct point/);
    expect(() => kmeansClusters([[1], [2]], 0, { seed: 1 })).toThrow(/k is 0/);
  });

  it('standardizes with the population sd (sklearn StandardScaler); a constant column keeps scale 1', () => {
    // Column 1: 1, 2, 3, 4 → mean 2.5, population variance 1.25.
    const { mean, sd } = standardization([[1, 7], [2, 7], [3, 7], [4, 7]]);
    expect(mean).toEqual([2.5, 7]);
    expect(sd[0]).toBeCloseTo(Math.sqrt(1.25), 14);
    expect(sd[1]).toBe(1);
  });

  it('elbow: the point farthest below the chord of the scaled within-SS curve (Kneedle); 100, 30, 20, 15, 12 → k = 2', () => {
    // Scaled: x = (k − 1)/4, y = (W − 12)/88; gaps 1 − x − y: k=2 0.545, k=3 0.409, k=4 0.216.
    expect(elbowIndex([1, 2, 3, 4, 5], [100, 30, 20, 15, 12])).toBe(1);
    expect(elbowIndex([1, 2], [10, 5])).toBeNull();
  });
});
