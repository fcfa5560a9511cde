/**
 * k-means clustering for segmentation: greedy k-means++ starts (seeded, as scikit-learn's
 * `_kmeans_plusplus`) and Lloyd iterations, several restarts keeping the lowest within-cluster sum of
 * squares (scikit-learn's n_init), optional standardization
 * (z-scores with the population standard deviation, as sklearn's StandardScaler), clusters numbered
 * 1..k by size so the same data and seed always give the same labels, and centroids reported back in
 * the original units.
 */
import { lloyd } from './lloyd.ts';

/** Options of {@link kmeansClusters}. */
export interface KmeansOptions {
  seed: number;
  /** Independent k-means++ starts; the lowest within-cluster SS wins (default 10). */
  restarts?: number;
  maxIterations?: number;
}

/** Result of {@link kmeansClusters}. */
export interface KmeansResult {
  /** Cluster 1..k of each point, numbered by size (largest first). */
  labels: number[];
  /** Centroids in the units of the points given. */
  centroids: number[][];
  sizes: number[];
  /** Within-cluster sum of squared distances, per cluster. */
  withinSs: number[];
  /** Total within-cluster sum of squares (sklearn's inertia_). */
  inertia: number;
  /** Total sum of squares around the overall mean (the inertia of k = 1). */
  totalSs: number;
  /** Which restart won (0-based) and its iterations. */
  restart: number;
  iterations: number;
}

/**
 * Column means and population standard deviations; a constant column keeps scale 1 (as StandardScaler).
 *
 * @example
 * standardization([[1, 7], [3, 7]]); // => { mean: [2, 7], sd: [1, 1] }
 */
export function standardization(points: readonly (readonly number[])[]): { mean: number[]; sd: number[] } {
  const n = points.length;
  const d = points[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, j) => points.reduce((a, p) => a + p[j]!, 0) / n);
  const sd = mean.map((m, j) => {
    const v = Math.sqrt(points.reduce((a, p) => a + (p[j]! - m) ** 2, 0) / n);
    return v > 0 ? v : 1;
  });
  return { mean, sd };
}

const sq = (p: readonly number[], q: readonly number[]) => {
  let s = 0;
  for (let d = 0; d < p.length; d++) s += (p[d]! - q[d]!) ** 2;
  return s;
};

/**
 * Cluster points into k groups.
 *
 * @example
 * kmeansClusters([[0, 0], [0, 1], [10, 10], [10, 11], [10, 12]], 2, { seed: 1 }).labels; // => [2, 2, 1, 1, 1]
 */
export function kmeansClusters(points: readonly (readonly number[])[], k: number, options: KmeansOptions): KmeansResult {
  const n = points.length;
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`k is ${k}; it must be a whole number of at least 1`);
  const distinct = new Set(points.map((p) => p.join('|'))).size;
  if (k > distinct) throw new Error(`k = ${k} but the data has only ${distinct} distinct point(s)`);
  const restarts = options.restarts ?? 10;
  const data = points.map((p) => [...p]);
  const overall = standardization(points).mean;
  const totalSs = points.reduce((a, p) => a + sq(p, overall), 0);
  let best: { clusters: number[]; centroids: number[][]; inertia: number; restart: number; iterations: number } | null = null;
  for (let r = 0; r < restarts; r++) {
    const res = lloyd(data, k, options.seed + r, options.maxIterations ?? 300);
    if (!best || res.inertia < best.inertia - 1e-12 * Math.max(1, totalSs)) best = { clusters: res.labels, centroids: res.centroids, inertia: res.inertia, restart: r, iterations: res.iterations };
  }
  // Centroids as exact cluster means of the winning labels.
  const sizes0 = new Array(k).fill(0);
  const sums = Array.from({ length: k }, () => new Array(points[0]!.length).fill(0));
  best!.clusters.forEach((c, i) => {
    sizes0[c]++;
    points[i]!.forEach((v, d) => (sums[c]![d] += v));
  });
  const centroids0 = sums.map((s, c) => (sizes0[c] ? s.map((v: number) => v / sizes0[c]) : best!.centroids[c]!));
  // Number clusters by size, ties by the centroid's coordinates, so labels do not depend on restart order.
  const order = Array.from({ length: k }, (_, c) => c).sort((x, y) => sizes0[y] - sizes0[x] || compare(centroids0[x]!, centroids0[y]!));
  const rank = new Array(k);
  order.forEach((c, j) => (rank[c] = j));
  const labels = best!.clusters.map((c) => rank[c] + 1);
  const centroids = order.map((c) => centroids0[c]!);
  const withinSs = new Array(k).fill(0);
  labels.forEach((l, i) => (withinSs[l - 1] += sq(points[i]!, centroids[l - 1]!)));
  return {
    labels, centroids, sizes: order.map((c) => sizes0[c]), withinSs, inertia: withinSs.reduce((a, v) => a + v, 0), totalSs,
    restart: best!.restart, iterations: best!.iterations,
  };
}

function compare(p: readonly number[], q: readonly number[]): number {
  for (let d = 0; d < p.length; d++) if (p[d] !== q[d]) return p[d]! - q[d]!;
  return 0;
}

/**
 * The elbow of a decreasing within-SS curve: the k farthest below the straight line from the first
 * to the last point, with both axes scaled to [0, 1] (the Kneedle rule of Satopää et al. 2011 for a
 * convex decreasing curve). Returns the index into `ks`, or null with fewer than 3 points.
 *
 * @example
 * elbowIndex([1, 2, 3, 4, 5], [100, 30, 20, 15, 12]); // => 1 (k = 2)
 */
export function elbowIndex(ks: readonly number[], withinSs: readonly number[]): number | null {
  if (ks.length < 3) return null;
  const k0 = ks[0]!;
  const k1 = ks[ks.length - 1]!;
  const w0 = withinSs[0]!;
  const w1 = withinSs[withinSs.length - 1]!;
  if (w0 === w1) return null;
  let best = -Infinity;
  let at: number | null = null;
  ks.forEach((k, i) => {
    const x = (k - k0) / (k1 - k0);
    const y = (withinSs[i]! - w1) / (w0 - w1);
    const gap = 1 - x - y;
    if (gap > best + 1e-12) {
      best = gap;
      at = i;
    }
  });
  return best > 0 ? at : null;
}
