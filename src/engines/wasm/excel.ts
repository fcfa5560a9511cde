/**
 * Excel (.xlsx) import for the worker: the core reader (src/core/importers/excel.ts, shared with
 * `pulse inspect` and `pulse run`) reads a sheet and types its columns; the result goes to DuckDB as
 * Arrow. DuckDB-WASM's own Excel extension would be fetched at run time, which Pulse never does.
 */
import type { Table } from 'apache-arrow';
import { tableFromColumns } from '../../core/arrow';
import { readSheet, sheetColumns, workbookSheetNames } from '../../core/importers/excel';

export { columnType } from '../../core/importers/excel';

/** The workbook's sheet names, in order (reads only the workbook index, not the cells). */
export async function excelSheetNames(bytes: Uint8Array): Promise<string[]> {
  return workbookSheetNames(bytes);
}

/**
 * One sheet as an Arrow table: the first row names the columns, blank rows are skipped, and each column
 * is BOOLEAN, BIGINT, DOUBLE, DATE, TIMESTAMP or VARCHAR by what all its cells hold.
 */
export async function excelToArrow(bytes: Uint8Array, sheet?: string): Promise<{ table: Table; sheet: string }> {
  let data;
  try {
    data = readSheet(bytes, 'workbook', sheet);
  } catch (e) {
    // The worker's caller adds "Could not read the workbook:"; keep the reason only.
    throw new Error((e as Error).message.replace(/^workbook: /, ''));
  }
  return { table: tableFromColumns(sheetColumns(data)), sheet: data.name };
}
