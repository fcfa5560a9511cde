import { describe, expect, it } from 'vitest';
import { minimumDetectableEffect } from '../../../../src/core/analytics/stats/minimum-detectable-effect.ts';
import { expectPrinted } from './helpers.ts';

describe('minimumDetectableEffect', () => {
  it('matches R ?power.prop.test: power.prop.test(n = 50, p1 = .5, power = .90) → p2 = 0.8026141', () => {
    // R solves with uniroot(tol = eps^0.25 ≈ 1.2e-4), so agreement is to about 4 decimals.
    const r = minimumDetectableEffect(50, 0.5, 0.05, 0.9);
    expectPrinted(r.target, 0.8026, 4);
    expect(r.absolute_mde).toBeCloseTo(r.target - 0.5, 12);
    expect(r.relative_mde).toBeCloseTo((r.target - 0.5) / 0.5, 12);
  });

  it('inverts the sample size: R n = 76.7 for p1 .5 → p2 .75 at power .9', () => {
    expectPrinted(minimumDetectableEffect(76.70693, 0.5, 0.05, 0.9).target, 0.75, 4);
  });

  it('explains when no effect is detectable', () => {
    expect(() => minimumDetectableEffect(2, 0.5, 0.05, 0.99)).toThrow(/collect more trials/);
  });
});
