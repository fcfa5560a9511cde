/**
 * How far one categorical distribution is from another: Pearson's chi-square goodness of fit of
 * counts against reference shares, total variation distance and the Jensen–Shannon divergence of
 * two share vectors. Pure functions over aligned arrays (category i in both).
 */
import { chiSquareSf } from './distributions.ts';

export interface GoodnessOfFit {
  statistic: number;
  df: number;
  p: number;
}

/**
 * Pearson's chi-square goodness-of-fit test of observed counts against expected counts or shares
 * (rescaled to the observed total), df = categories − 1 − `ddof`; as scipy.stats.chisquare.
 * A category with expected 0 and observed > 0 makes the statistic infinite (p = 0).
 * @example
 * chiSquareGoodnessOfFit([16, 18, 16, 14, 12, 12]); // => { statistic: 2, df: 5, p: 0.8491… } (scipy docs)
 */
export function chiSquareGoodnessOfFit(observed: readonly number[], expected?: readonly number[], ddof = 0): GoodnessOfFit {
  const k = observed.length;
  if (k < 2) throw new Error('chiSquareGoodnessOfFit: needs at least two categories');
  if (expected && expected.length !== k) throw new Error('chiSquareGoodnessOfFit: observed and expected differ in length');
  const n = observed.reduce((a, b) => a + b, 0);
  const exp = expected ?? observed.map(() => 1);
  const total = exp.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new Error('chiSquareGoodnessOfFit: the expected values sum to 0');
  let statistic = 0;
  for (let i = 0; i < k; i++) {
    const e = (exp[i]! / total) * n;
    const d = observed[i]! - e;
    if (e === 0) statistic += d === 0 ? 0 : Infinity;
    else statistic += (d * d) / e;
  }
  const df = k - 1 - ddof;
  return { statistic, df, p: Number.isFinite(statistic) ? chiSquareSf(statistic, df) : 0 };
}

const normalized = (xs: readonly number[]) => {
  const s = xs.reduce((a, b) => a + b, 0);
  if (!(s > 0)) throw new Error('a distribution needs a positive total');
  return xs.map((x) => x / s);
};

/**
 * Total variation distance ½ Σ |p − q| of two distributions (normalized to sum 1): the largest
 * difference in probability the two give any set of categories, in [0, 1].
 * @example
 * totalVariationDistance([0.5, 0.5], [0.9, 0.1]); // => 0.4
 */
export function totalVariationDistance(p: readonly number[], q: readonly number[]): number {
  const a = normalized(p);
  const b = normalized(q);
  return 0.5 * a.reduce((s, x, i) => s + Math.abs(x - b[i]!), 0);
}

/**
 * Jensen–Shannon divergence ½ KL(p ‖ m) + ½ KL(q ‖ m), m = (p + q) / 2, in log `base` (default 2, so
 * it lies in [0, 1]); 0·log 0 = 0. scipy.spatial.distance.jensenshannon returns its square root (the
 * Jensen–Shannon distance).
 * @example
 * Math.sqrt(jensenShannonDivergence([1, 0], [0.5, 0.5], Math.E)); // => 0.4645… (scipy docs)
 */
export function jensenShannonDivergence(p: readonly number[], q: readonly number[], base = 2): number {
  const a = normalized(p);
  const b = normalized(q);
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    const m = (a[i]! + b[i]!) / 2;
    if (a[i]! > 0) d += 0.5 * a[i]! * Math.log(a[i]! / m);
    if (b[i]! > 0) d += 0.5 * b[i]! * Math.log(b[i]! / m);
  }
  return Math.max(0, d / Math.log(base));
}
