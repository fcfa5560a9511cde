import { describe, expect, it } from 'vitest';
import { laplaceMargin, laplaceNoise, laplaceScale } from '../../../../src/core/analytics/privacy/laplace-mechanism.ts';
import { mulberry32 } from '../../../../src/core/analytics/random.ts';

// Reference: the Laplace mechanism (Dwork, McSherry, Nissim & Smith 2006) adds Lap(b), b = Δ/ε.
// Laplace(0, b) facts used below (any probability text): |X| ~ Exponential(mean b, sd b), Var X = 2b²,
// CDF F(x) = ½·e^{x/b} for x < 0 and 1 − ½·e^{−x/b} for x ≥ 0, P(|X| ≤ b·ln(1/(1−p))) = p.
describe('Laplace mechanism', () => {
  it('scale is sensitivity / epsilon and rejects non-positive inputs', () => {
    expect(laplaceScale(1, 0.5)).toBe(2);
    expect(laplaceScale(3, 0.1)).toBeCloseTo(30, 12);
    expect(() => laplaceScale(1, 0)).toThrow(/epsilon must be a positive number/);
    expect(() => laplaceScale(0, 1)).toThrow(/sensitivity must be a positive number/);
  });

  it('margin for 95 % is b·ln 20', () => {
    expect(laplaceMargin(1, 0.95)).toBeCloseTo(Math.log(20), 14);
    expect(laplaceMargin(2, 0.5)).toBeCloseTo(2 * Math.log(2), 14);
  });

  it('a seeded stream of draws has mean |X| = b, variance 2b², symmetric, and the Laplace CDF (KS test)', () => {
    const b = 2;
    const n = 200_000;
    const rand = mulberry32(2024);
    const xs = Array.from({ length: n }, () => laplaceNoise(rand, b));
    const meanAbs = xs.reduce((s, x) => s + Math.abs(x), 0) / n;
    // |X| has sd b, so the mean of n draws has standard error b/√n; 4 SE is a 1-in-15,000 false alarm.
    expect(Math.abs(meanAbs - b)).toBeLessThan((4 * b) / Math.sqrt(n));
    const variance = xs.reduce((s, x) => s + x * x, 0) / n;
    // Var(X²) = E X⁴ − (E X²)² = 24b⁴ − 4b⁴ = 20b⁴: SE of the mean of X² is b²√20/√n.
    expect(Math.abs(variance - 2 * b * b)).toBeLessThan((4 * b * b * Math.sqrt(20)) / Math.sqrt(n));
    const negative = xs.filter((x) => x < 0).length / n;
    expect(Math.abs(negative - 0.5)).toBeLessThan(4 * 0.5 / Math.sqrt(n));
    const cdf = (x: number) => (x < 0 ? 0.5 * Math.exp(x / b) : 1 - 0.5 * Math.exp(-x / b));
    const sorted = xs.slice(0, 20_000).sort((p, q) => p - q);
    let d = 0;
    sorted.forEach((x, i) => (d = Math.max(d, Math.abs(cdf(x) - i / sorted.length), Math.abs(cdf(x) - (i + 1) / sorted.length))));
    // Kolmogorov–Smirnov critical value at α = 0.01: 1.628 / √n.
    expect(d).toBeLessThan(1.628 / Math.sqrt(sorted.length));
    const covered = xs.filter((x) => Math.abs(x) <= laplaceMargin(b, 0.95)).length / n;
    expect(Math.abs(covered - 0.95)).toBeLessThan(4 * Math.sqrt(0.95 * 0.05 / n));
  });

  it('the same seed gives the same noise', () => {
    const a = mulberry32(7);
    const c = mulberry32(7);
    expect([laplaceNoise(a, 1), laplaceNoise(a, 1)]).toEqual([laplaceNoise(c, 1), laplaceNoise(c, 1)]);
  });
});
