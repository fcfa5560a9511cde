/**
 * Fellegi–Sunter record linkage weights (Fellegi & Sunter 1969, "A theory for record linkage",
 * JASA 64): for each compared field, m = P(agree | same person) and u = P(agree | different people).
 * Agreement adds log2(m/u) to a pair's score, disagreement adds log2((1−m)/(1−u)), a missing value
 * adds 0; the score is the log2 likelihood ratio of "same person" under conditional independence.
 */

export interface FieldWeights {
  agree: number;
  disagree: number;
}

/** Probabilities are kept inside (0, 1) so the logs stay finite (a field seen once has u → 0). */
const EPS = 1e-9;
const clamp = (p: number) => Math.min(1 - EPS, Math.max(EPS, p));

/**
 * Agreement and disagreement weights in bits.
 *
 * @example
 * fieldWeights(0.9, 0.01); // => { agree: 6.4919 (log2 90), disagree: -3.3074 (log2 0.1/0.99) }
 */
export function fieldWeights(m: number, u: number): FieldWeights {
  if (!(m > 0 && m < 1)) throw new Error(`m must be in (0, 1), got ${m}`);
  const mm = clamp(m);
  const uu = clamp(u);
  return { agree: Math.log2(mm / uu), disagree: Math.log2((1 - mm) / (1 - uu)) };
}

/**
 * u for exact agreement estimated from value frequencies: the chance that two records drawn at random
 * agree, Σ p_v² (Winkler's frequency-based u).
 *
 * @example
 * uFromCounts([2, 1, 1]); // => 0.375 (= 0.5² + 0.25² + 0.25²)
 */
export function uFromCounts(counts: readonly number[]): number {
  const n = counts.reduce((s, c) => s + c, 0);
  if (n === 0) return 0;
  return counts.reduce((s, c) => s + (c / n) ** 2, 0);
}

/**
 * u for "within a window" agreement of times, from counts per bucket one window wide (bucket index =
 * floor(time / window)): the same bucket always agrees, adjacent buckets agree half the time (exact
 * for a locally uniform spread).
 *
 * @example
 * uWithinWindow([[0, 1], [1, 1]]); // => 0.75 (= ¼ + ¼ + 2·½·¼)
 * uWithinWindow([[0, 1], [5, 1]]); // => 0.5 (far apart buckets never agree)
 */
export function uWithinWindow(buckets: readonly (readonly [bucket: number, count: number])[]): number {
  const n = buckets.reduce((s, [, c]) => s + c, 0);
  if (n === 0) return 0;
  const byBucket = new Map(buckets.map(([b, c]) => [b, c / n]));
  let u = 0;
  for (const [b, p] of byBucket) u += p * p + p * (byBucket.get(b + 1) ?? 0);
  return u;
}

/**
 * A pair's score: the sum of the weights of the fields both records have.
 *
 * @example
 * pairScore([true, false, null], [fieldWeights(0.9, 0.01), fieldWeights(0.9, 0.5), fieldWeights(0.9, 0.1)]);
 * // => log2(90) + log2(0.2) ≈ 4.17
 */
export function pairScore(agreements: readonly (boolean | null)[], weights: readonly FieldWeights[]): number {
  let s = 0;
  agreements.forEach((a, i) => {
    if (a === null) return;
    s += a ? weights[i]!.agree : weights[i]!.disagree;
  });
  return s;
}
