import { describe, expect, it } from 'vitest';
import {
  betaQuantile,
  chiSquareCdf,
  chiSquareQuantile,
  chiSquareSf,
  normalCdf,
  normalQuantile,
  normalSf,
  tCdf,
  tQuantile,
} from '../../../../src/core/analytics/stats/distributions.ts';
import { expectPrinted, expectSignificant } from './helpers.ts';

describe('distributions', () => {
  it('normal quantile and cdf match R qnorm / pnorm', () => {
    // R: qnorm(0.975) = 1.959964 (print), 1.959963984540054 (print(digits = 16))
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    // R: qnorm(0.8) = 0.8416212
    expectSignificant(normalQuantile(0.8), 0.8416212, 7);
    // R: pnorm(1.96) = 0.9750021
    expectSignificant(normalCdf(1.96), 0.9750021, 7);
    // R: pnorm(-10) = 7.619853e-24 — the upper tail must not round to 0.
    expectSignificant(normalSf(10), 7.619853e-24, 7);
  });

  it('chi-square matches NIST/SEMATECH e-Handbook table 1.3.6.7.4 and R pchisq', () => {
    // NIST table: upper-tail 0.05 critical values 3.841 (df 1), 5.991 (df 2), 18.307 (df 10)
    expectPrinted(chiSquareQuantile(0.95, 1), 3.841, 3);
    expectPrinted(chiSquareQuantile(0.95, 2), 5.991, 3);
    expectPrinted(chiSquareQuantile(0.95, 10), 18.307, 3);
    expect(chiSquareSf(18.307, 10)).toBeCloseTo(0.05, 4);
    expect(chiSquareCdf(5.991, 2)).toBeCloseTo(0.95, 4);
    // R: pchisq(100, 1, lower.tail = FALSE) = 1.523971e-23
    expectSignificant(chiSquareSf(100, 1), 1.523971e-23, 7);
    expect(chiSquareSf(0, 3)).toBe(1);
  });

  it('t matches the NIST/SEMATECH t table (1.3.6.7.2)', () => {
    // NIST: t(0.975, 10) = 2.228, t(0.95, 30) = 1.697
    expectPrinted(tQuantile(0.975, 10), 2.228, 3);
    expectPrinted(tQuantile(0.95, 30), 1.697, 3);
    expect(tCdf(2.228, 10)).toBeCloseTo(0.975, 4);
  });

  it('beta quantile matches closed forms of R qbeta', () => {
    // Beta(a, 1) has CDF x^a, so qbeta(p, a, 1) = p^(1/a); qbeta(0.5, 2, 2) = 0.5 by symmetry.
    expect(betaQuantile(0.025, 3, 1)).toBeCloseTo(0.025 ** (1 / 3), 10);
    expect(betaQuantile(0.5, 2, 2)).toBeCloseTo(0.5, 12);
  });
});
