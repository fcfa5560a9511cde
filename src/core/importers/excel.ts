/**
 * Excel (.xlsx) exports, for `pulse inspect`, `pulse run` and the browser alike: SheetJS (the
 * `@e965/xlsx` build of SheetJS CE, no network) reads one sheet; its cells become text records for the
 * importers (platform exports such as TikTok's XLSX download) or typed columns for a plain table.
 * Sheet choice is the same everywhere: the sheet asked for, else the first.
 */
import * as XLSX from '@e965/xlsx';
import type { ColumnType, TypedColumn } from '../arrow.ts';
import type { CsvRecord } from './csv.ts';
import { readTextRecords, type SourceRecords } from './detect.ts';
import { ImportError } from './errors.ts';
import { importRecords, type ImportOptions, type ImportResult } from './import.ts';
import type { CanonicalColumn } from './schema.ts';

export type SheetCell = string | number | boolean | Date | null;

/** One sheet's cells: `rows[i]` is sheet row `firstRow + i` (1-based), blank rows kept. */
export interface SheetData {
  name: string;
  /** Every sheet of the workbook, in order. */
  names: string[];
  rows: SheetCell[][];
  firstRow: number;
}

/** An .xlsx (ZIP) file, by its magic number. */
export function isWorkbook(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The workbook's sheet names, in order (reads only the workbook index, not the cells). */
export function workbookSheetNames(bytes: Uint8Array): string[] {
  return XLSX.read(bytes, { type: 'array', bookSheets: true }).SheetNames;
}

/** The sheet to read: the one asked for (it must exist), else the first. */
export function chooseSheet(names: string[], requested: string | undefined, file: string): string {
  if (names.length === 0) throw new ImportError(file, 'the workbook has no sheets');
  if (requested === undefined) return names[0]!;
  if (names.includes(requested)) return requested;
  const folded = names.filter((n) => n.toLowerCase() === requested.toLowerCase());
  if (folded.length === 1) return folded[0]!;
  throw new ImportError(file, `the workbook has no sheet "${requested}"; its sheets: ${names.map((n) => `"${n}"`).join(', ')}`);
}

/** Read one sheet (the first unless `sheet` names another). Throws ImportError for a broken workbook. */
export function readSheet(bytes: Uint8Array, file: string, sheet?: string): SheetData {
  let names: string[];
  try {
    names = workbookSheetNames(bytes);
  } catch (e) {
    throw new ImportError(file, `cannot read the workbook (${(e as Error).message}): save it again from Excel as .xlsx, or export the report as CSV`);
  }
  const name = chooseSheet(names, sheet, file);
  const wb = XLSX.read(bytes, { type: 'array', cellDates: true, dense: true, sheets: name });
  const ws = wb.Sheets[name];
  if (!ws || !ws['!ref']) throw new ImportError(file, `sheet "${name}" is empty: its first row should name the columns`);
  const firstRow = XLSX.utils.decode_range(ws['!ref']).s.r + 1;
  const rows = XLSX.utils.sheet_to_json<SheetCell[]>(ws, { header: 1, raw: true, defval: null, blankrows: true });
  return { name, names, rows, firstRow };
}

/** A cell as the text a CSV export would hold: dates ISO, numbers in full precision with a dot. */
export function cellText(v: SheetCell | undefined): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.getTime() % 86_400_000 === 0 ? v.toISOString().slice(0, 10) : v.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '');
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

/** The sheet as text records for the importers, each with its sheet row as `line`. */
export function sheetRecords(sheet: SheetData): SourceRecords {
  const records: CsvRecord[] = sheet.rows.map((r, i) => ({ fields: (r.length ? r : [null]).map(cellText), line: sheet.firstRow + i }));
  while (records.length && records[records.length - 1]!.fields.every((f) => f === '')) records.pop();
  return { records, encoding: 'xlsx', bom: false, delimiter: ',', warnings: [], sheet: { name: sheet.name, names: sheet.names } };
}

