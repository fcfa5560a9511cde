import { numberColumn, textColumn } from '../../arrow.ts';
import { pChart } from '../../analytics/stats/index.ts';
import { allPresent, analysisCell, fromClause, missingMetricNote } from '../analysis.ts';

/** `control-chart`: a p-chart of a daily rate with varying limits and the Western Electric rules. */
export const controlChartCell = analysisCell({
  kind: 'control-chart',
  summary: 'p-chart of a rate over time with per-point limits and Western Electric rules; out-of-control points flagged.',
  async compute(run) {
    const [time, successes, trials] = run.columns('time', 'successes', 'trials');
    const sigma = run.opts.number('sigma', 3, { min: 0, exclusive: true });
    const t = await run.query(
      `SELECT CAST(${time} AS VARCHAR) AS t, sum(${successes})::DOUBLE AS s, sum(${trials})::DOUBLE AS n ${fromClause(run)} WHERE ${allPresent([time!, successes!, trials!])} GROUP BY 1 HAVING sum(${trials}) > 0 ORDER BY 1`,
    );
    const note = await missingMetricNote(run, [successes!, trials!]);
    const timeType = run.source!.columns.find((c) => `"${c.name}"` === time)?.type;
    const columns = ['t', 'successes', 'trials', 'p', 'center', 'sigma_i', 'lcl', 'ucl', 'z', 'rules', 'out_of_control', 'in_baseline'];
    const types = {
      ...Object.fromEntries(columns.map((c) => [c, 'DOUBLE' as const])),
      t: timeType === 'DATE' ? ('DATE' as const) : ('VARCHAR' as const), rules: 'VARCHAR' as const, out_of_control: 'BOOLEAN' as const, in_baseline: 'BOOLEAN' as const,
    };
    if (t.numRows === 0) return { rows: [], columns, types, note };
    const ts = textColumn(t, 't');
    const s = numberColumn(t, 's');
    const n = numberColumn(t, 'n');
    const points = ts.map((x, k) => ({ t: x ?? '', successes: s[k] ?? 0, trials: n[k] ?? 0 }));
    // Baseline (Phase I) periods set the centre line; special-cause periods can be left out of it.
    const from = run.opts.optionalText('baseline_from');
    const to = run.opts.optionalText('baseline_to');
    const exclude = new Set(run.opts.list('exclude'));
    const inBaseline = (t: string) => (from === undefined || t >= from) && (to === undefined || t <= to) && !exclude.has(t);
    const base = points.filter((p) => inBaseline(p.t));
    if (base.length === 0) run.opts.fail(from !== undefined ? 'baseline_from' : 'exclude', 'leaves no period in the baseline');
    const center = base.reduce((a, p) => a + p.successes, 0) / base.reduce((a, p) => a + p.trials, 0);
    const rows = pChart(points, { sigma, center });
    return { rows: rows.map((r) => ({ ...r, rules: r.rules.join(','), in_baseline: inBaseline(r.t) })), columns, types, note };
  },
});
