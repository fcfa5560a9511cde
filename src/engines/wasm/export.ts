/**
 * Results as files: CSV written from DuckDB's own text of each value, and Parquet written by
 * parquet-wasm from the Arrow result (DuckDB-WASM has no Parquet writer without its extension, and
 * `COPY … TO` is refused by the engine's lock-down).
 */
import type { Table } from 'apache-arrow';
import { quoteIdent } from '../../core/engine';

/** Every column cast to text by DuckDB, so dates, decimals and lists read as DuckDB prints them. */
export function textSelectSql(table: string, columns: { name: string }[]): string {
  const cols = columns.map((c) => `${quoteIdent(c.name)}::VARCHAR AS ${quoteIdent(c.name)}`).join(', ');
  return `SELECT ${cols || '*'} FROM ${quoteIdent(table)}`;
}

/** RFC 4180 CSV with a header row; NULL is an empty field. */
export function csvFromTextTable(t: Table): string {
  const names = t.schema.fields.map((f) => f.name);
  const field = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines: string[] = [names.map(field).join(',')];
  const cols = names.map((_, j) => t.getChildAt(j)!);
  for (let i = 0; i < t.numRows; i++) lines.push(cols.map((c) => field(c.get(i))).join(','));
  return lines.join('\r\n') + '\r\n';
}
