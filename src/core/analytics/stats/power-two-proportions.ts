import { normalCdf, normalQuantile } from './distributions.ts';
import { assertLevel } from './validate.ts';

/** Two-sided tests split alpha over both tails; one-sided tests put it in one. */
export type PowerAlternative = 'two-sided' | 'one-sided';

/**
 * Power of the two-sample test of equal proportions with `n` per group, by the normal
 * approximation R's `power.prop.test` uses (with its default `strict = FALSE`, i.e. ignoring the
 * far tail):
 *
 *   power = Φ((√n·|p1 - p2| - z_{1-α/2}·√((p1 + p2)(q1 + q2)/2)) / √(p1·q1 + p2·q2))
 *
 * @example
 * powerTwoProportions(50, 0.5, 0.75); // => 0.7401659 (R ?power.prop.test)
 */
export function powerTwoProportions(
  n: number,
  p1: number,
  p2: number,
  alpha = 0.05,
  alternative: PowerAlternative = 'two-sided',
): number {
  assertLevel(p1, 'p1');
  assertLevel(p2, 'p2');
  assertLevel(alpha, 'alpha');
  if (!(n > 0)) throw new Error(`powerTwoProportions: n is ${n}; it must be a positive number of trials per group.`);
  const zAlpha = normalQuantile(1 - alpha / (alternative === 'two-sided' ? 2 : 1));
  const q1 = 1 - p1;
  const q2 = 1 - p2;
  return normalCdf(
    (Math.sqrt(n) * Math.abs(p1 - p2) - zAlpha * Math.sqrt(((p1 + p2) * (q1 + q2)) / 2)) / Math.sqrt(p1 * q1 + p2 * q2),
  );
}
