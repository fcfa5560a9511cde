import { describe, expect, it } from 'vitest';
import { sampleRatioMismatch } from '../../../../src/core/analytics/stats/sample-ratio-mismatch.ts';
import { expectSignificant } from './helpers.ts';

describe('sampleRatioMismatch (R chisq.test goodness of fit)', () => {
  it('chisq.test(c(5050, 4950)): X-squared = 1, df = 1, p-value = 0.3173 (hand: 2 · 50² / 5000 = 1; pchisq(1, 1, lower = FALSE) = 0.3173105)', () => {
    const r = sampleRatioMismatch([5050, 4950], [0.5, 0.5]);
    expect(r.chiSquare).toBeCloseTo(1, 12);
    expect(r.df).toBe(1);
    expectSignificant(r.pValue, 0.3173105, 7);
  });

  it('Kohavi, Tang & Xu (2020) SRM example: 821,588 vs 815,482 users on a 50/50 split has p = 1.8e-6', () => {
    // Hand: expected 818,535 each; X² = 2 · 3053² / 818,535 = 22.774; p = erfc(√(22.774 / 2)) = 1.82e-6.
    // (The chapter number typed here before, 21, was not confirmed by a searchable source and is dropped.)
    const r = sampleRatioMismatch([821588, 815482], [1, 1]);
    expect(r.chiSquare).toBeCloseTo((2 * 3053 ** 2) / 818535, 9);
    expectSignificant(r.pValue, 1.8e-6, 2);
  });

  it('Wikipedia, "Sample ratio mismatch": 600 vs 400 on a 50/50 split, p = 2.54 × 10⁻¹⁰', () => {
    // Hand: X² = 2 · 100² / 500 = 40; p = erfc(√20).
    const r = sampleRatioMismatch([600, 400], [1, 1]);
    expect(r.chiSquare).toBeCloseTo(40, 12);
    expectSignificant(r.pValue, 2.54e-10, 3);
  });

  it('an unequal plan: chisq.test(c(620, 380), p = c(0.6, 0.4)): X² = 20²/600 + 20²/400 = 1.6667, p = 0.1967', () => {
    const r = sampleRatioMismatch([620, 380], [60, 40]);
    expect(r.expected).toEqual([600, 400]);
    expect(r.chiSquare).toBeCloseTo(400 / 600 + 1, 12);
    expectSignificant(r.pValue, 0.1967056, 6);
  });

  it('three arms: chisq.test(c(340, 330, 330)): X² = 0.2, df = 2, p = exp(−0.1) = 0.9048', () => {
    const r = sampleRatioMismatch([340, 330, 330], [1, 1, 1]);
    expect(r.chiSquare).toBeCloseTo(0.2, 12);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(Math.exp(-0.1), 12);
  });

  it('explains bad input', () => {
    expect(() => sampleRatioMismatch([5], [1])).toThrow(/at least 2 arms/);
    expect(() => sampleRatioMismatch([5, 5], [1])).toThrow(/2 arms but 1 planned shares/);
    expect(() => sampleRatioMismatch([5, -1], [1, 1])).toThrow(/arm 2 has count -1/);
    expect(() => sampleRatioMismatch([0, 0], [1, 1])).toThrow(/every arm has 0 units/);
  });
});
