import { describe, expect, it } from 'vitest';
import { driftStatistics, movingRangeSigma } from '../../../../src/core/analytics/monitoring/drift.ts';

// Montgomery, Introduction to Statistical Quality Control, Table 9.1: 20 draws from N(10, 1), then 10
// after the mean shifts to 11 (Examples 9.1 and 9.2 chart these with μ0 = 10, σ = 1).
export const MONTGOMERY_9_1 = [
  9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.2, 10.34, 9.03, 11.47, 10.51, 9.4, 10.08,
  9.37, 10.62, 10.31, 8.52, 10.84, 10.9, 9.33, 12.29, 11.5, 10.6, 11.08, 10.38, 11.62, 11.31, 10.52,
];
// His tabulated upper CUSUM C⁺ for periods 1–29 (Example 9.1, k = 0.5, h = 5), to two decimals.
const MONTGOMERY_UPPER = [
  0, 0, 0, 1.16, 2.82, 2.5, 0.04, 1.0, 0, 0, 0, 0.97, 0.98, 0, 0, 0, 0.12, 0, 0, 0.34, 0.74, 0, 1.79, 2.79, 2.89, 3.47, 3.35, 4.47, 5.28,
];

const montgomery = { target: 10, sigma: 1, k: 0.5, h: 5, lambda: 0.1, L: 2.7 };

describe('tabular CUSUM (Montgomery Example 9.1)', () => {
  const s = driftStatistics(MONTGOMERY_9_1, montgomery);

  it('C⁺ matches his table for periods 1–29 and first signals at period 29 (C⁺ = 5.28 > H = 5)', () => {
    MONTGOMERY_UPPER.forEach((c, i) => expect(s[i]!.upper).toBeCloseTo(c, 2));
    expect(s.findIndex((p) => p.cusumSignal !== null) + 1).toBe(29);
    expect(s[28]!.cusumSignal).toBe('up');
  });

  it('N⁺ = 7 at period 29: the shift began after period 22, new mean 10 + 0.5 + 5.28 / 7 = 11.25', () => {
    expect(s[28]!.upperRun).toBe(7);
    expect(10 + 0.5 + s[28]!.upper / s[28]!.upperRun).toBeCloseTo(11.25, 2);
  });
});

describe('EWMA (Montgomery Example 9.2, λ = 0.1, L = 2.7)', () => {
  const s = driftStatistics(MONTGOMERY_9_1, montgomery);

  it('z1 = 0.1·9.45 + 0.9·10 = 9.945; UCL1 = 10 + 2.7·√(0.1/1.9·(1 − 0.9²)) = 10.27; limits widen to 10 ± 2.7·√(0.1/1.9)', () => {
    expect(s[0]!.ewma).toBeCloseTo(9.945, 12);
    expect(s[0]!.ucl).toBeCloseTo(10.27, 12);
    expect(s[0]!.lcl).toBeCloseTo(9.73, 12);
    expect(s[29]!.ucl).toBeCloseTo(10 + 2.7 * Math.sqrt((0.1 / 1.9) * (1 - 0.9 ** 60)), 12);
    expect(s[29]!.ucl).toBeLessThan(10 + 2.7 * Math.sqrt(0.1 / 1.9));
  });

  it('first signals at observation 29 (z = 10.647 above 10.619)', () => {
    expect(s.findIndex((p) => p.ewmaSignal !== null) + 1).toBe(29);
    expect(s[28]!.ewma).toBeCloseTo(10.6468, 4);
  });
});

describe('movingRangeSigma', () => {
  it('mean moving range / 1.128: (1, 3, 2) → (2 + 1) / 2 / 1.128', () => {
    expect(movingRangeSigma([1, 3, 2])).toBeCloseTo(1.5 / 1.128, 15);
  });
});
