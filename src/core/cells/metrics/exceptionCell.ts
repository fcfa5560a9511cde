import { quoteIdent } from '../../engine.ts';
import { analysisCell, fromClause, missingMetricNote, type AnalysisOutput, type AnalysisRun } from '../analysis.ts';
import { column, listColumns, queryRows, sqlString } from '../quality/shared.ts';

const GRAINS = ['day', 'week', 'month'] as const;
type Grain = (typeof GRAINS)[number];
/** Same period last year: 364 days for days and weeks (the same weekday), 12 months for months. */
const LAST_YEAR: Record<Grain, string> = { day: 'INTERVAL 364 DAY', week: 'INTERVAL 364 DAY', month: 'INTERVAL 12 MONTH' };
const UNIT: Record<Grain, string> = { day: 'DAY', week: 'DAY', month: 'MONTH' };
const AGGS = ['sum', 'avg', 'min', 'max'] as const;

/**
 * `exception`: each metric per period (and segment) against its baseline — the same period last
 * year, the mean of the previous `window` periods, or a target table — listing only the deviations
 * beyond `threshold` (relative). All in SQL.
 */
export const exceptionCell = analysisCell({
  kind: 'exception',
  summary: 'Metrics that deviate from their baseline (same period last year, trailing mean or targets) by more than a threshold; exceptions only.',
  tableKeys: ['targets'],
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const time = column(run, 'time', 'date');
    const metrics = listColumns(run, 'metrics');
    if (metrics.names.length === 0) o.fail('metrics', 'list the metric columns to check, e.g. [clicks, revenue]');
    const by = listColumns(run, 'by');
    const grain = o.choice('grain', GRAINS, 'month');
    const agg = o.choice('agg', AGGS, 'sum');
    const baseline = o.choice('baseline', ['last_year', 'trailing_mean', 'target'] as const, 'last_year');
    const window = o.number('window', 3, { min: 1 });
    if (!Number.isInteger(window)) o.fail('window', `must be a whole number of periods (got ${window})`);
    const threshold = thresholdOption(run);
    const direction = o.choice('direction', ['both', 'above', 'below'] as const, 'both');
    const [check] = await queryRows(run, `SELECT count(*) AS n, count(*) FILTER (WHERE ${time} IS NULL) AS no_time ${fromClause(run)}`);
    const notes: string[] = [];
    if (Number(check?.n) === 0) notes.push(`\`${run.source!.name}\` has no rows: nothing to compare`);
    if (Number(check?.no_time) > 0) notes.push(`${check!.no_time} rows without a time were left out`);
    // A metric the data lacks has no deviations to list: say so rather than list none.
    const missing = await missingMetricNote(run, metrics.quoted);
    if (missing) notes.push(missing);

    const seg = by.quoted.map((c, i) => `CAST(${c} AS VARCHAR) AS s${i}`);
    const segCols = by.quoted.map((_, i) => `s${i}`);
    const same = (a: string, b: string) => segCols.map((c) => `${a}.${c} IS NOT DISTINCT FROM ${b}.${c}`);
    const period = `CAST(date_trunc('${grain}', CAST(${time} AS DATE)) AS DATE)`;
    const p = `SELECT ${[...seg, `${period} AS period`, ...metrics.quoted.map((m, j) => `${agg}(CAST(${m} AS DOUBLE)) AS v${j}`)].join(', ')} ${fromClause(run)} WHERE ${time} IS NOT NULL GROUP BY ALL`;
    const l = metrics.names.map((name, j) => `SELECT ${[...segCols, 'period', `${sqlString(name)} AS metric`, `v${j} AS value`].join(', ')} FROM p`).join(' UNION ALL ');
    const unitLabel = grain === 'week' ? 'weeks' : `${grain}s`;
    let b: string;
    let kind: string;
    if (baseline === 'last_year') {
      kind = 'same period last year';
      b = `SELECT l.*, ly.value AS baseline FROM l LEFT JOIN l ly ON ${['ly.metric = l.metric', ...same('ly', 'l'), `ly.period = CAST(l.period - ${LAST_YEAR[grain]} AS DATE)`].join(' AND ')}`;
    } else if (baseline === 'trailing_mean') {
      kind = `mean of the previous ${window} ${unitLabel}`;
      const span = grain === 'week' ? 7 * window : window;
      const step = grain === 'week' ? 7 : 1;
      b = `SELECT *, CASE WHEN count(value) OVER w = ${window} THEN avg(value) OVER w END AS baseline FROM l
           WINDOW w AS (PARTITION BY ${[...segCols, 'metric'].join(', ')} ORDER BY period RANGE BETWEEN INTERVAL ${span} ${UNIT[grain]} PRECEDING AND INTERVAL ${step} ${UNIT[grain]} PRECEDING)`;
    } else {
      kind = 'target';
      b = await targetBaseline(run, by.names, segCols);
    }
    const pass = direction === 'above' ? 'value > baseline' : direction === 'below' ? 'value < baseline' : 'true';
    const sql = `
      WITH p AS (${p}), l AS (${l}), b AS (${b})
      SELECT ${[...segCols.map((c, i) => `${c} AS ${quoteIdent(by.names[i]!)}`), 'period', 'metric', 'value', 'baseline',
        'value - baseline AS deviation', 'CASE WHEN baseline <> 0 THEN (value - baseline) / abs(baseline) END AS deviation_pct',
        `CASE WHEN value > baseline THEN 'above' ELSE 'below' END AS direction`, `${sqlString(kind)} AS baseline_kind`].join(', ')}
      FROM b
      WHERE value IS NOT NULL AND baseline IS NOT NULL AND ${pass}
        AND CASE WHEN baseline = 0 THEN value <> 0 ELSE abs(value - baseline) / abs(baseline) > ${threshold} END
      ORDER BY abs(deviation_pct) DESC NULLS FIRST, period, metric${segCols.length ? `, ${segCols.join(', ')}` : ''}`;
    return { sql, notes };
  },
});

