import { STANDARD_RFM_SEGMENTS } from '../../analytics/segmentation/rfm-segments.ts';
import { analysisCell, fromClause, type AnalysisOutput, type AnalysisRun } from '../analysis.ts';
import { column, optionalColumn, queryRows, sqlString } from '../quality/shared.ts';

/**
 * `rfm`: recency, frequency and monetary value per customer at an `as_of` date, scored 1..5 with SQL
 * NTILE(5) (ordered by the value, ties by the customer key; recency reversed so the most recent get
 * 5), the three-digit code and a named segment. All in SQL, so it runs on millions of orders.
 */
export const rfmCell = analysisCell({
  kind: 'rfm',
  summary: 'Recency / frequency / monetary per customer at an as-of date, NTILE(5) scores, the RFM code and named segments.',
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const customer = column(run, 'customer', 'customer_id');
    const date = column(run, 'date', 'date');
    const value = column(run, 'value', 'revenue');
    const order = optionalColumn(run, 'order');
    const asOf = o.date('as_of');
    const map = segmentMap(run);
    const src = fromClause(run);
    const [check] = await queryRows(
      run,
      `SELECT count(*) AS rows_total, count(*) FILTER (WHERE ${customer} IS NULL OR ${date} IS NULL) AS rows_missing,
              count(*) FILTER (WHERE CAST(${date} AS DATE) > DATE ${sqlString(asOf)}) AS rows_after, count(*) FILTER (WHERE ${value} IS NULL) AS value_missing ${src}`,
    );
    const notes: string[] = [];
    if (Number(check?.rows_total) === 0) notes.push(`\`${run.source!.name}\` has no rows: no customers to score`);
    if (Number(check?.rows_missing) > 0) notes.push(`${check!.rows_missing} rows without a customer or a date were left out`);
    if (Number(check?.rows_after) > 0) notes.push(`${check!.rows_after} orders after as_of ${asOf} were left out`);
    if (Number(check?.value_missing) > 0) notes.push(`${check!.value_missing} orders without a value count for frequency and add 0 to monetary`);
    const segment = map.length ? `CASE ${map.map(([name, re]) => `WHEN regexp_matches(rfm, ${sqlString(re)}) THEN ${sqlString(name)}`).join(' ')} END` : 'NULL::VARCHAR';
    const sql = `
      WITH o AS (
        SELECT CAST(${customer} AS VARCHAR) AS customer, CAST(${date} AS DATE) AS d, CAST(${value} AS DOUBLE) AS v${order ? `, CAST(${order} AS VARCHAR) AS ord` : ''}
        ${src} WHERE ${customer} IS NOT NULL AND ${date} IS NOT NULL AND CAST(${date} AS DATE) <= DATE ${sqlString(asOf)}
      ), c AS (
        SELECT customer, max(d) AS last_order, DATE ${sqlString(asOf)} - max(d) AS recency_days,
               ${order ? 'count(DISTINCT ord)' : 'count(*)'} AS frequency, coalesce(sum(v), 0) AS monetary
        FROM o GROUP BY customer
      ), s AS (
        SELECT *, ntile(5) OVER (ORDER BY recency_days DESC, customer) AS r_score,
                  ntile(5) OVER (ORDER BY frequency, customer) AS f_score,
                  ntile(5) OVER (ORDER BY monetary, customer) AS m_score
        FROM c
      ), code AS (SELECT *, r_score::VARCHAR || f_score::VARCHAR || m_score::VARCHAR AS rfm FROM s)
      SELECT customer, last_order, recency_days, frequency, monetary, r_score, f_score, m_score, rfm, ${segment} AS segment
      FROM code ORDER BY customer`;
    return { sql, notes };
  },
});

/** `segments: standard | none`, or `segment_map:` (name: regex over the RFM code, first match wins). */
function segmentMap(run: AnalysisRun): (readonly [string, string])[] {
  const o = run.opts;
  if (o.has('segment_map')) {
    const m = o.data.segment_map;
    if (typeof m !== 'object' || Array.isArray(m) || m === null) o.fail('segment_map', 'must be names with a pattern over the three-digit RFM code, e.g. `Champions: "^5[45]"`');
    return Object.entries(m as Record<string, unknown>).map(([name, re]) => {
      if (typeof re !== 'string' && typeof re !== 'number') o.fail('segment_map', `\`${name}\` needs a pattern (text), e.g. "^5[45]"`);
      try {
        new RegExp(String(re));
      } catch {
        o.fail('segment_map', `\`${name}\`: \`${String(re)}\` is not a regular expression`);
      }
      return [name, String(re)] as const;
    });
  }
  return o.choice('segments', ['standard', 'none'] as const, 'standard') === 'standard' ? [...STANDARD_RFM_SEGMENTS] : [];
}
