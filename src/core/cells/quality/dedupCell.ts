import { analysisCell, fromClause } from '../analysis.ts';
import { column, listColumns, optionalColumn, queryRows, sqlString } from './shared.ts';

/**
 * `dedup`: the same real event recorded twice (typically by two tracking systems) — rows with equal
 * key columns whose times lie within a tolerance, from different systems when `system:` is given.
 * The pairing is a self-join in SQL; one output row per dropped row, naming the row kept and why.
 */
export const dedupCell = analysisCell({
  kind: 'dedup',
  summary: 'Cross-system duplicate events: equal key columns within a time tolerance; one row per dropped duplicate with the row kept and why.',
  async compute(run) {
    const keys = listColumns(run, 'keys', ['user_id', 'event_type']);
    if (keys.quoted.length === 0) run.opts.fail('keys', 'needs at least one column');
    const time = column(run, 'time', 'timestamp');
    const system = optionalColumn(run, 'system');
    const id = optionalColumn(run, 'id');
    const tol = run.opts.number('tolerance_seconds', 3, { min: 0 });
    const prefer = run.opts.optionalText('prefer');
    if (prefer && !system) run.opts.fail('prefer', 'needs `system:` (the column whose value it prefers)');
    const keyList = keys.quoted.map((k, i) => `${k} AS k${i}`).join(', ');
    const pref = prefer ? `CASE WHEN _sys = ${sqlString(prefer)} THEN 0 ELSE 1 END` : '0';
    // a is ranked ahead of b: preferred system first, then earlier time, then file order.
    const ahead = `(a._p < b._p OR (a._p = b._p AND (a._ms < b._ms OR (a._ms = b._ms AND a._row < b._row))))`;
    const sql = `
      WITH e AS (
        SELECT row_number() OVER () AS _row, ${keyList}, epoch_ms(CAST(${time} AS TIMESTAMP)) AS _ms,
               ${system ? `CAST(${system} AS VARCHAR)` : 'NULL::VARCHAR'} AS _sys, ${id ? `CAST(${id} AS VARCHAR)` : 'NULL::VARCHAR'} AS _id
        ${fromClause(run)} WHERE ${time} IS NOT NULL
      ), r AS (SELECT *, ${pref} AS _p FROM e),
      pairs AS (
        SELECT b._row AS drop_row, a._row AS keep_row, a._p AS keep_p, a._ms AS keep_ms
        FROM r a JOIN r b ON ${keys.quoted.map((_, i) => `a.k${i} = b.k${i}`).join(' AND ')}
         AND abs(b._ms - a._ms) <= ${Math.round(tol * 1000)} AND a._row <> b._row
         ${system ? 'AND a._sys IS DISTINCT FROM b._sys' : ''} AND ${ahead}
      ), best AS (
        SELECT drop_row, arg_min(keep_row, (keep_p, keep_ms, keep_row)) AS keep_row, count(*) AS matches FROM pairs GROUP BY drop_row
      )
      SELECT ${keys.quoted.map((_, i) => `CAST(d.k${i} AS VARCHAR) AS k${i}`).join(', ')},
        k._row AS kept_row, k._id AS kept_id, k._sys AS kept_system, make_timestamp(k._ms * 1000) AS kept_time,
        d._row AS dropped_row, d._id AS dropped_id, d._sys AS dropped_system, make_timestamp(d._ms * 1000) AS dropped_time,
        (d._ms - k._ms) / 1000.0 AS offset_seconds, best.matches, k._p AS kept_p
      FROM best JOIN r d ON d._row = best.drop_row JOIN r k ON k._row = best.keep_row
      ORDER BY kept_time, kept_row, dropped_row`;
    const rows = await queryRows(run, sql);
    const out = rows.map((r) => {
      const offset = Number(r.offset_seconds);
      const why = prefer && r.kept_p === 0 && r.dropped_system !== prefer ? `kept the \`${prefer}\` row (prefer)` : offset > 0 ? 'kept the earlier row' : 'kept the first row in file order';
      const row: Record<string, unknown> = {};
      keys.names.forEach((n, i) => (row[n] = r[`k${i}`]));
      Object.assign(row, {
        kept_row: Number(r.kept_row), kept_id: r.kept_id, kept_system: r.kept_system, kept_time: r.kept_time,
        dropped_row: Number(r.dropped_row), dropped_id: r.dropped_id, dropped_system: r.dropped_system, dropped_time: r.dropped_time,
        offset_seconds: offset,
        reason: `same ${keys.names.join(', ')}${system ? ', different systems' : ''}, ${Math.abs(offset).toFixed(3)} s apart (tolerance ${tol} s); ${why}${Number(r.matches) > 1 ? `; ${r.matches} candidate matches` : ''}`,
      });
      return row;
    });
    const columns = [...keys.names, 'kept_row', 'kept_id', 'kept_system', 'kept_time', 'dropped_row', 'dropped_id', 'dropped_system', 'dropped_time', 'offset_seconds', 'reason'];
    const types = Object.fromEntries([...keys.names.map((n) => [n, 'VARCHAR']), ['kept_row', 'BIGINT'], ['dropped_row', 'BIGINT'], ['kept_id', 'VARCHAR'], ['dropped_id', 'VARCHAR'], ['kept_system', 'VARCHAR'], ['dropped_system', 'VARCHAR'], ['kept_time', 'TIMESTAMP'], ['dropped_time', 'TIMESTAMP'], ['offset_seconds', 'DOUBLE'], ['reason', 'VARCHAR']]);
    return { rows: out, columns, types };
  },
});
