import { normalQuantile } from './distributions.ts';
import { assertCounts, assertLevel } from './validate.ts';

/** Result of {@link relativeLiftInterval}. */
export interface RelativeLift {
  /** p1 / p2 - 1 from the raw counts (Infinity or NaN when the baseline rate is 0). */
  lift: number;
  low: number;
  high: number;
}

/**
 * Relative lift p1 / p2 - 1 of a treatment rate over a baseline rate, with the Katz et al. (1978)
 * log interval for the risk ratio: exp(log RR ± z · sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2)) - 1, the delta
 * method on the log scale (Altman, "Statistics with Confidence", ch. 7). The interval is
 * asymmetric, as a ratio's should be.
 *
 * When either group has 0 successes the log ratio is undefined; the interval then adds 0.5 to every
 * cell of the 2 x 2 table (Haldane–Anscombe correction, so each n grows by 1). The point `lift`
 * stays the raw ratio.
 *
 * @param x1 treatment successes, n1 treatment trials
 * @param x2 baseline successes, n2 baseline trials
 * @example
 * relativeLiftInterval(60, 1000, 50, 1000);
 * // => { lift: 0.2, low: -0.167…, high: 0.729… }
 */
export function relativeLiftInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence = 0.95,
): RelativeLift {
  assertCounts(x1, n1, 'relativeLiftInterval group 1');
  assertCounts(x2, n2, 'relativeLiftInterval baseline');
  assertLevel(confidence, 'confidence');
  const lift = x1 / n1 / (x2 / n2) - 1;
  // Haldane–Anscombe: 0.5 per cell, only when a zero count makes the log ratio undefined.
  const c = x1 === 0 || x2 === 0 ? 0.5 : 0;
  const a = x1 + c;
  const m1 = n1 + 2 * c;
  const b = x2 + c;
  const m2 = n2 + 2 * c;
  const logRatio = Math.log(a / m1 / (b / m2));
  const se = Math.sqrt(1 / a - 1 / m1 + 1 / b - 1 / m2);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return { lift, low: Math.exp(logRatio - z * se) - 1, high: Math.exp(logRatio + z * se) - 1 };
}
