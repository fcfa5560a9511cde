/**
 * Excel (.xlsx) import for the worker: SheetJS (the `@e965/xlsx` build of SheetJS CE, bundled, no
 * network) reads a sheet, its columns get a type, and the result goes to DuckDB as Arrow. DuckDB-WASM's
 * own Excel extension would be fetched at run time, which Pulse never does.
 */
import type { Table } from 'apache-arrow';
import { tableFromColumns, type ColumnType, type TypedColumn } from '../../core/arrow';

type Cell = string | number | boolean | Date | null;

async function sheetjs() {
  return import('@e965/xlsx');
}

/** The workbook's sheet names, in order (reads only the workbook index, not the cells). */
export async function excelSheetNames(bytes: Uint8Array): Promise<string[]> {
  const XLSX = await sheetjs();
  return XLSX.read(bytes, { type: 'array', bookSheets: true }).SheetNames;
}

/**
 * One sheet as an Arrow table: the first row names the columns, blank rows are skipped, and each column
 * is BOOLEAN, BIGINT, DOUBLE, DATE, TIMESTAMP or VARCHAR by what all its cells hold.
 */
export async function excelToArrow(bytes: Uint8Array, sheet?: string): Promise<{ table: Table; sheet: string }> {
  const XLSX = await sheetjs();
  const wb = XLSX.read(bytes, { type: 'array', cellDates: true, dense: true, sheets: sheet === undefined ? 0 : sheet });
  const name = sheet ?? wb.SheetNames[0];
  const ws = name === undefined ? undefined : wb.Sheets[name];
  if (!ws || name === undefined) throw new Error(sheet ? `The workbook has no sheet "${sheet}".` : 'The workbook has no sheets.');
  const rows = XLSX.utils.sheet_to_json<Cell[]>(ws, { header: 1, raw: true, defval: null, blankrows: false });
  if (rows.length === 0) throw new Error(`Sheet "${name}" is empty: its first row should name the columns.`);
  const header = rows[0]!;
  const body = rows.slice(1);
  const width = Math.max(header.length, ...body.map((r) => r.length));
  const seen = new Map<string, number>();
  const columns: TypedColumn[] = [];
  for (let j = 0; j < width; j++) {
    let colName = header[j] === null || header[j] === undefined || String(header[j]).trim() === '' ? `column_${j + 1}` : cellText(header[j]!).trim();
    const n = (seen.get(colName.toLowerCase()) ?? 0) + 1;
    seen.set(colName.toLowerCase(), n);
    if (n > 1) colName = `${colName}_${n}`;
    const values = body.map((r) => (r[j] === undefined ? null : r[j]!));
    const type = columnType(values);
    columns.push({ name: colName, type, values: type === 'VARCHAR' ? values.map((v) => (v === null ? null : cellText(v))) : values });
  }
  return { table: tableFromColumns(columns), sheet: name };
}

/** The narrowest type that holds every non-empty cell of a column. */
export function columnType(values: readonly Cell[]): ColumnType {
  const present = values.filter((v) => v !== null && !(typeof v === 'string' && v.trim() === ''));
  if (present.length === 0) return 'VARCHAR';
  if (present.every((v) => typeof v === 'boolean')) return 'BOOLEAN';
  if (present.every((v) => typeof v === 'number')) {
    return present.every((v) => Number.isSafeInteger(v)) ? 'BIGINT' : 'DOUBLE';
  }
  if (present.every((v) => v instanceof Date)) {
    // SheetJS returns Excel dates as UTC instants; a whole column at midnight is a column of dates.
    return present.every((v) => (v as Date).getTime() % 86_400_000 === 0) ? 'DATE' : 'TIMESTAMP';
  }
  return 'VARCHAR';
}

function cellText(v: Cell): string {
  if (v instanceof Date) return v.getTime() % 86_400_000 === 0 ? v.toISOString().slice(0, 10) : v.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '');
  return String(v);
}
