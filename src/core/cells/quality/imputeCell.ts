import { numberColumn } from '../../arrow.ts';
import { olsRegression } from '../../analytics/models/ols-regression.ts';
import { quoteIdent } from '../../engine.ts';
import { analysisCell, fromClause, type AnalysisOutput, type AnalysisRun } from '../analysis.ts';
import { listColumns, queryRows } from './shared.ts';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/i;
const ROW = '__pulse_row';
const METHODS = ['median', 'mode', 'group_median', 'regression'] as const;
const CHECK_COLUMNS = ['segment', 'stage', 'n', 'missing', 'filled', 'mean', 'median', 'sd', 'top', 'top_share'];

/** The SQL expression of the value a missing cell gets (NULL where the method has none). */
async function fillExpression(run: AnalysisRun, method: (typeof METHODS)[number], col: string, numeric: boolean, by: string[], notes: string[]): Promise<string> {
  const o = run.opts;
  const src = fromClause(run);
  if (method !== 'mode' && !numeric) o.fail('method', `${method} needs a numeric column; \`${col.slice(1, -1)}\` is not one (use \`method: mode\` for labels)`);
  if (method === 'median') return `(SELECT median(CAST(${col} AS DOUBLE)) ${src})`;
  if (method === 'mode') {
    // Ties go to the smallest value, so the fill does not depend on scan order.
    return `(SELECT v FROM (SELECT ${col} AS v, count(*) AS c ${src} WHERE ${col} IS NOT NULL GROUP BY 1 ORDER BY c DESC, v LIMIT 1))`;
  }
  if (method === 'group_median') {
    if (by.length === 0) o.fail('by', 'group_median needs the group column(s), e.g. `by: platform`');
    const [g] = await queryRows(run, `SELECT count(*) AS groups FROM (SELECT ${by.join(', ')} ${src} GROUP BY ALL HAVING count(${col}) = 0)`);
    if (Number(g?.groups) > 0) notes.push(`${g!.groups} group(s) have no observed value: their rows get the overall median`);
    return `coalesce(median(CAST(${col} AS DOUBLE)) OVER (PARTITION BY ${by.join(', ')}), (SELECT median(CAST(${col} AS DOUBLE)) ${src}))`;
  }
  const predictors = listColumns(run, 'predictors');
  if (predictors.quoted.length === 0) o.fail('predictors', 'regression needs predictor columns, e.g. `predictors: [followers, posts]`');
  for (const [i, q] of predictors.quoted.entries()) {
    const type = run.source!.columns.find((c) => quoteIdent(c.name) === q)!.type;
    if (!NUMERIC.test(type)) o.fail('predictors', `\`${predictors.names[i]}\` is ${type}, not a number (encode it in SQL first)`);
  }
  const xs = predictors.quoted.map((q, j) => `CAST(${q} AS DOUBLE) AS x${j}`).join(', ');
  const complete = [col, ...predictors.quoted].map((q) => `${q} IS NOT NULL AND isfinite(CAST(${q} AS DOUBLE))`).join(' AND ');
  const t = await run.query(`SELECT CAST(${col} AS DOUBLE) AS y, ${xs} ${src} WHERE ${complete}`);
  const y = numberColumn(t, 'y') as number[];
  const X = Object.fromEntries(predictors.names.map((n, j) => [n, numberColumn(t, `x${j}`) as number[]]));
  let fit;
  try {
    fit = olsRegression(y, X);
  } catch (e) {
    return o.fail('predictors', `the regression cannot be fitted on the ${y.length} complete rows: ${(e as Error).message}`);
  }
  const b = fit.coefficients.map((c) => c.estimate);
  notes.push(`regression on ${y.length} complete rows: ${col.slice(1, -1)} = ${b[0]!.toPrecision(4)}${predictors.names.map((n, j) => ` ${b[j + 1]! < 0 ? '−' : '+'} ${Math.abs(b[j + 1]!).toPrecision(4)}·${n}`).join('')} (R² ${fit.r2.toFixed(3)})`);
  return `(${b[0]}${predictors.quoted.map((q, j) => ` + (${b[j + 1]}) * CAST(${q} AS DOUBLE)`).join('')})`;
}

/**
 * `impute`: fill the missing values of one column — overall median, mode, median of the row's group,
 * or an OLS regression on stated predictors — with a flag on each filled row, and (output: check) the
 * bias check: the column's distribution before (observed values only) and after filling, by segment.
 */
