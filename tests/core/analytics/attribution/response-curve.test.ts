import { describe, expect, it } from 'vitest';
import { allocateBudget, chooseResponseCurve, curveValue, fitResponseCurve, type AllocationCurve } from '../../../../src/core/analytics/attribution/index.ts';
import { mulberry32, standardNormal } from '../../../../src/core/analytics/random.ts';

const spend = Array.from({ length: 60 }, (_, i) => 20 + i * 10);
const hill = (x: number) => (500 * x ** 2) / (300 ** 2 + x ** 2);
const logCurve = (x: number) => 120 * Math.log1p(x / 80);
/** Central finite difference of the planted curve: the derivative without the code under test. */
const slope = (f: (x: number) => number, x: number) => (f(x + 1e-3) - f(x - 1e-3)) / 2e-3;

describe('fitResponseCurve', () => {
  it('recovers a planted Hill curve (a = 500, k = 300, s = 2) from noise-free points to 1e-6', () => {
    const fit = fitResponseCurve(spend, spend.map(hill), 'hill');
    expect(fit.a / 500).toBeCloseTo(1, 6);
    expect(fit.k / 300).toBeCloseTo(1, 6);
    expect(fit.s / 2).toBeCloseTo(1, 6);
    expect(fit.r2).toBeCloseTo(1, 10);
  });

  it('recovers a planted log curve (a = 120, k = 80) from noise-free points and AIC prefers it to Hill', () => {
    const { best, fits } = chooseResponseCurve(spend, spend.map(logCurve));
    expect(best.model).toBe('log');
    expect(best.a / 120).toBeCloseTo(1, 6);
    expect(best.k / 80).toBeCloseTo(1, 6);
    expect(fits.map((f) => f.model)).toEqual(['hill', 'log']);
  });

  it('with 5 % multiplicative noise (seed 3) AIC picks Hill and the planted values lie within 2 standard errors', () => {
    const rand = mulberry32(3);
    const y = spend.map((x) => hill(x) * (1 + 0.05 * standardNormal(rand)));
    const { best } = chooseResponseCurve(spend, y);
    expect(best.model).toBe('hill');
    expect(Math.abs(best.a - 500)).toBeLessThan(2 * best.aSe!);
    expect(Math.abs(best.k - 300)).toBeLessThan(2 * best.kSe!);
    expect(Math.abs(best.s - 2)).toBeLessThan(2 * best.sSe!);
    expect(best.aSe! / best.a).toBeLessThan(0.1);
  });

  it('standard errors from the Jacobian match the spread of estimates over 150 seeded noisy replicates (log curve, σ = 4)', () => {
    const x = Array.from({ length: 40 }, (_, i) => 10 + i * 15);
    const rand = mulberry32(11);
    const as: number[] = [];
    const ks: number[] = [];
    const aSe: number[] = [];
    const kSe: number[] = [];
    for (let r = 0; r < 150; r++) {
      const fit = fitResponseCurve(x, x.map((v) => logCurve(v) + 4 * standardNormal(rand)), 'log');
      as.push(fit.a); ks.push(fit.k); aSe.push(fit.aSe!); kSe.push(fit.kSe!);
    }
    const sd = (v: number[]) => { const m = v.reduce((a, b) => a + b, 0) / v.length; return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)); };
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    // The empirical sd of a 150-replicate sample is itself uncertain by about 1/sqrt(2·149) ≈ 6 %.
    expect(mean(aSe) / sd(as)).toBeGreaterThan(0.8);
    expect(mean(aSe) / sd(as)).toBeLessThan(1.25);
    expect(mean(kSe) / sd(ks)).toBeGreaterThan(0.8);
    expect(mean(kSe) / sd(ks)).toBeLessThan(1.25);
  });

  it('explains data it cannot fit', () => {
    expect(() => fitResponseCurve([1, 2], [1, 2], 'hill')).toThrow(/at least 4 points/);
    expect(() => fitResponseCurve([0, 0, 0, 0], [1, 2, 3, 4], 'log')).toThrow(/spend is 0 everywhere/);
    expect(() => fitResponseCurve([1, 2, 3, 4], [0, 0, 0, 0], 'log')).toThrow(/outcome is 0 everywhere/);
    expect(() => fitResponseCurve([1, -2, 3, 4], [1, 1, 1, 1], 'log')).toThrow(/spend must be finite and 0 or more/);
  });
});

describe('allocateBudget', () => {
  const curves: AllocationCurve[] = [{ model: 'hill', a: 500, k: 300, s: 2 }, { model: 'hill', a: 300, k: 100, s: 0.8 }, { model: 'log', a: 120, k: 80, s: 1 }];
  const planted = [hill, (x: number) => (300 * (x / 100) ** 0.8) / (1 + (x / 100) ** 0.8), logCurve];

  it('two log curves, hand solution: 100/(50 + x1) = 200/(50 + x2), x1 + x2 = 200 gives x1 = 50, x2 = 150', () => {
    const r = allocateBudget([{ model: 'log', a: 100, k: 50, s: 1 }, { model: 'log', a: 200, k: 50, s: 1 }], 200);
    expect(r.spend[0]).toBeCloseTo(50, 8);
    expect(r.spend[1]).toBeCloseTo(150, 8);
    expect(r.lambda).toBeCloseTo(1, 10);
  });

  it('three channels: spends sum to the budget and the finite-difference derivatives are equal', () => {
    const r = allocateBudget(curves, 900);
    expect(r.spend.reduce((a, b) => a + b, 0)).toBeCloseTo(900, 6);
    const d = r.spend.map((x, i) => slope(planted[i]!, x));
    expect(d[1]! / d[0]!).toBeCloseTo(1, 6);
    expect(d[2]! / d[0]!).toBeCloseTo(1, 6);
    // Optimality: moving 5 from any channel to any other lowers the total outcome.
    const total = (xs: number[]) => xs.reduce((a, x, i) => a + planted[i]!(x), 0);
    const best = total(r.spend);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      if (i === j) continue;
      const moved = [...r.spend];
      moved[i]! -= 5; moved[j]! += 5;
      expect(total(moved)).toBeLessThan(best);
    }
  });

  it('a cap binds: the capped channel keeps a higher marginal, the others share theirs', () => {
    const r = allocateBudget(curves, 900, [200, Infinity, Infinity]);
    expect(r.spend[0]).toBe(200);
    expect(r.capped).toEqual([true, false, false]);
    expect(slope(planted[0]!, 200)).toBeGreaterThan(slope(planted[1]!, r.spend[1]!));
    expect(slope(planted[1]!, r.spend[1]!) / slope(planted[2]!, r.spend[2]!)).toBeCloseTo(1, 6);
  });

  it('a small budget leaves the S-shaped channel unfunded (its best marginal is below the others\')', () => {
    const r = allocateBudget(curves, 50);
    expect(r.spend[0]).toBe(0);
    expect(r.spend[1]! + r.spend[2]!).toBeCloseTo(50, 6);
    expect(curveValue(curves[0]!, 0)).toBe(0);
  });
});
