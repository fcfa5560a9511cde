import { analysisCell, fromClause } from '../analysis.ts';
import { column, listColumns, queryRows, sqlString } from './shared.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `completeness`: missing days in daily pulls, per series (`by:` columns, e.g. platform and campaign).
 * Each series is expected every day from its own first to last day (`expect: own`, the default) or
 * over the whole range of the table / `start:`–`end:` (`expect: range`, which also reports series
 * that start late or stop early). Runs of consecutive missing days come back as one row each.
 */
export const completenessCell = analysisCell({
  kind: 'completeness',
  summary: 'Gaps in daily pulls per platform / campaign: runs of missing dates per series.',
  async compute(run) {
    const time = column(run, 'time', 'date');
    const by = listColumns(run, 'by');
    const expect = run.opts.choice('expect', ['own', 'range'] as const, 'own');
    const start = run.opts.optionalText('start');
    const end = run.opts.optionalText('end');
    if (start && !ISO_DATE.test(start)) run.opts.fail('start', `must be a date YYYY-MM-DD (got \`${start}\`)`);
    if (end && !ISO_DATE.test(end)) run.opts.fail('end', `must be a date YYYY-MM-DD (got \`${end}\`)`);
    const segCols = by.quoted.map((_, i) => `s${i}`);
    const seg = by.quoted.map((c, i) => `CAST(${c} AS VARCHAR) AS s${i}`);
    const group = segCols.length ? `GROUP BY ${segCols.join(', ')}` : '';
    const lo = expect === 'range' ? (start ? `DATE ${sqlString(start)}` : '(SELECT min(day) FROM d)') : 'first_day';
    const hi = expect === 'range' ? (end ? `DATE ${sqlString(end)}` : '(SELECT max(day) FROM d)') : 'last_day';
    const sql = `
      WITH d AS (SELECT DISTINCT ${[...seg, `CAST(${time} AS DATE) AS day`].join(', ')} ${fromClause(run)} WHERE ${time} IS NOT NULL),
      s AS (SELECT ${[...segCols, 'min(day) AS first_day', 'max(day) AS last_day', 'count(*) AS days_present'].join(', ')} FROM d ${group}),
      expected AS (
        SELECT s.*, CAST(g.day AS DATE) AS day FROM s, LATERAL generate_series(CAST(${lo} AS TIMESTAMP), CAST(${hi} AS TIMESTAMP), INTERVAL 1 DAY) AS g(day)
      ), missing AS (
        SELECT x.* FROM expected x ANTI JOIN d ${segCols.length ? `ON ${segCols.map((c) => `x.${c} IS NOT DISTINCT FROM d.${c}`).join(' AND ')} AND` : 'ON'} x.day = d.day
      ), runs AS (
        SELECT *, day - CAST(row_number() OVER (${segCols.length ? `PARTITION BY ${segCols.join(', ')}` : ''} ORDER BY day) AS INTEGER) AS grp FROM missing
      )
      SELECT ${[...segCols, 'min(day) AS gap_start', 'max(day) AS gap_end', 'count(*) AS days_missing', 'any_value(first_day) AS first_day', 'any_value(last_day) AS last_day', 'any_value(days_present) AS days_present', "string_agg(strftime(day, '%Y-%m-%d'), ', ' ORDER BY day) AS dates"].join(', ')}
      FROM runs GROUP BY ${[...segCols, 'grp'].join(', ')} ORDER BY ${[...segCols, 'gap_start'].join(', ')}`;
    const rows = (await queryRows(run, sql)).map((r) => {
      const row: Record<string, unknown> = {};
      by.names.forEach((n, i) => (row[n] = r[`s${i}`]));
      const where = r.gap_start! < r.first_day! ? 'before the first pull' : r.gap_end! > r.last_day! ? 'after the last pull' : 'gap';
      return { ...row, gap_start: r.gap_start, gap_end: r.gap_end, days_missing: Number(r.days_missing), where, dates: r.dates, first_day: r.first_day, last_day: r.last_day, days_present: Number(r.days_present) };
    });
    const columns = [...by.names, 'gap_start', 'gap_end', 'days_missing', 'where', 'dates', 'first_day', 'last_day', 'days_present'];
    return { rows, columns, types: { ...Object.fromEntries(by.names.map((n) => [n, 'VARCHAR'])), gap_start: 'DATE', gap_end: 'DATE', days_missing: 'BIGINT', where: 'VARCHAR', dates: 'VARCHAR', first_day: 'DATE', last_day: 'DATE', days_present: 'BIGINT' } };
  },
});