export const imputeCell = analysisCell({
  kind: 'impute',
  summary: 'Fill missing values (median, mode, group median, OLS regression on predictors), flag filled rows, and check the bias: distribution before and after by segment.',
  formats: { n: 'count', missing: 'count', filled: 'count', top_share: 'percent' },
  verdict(rows, options) {
    if (!('stage' in rows[0]!)) return undefined;
    const all = rows.filter((r) => r.segment === 'all');
    const before = all.find((r) => r.stage === 'before');
    const after = all.find((r) => r.stage === 'after');
    if (!before || !after) return undefined;
    const filled = Number(after.filled);
    const n = Number(after.n) + Number(after.missing);
    const method = String(options?.method ?? 'median');
    if (before.mean === null || before.mean === undefined || after.mean === null) return `Filled ${filled} of ${n} values by ${method}`;
    const shift = Number(after.mean) - Number(before.mean);
    const sdRatio = Number(before.sd) > 0 ? Number(after.sd) / Number(before.sd) : null;
    return `Filled ${filled} of ${n} values by ${method}: mean ${Number(before.mean).toPrecision(4)} → ${Number(after.mean).toPrecision(4)} (${shift >= 0 ? '+' : ''}${shift.toPrecision(3)})${sdRatio !== null ? `, sd ×${sdRatio.toFixed(2)}` : ''}`;
  },
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const name = o.text('column');
    const info = run.source!.columns.find((c) => c.name.toLowerCase() === name.toLowerCase()) ?? o.fail('column', `\`${name}\` is not a column of \`${run.source!.name}\` (its columns: ${run.source!.columns.map((c) => c.name).join(', ')})`);
    const col = quoteIdent(info.name);
    const numeric = NUMERIC.test(info.type);
    const method = o.choice('method', METHODS, 'median');
    const by = listColumns(run, 'by');
    const output = o.choice('output', ['rows', 'check'] as const, 'rows');
    const flag = `${info.name}_imputed`;
    if (run.source!.columns.some((c) => c.name.toLowerCase() === flag.toLowerCase())) o.fail('column', `\`${run.source!.name}\` already has a column \`${flag}\`; rename it in SQL first`);
    const notes: string[] = [];
    const fill = await fillExpression(run, method, col, numeric, by.quoted, notes);
    const filled = `
      WITH t AS (SELECT row_number() OVER () AS ${ROW}, * ${fromClause(run)}),
      f AS (SELECT *, ${fill} AS __fill FROM t)
      SELECT * EXCLUDE (__fill) REPLACE (coalesce(${col}, __fill) AS ${col}), ${col} IS NULL AND __fill IS NOT NULL AS ${quoteIdent(flag)}, ${col} IS NULL AS __was_missing FROM f`;
    const [c] = await queryRows(run, `SELECT count(*) FILTER (WHERE __was_missing) AS missing, count(*) FILTER (WHERE __was_missing AND ${col} IS NULL) AS unfilled FROM (${filled})`);
    if (Number(c?.unfilled) > 0) notes.push(`${c!.unfilled} of ${c!.missing} missing value(s) stay empty (${method === 'regression' ? 'a predictor is missing in those rows' : 'no observed value to fill from'}; ${quoteIdent(flag)} false)`);
    if (output === 'rows') return { sql: `SELECT * EXCLUDE (${ROW}, __was_missing) FROM (${filled}) ORDER BY ${ROW}`, notes };

    const segment = by.quoted.length ? `concat_ws(' / ', ${by.quoted.map((q) => `coalesce(CAST(${q} AS VARCHAR), '(empty)')`).join(', ')})` : `'all'`;
    const stats = (x: string) => numeric
      ? `avg(CAST(${x} AS DOUBLE)) AS mean, median(CAST(${x} AS DOUBLE)) AS median, stddev_samp(CAST(${x} AS DOUBLE)) AS sd, NULL::VARCHAR AS top, NULL::DOUBLE AS top_share`
      : `NULL::DOUBLE AS mean, NULL::DOUBLE AS median, NULL::DOUBLE AS sd, NULL::VARCHAR AS top, NULL::DOUBLE AS top_share`;
    const stage = (label: string, where: string, segExpr: string) => `
      SELECT ${segExpr} AS segment, '${label}' AS stage, count(${col})::BIGINT AS n, count(*) FILTER (WHERE ${col} IS NULL)::BIGINT AS missing,
             count(*) FILTER (WHERE ${quoteIdent(flag)})::BIGINT AS filled, ${stats(col)}
      FROM (SELECT * REPLACE (${where} AS ${col}) FROM (${filled})) GROUP BY ALL`;
    // "before" reads the observed values only (filled rows back to NULL); "after" reads the filled column.
    const before = `CASE WHEN ${quoteIdent(flag)} THEN NULL ELSE ${col} END`;
    const parts = [stage('before', before, `'all'`), stage('after', col, `'all'`)];
    if (by.quoted.length) parts.push(stage('before', before, segment), stage('after', col, segment));
    let rows = await queryRows(run, `SELECT * FROM (${parts.join(' UNION ALL ')}) ORDER BY segment = 'all' DESC, segment, stage DESC`);
    rows = rows.map((r) => (r.stage === 'before' ? { ...r, filled: 0 } : r));
    if (!numeric) {
      const tops = await queryRows(run, `
        WITH x AS (SELECT ${segment} AS segment, CAST(${col} AS VARCHAR) AS v, ${quoteIdent(flag)} AS imputed FROM (${filled})),
        s AS (SELECT 'before' AS stage, segment, v FROM x WHERE NOT imputed AND v IS NOT NULL UNION ALL SELECT 'before', 'all', v FROM x WHERE NOT imputed AND v IS NOT NULL
              UNION ALL SELECT 'after', segment, v FROM x WHERE v IS NOT NULL UNION ALL SELECT 'after', 'all', v FROM x WHERE v IS NOT NULL),
        c AS (SELECT stage, segment, v, count(*) AS k, sum(count(*)) OVER (PARTITION BY stage, segment) AS tot FROM s GROUP BY stage, segment, v)
        SELECT stage, segment, v AS top, k / tot AS top_share FROM (SELECT *, row_number() OVER (PARTITION BY stage, segment ORDER BY k DESC, v) AS rn FROM c) WHERE rn = 1`);
      const key = (r: Record<string, unknown>) => `${r.stage}|${r.segment}`;
      const m = new Map(tops.map((t) => [key(t), t]));
      rows = rows.map((r) => ({ ...r, top: m.get(key(r))?.top ?? null, top_share: m.get(key(r))?.top_share ?? null }));
    }
    const types = { segment: 'VARCHAR', stage: 'VARCHAR', n: 'BIGINT', missing: 'BIGINT', filled: 'BIGINT', mean: 'DOUBLE', median: 'DOUBLE', sd: 'DOUBLE', top: 'VARCHAR', top_share: 'DOUBLE' } as const;
    return { rows, columns: CHECK_COLUMNS, types: { ...types }, notes };
  },
});
