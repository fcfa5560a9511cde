import { proportionDifferenceInterval } from './proportion-difference-interval.ts';
import { relativeLiftInterval } from './relative-lift-interval.ts';
import { twoProportionZTest } from './two-proportion-z-test.ts';
import { assertCounts, assertLevel } from './validate.ts';

/** Input of {@link holdoutLift}. */
export interface HoldoutInput {
  exposedConversions: number;
  exposedUsers: number;
  holdoutConversions: number;
  holdoutUsers: number;
  /** Significance level; intervals are at 1 - alpha. Default 0.05. */
  alpha?: number;
}

/** Result of {@link holdoutLift}: a one-row result table, snake_case columns. */
export interface HoldoutLift {
  exposed_rate: number;
  holdout_rate: number;
  /** exposed_rate - holdout_rate, with a Newcombe hybrid score interval. */
  absolute_lift: number;
  absolute_lift_ci_low: number;
  absolute_lift_ci_high: number;
  /** exposed_rate / holdout_rate - 1, with a Katz log interval. */
  relative_lift: number;
  relative_lift_ci_low: number;
  relative_lift_ci_high: number;
  /** Conversions among the exposed beyond what the holdout rate predicts: x_e - r_h·n_e. */
  incremental_conversions: number;
  /** absolute_lift interval times exposed users. */
  incremental_conversions_ci_low: number;
  incremental_conversions_ci_high: number;
  z: number;
  /** Two-sided pooled z-test p-value. */
  p_value: number;
  significant: boolean;
}

/**
 * Incrementality of a campaign measured with a randomized holdout (a group deliberately not
 * exposed): rates, the absolute lift with a Newcombe (1998) interval, the relative lift with a Katz
 * log interval, incremental conversions, and the pooled two-proportion z test.
 *
 * @example
 * holdoutLift({ exposedConversions: 56, exposedUsers: 70, holdoutConversions: 48, holdoutUsers: 80 });
 * // => { absolute_lift: 0.2, absolute_lift_ci_low: 0.0524…, absolute_lift_ci_high: 0.3339…,
 * //      incremental_conversions: 14, … }
 */
export function holdoutLift(input: HoldoutInput): HoldoutLift {
  const { exposedConversions: xe, exposedUsers: ne, holdoutConversions: xh, holdoutUsers: nh } = input;
  const alpha = input.alpha ?? 0.05;
  assertLevel(alpha, 'alpha');
  assertCounts(xe, ne, 'holdoutLift exposed group');
  assertCounts(xh, nh, 'holdoutLift holdout group');
  const exposedRate = xe / ne;
  const holdoutRate = xh / nh;
  const diff = proportionDifferenceInterval(xe, ne, xh, nh, 1 - alpha);
  const rel = relativeLiftInterval(xe, ne, xh, nh, 1 - alpha);
  const test = twoProportionZTest(xe, ne, xh, nh);
  return {
    exposed_rate: exposedRate,
    holdout_rate: holdoutRate,
    absolute_lift: exposedRate - holdoutRate,
    absolute_lift_ci_low: diff.low,
    absolute_lift_ci_high: diff.high,
    relative_lift: rel.lift,
    relative_lift_ci_low: rel.low,
    relative_lift_ci_high: rel.high,
    incremental_conversions: xe - holdoutRate * ne,
    incremental_conversions_ci_low: diff.low * ne,
    incremental_conversions_ci_high: diff.high * ne,
    z: test.z,
    p_value: test.pValue,
    significant: test.pValue < alpha,
  };
}
