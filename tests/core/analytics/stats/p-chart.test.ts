import { describe, expect, it } from 'vitest';
import { pChart } from '../../../../src/core/analytics/stats/p-chart.ts';
import { expectSignificant } from './helpers.ts';

// Montgomery, Introduction to Statistical Quality Control, Example 7.1 (orange-juice cans, 30
// samples of n = 50, Table 7.1), shipped as qcc's `orangejuice` (trial == TRUE). qcc's printed
// summary: Center = 0.2313333, StdDev = 0.421685, LCL = 0.05242755, UCL = 0.4102391,
// beyond limits: samples 15 and 23.
const NONCONFORMING = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6];

describe('pChart', () => {
  const rows = pChart(NONCONFORMING.map((d, i) => ({ t: String(i + 1), successes: d, trials: 50 })));

  it('reproduces qcc / Montgomery Example 7.1 center and limits', () => {
    for (const r of rows) {
      expectSignificant(r.center, 0.2313333, 7);
      expectSignificant(r.lcl, 0.05242755, 7);
      expectSignificant(r.ucl, 0.4102391, 7);
      expectSignificant(r.sigma_i * Math.sqrt(50), 0.421685, 6);
    }
  });

  it('flags samples 15 and 23 beyond the limits (rule 1), as qcc and Montgomery do', () => {
    expect(rows.filter((r) => r.rules.includes(1)).map((r) => r.t)).toEqual(['15', '23']);
    expect(rows[14]!.p).toBeCloseTo(0.44, 12);
    expect(rows[14]!.out_of_control).toBe(true);
  });

  it('rule 2 on the same data: samples 21–23 (20, 18, 24 of 50) sit above 2 sigma (p > 0.3506)', () => {
    // By hand: 2-sigma line = 0.2313 + 2 · 0.05964 = 0.3506, i.e. 18+ nonconforming of 50.
    // Windows (20, 21, 22) and (21, 22, 23) each hold two such points ending on one.
    const rule2 = rows.filter((r) => r.rules.includes(2)).map((r) => r.t);
    expect(rule2).toEqual(['22', '23']);
  });

  it('varies limits with each period\'s trials and clamps them to [0, 1] (NIST e-Handbook §6.3.3.2 formula)', () => {
    const out = pChart([
      { t: 'a', successes: 2, trials: 10 },
      { t: 'b', successes: 8, trials: 90 },
    ]);
    const pbar = 10 / 100;
    const sA = Math.sqrt((pbar * (1 - pbar)) / 10);
    const sB = Math.sqrt((pbar * (1 - pbar)) / 90);
    expect(out[0]!.sigma_i).toBeCloseTo(sA, 12);
    expect(out[0]!.lcl).toBe(0); // 0.1 - 3 · 0.0949 < 0
    expect(out[0]!.ucl).toBeCloseTo(pbar + 3 * sA, 12);
    expect(out[1]!.lcl).toBeCloseTo(Math.max(0, pbar - 3 * sB), 12);
    expect(out[1]!.z).toBeCloseTo((8 / 90 - pbar) / sB, 12);
  });

  it('handles a center of 0 and explains bad input', () => {
    const flat = pChart([
      { t: 'a', successes: 0, trials: 10 },
      { t: 'b', successes: 0, trials: 20 },
    ]);
    expect(flat.map((r) => [r.lcl, r.ucl, r.z, r.out_of_control])).toEqual([
      [0, 0, 0, false],
      [0, 0, 0, false],
    ]);
    expect(() => pChart([])).toThrow(/at least one period/);
    expect(() => pChart([{ t: 'x', successes: 1, trials: 0 }])).toThrow(/period "x".*at least one trial/);
  });
});