/** `threshold: 0.15` or `threshold: 15%`: a relative deviation above 0. */
function thresholdOption(run: AnalysisRun): number {
  const v = run.opts.data.threshold;
  if (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*%\s*$/.test(v)) return Number(v.replace('%', '').trim()) / 100;
  const t = run.opts.number('threshold', 0.15, { min: 0, exclusive: true });
  if (t > 10) run.opts.fail('threshold', `is a fraction (0.15 = 15 %) or a percentage written \`15%\`; ${t} would be ${t * 100} %`);
  return t;
}

/** Baseline from a `targets:` table (`metric`, `target`, optional `period` and segment columns). */
async function targetBaseline(run: AnalysisRun, byNames: string[], segCols: string[]): Promise<string> {
  const o = run.opts;
  if (!o.has('targets')) o.fail('baseline', '`target` needs `targets:` (a table with columns metric, target and optionally period and the `by` columns)');
  const info = await run.table('targets');
  const find = (name: string) => info.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  const metric = find(o.text('target_metric', 'metric')) ?? o.fail('targets', `\`${info.name}\` needs a \`metric\` column naming the metric (its columns: ${info.columns.map((c) => c.name).join(', ')})`);
  const target = find(o.text('target_value', 'target')) ?? o.fail('targets', `\`${info.name}\` needs a \`target\` column (its columns: ${info.columns.map((c) => c.name).join(', ')})`);
  const period = find('period');
  const segs = byNames.map((n, i) => [find(n), segCols[i]!] as const).filter(([c]) => c);
  const on = [
    `t.m = l.metric`,
    ...(period ? ['t.p = l.period'] : []),
    ...segs.map(([, s]) => `t.${s} IS NOT DISTINCT FROM l.${s}`),
  ];
  const t = `SELECT ${[`CAST(${quoteIdent(metric.name)} AS VARCHAR) AS m`, `CAST(${quoteIdent(target.name)} AS DOUBLE) AS target`, ...(period ? [`CAST(${quoteIdent(period.name)} AS DATE) AS p`] : []), ...segs.map(([c, s]) => `CAST(${quoteIdent(c!.name)} AS VARCHAR) AS ${s}`)].join(', ')} FROM ${quoteIdent(info.name)}`;
  return `SELECT l.*, t.target AS baseline FROM l LEFT JOIN (${t}) t ON ${on.join(' AND ')}`;
}
