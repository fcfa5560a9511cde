import { describe, expect, it } from 'vitest';
import { holdoutLift } from '../../../../src/core/analytics/stats/holdout-lift.ts';
import { expectPrinted } from './helpers.ts';

describe('holdoutLift', () => {
  it('absolute lift interval: Newcombe 1998 Table II (a), 56/70 exposed vs 48/80 holdout', () => {
    const r = holdoutLift({ exposedConversions: 56, exposedUsers: 70, holdoutConversions: 48, holdoutUsers: 80 });
    expect(r.exposed_rate).toBeCloseTo(0.8, 12);
    expect(r.holdout_rate).toBeCloseTo(0.6, 12);
    expect(r.absolute_lift).toBeCloseTo(0.2, 12);
    expectPrinted(r.absolute_lift_ci_low, 0.0524, 4);
    expectPrinted(r.absolute_lift_ci_high, 0.3339, 4);
    // 56 conversions minus the 0.6 · 70 = 42 the holdout rate predicts.
    expect(r.incremental_conversions).toBeCloseTo(14, 10);
    expect(Math.abs(r.incremental_conversions_ci_low - 0.0524 * 70)).toBeLessThanOrEqual(0.00005 * 70);
    // Katz log interval (Katz et al. 1978) for RR = 0.8 / 0.6.
    const se = Math.sqrt(1 / 56 - 1 / 70 + 1 / 48 - 1 / 80);
    expect(r.relative_lift).toBeCloseTo(1 / 3, 12);
    expect(r.relative_lift_ci_low).toBeCloseTo((4 / 3) * Math.exp(-1.959963984540054 * se) - 1, 10);
  });

  it('p-value: statsmodels proportions_ztest docs (12/99 vs 5/83 → 0.159)', () => {
    const r = holdoutLift({ exposedConversions: 12, exposedUsers: 99, holdoutConversions: 5, holdoutUsers: 83 });
    expectPrinted(r.p_value, 0.159, 3);
    expect(r.z).toBeGreaterThan(0);
    expect(r.significant).toBe(false);
    expect(holdoutLift({ exposedConversions: 12, exposedUsers: 99, holdoutConversions: 5, holdoutUsers: 83, alpha: 0.2 }).significant).toBe(
      true,
    );
  });

  it('explains bad input', () => {
    expect(() => holdoutLift({ exposedConversions: 1, exposedUsers: 10, holdoutConversions: 1, holdoutUsers: 0 })).toThrow(
      /holdout group.*at least one trial/,
    );
  });
});
