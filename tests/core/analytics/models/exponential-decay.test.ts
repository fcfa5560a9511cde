import { describe, expect, it } from 'vitest';
import { fitExponentialDecay, frequencyCap } from '../../../../src/core/analytics/models/exponential-decay.ts';

// NIST StRD linear least squares, Norris data (https://www.itl.nist.gov/div898/strd/lls/data/Norris.shtml):
// certified slope 1.00211681802045 (SE 0.429796848199937E-03), intercept −0.262323073774029, R² 0.999993745883712.
const NORRIS_X = [0.2, 337.4, 118.2, 884.6, 10.1, 226.5, 666.3, 996.3, 448.6, 777.0, 558.2, 0.4, 0.6, 775.5, 666.9, 338.0, 447.5, 11.6, 556.0, 228.1,
  995.8, 887.6, 120.2, 0.3, 0.3, 556.8, 339.1, 887.2, 999.0, 779.0, 11.1, 118.3, 229.2, 669.1, 448.9, 0.5];
const NORRIS_Y = [0.1, 338.8, 118.1, 888.0, 9.2, 228.1, 668.5, 998.5, 449.1, 778.9, 559.2, 0.3, 0.1, 778.1, 668.8, 339.3, 448.9, 10.8, 557.7, 228.3,
  998.0, 888.8, 119.6, 0.3, 0.6, 557.6, 339.3, 888.0, 998.5, 778.9, 10.2, 117.6, 228.9, 668.4, 449.2, 0.2];

describe('fitExponentialDecay', () => {
  it('an exact exponential y = 100 e^(−0.1 age) gives back rate 0.1, A = 100 and half-life ln 2 / 0.1 exactly', () => {
    const fit = fitExponentialDecay(Array.from({ length: 11 }, (_, age) => ({ age, value: 100 * Math.exp(-0.1 * age) })));
    expect(fit.rate).toBeCloseTo(0.1, 12);
    expect(fit.initial).toBeCloseTo(100, 9);
    expect(fit.halfLife).toBeCloseTo(Math.LN2 / 0.1, 10);
    expect(fit.halfLife).toBeCloseTo(6.931471805599453, 10);
    expect(fit.rateSe).toBeLessThan(1e-12);
    expect(fit.halfLifeUpper! - fit.halfLifeLower!).toBeLessThan(1e-9);
    expect(fit.rSquared).toBeCloseTo(1, 12);
  });

  it('NIST Norris through the log: engagement = e^(−y/1000) against age = x has λ = slope/1000 and SE = SE/1000 (certified)', () => {
    // ln(engagement) = −y/1000, so the log-linear slope is −(certified slope)/1000 and its SE the certified SE/1000; R² unchanged.
    const fit = fitExponentialDecay(NORRIS_X.map((age, i) => ({ age, value: Math.exp(-NORRIS_Y[i]! / 1000) })));
    expect(fit.rate).toBeCloseTo(1.00211681802045 / 1000, 14);
    expect(fit.rateSe / (0.429796848199937e-3 / 1000)).toBeCloseTo(1, 9);
    expect(Math.log(fit.initial)).toBeCloseTo(0.262323073774029 / 1000, 12);
    expect(fit.rSquared).toBeCloseTo(0.999993745883712, 10);
    expect(fit.df).toBe(34);
    expect(fit.halfLife).toBeCloseTo(Math.LN2 / (1.00211681802045 / 1000), 6);
    // The half-life interval is ln 2 over λ's t interval (t(34, 0.975) = 2.032245).
    expect(fit.halfLifeLower).toBeCloseTo(Math.LN2 / (1.00211681802045e-3 + 2.032244509317718 * 0.429796848199937e-6), 6);
  });

  it('weights: hand-derived WLS on ln y = 0, −1, −3 at ages 0, 1, 2 with weights 1, 2, 1', () => {
    // x̄_w = 1, z̄_w = −1.25, Sxx = 2, Sxz = −3 → slope −1.5, intercept 0.25; weighted RSS 0.25 on 1 df →
    // SE = √(0.25 / 2) = 0.353553; t(1, 0.975) = 12.706205 → λ 1.5 ± 4.4923: the lower limit is below 0,
    // so the half-life (ln 2 / 1.5 = 0.4621) has no upper bound. R² = 1 − 0.25 / 4.75.
    const fit = fitExponentialDecay([{ age: 0, value: 1, weight: 1 }, { age: 1, value: Math.exp(-1), weight: 2 }, { age: 2, value: Math.exp(-3), weight: 1 }]);
    expect(fit.rate).toBeCloseTo(1.5, 12);
    expect(fit.initial).toBeCloseTo(Math.exp(0.25), 12);
    expect(fit.rateSe).toBeCloseTo(Math.sqrt(0.125), 12);
    expect(fit.rateLower).toBeCloseTo(1.5 - 12.706204736174707 * Math.sqrt(0.125), 9);
    expect(fit.halfLife).toBeCloseTo(Math.LN2 / 1.5, 12);
    expect(fit.halfLifeUpper).toBeNull();
    expect(fit.rSquared).toBeCloseTo(1 - 0.25 / 4.75, 12);
  });

  it('zero engagement cannot be logged and is left out; too few ages is a clear error', () => {
    expect(() => fitExponentialDecay([{ age: 1, value: 1 }, { age: 2, value: 0 }, { age: 3, value: 0.5 }])).toThrow(/at least 3 ages with positive engagement \(got 2\)/);
  });
});

describe('frequencyCap', () => {
  it('the last exposure whose fitted engagement is at least the share of the first', () => {
    // Half-life 2 exposures from exposure 1: exposure 3 is at exactly 50 %, exposure 4 at 35 % → cap 3.
    expect(frequencyCap(Math.LN2 / 2, 1, 0.5)).toBe(3);
    // λ = 0.3: e^(−0.3 (k − 1)) ≥ 0.25 ⇔ k ≤ 1 + ln 4 / 0.3 = 5.62 → 5.
    expect(frequencyCap(0.3, 1, 0.25)).toBe(5);
    expect(frequencyCap(-0.1, 1, 0.5)).toBeNull();
  });
});
