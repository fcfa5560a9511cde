import { adjustPValues, type PAdjustMethod } from './adjust-p-values.ts';
import { proportionDifferenceInterval } from './proportion-difference-interval.ts';
import { relativeLiftInterval } from './relative-lift-interval.ts';
import { twoProportionZTest } from './two-proportion-z-test.ts';
import { assertCounts, assertLevel } from './validate.ts';

/** One group of an A/B(/n) test: e.g. clicks (successes) out of impressions (trials). */
export interface AbTestGroup {
  group: string;
  successes: number;
  trials: number;
}

/** Options of {@link abTest}. */
export interface AbTestOptions {
  /** Group every other group is compared with. Omitted: every pair is compared. */
  control?: string;
  /** Significance level; the intervals are at 1 - alpha. Default 0.05. */
  alpha?: number;
  /** Multiple-comparison correction across all rows. Default 'holm'. */
  correction?: PAdjustMethod;
}

/** One comparison of {@link abTest}: a result-table row, so its fields are snake_case columns. */
export interface AbTestRow {
  group: string;
  control: string;
  successes: number;
  trials: number;
  control_successes: number;
  control_trials: number;
  rate: number;
  control_rate: number;
  /** rate - control_rate */
  diff: number;
  /** Newcombe hybrid score interval for diff at level 1 - alpha. */
  ci_low: number;
  ci_high: number;
  /** rate / control_rate - 1 */
  lift: number;
  /** Katz log interval for the rate ratio, minus 1. */
  lift_ci_low: number;
  lift_ci_high: number;
  /** Pooled two-proportion z statistic. */
  z: number;
  /** Pearson chi-square of the 2 x 2 table without continuity correction (= z²). */
  chi_square: number;
  /** Two-sided p-value of the z test (identical to the chi-square test's). */
  p_value: number;
  p_adjusted: number;
  /** p_adjusted < alpha */
  significant: boolean;
}

/**
 * Compares conversion rates (CTR, conversion rate, open rate…) of two or more groups.
 *
 * With `control`, every other group is compared with it (one row each, in input order). Without
 * it, every pair is compared, the group listed first acting as the control of its pair. Each row
 * carries the pooled z test, the equivalent chi-square, a Newcombe interval for the difference, a
 * Katz interval for the relative lift, and p-values adjusted across all rows with `correction`.
 * The intervals are per-comparison (not multiplicity-adjusted).
 *
 * @example
 * abTest(
 *   [{ group: 'A', successes: 12, trials: 99 }, { group: 'B', successes: 5, trials: 83 }],
 *   { control: 'A' },
 * );
 * // => [{ group: 'B', control: 'A', diff: -0.0609…, z: -1.4078…, p_value: 0.1592…, significant: false, … }]
 */
export function abTest(rows: readonly AbTestGroup[], options: AbTestOptions = {}): AbTestRow[] {
  const alpha = options.alpha ?? 0.05;
  const correction = options.correction ?? 'holm';
  assertLevel(alpha, 'alpha');
  if (rows.length < 2) {
    throw new Error(`abTest: got ${rows.length} group(s); an A/B test needs at least two groups. Check the group column.`);
  }
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.group)) {
      throw new Error(`abTest: group "${r.group}" appears more than once; aggregate successes and trials per group first (GROUP BY).`);
    }
    seen.add(r.group);
    assertCounts(r.successes, r.trials, `abTest group "${r.group}"`);
  }
  const pairs: [AbTestGroup, AbTestGroup][] = [];
  if (options.control !== undefined) {
    const control = rows.find((r) => r.group === options.control);
    if (!control) {
      const names = rows.map((r) => `"${r.group}"`).join(', ');
      throw new Error(`abTest: control "${options.control}" is not among the groups (${names}); set control to one of them.`);
    }
    for (const r of rows) if (r !== control) pairs.push([r, control]);
  } else {
    for (let i = 0; i < rows.length; i++) for (let j = i + 1; j < rows.length; j++) pairs.push([rows[j]!, rows[i]!]);
  }
  const confidence = 1 - alpha;
  const partial = pairs.map(([g, c]) => {
    const test = twoProportionZTest(g.successes, g.trials, c.successes, c.trials);
    const ci = proportionDifferenceInterval(g.successes, g.trials, c.successes, c.trials, confidence);
    const lift = relativeLiftInterval(g.successes, g.trials, c.successes, c.trials, confidence);
    const rate = g.successes / g.trials;
    const controlRate = c.successes / c.trials;
    return {
      group: g.group,
      control: c.group,
      successes: g.successes,
      trials: g.trials,
      control_successes: c.successes,
      control_trials: c.trials,
      rate,
      control_rate: controlRate,
      diff: rate - controlRate,
      ci_low: ci.low,
      ci_high: ci.high,
      lift: lift.lift,
      lift_ci_low: lift.low,
      lift_ci_high: lift.high,
      z: test.z,
      // Pearson's chi-square of a 2 x 2 table without correction is exactly the pooled z squared.
      chi_square: test.z * test.z,
      p_value: test.pValue,
    };
  });
  const adjusted = adjustPValues(
    partial.map((r) => r.p_value),
    correction,
  );
  return partial.map((r, i) => ({ ...r, p_adjusted: adjusted[i]!, significant: adjusted[i]! < alpha }));
}
