import { normalQuantile } from './distributions.ts';
import type { PowerAlternative } from './power-two-proportions.ts';
import { assertLevel } from './validate.ts';

/** Input of {@link sampleSizeTwoProportions}. */
export interface SampleSizeInput {
  /** Baseline (control) rate, e.g. a CTR of 0.02. */
  baseline: number;
  /** Minimum detectable effect: a rate difference ('absolute') or a fraction of baseline ('relative'). */
  mde: number;
  mdeType: 'absolute' | 'relative';
  alpha?: number;
  power?: number;
  alternative?: PowerAlternative;
}

/** Result of {@link sampleSizeTwoProportions}: a one-row result table, snake_case columns. */
export interface SampleSize {
  /** Trials needed in each group, rounded up. */
  n_per_group: number;
  /** The unrounded solution, the `n` R's `power.prop.test` prints. */
  n_exact: number;
  baseline: number;
  /** The rate the test is powered to detect. */
  target: number;
  absolute_mde: number;
  relative_mde: number;
  alpha: number;
  power: number;
}

/**
 * Trials per group for a two-sample test of proportions to reach `power` at level `alpha` when the
 * true rates are `baseline` and `baseline + effect`: the closed-form inverse of the normal
 * approximation in R's `power.prop.test` (default `strict = FALSE`), so `n_exact` matches the `n`
 * R prints:
 *
 *   n = (z_{1-α/2}·√(2·p̄·q̄) + z_{power}·√(p1·q1 + p2·q2))² / (p1 - p2)²,  p̄ = (p1 + p2)/2
 *
 * A negative `mde` powers the test for a drop instead of a rise.
 *
 * @example
 * sampleSizeTwoProportions({ baseline: 0.5, mde: 0.25, mdeType: 'absolute', power: 0.9 });
 * // => { n_per_group: 77, n_exact: 76.7069…, target: 0.75, … } (R ?power.prop.test: n = 76.7)
 */
export function sampleSizeTwoProportions(input: SampleSizeInput): SampleSize {
  const { baseline, mde, mdeType } = input;
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  const alternative = input.alternative ?? 'two-sided';
  assertLevel(baseline, 'baseline');
  assertLevel(alpha, 'alpha');
  assertLevel(power, 'power');
  if (mdeType !== 'absolute' && mdeType !== 'relative') {
    throw new Error(`sampleSizeTwoProportions: mdeType is "${String(mdeType)}"; use 'absolute' or 'relative'.`);
  }
  if (!Number.isFinite(mde) || mde === 0) {
    throw new Error(`sampleSizeTwoProportions: mde is ${mde}; give a non-zero effect (e.g. 0.1 for a 10% relative lift).`);
  }
  const target = mdeType === 'absolute' ? baseline + mde : baseline * (1 + mde);
  if (!(target > 0 && target < 1)) {
    throw new Error(
      `sampleSizeTwoProportions: baseline ${baseline} with ${mdeType} mde ${mde} gives a target rate of ${target}, outside (0, 1); use a smaller mde.`,
    );
  }
  const p1 = baseline;
  const p2 = target;
  const zAlpha = normalQuantile(1 - alpha / (alternative === 'two-sided' ? 2 : 1));
  const zBeta = normalQuantile(power);
  const pBar = (p1 + p2) / 2;
  const root = zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  const nExact = (root * root) / ((p1 - p2) * (p1 - p2));
  return {
    n_per_group: Math.ceil(nExact),
    n_exact: nExact,
    baseline,
    target,
    absolute_mde: p2 - p1,
    relative_mde: (p2 - p1) / p1,
    alpha,
    power,
  };
}
