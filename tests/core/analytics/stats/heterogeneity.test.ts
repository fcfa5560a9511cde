/**
 * Fixed-effect pooling and Cochran's Q across strata. Reference values derived by hand for three
 * strata (30/100 vs 20/100, 25/100 vs 25/100, 50/200 vs 30/200):
 *   difference: θ = 0.1, 0, 0.1; v = 0.3·0.7/100 + 0.2·0.8/100 = 0.0037, 0.00375, 0.25·0.75/200 + 0.15·0.85/200 = 0.001575;
 *     w = 1/v; θ̄ = Σwθ/Σw = 0.0772441; SE = √(1/Σw) = 0.0292121; Q = Σw(θ − θ̄)² = 2.0598428;
 *     I² = (Q − 2)/Q = 0.0290521; p(Q) = chi2.sf(2.0598428, 2) = e^(−Q/2) = 0.3570350 (df 2 has a closed form).
 *   relative: θ = ln 1.5, 0, ln(0.25/0.15); Katz v = 1/30 − 1/100 + 1/20 − 1/100 = 0.0633333, 0.06, 1/50 − 1/200 + 1/30 − 1/200 = 0.0433333;
 *     θ̄ = 0.3275592, SE = 0.1341912, Q = 2.6591570, p = e^(−Q/2) = 0.2645888, I² = 0.2478819.
 * (Cross-checked with scipy.stats.chi2.sf and norm.sf: pooled two-sided p 0.0081872 and 0.0146472.)
 */
import { describe, expect, it } from 'vitest';
import { fixedEffectHeterogeneity, stratumEffect } from '../../../../src/core/analytics/stats/heterogeneity.ts';

const STRATA = [
  { successes: 30, trials: 100, controlSuccesses: 20, controlTrials: 100 },
  { successes: 25, trials: 100, controlSuccesses: 25, controlTrials: 100 },
  { successes: 50, trials: 200, controlSuccesses: 30, controlTrials: 200 },
];

describe('fixedEffectHeterogeneity', () => {
  it('rate differences: pooled estimate, SE, Q, its p-value and I²', () => {
    const h = fixedEffectHeterogeneity(STRATA.map((s) => stratumEffect(s, 'difference')!));
    expect(h.pooled).toBeCloseTo(0.0772441, 6);
    expect(h.se).toBeCloseTo(0.0292121, 6);
    expect(h.q).toBeCloseTo(2.0598428, 6);
    expect(h.df).toBe(2);
    expect(h.qPValue).toBeCloseTo(Math.exp(-2.0598428 / 2), 6);
    expect(h.qPValue).toBeCloseTo(0.357035, 5);
    expect(h.iSquared).toBeCloseTo(0.0290521, 6);
    expect(h.pValue).toBeCloseTo(0.0081872, 5);
    expect(h.ciLow).toBeCloseTo(0.0772441 - 1.959964 * 0.0292121, 5);
  });

  it('log rate ratios (Katz variances)', () => {
    const h = fixedEffectHeterogeneity(STRATA.map((s) => stratumEffect(s, 'relative')!));
    expect(h.pooled).toBeCloseTo(0.3275592, 6);
    expect(h.se).toBeCloseTo(0.1341912, 6);
    expect(h.q).toBeCloseTo(2.659157, 5);
    expect(h.qPValue).toBeCloseTo(0.2645888, 5);
    expect(h.iSquared).toBeCloseTo(0.2478819, 5);
    expect(h.pValue).toBeCloseTo(0.0146472, 5);
  });

  it('identical strata have Q = 0 and I² = 0; a stratum without variance has no effect; one stratum is an error', () => {
    const same = { successes: 10, trials: 100, controlSuccesses: 5, controlTrials: 100 };
    const h = fixedEffectHeterogeneity([stratumEffect(same, 'difference')!, stratumEffect(same, 'difference')!]);
    expect(h.q).toBeCloseTo(0, 12);
    expect(h.iSquared).toBe(0);
    expect(h.qPValue).toBeCloseTo(1, 12);
    expect(stratumEffect({ successes: 0, trials: 50, controlSuccesses: 0, controlTrials: 50 }, 'difference')).toBeNull();
    expect(stratumEffect({ successes: 0, trials: 50, controlSuccesses: 3, controlTrials: 50 }, 'relative')).toBeNull();
    expect(() => fixedEffectHeterogeneity([stratumEffect(same, 'difference')!])).toThrow(/at least two/);
  });
});
