import { numberColumn, textColumn } from '../../arrow.ts';
import { holdoutLift } from '../../analytics/stats/index.ts';
import { holdoutVerdict } from '../shared/verdicts.ts';
import { allPresent, analysisCell, columnTypes, fromClause, missingMetricNote } from '../analysis.ts';

const COLUMNS = [
  'exposed_rate', 'holdout_rate', 'absolute_lift', 'absolute_lift_ci_low', 'absolute_lift_ci_high', 'relative_lift', 'relative_lift_ci_low', 'relative_lift_ci_high',
  'incremental_conversions', 'incremental_conversions_ci_low', 'incremental_conversions_ci_high', 'z', 'p_value', 'significant',
];
const TYPES = columnTypes(COLUMNS, [], ['significant']);

/** `holdout`: incremental lift of an exposed group over a holdout group, with intervals. */
export const holdoutCell = analysisCell({
  kind: 'holdout',
  summary: 'Lift of exposed over holdout (absolute, relative, incremental conversions) with intervals and p-value.',
  formats: Object.fromEntries(COLUMNS.filter((c) => /rate|lift/.test(c)).map((c) => [c, 'percent']).concat(COLUMNS.filter((c) => c.startsWith('incremental')).map((c) => [c, 'count']))),
  verdict: holdoutVerdict,
  async compute(run) {
    const [group, conversions, users] = run.columns('group', 'conversions', 'users');
    const exposed = run.opts.text('exposed', 'exposed');
    const holdout = run.opts.text('holdout', 'holdout');
    const alpha = run.opts.number('alpha', 0.05, { min: 0, max: 1, exclusive: true });
    const t = await run.query(
      `SELECT CAST(${group} AS VARCHAR) AS g, sum(${conversions})::DOUBLE AS c, sum(${users})::DOUBLE AS u ${fromClause(run)} WHERE ${allPresent([conversions!, users!])} GROUP BY 1`,
    );
    const note = await missingMetricNote(run, [conversions!, users!]);
    if (t.numRows === 0) return { rows: [], columns: COLUMNS, types: TYPES, note };
    const g = textColumn(t, 'g');
    const c = numberColumn(t, 'c');
    const u = numberColumn(t, 'u');
    const lost = [exposed, holdout].filter((x) => !g.includes(x));
    // A group lost to a missing metric: say so, rather than "no rows with group = …".
    if (note && lost.length > 0) return { rows: [], columns: COLUMNS, types: TYPES, note: `${note}; ${lost.join(' and ')} ${lost.length === 1 ? 'has' : 'have'} no rows with values, so there is no lift` };
    const at = (label: string, key: string) => {
      const k = g.indexOf(label);
      if (k < 0) run.opts.fail(key, `no rows with ${run.opts.text('group')} = \`${label}\` (groups found: ${g.join(', ')})`);
      return { conversions: c[k] ?? 0, users: u[k] ?? 0 };
    };
    const e = at(exposed, 'exposed');
    const h = at(holdout, 'holdout');
    const lift = holdoutLift({ exposedConversions: e.conversions, exposedUsers: e.users, holdoutConversions: h.conversions, holdoutUsers: h.users, alpha });
    return { rows: [{ ...lift }] as Record<string, unknown>[], columns: COLUMNS, types: TYPES, note };
  },
});
