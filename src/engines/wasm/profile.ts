/**
 * Column profiles for the data panel, computed by DuckDB with SQL: type, nulls, distinct values,
 * min / max, and a 10-bin histogram (numbers and dates) or the top values (everything else).
 */
import type { Table } from 'apache-arrow';
import { quoteIdent } from '../../core/engine';

export interface ColumnProfile {
  name: string;
  type: string;
  nulls: number;
  distinct: number;
  /** DuckDB's text of the smallest and largest value (null for an all-null column). */
  min: string | null;
  max: string | null;
  /** Equal-width bins over min…max, for numeric and date/time columns. */
  histogram?: number[];
  /** Most frequent values with their counts, for the other columns. */
  top?: { value: string; count: number }[];
}

export interface TableProfile {
  table: string;
  rowCount: number;
  columns: ColumnProfile[];
}

/** Bins of the histogram: enough to show a shape in a 200-pixel sparkline. */
export const HISTOGRAM_BINS = 10;
/** Values listed for a text column. */
export const TOP_VALUES = 5;

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/;
const TEMPORAL = /^(DATE|TIMESTAMP)/;

/** The SQL of the one pass that counts nulls and distinct values and finds min / max of every column. */
export function summarySql(table: string, columns: { name: string }[]): string {
  const parts = ['count(*)::DOUBLE AS n'];
  columns.forEach((c, i) => {
    const q = quoteIdent(c.name);
    parts.push(
      `count(${q})::DOUBLE AS nn_${i}`,
      `count(DISTINCT ${q})::DOUBLE AS d_${i}`,
      `min(${q})::VARCHAR AS lo_${i}`,
      `max(${q})::VARCHAR AS hi_${i}`,
    );
  });
  return `SELECT ${parts.join(', ')} FROM ${quoteIdent(table)}`;
}

/** A numeric value for a number, date or timestamp column, so all of them bin the same way. */
function asNumber(column: string, type: string): string {
  const q = quoteIdent(column);
  return TEMPORAL.test(type) ? `epoch(${q})::DOUBLE` : `${q}::DOUBLE`;
}

export function histogramSql(table: string, column: string, type: string): string {
  const v = asNumber(column, type);
  return `WITH v AS (SELECT ${v} AS x FROM ${quoteIdent(table)} WHERE ${quoteIdent(column)} IS NOT NULL),
  r AS (SELECT min(x) AS lo, max(x) AS hi FROM v)
  SELECT least(CASE WHEN r.hi = r.lo THEN 0 ELSE floor((x - r.lo) / (r.hi - r.lo) * ${HISTOGRAM_BINS}) END, ${HISTOGRAM_BINS - 1})::INTEGER AS bin, count(*)::DOUBLE AS n
  FROM v, r GROUP BY bin ORDER BY bin`;
}

export function topValuesSql(table: string, column: string): string {
  const q = quoteIdent(column);
  return `SELECT ${q}::VARCHAR AS value, count(*)::DOUBLE AS n FROM ${quoteIdent(table)} WHERE ${q} IS NOT NULL GROUP BY 1 ORDER BY n DESC, value LIMIT ${TOP_VALUES}`;
}

/** Profile `table` with `query` (a SQL runner returning Arrow), one summary pass plus one query per column. */
export async function profileTable(
  table: string,
  columns: { name: string; type: string }[],
  query: (sql: string) => Promise<Table>,
): Promise<TableProfile> {
  const summary = (await query(summarySql(table, columns))).get(0) as unknown as Record<string, unknown> | null;
  const num = (k: string) => Number(summary?.[k] ?? 0);
  const text = (k: string) => (summary?.[k] === null || summary?.[k] === undefined ? null : String(summary[k]));
  const rowCount = num('n');
  const out: ColumnProfile[] = [];
  for (const [i, c] of columns.entries()) {
    const p: ColumnProfile = {
      name: c.name,
      type: c.type,
      nulls: rowCount - num(`nn_${i}`),
      distinct: num(`d_${i}`),
      min: text(`lo_${i}`),
      max: text(`hi_${i}`),
    };
    if (p.nulls < rowCount) {
      if (NUMERIC.test(c.type) || TEMPORAL.test(c.type)) {
        const bins = new Array<number>(HISTOGRAM_BINS).fill(0);
        for (const r of (await query(histogramSql(table, c.name, c.type))).toArray()) bins[Number(r.bin)] = Number(r.n);
        p.histogram = bins;
      } else {
        p.top = (await query(topValuesSql(table, c.name))).toArray().map((r) => ({ value: String(r.value), count: Number(r.n) }));
      }
    }
    out.push(p);
  }
  return { table, rowCount, columns: out };
}
