import { describe, expect, it } from 'vitest';
import { compareGroups, differenceInDifferences, slope, syntheticControl, type Panel } from '../../../../src/core/analytics/geo/geo-lift.ts';
import { simplexLeastSquares } from '../../../../src/core/analytics/geo/simplex-least-squares.ts';
import { mulberry32, standardNormal } from '../../../../src/core/analytics/random.ts';

describe('simplexLeastSquares', () => {
  it('recovers the weights of an exact convex combination of donors (0.2, 0.5, 0.3, 0, 0)', () => {
    const rand = mulberry32(4);
    const donors = Array.from({ length: 5 }, (_, j) => Array.from({ length: 40 }, (_, t) => 100 + 10 * j + 5 * Math.sin(t / (j + 2)) + 3 * standardNormal(rand)));
    const w = [0.2, 0.5, 0.3, 0, 0];
    const y = donors[0]!.map((_, t) => donors.reduce((s, d, j) => s + w[j]! * d[t]!, 0));
    const fit = simplexLeastSquares(donors, y);
    fit.weights.forEach((x, j) => expect(x).toBeCloseTo(w[j]!, 6));
    expect(fit.sse).toBeLessThan(1e-8);
  });

  it('a target outside the hull: the nearest donor alone (weight 1 on the highest series)', () => {
    const donors = [[1, 2, 3], [2, 3, 4]];
    expect(simplexLeastSquares(donors, [10, 11, 12]).weights).toEqual([0, 1]);
  });

  it('hand-derived interior optimum: y = (1, 1) from donors (0, 2) and (2, 0) → weights (0.5, 0.5)', () => {
    // ‖(1,1) − (2b, 2a)‖² with a + b = 1 is (1 − 2b)² + (1 − 2a)², minimised at a = b = 1/2.
    simplexLeastSquares([[0, 2], [2, 0]], [1, 1]).weights.forEach((x) => expect(x).toBeCloseTo(0.5, 14));
  });

  it('orthogonal donors: the weights are the Euclidean projection of y/4 onto the simplex, by hand', () => {
    // ‖y − 4w‖² = 16‖y/4 − w‖²: w is the Euclidean projection of (0.75, 0, 0) onto the simplex,
    // θ = (0.75 − 1)/3 → (0.8333…, 0.0833…, 0.0833…) (Duchi et al. 2008: all three stay positive).
    const w = simplexLeastSquares([[4, 0, 0], [0, 4, 0], [0, 0, 4]], [3, 0, 0]).weights;
    [5 / 6, 1 / 12, 1 / 12].forEach((x, i) => expect(w[i]).toBeCloseTo(x, 10));
    const v = simplexLeastSquares([[4, 0, 0], [0, 4, 0], [0, 0, 4]], [6, 1, 0]).weights;
    // (1.5, 0.25, 0): θ = (1.75 − 1)/2 = 0.375 → (1.125, −0.125) infeasible, so ρ = 1: θ = 0.5 → (1, 0, 0).
    [1, 0, 0].forEach((x, i) => expect(v[i]).toBeCloseTo(x, 12));
  });
});

describe('compareGroups', () => {
  it('Welch for two or more per group, hand-derived: d_T = (5, 7), d_C = (1, 2, 3)', () => {
    // estimate 6 − 2 = 4; s²_T = 2, s²_C = 1; SE = √(2/2 + 1/3) = √(4/3); df = (4/3)² / (1²/1 + (1/3)²/2) = 1.6842…
    const r = compareGroups([5, 7], [1, 2, 3]);
    expect(r.estimate).toBe(4);
    expect(r.se).toBeCloseTo(Math.sqrt(4 / 3), 14);
    expect(r.df).toBeCloseTo((16 / 9) / (1 + 1 / 18), 12);
  });

  it('one treated region: SE = s_C·√(1 + 1/n_C), df n_C − 1; p from the closed-form t(2) CDF 1/2 + t / (2√(2 + t²))', () => {
    const r = compareGroups([6], [1, 2, 3]);
    const t = 4 / Math.sqrt(4 / 3);
    expect(r.se).toBeCloseTo(Math.sqrt(4 / 3), 14);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(2 * (0.5 - t / (2 * Math.sqrt(2 + t * t))), 8);
  });

  it('slope is OLS on 0, 1, 2, …', () => {
    expect(slope([1, 3, 5])).toBe(2);
    expect(slope([4, 4, 4, 4])).toBe(0);
  });
});

