/**
 * Typed wrappers over the stdlib distribution functions the statistics cells need.
 *
 * Why stdlib and not simple-statistics: simple-statistics' normal CDF is a 2-decimal lookup table,
 * which is not precise enough for p-values or interval limits. Upper tails are computed directly
 * (not as `1 - cdf`) so small p-values keep their precision instead of rounding to 0.
 */
import normal from '@stdlib/stats-base-dists-normal';
import studentT from '@stdlib/stats-base-dists-t';
import chisquare from '@stdlib/stats-base-dists-chisquare';
import beta from '@stdlib/stats-base-dists-beta';
import gammainc from '@stdlib/math-base-special-gammainc';

/**
 * Standard normal cumulative distribution function, P(Z <= x).
 *
 * @example
 * normalCdf(1.959963984540054); // => 0.975
 */
export function normalCdf(x: number): number {
  return normal.cdf(x, 0, 1);
}

/**
 * Standard normal upper tail, P(Z > x), computed as Φ(-x) so it stays precise far in the tail.
 *
 * @example
 * normalSf(1.959963984540054); // => 0.025
 */
export function normalSf(x: number): number {
  return normal.cdf(-x, 0, 1);
}

/**
 * Standard normal quantile (inverse CDF), the z with P(Z <= z) = p.
 *
 * @example
 * normalQuantile(0.975); // => 1.959963984540054
 */
export function normalQuantile(p: number): number {
  return normal.quantile(p, 0, 1);
}

/**
 * Chi-square cumulative distribution function with `df` degrees of freedom.
 *
 * @example
 * chiSquareCdf(3.841458820694124, 1); // => 0.95
 */
export function chiSquareCdf(x: number, df: number): number {
  return chisquare.cdf(x, df);
}

/**
 * Chi-square survival function P(X > x): the p-value of a chi-square statistic. Uses the upper
 * regularized incomplete gamma function Q(df/2, x/2) directly, so tiny p-values do not round to 0.
 *
 * @example
 * chiSquareSf(3.841458820694124, 1); // => 0.05
 */
export function chiSquareSf(x: number, df: number): number {
  if (Number.isNaN(x) || Number.isNaN(df) || df <= 0) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return gammainc(x / 2, df / 2, true, true);
}

/**
 * Chi-square quantile with `df` degrees of freedom.
 *
 * @example
 * chiSquareQuantile(0.95, 1); // => 3.841458820694124
 */
export function chiSquareQuantile(p: number, df: number): number {
  return chisquare.quantile(p, df);
}

/**
 * Student t cumulative distribution function with `df` degrees of freedom.
 *
 * @example
 * tCdf(2.228138851986273, 10); // => 0.975
 */
export function tCdf(x: number, df: number): number {
  return studentT.cdf(x, df);
}

/**
 * Student t quantile with `df` degrees of freedom.
 *
 * @example
 * tQuantile(0.975, 10); // => 2.228138851986273
 */
export function tQuantile(p: number, df: number): number {
  return studentT.quantile(p, df);
}

/**
 * Beta cumulative distribution function.
 *
 * @example
 * betaCdf(0.5, 2, 2); // => 0.5
 */
export function betaCdf(x: number, alpha: number, betaParam: number): number {
  return beta.cdf(x, alpha, betaParam);
}

/**
 * Beta quantile (inverse CDF), as R's `qbeta(p, alpha, beta)`.
 *
 * @example
 * betaQuantile(0.5, 2, 2); // => 0.5
 */
export function betaQuantile(p: number, alpha: number, betaParam: number): number {
  return beta.quantile(p, alpha, betaParam);
}
