/**
 * Whether an effect differs between strata (segments, platforms): the fixed-effect inverse-variance
 * pooled estimate, Cochran's Q test of homogeneity and Higgins & Thompson's I², as a meta-analysis
 * of the strata (Cochran 1954, Biometrics 10:101; Higgins & Thompson 2002, Stat Med 21:1539).
 *
 * Per stratum the effect of a variant against its control is either the rate difference (variance
 * p1(1−p1)/n1 + p0(1−p0)/n0) or the log rate ratio (Katz: 1/x1 − 1/n1 + 1/x0 − 1/n0), the scale on
 * which a relative lift is assumed constant.
 */
import { chiSquareSf, normalQuantile, normalSf } from './distributions.ts';

export type EffectScale = 'difference' | 'relative';

export interface StratumCounts {
  successes: number;
  trials: number;
  controlSuccesses: number;
  controlTrials: number;
}

export interface StratumEffect {
  estimate: number;
  variance: number;
}

/** The effect of one stratum on `scale`; null when it has no variance (a rate of 0 or 1, or no successes for a ratio). */
export function stratumEffect(s: StratumCounts, scale: EffectScale): StratumEffect | null {
  const p1 = s.successes / s.trials;
  const p0 = s.controlSuccesses / s.controlTrials;
  if (scale === 'difference') {
    const variance = (p1 * (1 - p1)) / s.trials + (p0 * (1 - p0)) / s.controlTrials;
    return variance > 0 ? { estimate: p1 - p0, variance } : null;
  }
  if (s.successes === 0 || s.controlSuccesses === 0) return null;
  return { estimate: Math.log(p1 / p0), variance: 1 / s.successes - 1 / s.trials + 1 / s.controlSuccesses - 1 / s.controlTrials };
}

export interface Heterogeneity {
  /** Inverse-variance weighted mean effect (on the log scale for `relative`). */
  pooled: number;
  se: number;
  ciLow: number;
  ciHigh: number;
  z: number;
  pValue: number;
  /** Cochran's Q = Σ wᵢ (θᵢ − θ̄)², chi-square with k − 1 degrees of freedom under homogeneity. */
  q: number;
  df: number;
  qPValue: number;
  /** max(0, (Q − df) / Q): the share of the spread beyond chance. */
  iSquared: number;
}

export function fixedEffectHeterogeneity(effects: readonly StratumEffect[], level = 0.95): Heterogeneity {
  if (effects.length < 2) throw new Error(`heterogeneity: got ${effects.length} stratum with an estimable effect; comparing strata needs at least two.`);
  const w = effects.map((e) => 1 / e.variance);
  const sw = w.reduce((a, b) => a + b, 0);
  const pooled = effects.reduce((a, e, i) => a + w[i]! * e.estimate, 0) / sw;
  const se = Math.sqrt(1 / sw);
  const zc = normalQuantile(1 - (1 - level) / 2);
  const q = effects.reduce((a, e, i) => a + w[i]! * (e.estimate - pooled) ** 2, 0);
  const df = effects.length - 1;
  return {
    pooled,
    se,
    ciLow: pooled - zc * se,
    ciHigh: pooled + zc * se,
    z: pooled / se,
    pValue: 2 * normalSf(Math.abs(pooled / se)),
    q,
    df,
    qPValue: chiSquareSf(q, df),
    iSquared: q > 0 ? Math.max(0, (q - df) / q) : 0,
  };
}
