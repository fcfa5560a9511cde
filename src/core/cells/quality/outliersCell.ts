import { analysisCell, fromClause, type AnalysisOutput } from '../analysis.ts';
import { column, listColumns, queryRows } from './shared.ts';

/** Consistency constant: 1.4826 × MAD estimates σ for normal data (1 / Φ⁻¹(0.75)); R's mad() default. */
export const MAD_SCALE = 1.4826;
const ROW = '__pulse_row';
const FLAG_COLUMNS = ['median', 'mad', 'robust_z', 'q1', 'q3', 'lower_fence', 'upper_fence', 'mad_outlier', 'iqr_outlier', 'outlier'];
const ROW_COLUMNS = [...FLAG_COLUMNS, 'rule', 'direction'];

/**
 * `outliers`: robust outliers of a numeric column per group — the modified z-score
 * (x − median) / (1.4826 · MAD) against a threshold (3.5, Iglewicz & Hoaglin 1993) and Tukey's fences
 * Q1 − k·IQR, Q3 + k·IQR (k = 1.5; quartiles by DuckDB's quantile_cont, R's type 7). Medians,
 * MADs and quartiles are SQL window aggregates, so it runs on millions of rows.
 */
export const outliersCell = analysisCell({
  kind: 'outliers',
  summary: 'Robust outliers per group: median / MAD z-score (3.5) and Tukey IQR fences (1.5), which rule fired and which side; for influencers and bots.',
  formats: { n: 'count', n_missing: 'count', n_outliers: 'count', n_high: 'count', n_low: 'count', share_outliers: 'percent' },
  verdict(rows) {
    if (!('n_outliers' in rows[0]!)) return undefined;
    const total = rows.reduce((a, r) => a + Number(r.n_outliers ?? 0), 0);
    const n = rows.reduce((a, r) => a + Number(r.n ?? 0), 0);
    if (n === 0) return undefined;
    const high = rows.reduce((a, r) => a + Number(r.n_high ?? 0), 0);
    const top = [...rows].sort((a, b) => Number(b.n_outliers) - Number(a.n_outliers))[0]!;
    const where = rows.length > 1 && Number(top.n_outliers) > 0 ? `; most in ${String(top.group)} (${top.n_outliers})` : '';
    return `${total} outlier(s) in ${n.toLocaleString('en-US')} values (${high} high, ${total - high} low)${where}`;
  },
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const value = column(run, 'column', 'value');
    const by = listColumns(run, 'by');
    const threshold = o.number('threshold', 3.5, { min: 0, exclusive: true });
    const k = o.number('k', 1.5, { min: 0, exclusive: true });
    const method = o.choice('method', ['either', 'all', 'mad', 'iqr'] as const, 'either');
    const side = o.choice('side', ['both', 'high', 'low'] as const, 'both');
    const minN = o.number('min_n', 5, { min: 1 });
    const output = o.choice('output', ['rows', 'outliers', 'groups'] as const, 'rows');
    if (output !== 'groups') {
      const clash = run.source!.columns.find((c) => ROW_COLUMNS.includes(c.name.toLowerCase()));
      if (clash) o.fail('from', `\`${run.source!.name}\` already has a column \`${clash.name}\`; rename it in SQL first (the outliers result adds ${ROW_COLUMNS.join(', ')})`);
    }
    const part = by.quoted.length ? `PARTITION BY ${by.quoted.join(', ')}` : '';
    const highOk = side !== 'low';
    const lowOk = side !== 'high';
    const madHit = `(__n >= ${minN} AND mad > 0 AND ((${highOk} AND robust_z > ${threshold}) OR (${lowOk} AND robust_z < -${threshold})))`;
    const iqrHit = `(__n >= ${minN} AND ((${highOk} AND __x > upper_fence) OR (${lowOk} AND __x < lower_fence)))`;
    const combined = method === 'either' ? `(mad_outlier OR iqr_outlier)` : method === 'all' ? `(mad_outlier AND iqr_outlier)` : method === 'mad' ? 'mad_outlier' : 'iqr_outlier';
    const scored = `
      WITH t AS (SELECT row_number() OVER () AS ${ROW}, *, CASE WHEN isfinite(CAST(${value} AS DOUBLE)) THEN CAST(${value} AS DOUBLE) END AS __x ${fromClause(run)}),
      w AS (SELECT *, count(__x) OVER (${part}) AS __n, median(__x) OVER (${part}) AS median,
                   quantile_cont(__x, 0.25) OVER (${part}) AS q1, quantile_cont(__x, 0.75) OVER (${part}) AS q3 FROM t),
      m AS (SELECT *, median(abs(__x - median)) OVER (${part}) AS mad, q1 - ${k} * (q3 - q1) AS lower_fence, q3 + ${k} * (q3 - q1) AS upper_fence FROM w),
      z AS (SELECT *, CASE WHEN mad > 0 THEN (__x - median) / (${MAD_SCALE} * mad) END AS robust_z FROM m),
      f AS (SELECT *, CASE WHEN __x IS NULL OR __n < ${minN} THEN NULL ELSE coalesce(${madHit}, false) END AS mad_outlier,
                      CASE WHEN __x IS NULL OR __n < ${minN} THEN NULL ELSE coalesce(${iqrHit}, false) END AS iqr_outlier FROM z),
      r AS (SELECT *, ${combined} AS outlier FROM f)
      SELECT * EXCLUDE (__x, __n, ${FLAG_COLUMNS.join(', ')}), ${FLAG_COLUMNS.join(', ')}, CASE WHEN outlier THEN CASE WHEN mad_outlier AND iqr_outlier THEN 'mad+iqr' WHEN mad_outlier THEN 'mad' ELSE 'iqr' END END AS rule,
             CASE WHEN outlier THEN CASE WHEN __x > median THEN 'high' ELSE 'low' END END AS direction, __x, __n
      FROM r`;
    const [check] = await queryRows(run, `SELECT count(*) FILTER (WHERE __x IS NULL) AS missing, count(*) FILTER (WHERE __x IS NOT NULL AND __n < ${minN}) AS small, count(*) FILTER (WHERE __x IS NOT NULL AND __n >= ${minN} AND NOT mad > 0) AS mad0 FROM (${scored})`);
    const notes: string[] = [];
    const col = value.slice(1, -1);
    if (Number(check?.missing) > 0) notes.push(`${check!.missing} row(s) with an empty or non-finite \`${col}\` are kept unflagged (flags null)`);
    if (Number(check?.small) > 0) notes.push(`${check!.small} row(s) in groups of fewer than ${minN} values are not judged (flags null; set \`min_n:\`)`);
    if (Number(check?.mad0) > 0) notes.push(`${check!.mad0} row(s) are in groups whose MAD is 0 (over half the values equal): robust_z is null there and only the IQR fences can flag`);
    if (output === 'rows' || output === 'outliers') {
      const sql = `SELECT * EXCLUDE (${ROW}, __x, __n) FROM (${scored}) ${output === 'outliers' ? 'WHERE outlier ORDER BY abs(coalesce(robust_z, 0)) DESC, ' : 'ORDER BY '}${ROW}`;
      return { sql, notes };
    }
    const groupLabel = by.quoted.length ? `concat_ws(' / ', ${by.quoted.map((q) => `coalesce(CAST(${q} AS VARCHAR), '(empty)')`).join(', ')})` : `'all'`;
    const rows = await queryRows(run, `
      SELECT ${by.quoted.length ? `${by.quoted.join(', ')}, ` : ''}${groupLabel} AS "group", count(__x)::BIGINT AS n, (count(*) - count(__x))::BIGINT AS n_missing,
             any_value(median) AS median, any_value(mad) AS mad, any_value(q1) AS q1, any_value(q3) AS q3, any_value(q3) - any_value(q1) AS iqr,
             any_value(lower_fence) AS lower_fence, any_value(upper_fence) AS upper_fence,
             count(*) FILTER (WHERE outlier)::BIGINT AS n_outliers, count(*) FILTER (WHERE outlier AND direction = 'high')::BIGINT AS n_high,
             count(*) FILTER (WHERE outlier AND direction = 'low')::BIGINT AS n_low,
             count(*) FILTER (WHERE outlier) / nullif(count(__x), 0) AS share_outliers
      FROM (${scored}) GROUP BY ALL ORDER BY "group"`);
    const columns = [...by.names, 'group', 'n', 'n_missing', 'median', 'mad', 'q1', 'q3', 'iqr', 'lower_fence', 'upper_fence', 'n_outliers', 'n_high', 'n_low', 'share_outliers'];
    const types = {
      ...Object.fromEntries(by.names.map((n) => [n, 'VARCHAR' as const])), group: 'VARCHAR' as const,
      ...Object.fromEntries(['n', 'n_missing', 'n_outliers', 'n_high', 'n_low'].map((c) => [c, 'BIGINT' as const])),
      ...Object.fromEntries(['median', 'mad', 'q1', 'q3', 'iqr', 'lower_fence', 'upper_fence', 'share_outliers'].map((c) => [c, 'DOUBLE' as const])),
    };
    return { rows: rows.map((r) => ({ ...r, ...Object.fromEntries(by.names.map((n) => [n, r[n] === null || r[n] === undefined ? null : String(r[n])])) })), columns, types, notes };
  },
});
