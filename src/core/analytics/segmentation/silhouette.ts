/**
 * Silhouette coefficient as scikit-learn defines it (sklearn.metrics.silhouette_samples /
 * silhouette_score, Rousseeuw 1987), with Euclidean distances: for sample i, a(i) is the mean
 * distance to the other members of its cluster, b(i) the smallest mean distance to the members of
 * another cluster, s(i) = (b − a) / max(a, b), and s(i) = 0 when i is alone in its cluster.
 */
import { mulberry32 } from '../random.ts';

/** Result of {@link silhouetteScore}. */
export interface Silhouette {
  /** Mean s(i) over the samples scored. */
  score: number;
  /** Rows scored (all of them, or the sample). */
  scored: number;
  /** Whether a seeded random sample was scored instead of every row. */
  sampled: boolean;
  /** s(i) of each scored point, and the point's index in the input. */
  samples: number[];
  indices: number[];
}

/**
 * s(i) for every point.
 *
 * @example
 * // Points 0, 1 (cluster 0) and 4 (cluster 1) on a line: s = [0.75, 0.6667, 0]
 * silhouetteSamples([[0], [1], [4]], [0, 0, 1]);
 */
export function silhouetteSamples(points: readonly (readonly number[])[], labels: readonly number[]): number[] {
  const n = points.length;
  if (labels.length !== n) throw new Error(`${n} points but ${labels.length} labels`);
  const ids = [...new Set(labels)].sort((x, y) => x - y);
  const index = new Map(ids.map((c, j) => [c, j]));
  const sizes = new Array(ids.length).fill(0);
  for (const l of labels) sizes[index.get(l)!]++;
  if (ids.length < 2 || ids.length > n - 1) throw new Error(`the silhouette needs 2 to n − 1 clusters (got ${ids.length} for ${n} points)`);
  const out = new Array<number>(n);
  const sums = new Float64Array(ids.length);
  // Flat copies: the O(n²) loop below is the cost, so keep it on typed arrays.
  const d = points[0]?.length ?? 0;
  const x = new Float64Array(n * d);
  points.forEach((p, i) => p.forEach((v, j) => (x[i * d + j] = v)));
  const lab = Int32Array.from(labels, (l) => index.get(l)!);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let q = 0; q < d; q++) s += (x[i * d + q]! - x[j * d + q]!) ** 2;
      sums[lab[j]!] += Math.sqrt(s);
    }
    const own = lab[i]!;
    if (sizes[own] === 1) {
      out[i] = 0;
      continue;
    }
    const a = sums[own]! / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < ids.length; c++) if (c !== own) b = Math.min(b, sums[c]! / sizes[c]);
    out[i] = b === a ? 0 : (b - a) / Math.max(a, b);
  }
  return out;
}

/**
 * Mean silhouette, as sklearn.metrics.silhouette_score. With `sampleSize` below n it scores a seeded
 * random subset (distances within the subset only), as silhouette_score(sample_size=…) does.
 *
 * @example
 * silhouetteScore([[0], [1], [4]], [0, 0, 1]).score; // => (0.75 + 2/3 + 0) / 3 = 0.4722
 */
export function silhouetteScore(points: readonly (readonly number[])[], labels: readonly number[], options: { sampleSize?: number; seed?: number } = {}): Silhouette {
  const n = points.length;
  const size = options.sampleSize ?? n;
  if (size >= n) {
    const s = silhouetteSamples(points, labels);
    return { score: s.reduce((a, v) => a + v, 0) / n, scored: n, sampled: false, samples: s, indices: points.map((_, i) => i) };
  }
  // Partial Fisher–Yates shuffle: the first `size` indices are a uniform sample without replacement.
  const rand = mulberry32(options.seed ?? 0);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(rand() * (n - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  const pick = idx.slice(0, size).sort((x, y) => x - y);
  const s = silhouetteSamples(pick.map((i) => points[i]!), pick.map((i) => labels[i]!));
  return { score: s.reduce((a, v) => a + v, 0) / size, scored: size, sampled: true, samples: s, indices: pick };
}
