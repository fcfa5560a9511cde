import { describe, expect, it } from 'vitest';
import { simulatePlan } from '../../../../src/core/analytics/models/simulate-plan.ts';
import { binomial, mulberry32, standardNormal } from '../../../../src/core/analytics/random.ts';

describe('random', () => {
  it('mulberry32 matches the reference implementation output for seed 42', () => {
    // Reference JS implementation by Tommy Ettinger (gist bryc/code PRNGs.md): mulberry32(42)() = 0.6011037519201636
    expect(mulberry32(42)()).toBe(0.6011037519201636);
  });
  it('standardNormal and binomial have the textbook moments', () => {
    const rand = mulberry32(9);
    const n = 40000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) { const z = standardNormal(rand); s += z; s2 += z * z; }
    expect(Math.abs(s / n)).toBeLessThan(0.02); // SE of the mean = 1/sqrt(40000) = 0.005
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.03);
    for (const [trials, p] of [[50, 0.1], [10000, 0.02], [200, 0.9]] as const) {
      let m = 0; let v = 0; const k = 20000;
      const xs = Array.from({ length: k }, () => binomial(rand, trials, p));
      for (const x of xs) m += x / k;
      for (const x of xs) v += (x - m) ** 2 / (k - 1);
      // Binomial: mean np, variance np(1-p)
      expect(Math.abs(m - trials * p)).toBeLessThan(5 * Math.sqrt((trials * p * (1 - p)) / k));
      expect(v / (trials * p * (1 - p))).toBeGreaterThan(0.95);
      expect(v / (trials * p * (1 - p))).toBeLessThan(1.05);
    }
  });
});

describe('simulatePlan', () => {
  // Logit of 3% CTR with a tiny covariance: the spread is then binomial only, whose 5th/95th
  // percentiles follow the normal approximation np -/+ 1.645 sqrt(np(1-p)).
  const logit = Math.log(0.03 / 0.97);
  const model = { coefficients: [{ term: '(Intercept)', estimate: logit }, { term: 'b', estimate: 0.5 }], covariance: [[1e-12, 0], [0, 1e-12]] };

  it('reproduces binomial sampling when the coefficients are known exactly', () => {
    const r = simulatePlan(model, [{ impressions: 10000, features: { b: 0 } }], { runs: 4000, seed: 5 });
    const sd = Math.sqrt(10000 * 0.03 * 0.97);
    expect(r.rows[0]!.ctr.p50).toBeCloseTo(0.03, 6);
    expect(Math.abs(r.rows[0]!.clicks.mean - 300)).toBeLessThan(3 * sd / Math.sqrt(4000) * 2);
    expect(Math.abs(r.rows[0]!.clicks.p5 - (300 - 1.645 * sd))).toBeLessThan(2);
    expect(Math.abs(r.rows[0]!.clicks.p95 - (300 + 1.645 * sd))).toBeLessThan(2);
  });

  it('carries coefficient uncertainty: CTR percentiles are logit-normal percentiles', () => {
    // Intercept ~ N(logit(0.03), 0.2^2) -> CTR p5/p95 = logistic(logit(0.03) -/+ 1.645 * 0.2)
    const m = { coefficients: [{ term: '(Intercept)', estimate: logit }], covariance: [[0.04]] };
    const r = simulatePlan(m, [{ impressions: 100 }], { runs: 20000, seed: 11 });
    const lg = (e: number) => 1 / (1 + Math.exp(-e));
    expect(r.rows[0]!.ctr.p5).toBeCloseTo(lg(logit - 1.6448536 * 0.2), 3);
    expect(r.rows[0]!.ctr.p95).toBeCloseTo(lg(logit + 1.6448536 * 0.2), 3);
  });

  it('is reproducible by seed, sums rows into the overall total, and reads factorial terms', () => {
    const fm = { coefficients: [{ term: '(Intercept)', estimate: logit }, { term: 'cta=Try', estimate: 0.3 }, { term: 'headline=B:cta=Try', estimate: 0.1 }], covariance: [[1e-4, 0, 0], [0, 1e-4, 0], [0, 0, 1e-4]] };
    const plan = [{ impressions: 2000, factors: { headline: 'B', cta: 'Try' } }, { impressions: 3000, factors: { headline: 'A', cta: 'Buy' } }];
    const a = simulatePlan(fm, plan, { runs: 500, seed: 2 });
    expect(simulatePlan(fm, plan, { runs: 500, seed: 2 })).toEqual(a);
    expect(a.rows[0]!.ctr.p50).toBeCloseTo(1 / (1 + Math.exp(-(logit + 0.4))), 2);
    expect(a.overall.clicks.mean).toBeCloseTo(a.rows[0]!.clicks.mean + a.rows[1]!.clicks.mean, 8);
    expect(() => simulatePlan(fm, [{ impressions: 10, features: {} }])).toThrow(/no value for model term/);
  });
});