/** The narrowest type that holds every non-empty cell of a column. */
export function columnType(values: readonly SheetCell[]): ColumnType {
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

/**
 * A sheet as a plain table: the first non-blank row (or the row on `headerLine`) names the columns
 * (blank or repeated names get `column_N` / `name_2`), blank rows and `skip` lines are left out, and
 * each column is typed by what all its cells hold.
 */
export function sheetColumns(sheet: SheetData, options: { headerLine?: number; skip?: ReadonlySet<number> } = {}): TypedColumn[] {
  const blank = (r: SheetCell[]) => !r.some((v) => v !== null && !(typeof v === 'string' && v.trim() === ''));
  const lines = sheet.rows.map((r, i) => ({ r, line: sheet.firstRow + i })).filter(({ r }) => !blank(r));
  const headerAt = options.headerLine === undefined ? 0 : lines.findIndex((x) => x.line === options.headerLine);
  if (lines.length === 0 || headerAt < 0) throw new Error(`Sheet "${sheet.name}" is empty: its first row should name the columns.`);
  const header = lines[headerAt]!.r;
  const body = lines.slice(headerAt + 1).filter((x) => !options.skip?.has(x.line)).map((x) => x.r);
  const width = Math.max(header.length, ...body.map((r) => r.length));
  const seen = new Map<string, number>();
  const columns: TypedColumn[] = [];
  for (let j = 0; j < width; j++) {
    const h = header[j];
    let colName = h === null || h === undefined || String(h).trim() === '' ? `column_${j + 1}` : cellText(h).trim();
    const n = (seen.get(colName.toLowerCase()) ?? 0) + 1;
    seen.set(colName.toLowerCase(), n);
    if (n > 1) colName = `${colName}_${n}`;
    const values = body.map((r) => (r[j] === undefined ? null : r[j]!));
    const type = columnType(values);
    columns.push({ name: colName, type, values: type === 'VARCHAR' ? values.map((v) => (v === null ? null : cellText(v))) : values });
  }
  return columns;
}

/**
 * Import one sheet of a workbook like a CSV export: a platform layout is recognized and mapped;
 * otherwise the sheet comes back as a `raw` table whose columns keep the types of their cells.
 */
export function importWorkbook(bytes: Uint8Array, file: string, options: ImportOptions & { sheet?: string } = {}): ImportResult {
  const sheet = readSheet(bytes, file, options.sheet);
  const result = importRecords(sheetRecords(sheet), file, options);
  if (result.platform !== null || result.layout === 'user_mapping') return result;
  // A plain table: typed like the browser's Excel import, not all text.
  const skip = new Set(result.skipped.filter((s) => s.reason.startsWith('summary row')).map((s) => s.first));
  const typed = sheetColumns(sheet, { headerLine: result.detection.headerLine, skip });
  const columns: CanonicalColumn[] = typed.map((c) => ({ name: c.name, type: c.type === 'TIMESTAMPTZ' ? 'TIMESTAMP' : c.type, description: '' }));
  const n = typed[0]?.values.length ?? 0;
  const value = (v: unknown) => (v instanceof Date ? cellText(v) : ((v ?? null) as string | number | boolean | null));
  const rows = Array.from({ length: n }, (_, i) => Object.fromEntries(typed.map((c) => [c.name, value(c.values[i])])));
  return { ...result, columns, rows };
}

/** Import a file's bytes whatever they hold: an .xlsx workbook (by its magic number) or CSV / TSV text. */
export function importAnyExport(bytes: Uint8Array, file: string, options: ImportOptions & { sheet?: string } = {}): ImportResult {
  if (isWorkbook(bytes)) return importWorkbook(bytes, file, options);
  if (options.sheet !== undefined) throw new ImportError(file, `--sheet ${options.sheet}: the file is not an .xlsx workbook`);
  return importRecords(readTextRecords(bytes, file, options.encoding), file, options);
}
