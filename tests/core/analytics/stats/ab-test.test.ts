import { describe, expect, it } from 'vitest';
import { abTest } from '../../../../src/core/analytics/stats/ab-test.ts';
import { adjustPValues } from '../../../../src/core/analytics/stats/adjust-p-values.ts';
import { expectPrinted } from './helpers.ts';

describe('abTest', () => {
  it('one comparison: statsmodels proportions_ztest docs (5/83 vs 12/99 → p 0.159)', () => {
    const [row, ...rest] = abTest(
      [
        { group: 'A', successes: 12, trials: 99 },
        { group: 'B', successes: 5, trials: 83 },
      ],
      { control: 'A' },
    );
    expect(rest).toHaveLength(0);
    expect(row).toMatchObject({ group: 'B', control: 'A', successes: 5, trials: 83, control_successes: 12, control_trials: 99 });
    expectPrinted(row!.p_value, 0.159, 3);
    expect(row!.z).toBeLessThan(0);
    // Pearson's 2 x 2 chi-square without correction equals the pooled z squared (Agresti 2013 §3.2).
    expect(row!.chi_square).toBeCloseTo(row!.z ** 2, 12);
    // A single comparison: Holm leaves the p-value alone.
    expect(row!.p_adjusted).toBe(row!.p_value);
    expect(row!.significant).toBe(false);
  });

  it('intervals: Newcombe 1998 Table II (a) for the difference; Katz formula for the lift', () => {
    const [row] = abTest(
      [
        { group: 'control', successes: 48, trials: 80 },
        { group: 'new', successes: 56, trials: 70 },
      ],
      { control: 'control' },
    );
    expect(row!.rate).toBeCloseTo(0.8, 12);
    expect(row!.control_rate).toBeCloseTo(0.6, 12);
    expect(row!.diff).toBeCloseTo(0.2, 12);
    expectPrinted(row!.ci_low, 0.0524, 4);
    expectPrinted(row!.ci_high, 0.3339, 4);
    expect(row!.lift).toBeCloseTo(1 / 3, 12);
    const se = Math.sqrt(1 / 56 - 1 / 70 + 1 / 48 - 1 / 80);
    expect(row!.lift_ci_low).toBeCloseTo((4 / 3) * Math.exp(-1.959963984540054 * se) - 1, 10);
    expect(row!.lift_ci_high).toBeCloseTo((4 / 3) * Math.exp(1.959963984540054 * se) - 1, 10);
  });

  it('without control compares every pair, first-listed group as control, Holm-adjusted', () => {
    const rows = abTest([
      { group: 'A', successes: 100, trials: 5000 },
      { group: 'B', successes: 140, trials: 5000 },
      { group: 'C', successes: 101, trials: 5000 },
    ]);
    expect(rows.map((r) => `${r.group} vs ${r.control}`)).toEqual(['B vs A', 'C vs A', 'C vs B']);
    const expected = adjustPValues(
      rows.map((r) => r.p_value),
      'holm',
    );
    rows.forEach((r, i) => {
      expect(r.p_adjusted).toBeCloseTo(expected[i]!, 15);
      expect(r.significant).toBe(r.p_adjusted < 0.05);
      expect(r.p_adjusted).toBeGreaterThanOrEqual(r.p_value);
    });
  });

  it('alpha sets the interval level: a 99% interval contains the 95% one', () => {
    const groups = [
      { group: 'A', successes: 48, trials: 80 },
      { group: 'B', successes: 56, trials: 70 },
    ];
    const [r95] = abTest(groups, { control: 'A' });
    const [r99] = abTest(groups, { control: 'A', alpha: 0.01 });
    expect(r99!.ci_low).toBeLessThan(r95!.ci_low);
    expect(r99!.ci_high).toBeGreaterThan(r95!.ci_high);
  });

  it('explains bad input', () => {
    const ok = { group: 'A', successes: 1, trials: 10 };
    expect(() => abTest([ok])).toThrow(/at least two groups/);
    expect(() => abTest([ok, { group: 'B', successes: 1, trials: 10 }], { control: 'Z' })).toThrow(
      /control "Z" is not among the groups \("A", "B"\)/,
    );
    expect(() => abTest([ok, { group: 'B', successes: 1, trials: 0 }])).toThrow(/group "B".*at least one trial/);
    expect(() => abTest([ok, { group: 'B', successes: 11, trials: 10 }])).toThrow(/group "B".*successes \(11\) > trials \(10\)/);
    expect(() => abTest([ok, { ...ok }])).toThrow(/"A" appears more than once/);
  });
});
