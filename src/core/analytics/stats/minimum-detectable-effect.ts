import { powerTwoProportions, type PowerAlternative } from './power-two-proportions.ts';
import { assertLevel } from './validate.ts';

/** Result of {@link minimumDetectableEffect}: a one-row result table, snake_case columns. */
export interface MinimumDetectableEffect {
  baseline: number;
  /** Smallest rate above baseline detectable with the given n, alpha and power. */
  target: number;
  absolute_mde: number;
  relative_mde: number;
}

// Bisection to this width in rate units: far below any rate a report would print.
const TOLERANCE = 1e-12;

/**
 * Smallest upward effect detectable with `n` trials per group: the rate p2 > baseline at which
 * {@link powerTwoProportions} reaches `power`, as R's `power.prop.test(n, p1, power)` solves for p2.
 *
 * @example
 * minimumDetectableEffect(50, 0.5, 0.05, 0.9);
 * // => { target: 0.8026…, absolute_mde: 0.3026…, … } (R ?power.prop.test: p2 = 0.8026141)
 */
export function minimumDetectableEffect(
  n: number,
  baseline: number,
  alpha = 0.05,
  power = 0.8,
  alternative: PowerAlternative = 'two-sided',
): MinimumDetectableEffect {
  assertLevel(baseline, 'baseline');
  assertLevel(alpha, 'alpha');
  assertLevel(power, 'power');
  if (!(n > 0)) throw new Error(`minimumDetectableEffect: n is ${n}; it must be a positive number of trials per group.`);
  let low = baseline;
  let high = 1 - TOLERANCE;
  if (powerTwoProportions(n, baseline, high, alpha, alternative) < power) {
    throw new Error(
      `minimumDetectableEffect: with ${n} trials per group no rate above ${baseline} reaches power ${power}; collect more trials.`,
    );
  }
  // Power rises with p2 above baseline over the range used in practice, so bisection finds the
  // smallest crossing, as R's uniroot does on the same function.
  while (high - low > TOLERANCE) {
    const mid = (low + high) / 2;
    if (powerTwoProportions(n, baseline, mid, alpha, alternative) < power) low = mid;
    else high = mid;
  }
  const target = high;
  return { baseline, target, absolute_mde: target - baseline, relative_mde: (target - baseline) / baseline };
}
