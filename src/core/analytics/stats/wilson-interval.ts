import { normalQuantile } from './distributions.ts';
import { assertCounts, assertLevel } from './validate.ts';

/** A two-sided interval. */
export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson (1927) score interval for a binomial proportion: the interval R's
 * `prop.test(x, n, correct = FALSE)` reports. Unlike the Wald interval it stays inside [0, 1] and
 * keeps near-nominal coverage for small counts and rates near 0 or 1 (Agresti & Coull 1998).
 *
 * @param successes number of successes x (0 ≤ x ≤ trials)
 * @param trials number of trials n (> 0)
 * @param confidence two-sided confidence level, default 0.95
 * @example
 * wilsonInterval(81, 263); // => { low: 0.2553…, high: 0.3662… } (Newcombe 1998, Table I)
 * wilsonInterval(0, 20);   // => { low: 0, high: 0.1611… }
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  assertCounts(successes, trials, 'wilsonInterval');
  assertLevel(confidence, 'confidence');
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const n = trials;
  const p = successes / n;
  const z2 = z * z;
  const center = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denom = 1 + z2 / n;
  // At x = 0 or x = n the formula gives exactly 0 or 1 algebraically; pin them so floating-point
  // residue (e.g. -1e-17) never leaks out.
  const low = successes === 0 ? 0 : Math.max(0, (center - half) / denom);
  const high = successes === n ? 1 : Math.min(1, (center + half) / denom);
  return { low, high };
}