/** 8 control regions on a common trend with their own levels; region T = a known mix of c1–c3, plus `lift` from date `start`. */
function plantedPanel(lift: number, seed = 2): Panel {
  const rand = mulberry32(seed);
  const T = 60;
  const start = 40;
  const controls = Array.from({ length: 8 }, (_, j) => Array.from({ length: T }, (_, t) => 200 + 25 * j + 0.8 * t + 15 * Math.sin((t + 3 * j) / 5) + 2 * standardNormal(rand)));
  const treated = controls[0]!.map((_, t) => 0.5 * controls[1]![t]! + 0.3 * controls[2]![t]! + 0.2 * controls[3]![t]! + (t >= start ? lift : 0));
  return { regions: ['T', ...controls.map((_, j) => `c${j}`)], values: [treated, ...controls], start, treated: [0] };
}

describe('difference-in-differences and synthetic control on a planted geo test', () => {
  it('DiD: the lift of 30 is recovered within its interval; pre-trends are parallel', () => {
    const d = differenceInDifferences(plantedPanel(30));
    expect(d.ciLow!).toBeLessThan(30);
    expect(d.ciHigh!).toBeGreaterThan(30);
    expect(d.pValue!).toBeLessThan(0.05);
    expect(d.preTrend.pValue!).toBeGreaterThan(0.05);
    // The estimate is exactly the definition: (T_post − T_pre) − (C_post − C_pre).
    expect(d.estimate).toBeCloseTo(d.treatedPost - d.treatedPre - (d.controlPost - d.controlPre), 10);
  });

  it('synthetic control: recovers the donor weights 0.5 / 0.3 / 0.2, the gap of 30, and placebo p = 1/9 (rank 1 of 9)', () => {
    const s = syntheticControl(plantedPanel(30));
    const w = Object.fromEntries(s.weights.map((x) => [x.region, x.weight]));
    expect(w.c1).toBeCloseTo(0.5, 6);
    expect(w.c2).toBeCloseTo(0.3, 6);
    expect(w.c3).toBeCloseTo(0.2, 6);
    expect(s.preRmspe).toBeLessThan(1e-6);
    expect(s.meanPostGap).toBeCloseTo(30, 6);
    expect(s.rank).toBe(1);
    expect(s.placeboP).toBeCloseTo(1 / 9, 15);
  });

  it('no lift: the gap is ~0; Abadie p = (# units with ratio ≥ treated) / (J + 1) counted by hand', () => {
    const s = syntheticControl(plantedPanel(0));
    expect(Math.abs(s.meanPostGap)).toBeLessThan(1e-5);
    const atLeast = s.placebos.filter((p) => p.ratio >= s.ratio).length;
    expect(s.placeboP).toBe((atLeast + 1) / 9);
  });
});

describe('placebo fit limit (ADH 2010, placebos fitted about as well as the treated unit)', () => {
  it('placebos whose pre-RMSPE exceeds the limit × the treated one are left out of p; p counted by hand over the rest', () => {
    // A noisy treated unit (pre-RMSPE > 0), so the limit is a real multiple.
    const p = plantedPanel(30);
    p.values[0] = p.values[0]!.map((v, t) => v + (t % 2 ? 3 : -3));
    const all = syntheticControl(p);
    const limited = syntheticControl(p, 2);
    const kept = limited.placebos.filter((x) => x.used);
    expect(kept.length).toBe(limited.placebos.filter((x) => x.preRmspe <= 2 * limited.preRmspe).length);
    expect(limited.placeboP).toBeCloseTo((kept.filter((x) => x.ratio >= limited.ratio).length + 1) / (kept.length + 1), 15);
    expect(all.placebos.every((x) => x.used)).toBe(true);
  });
});
