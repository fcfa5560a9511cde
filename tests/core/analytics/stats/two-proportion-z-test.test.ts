import { describe, expect, it } from 'vitest';
import { twoProportionZTest } from '../../../../src/core/analytics/stats/two-proportion-z-test.ts';
import { expectPrinted } from './helpers.ts';

describe('twoProportionZTest', () => {
  it('matches the statsmodels proportions_ztest docs example (counts [5, 12], nobs [83, 99] → p 0.159)', () => {
    const { z, pValue } = twoProportionZTest(5, 83, 12, 99);
    expectPrinted(pValue, 0.159, 3);
    expect(z).toBeLessThan(0);
  });

  it('squares to R prop.test X-squared: prop.test(c(490, 400), c(500, 500), correct = FALSE)', () => {
    // Hand-checkable: pooled p = 0.89, z = 0.18 / sqrt(0.89 · 0.11 · (2/500)) (the pooled z formula).
    const { z, pValue } = twoProportionZTest(490, 500, 400, 500);
    expect(z).toBeCloseTo(0.18 / Math.sqrt(0.89 * 0.11 * (2 / 500)), 10);
    expect(pValue).toBeLessThan(2.2e-16); // R prints "p-value < 2.2e-16"
  });

  it('one-sided alternatives split the two-sided p-value (normal symmetry)', () => {
    const two = twoProportionZTest(12, 99, 5, 83).pValue;
    expect(twoProportionZTest(12, 99, 5, 83, 'larger').pValue).toBeCloseTo(two / 2, 12);
    expect(twoProportionZTest(12, 99, 5, 83, 'smaller').pValue).toBeCloseTo(1 - two / 2, 12);
  });

  it('returns z = 0, p = 1 when there is no variation at all', () => {
    expect(twoProportionZTest(0, 100, 0, 50)).toEqual({ z: 0, pValue: 1 });
  });

  it('rejects zero trials', () => {
    expect(() => twoProportionZTest(0, 0, 1, 10)).toThrow(/group 1.*at least one trial/);
  });
});
