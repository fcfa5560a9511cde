import { allPresent, analysisCell, fromClause, missingMetricNote } from '../analysis.ts';
import { column, listColumns, queryRows } from './shared.ts';

/**
 * `anomaly`: daily rate (successes / trials, e.g. CTR) per segment, scored with the robust z of
 * Iglewicz & Hoaglin: 0.6745 (x − median) / MAD within the segment (1.2533 × mean absolute deviation
 * when the MAD is 0). Aggregation and scoring are SQL; only the flagged days come back.
 */
export const anomalyCell = analysisCell({
  kind: 'anomaly',
  summary: 'Daily rate spikes and drops per segment with robust z-scores (median / MAD); flagged days with their z.',
  async compute(run) {
    const [successes, trials] = run.columns('successes', 'trials');
    const time = column(run, 'time', 'date');
    const by = listColumns(run, 'by');
    const threshold = run.opts.number('threshold', 3.5, { min: 0, exclusive: true });
    const direction = run.opts.choice('direction', ['both', 'up', 'down'] as const, 'both');
    const minTrials = run.opts.number('min_trials', 1, { min: 0 });
    const show = run.opts.choice('show', ['flagged', 'all'] as const, 'flagged');
    // The day's rate over the rows that have both counts; a day without successes values has a null rate.
    const both = `FILTER (WHERE ${allPresent([successes!, trials!])})`;
    const seg = by.quoted.map((c, i) => `CAST(${c} AS VARCHAR) AS s${i}`);
    const segCols = by.quoted.map((_, i) => `s${i}`);
    const part = segCols.length ? `PARTITION BY ${segCols.join(', ')}` : '';
    const joinOn = segCols.length ? `USING (${segCols.join(', ')})` : 'ON true';
    const test = direction === 'up' ? `z > ${threshold}` : direction === 'down' ? `z < -${threshold}` : `abs(z) > ${threshold}`;
    const sql = `
      WITH d AS (
        SELECT ${[...seg, `CAST(${time} AS DATE) AS day`].join(', ')}, sum(${successes}) ${both}::DOUBLE AS successes, sum(${trials}) ${both}::DOUBLE AS trials
        ${fromClause(run)} WHERE ${time} IS NOT NULL GROUP BY ALL HAVING sum(${trials}) >= ${Math.max(minTrials, Number.MIN_VALUE)}
      ), r AS (SELECT *, successes / trials AS rate FROM d),
      m AS (SELECT *, median(rate) OVER (${part}) AS med FROM r),
      s AS (
        SELECT ${[...segCols, 'median(abs(rate - med)) AS mad', 'avg(abs(rate - med)) AS meanad', 'count(*) AS days'].join(', ')} FROM m ${segCols.length ? `GROUP BY ${segCols.join(', ')}` : ''}
      ), z AS (
        SELECT m.*, s.mad, s.days, CASE WHEN s.mad > 0 THEN 0.6745 * (rate - med) / s.mad WHEN s.meanad > 0 THEN (rate - med) / (1.253314 * s.meanad) END AS z
        FROM m JOIN s ${joinOn}
      )
      SELECT * FROM z WHERE ${show === 'all' ? 'true' : `z IS NOT NULL AND ${test}`} ORDER BY ${[...segCols, 'day'].join(', ')}`;
    const rows = (await queryRows(run, sql)).map((r) => {
      const row: Record<string, unknown> = {};
      by.names.forEach((n, i) => (row[n] = r[`s${i}`]));
      const z = r.z === null ? null : Number(r.z);
      const flagged = z !== null && (direction === 'up' ? z > threshold : direction === 'down' ? z < -threshold : Math.abs(z) > threshold);
      return { ...row, day: r.day, successes: r.successes, trials: r.trials, rate: r.rate, median_rate: r.med, mad: r.mad, z, flagged, direction: flagged ? (z! > 0 ? 'spike' : 'drop') : null, segment_days: Number(r.days) };
    });
    const columns = [...by.names, 'day', 'successes', 'trials', 'rate', 'median_rate', 'mad', 'z', 'flagged', 'direction', 'segment_days'];
    // A rate whose successes or trials the data lacks is null (never scored), not a drop to 0.
    const note = await missingMetricNote(run, [successes!, trials!]);
    return { rows, columns, note, types: { ...Object.fromEntries(by.names.map((n) => [n, 'VARCHAR'])), day: 'DATE', successes: 'DOUBLE', trials: 'DOUBLE', rate: 'DOUBLE', median_rate: 'DOUBLE', mad: 'DOUBLE', z: 'DOUBLE', flagged: 'BOOLEAN', direction: 'VARCHAR', segment_days: 'BIGINT' } };
  },
});
