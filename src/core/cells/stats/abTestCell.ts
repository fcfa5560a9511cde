import { numberColumn, textColumn, type ColumnType } from '../../arrow.ts';
import { abTest } from '../../analytics/stats/index.ts';
import { abTestVerdict } from '../shared/verdicts.ts';
import { allPresent, analysisCell, fromClause, missingMetricNote } from '../analysis.ts';

const AB_COLUMNS = [
  'group', 'control', 'successes', 'trials', 'control_successes', 'control_trials', 'rate', 'control_rate', 'diff',
  'ci_low', 'ci_high', 'lift', 'lift_ci_low', 'lift_ci_high', 'z', 'chi_square', 'p_value', 'p_adjusted', 'significant',
];
const AB_TYPES: Record<string, ColumnType> = Object.fromEntries(
  AB_COLUMNS.map((c) => [c, c === 'group' || c === 'control' ? 'VARCHAR' : c === 'significant' ? 'BOOLEAN' : 'DOUBLE']),
);

/** `ab-test`: compare conversion rates of two or more variants (pooled z-test, chi-square, corrected p-values). */
export const abTestCell = analysisCell({
  kind: 'ab-test',
  summary: 'Rates, difference and lift with intervals, z-test, chi-square and multiple-comparison correction per variant.',
  formats: { successes: 'count', trials: 'count', control_successes: 'count', control_trials: 'count', rate: 'percent', control_rate: 'percent', diff: 'percent', ci_low: 'percent', ci_high: 'percent', lift: 'percent', lift_ci_low: 'percent', lift_ci_high: 'percent' },
  verdict: abTestVerdict,
  async compute(run) {
    const [group, successes, trials] = run.columns('group', 'successes', 'trials');
    const alpha = run.opts.number('alpha', 0.05, { min: 0, max: 1, exclusive: true });
    const correction = run.opts.choice('correction', ['bonferroni', 'holm', 'bh', 'none'] as const, 'holm');
    const control = run.opts.optionalText('control');
    // Rows without a successes or trials value are left out: a missing metric is not 0 successes.
    const t = await run.query(
      `SELECT CAST(${group} AS VARCHAR) AS g, sum(${successes})::DOUBLE AS s, sum(${trials})::DOUBLE AS n ${fromClause(run)} WHERE ${allPresent([successes!, trials!])} GROUP BY 1 ORDER BY 1`,
    );
    const note = await missingMetricNote(run, [successes!, trials!]);
    if (t.numRows === 0) return { rows: [], columns: AB_COLUMNS, types: AB_TYPES, note };
    const groups = textColumn(t, 'g');
    // Groups lost to a missing metric: say so, rather than "needs two groups" or "no such control".
    if (note && (groups.length < 2 || (control !== undefined && !groups.includes(control)))) {
      return { rows: [], columns: AB_COLUMNS, types: AB_TYPES, note: `${note}; only ${groups.join(', ')} ${groups.length === 1 ? 'has' : 'have'} values, so there is nothing to compare` };
    }
    const s = numberColumn(t, 's');
    const n = numberColumn(t, 'n');
    const rows = abTest(
      groups.map((g, k) => ({ group: g ?? '(null)', successes: s[k] ?? 0, trials: n[k] ?? 0 })),
      { alpha, correction, ...(control !== undefined ? { control } : {}) },
    );
    return { rows: rows as unknown as Record<string, unknown>[], columns: AB_COLUMNS, types: AB_TYPES, note };
  },
});
