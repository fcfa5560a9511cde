/**
 * Results as files: CSV written from DuckDB's own text of each value, and Parquet written by
 * parquet-wasm from the Arrow result (DuckDB-WASM has no Parquet writer without its extension, and
 * `COPY … TO` is refused by the engine's lock-down).
 */
import type { Table } from 'apache-arrow';
import { quoteIdent } from '../../core/engine';
import { csvField, type CsvOptions } from '../../core/csvCells';

/** Every column cast to text by DuckDB, so dates, decimals and lists read as DuckDB prints them. */
export function textSelectSql(table: string, columns: { name: string }[]): string {
  const cols = columns.map((c) => `${quoteIdent(c.name)}::VARCHAR AS ${quoteIdent(c.name)}`).join(', ');
  return `SELECT ${cols || '*'} FROM ${quoteIdent(table)}`;
}

/**
 * RFC 4180 CSV with a header row; NULL is an empty field. Unless `options.raw`, text that a
 * spreadsheet would run as a formula gets a leading `'` (core/csvCells.ts); `numeric[j]` says column
 * j holds numbers, which are never changed.
 */
export function csvFromTextTable(t: Table, numeric: readonly boolean[] = [], options: CsvOptions = {}): string {
  const names = t.schema.fields.map((f) => f.name);
  const lines: string[] = [names.map((n) => csvField(n, false, options)).join(',')];
  const cols = names.map((_, j) => t.getChildAt(j)!);
  for (let i = 0; i < t.numRows; i++) lines.push(cols.map((c, j) => csvField(c.get(i), numeric[j] === true, options)).join(','));
  return lines.join('\r\n') + '\r\n';
}
