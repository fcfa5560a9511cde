import { describe, expect, it } from 'vitest';
import { relativeLiftInterval } from '../../../../src/core/analytics/stats/relative-lift-interval.ts';

// Katz D, Baptista J, Azen SP, Pike MC (1978), "Obtaining confidence intervals for the risk ratio in
// cohort studies", Biometrics 34:469–474: log RR ± z·sqrt(1/a - 1/n1 + 1/c - 1/n2). The test
// evaluates that published formula by hand with z = qnorm(0.975) = 1.959963984540054 (R).
const Z975 = 1.959963984540054;
const katz = (a: number, n1: number, c: number, n2: number, z = Z975) => {
  const rr = a / n1 / (c / n2);
  const se = Math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2);
  return [rr * Math.exp(-z * se) - 1, rr * Math.exp(z * se) - 1];
};

describe('relativeLiftInterval (Katz log method)', () => {
  it('follows the Katz 1978 formula: 60/1000 vs 50/1000', () => {
    const r = relativeLiftInterval(60, 1000, 50, 1000);
    const [low, high] = katz(60, 1000, 50, 1000);
    expect(r.lift).toBeCloseTo(0.2, 12);
    expect(r.low).toBeCloseTo(low!, 10);
    expect(r.high).toBeCloseTo(high!, 10);
    // Ratio intervals are asymmetric around the estimate on the lift scale.
    expect(r.high - r.lift).toBeGreaterThan(r.lift - r.low);
  });

  it('uses the level it is given (z = qnorm(0.95) = 1.644854 for 90%)', () => {
    const r = relativeLiftInterval(56, 70, 48, 80, 0.9);
    const [low, high] = katz(56, 70, 48, 80, 1.6448536269514722);
    expect(r.low).toBeCloseTo(low!, 10);
    expect(r.high).toBeCloseTo(high!, 10);
  });

  it('adds 0.5 per cell (Haldane–Anscombe) when a count is zero', () => {
    const r = relativeLiftInterval(5, 56, 0, 29);
    expect(r.lift).toBe(Infinity);
    const [low, high] = katz(5.5, 57, 0.5, 30);
    expect(r.low).toBeCloseTo(low!, 10);
    expect(r.high).toBeCloseTo(high!, 10);
  });
});
