import { describe, expect, it } from 'vitest';
import { classicalDecomposition } from '../../../../src/core/analytics/models/classical-decomposition.ts';
import { seasonallyAdjust } from '../../../../src/core/analytics/models/seasonally-adjust.ts';
import { dayOfWeekProfile } from '../../../../src/core/analytics/models/day-of-week-profile.ts';

describe('classicalDecomposition', () => {
  it("reproduces R's documented decompose() example (Kendall & Stuart 1983, pp. 410-414)", () => {
    // From ?decompose in R: "## seasonal figure: 6.25, 8.62, -8.84, -6.03"
    //   round(decompose(x)$figure / 10, 2)
    const x = [-50, 175, 149, 214, 247, 237, 225, 329, 729, 809, 530, 489, 540, 457, 195, 176, 337, 239, 128, 102,
      232, 429, 3, 98, 43, -141, -77, -13, 125, 361, -45, 184];
    const d = classicalDecomposition(x, 4);
    expect(d.figure.map((f) => Math.round(f / 10 * 100) / 100)).toEqual([6.25, 8.62, -8.84, -6.03]);
    // Trend undefined for the first and last two quarters (centred 2x4 MA).
    expect(d.trend.slice(0, 2).every(Number.isNaN)).toBe(true);
    expect(d.trend.slice(-2).every(Number.isNaN)).toBe(true);
    // Textbook 2x4 MA at t = 3 (1-based): (x1/2 + x2 + x3 + x4 + x5/2) / 4
    expect(d.trend[2]).toBeCloseTo((-50 / 2 + 175 + 149 + 214 + 247 / 2) / 4, 10);
    for (let t = 2; t < x.length - 2; t++) expect(d.trend[t]! + d.seasonal[t]! + d.random[t]!).toBeCloseTo(x[t]!, 8);
  });

  it('recovers an exact linear trend and zero-mean season (the MA reproduces linear trends exactly)', () => {
    const season = [3, -1, -4, 2];
    const x = Array.from({ length: 24 }, (_, t) => 10 + 0.5 * t + season[t % 4]!);
    const d = classicalDecomposition(x, 4);
    d.figure.forEach((f, i) => expect(f).toBeCloseTo(season[i]!, 10));
    expect(d.trend[5]).toBeCloseTo(10 + 2.5, 10);
    expect(seasonallyAdjust(x, 4)[7]).toBeCloseTo(10 + 3.5, 10);
  });

  it('multiplicative figure averages one and recovers exact seasonal factors on an odd period', () => {
    const factors = [1.2, 0.9, 0.9];
    const x = Array.from({ length: 15 }, (_, t) => 100 * factors[t % 3]!);
    const d = classicalDecomposition(x, 3, 'multiplicative');
    d.figure.forEach((f, i) => expect(f).toBeCloseTo(factors[i]!, 10));
  });

  it('rejects fewer than two periods', () => {
    expect(() => classicalDecomposition([1, 2, 3], 2)).toThrow(/two full periods/);
  });
});

describe('dayOfWeekProfile', () => {
  it('computes the ratio-to-average index per ISO weekday (hand-computed)', () => {
    // 2024-01-01 was a Monday. Two weeks: Mon values 10 and 14 (mean 12), all other days 6.
    const dates: string[] = [];
    const values: number[] = [];
    for (let d = 1; d <= 14; d++) {
      dates.push(`2024-01-${String(d).padStart(2, '0')}`);
      values.push(d === 1 ? 10 : d === 8 ? 14 : 6);
    }
    const p = dayOfWeekProfile(dates, values);
    // Average of weekday means = (12 + 6*6) / 7 = 48/7; Monday index = 12 / (48/7) = 1.75
    expect(p[0]!.name).toBe('Mon');
    expect(p[0]!.n).toBe(2);
    expect(p[0]!.index).toBeCloseTo(1.75, 12);
    expect(p[6]!.name).toBe('Sun');
    expect(p[6]!.index).toBeCloseTo(6 / (48 / 7), 12);
  });
});
