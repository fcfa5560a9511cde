import { wilsonInterval, type Interval } from './wilson-interval.ts';
import { assertCounts, assertLevel } from './validate.ts';

/**
 * Confidence interval for the difference of two independent proportions p1 - p2 by Newcombe's
 * hybrid score method (Newcombe 1998, method 10): each group's Wilson interval is combined with the
 * "square-and-add" rule. It keeps near-nominal coverage where the Wald interval fails (small counts,
 * rates near 0 or 1 — the usual state of CTR data) and never leaves [-1, 1].
 *
 * @param confidence two-sided level, default 0.95
 * @example
 * proportionDifferenceInterval(56, 70, 48, 80);
 * // => { low: 0.0524…, high: 0.3339… } (Newcombe 1998, Table II, example a)
 */
export function proportionDifferenceInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence = 0.95,
): Interval {
  assertCounts(x1, n1, 'proportionDifferenceInterval group 1');
  assertCounts(x2, n2, 'proportionDifferenceInterval group 2');
  assertLevel(confidence, 'confidence');
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const w1 = wilsonInterval(x1, n1, confidence);
  const w2 = wilsonInterval(x2, n2, confidence);
  const d = p1 - p2;
  const low = d - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2);
  const high = d + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2);
  return { low: Math.max(-1, low), high: Math.min(1, high) };
}
