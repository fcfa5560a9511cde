import { mulberry32 } from '../random.ts';

export interface FeatureImportance {
  feature: string;
  /** Mean increase in loss when the feature is shuffled (higher = more important). */
  importance: number;
  /** Standard deviation of that increase over the repeats. */
  sd: number;
}

export interface PermutationImportanceOptions {
  /** Shuffles per feature (default 5, scikit-learn's default: enough for a rough sd of the importance). */
  repeats?: number;
  /** PRNG seed, for reproducible results (default 1). */
  seed?: number;
}

/**
 * Permutation importance (Breiman 2001; Fisher, Rudin & Dominici 2019 "model reliance"): how much
 * a model's loss grows when one feature's values are shuffled across rows, breaking its link with
 * the outcome while keeping its distribution. Model-agnostic: pass any `predict` and any `loss`
 * where lower is better (e.g. `logLoss`, or `(y, p) => 1 - auc(y, p)`). Evaluate on held-out rows.
 *
 * @example
 * permutationImportance((X) => X.a.map((a) => a), { a: [0, 1, 0, 1], b: [1, 1, 0, 0] }, [0, 1, 0, 1],
 *   (y, p) => y.reduce((s, v, i) => s + (v - p[i]) ** 2, 0) / y.length);
 * // => b has importance 0 (the model ignores it), a > 0
 */
export function permutationImportance(
  predict: (X: Record<string, number[]>) => number[],
  X: Record<string, number[]>,
  y: number[],
  loss: (y: number[], predictions: number[]) => number,
  options: PermutationImportanceOptions = {},
): FeatureImportance[] {
  const repeats = options.repeats ?? 5;
  const rand = mulberry32(options.seed ?? 1);
  const base = loss(y, predict(X));
  const out: FeatureImportance[] = [];
  for (const feature of Object.keys(X)) {
    const deltas: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const col = [...X[feature]!];
      for (let i = col.length - 1; i > 0; i--) {
        // Fisher–Yates shuffle
        const j = Math.floor(rand() * (i + 1));
        [col[i], col[j]] = [col[j]!, col[i]!];
      }
      deltas.push(loss(y, predict({ ...X, [feature]: col })) - base);
    }
    const mean = deltas.reduce((a, b) => a + b, 0) / repeats;
    const sd = repeats > 1 ? Math.sqrt(deltas.reduce((a, d) => a + (d - mean) ** 2, 0) / (repeats - 1)) : 0;
    out.push({ feature, importance: mean, sd });
  }
  return out.sort((a, b) => b.importance - a.importance);
}
