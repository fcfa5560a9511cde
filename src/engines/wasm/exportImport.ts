/**
 * Platform exports in the worker: the same detection and import code as `pulse inspect` / `pulse run`
 * (src/core/importers), run off the UI thread. `sniffExport` looks at the head of a file (its layout,
 * headers and first rows); `importPlatformExport` parses the whole file into canonical rows.
 */
import type { Table } from 'apache-arrow';
import { MAX_COLUMNS, parseExport, parseRecords } from '../../core/importers/detect';
import { ImportError } from '../../core/importers/errors';
import { readSheet, sheetRecords } from '../../core/importers/excel';
import { importExport, importRecords, type ImportResult } from '../../core/importers/import';
import type { UserMapping } from '../../core/importers/mapping';
import { importToArrow } from '../../core/importers/toArrow';
import type { ExportImported, ExportSniff } from './protocol';

/** Bytes read to recognize a layout; a file no bigger is parsed whole. */
export const SNIFF_BYTES = 1024 * 1024;
/** Rows of an unknown layout handed to the mapping dialog (preview and date-order sniffing). */
const PREVIEW_ROWS = 50;

/**
 * The first `limit` bytes cut after the last complete line (a UTF-16 LE line break is `0A 00`), so
 * the parser never sees half a record.
 */
export function headBytes(bytes: Uint8Array, limit = SNIFF_BYTES): Uint8Array {
  if (bytes.length <= limit) return bytes;
  const head = bytes.subarray(0, limit);
  const nl = head.lastIndexOf(0x0a);
  if (nl <= 0) return head;
  const cut = nl + 1 < head.length && nl % 2 === 0 && head[nl + 1] === 0 ? nl + 2 : nl + 1;
  return head.subarray(0, cut);
}

/** Recognize a file from its bytes (the head of it when it is big). Throws ImportError for unreadable files. */
export function sniffBytes(bytes: Uint8Array, fileName: string): ExportSniff {
  let parsed;
  try {
    parsed = parseExport(bytes, fileName);
  } catch (e) {
    // Wider than any platform export: not one; DuckDB reads it as a plain table.
    if (e instanceof ImportError && e.message.includes(`more than the ${MAX_COLUMNS}`)) {
      return { platform: null, layout: 'unknown', table: 'raw', headers: [], signature: '', numberFormat: 'dot', preview: [], warnings: [], wide: e.message };
    }
    throw e;
  }
  const { detection, records } = parsed;
  const headers = detection.headers;
  const preview = records
    .slice(detection.headerRowIndex + 1, parsed.dataEnd)
    .filter((r) => r.fields.some((f) => f.trim() !== ''))
    .slice(0, PREVIEW_ROWS)
    .map((r) => Object.fromEntries(headers.map((h, i) => [h, r.fields[i] ?? ''])));
  return {
    platform: detection.platform,
    layout: detection.layout,
    table: detection.table,
    headers,
    signature: detection.signature,
    numberFormat: detection.numberFormat,
    preview,
    warnings: detection.warnings,
    ...(detection.tables.length > 1 ? { tables: detection.tables.map((t) => ({ index: t.index, title: t.title, rows: t.rows })) } : {}),
  };
}

/** Read a Blob's head and recognize it; falls back to the whole file when the head cannot be read. */
export async function sniffFile(file: Blob, fileName: string): Promise<ExportSniff> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES + 1).arrayBuffer());
  if (head.length <= SNIFF_BYTES) return sniffBytes(head, fileName);
  try {
    return sniffBytes(headBytes(head), fileName);
  } catch (e) {
    // e.g. a quoted field cut by the slice: read the whole file before saying it is broken.
    if (!(e instanceof ImportError)) throw e;
    return sniffBytes(new Uint8Array(await file.arrayBuffer()), fileName);
  }
}

/**
 * Import a whole platform export (or a file of a known user mapping) into canonical rows, as Arrow.
 * Throws ImportError for unreadable files and an Error when the file is not of `expectTable`, before
 * anything is registered.
 */
export async function parsePlatformExport(
  file: Blob,
  fileName: string,
  options: { mapping?: UserMapping; expectTable?: string; table?: number } = {},
): Promise<{ table: Table; summary: Omit<ExportImported, 'info'> }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const result = importExport(bytes, fileName, { ...(options.mapping ? { mapping: options.mapping } : {}), ...(options.table !== undefined ? { table: options.table } : {}) });
  if (options.mapping && result.layout !== 'user_mapping') {
    throw new ImportError(fileName, `its headers are not the ones the mapping was made for: map its columns again`);
  }
  if (!options.mapping && result.platform === null) {
    throw new ImportError(fileName, 'the file matches no platform export layout');
  }
  if (options.expectTable && result.table !== options.expectTable) {
    throw new ImportError(fileName, `this is a ${result.platform ?? 'user-mapped'} ${result.layout} export (canonical table ${result.table}), but the dataset expects ${options.expectTable}`);
  }
  return { table: importToArrow(result), summary: exportSummary(result) };
}

/**
 * One sheet of an .xlsx workbook through the importers (the core reader `pulse run` uses): a platform
 * export (TikTok and Meta download XLSX too) comes back in its canonical table with its summary;
 * null for a sheet of no known layout, which the caller loads as a plain typed table.
 */
export async function parseWorkbookExport(
  file: Blob,
  fileName: string,
  options: { sheet?: string; expectTable?: string } = {},
): Promise<{ table: Table; summary: Omit<ExportImported, 'info'> } | null> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let records;
  try {
    records = sheetRecords(readSheet(bytes, fileName, options.sheet));
    if (parseRecords(records, fileName).detection.platform === null) return null;
  } catch {
    return null; // not readable as an export: the plain sheet reader says what is wrong with it
  }
  const result = importRecords(records, fileName);
  if (options.expectTable && result.table !== options.expectTable) {
    throw new ImportError(fileName, `this is a ${result.platform} ${result.layout} export (canonical table ${result.table}), but the dataset expects ${options.expectTable}`);
  }
  return { table: importToArrow(result), summary: exportSummary(result) };
}

function exportSummary(result: ImportResult): Omit<ExportImported, 'info'> {
  const { tables, tableIndex } = result.detection;
  return {
    platform: result.platform,
    layout: result.layout,
    table: result.table,
    rows: result.rows.length,
    totals: result.totalsCheck.status,
    ...(result.totalsCheck.label ? { totalsLabel: result.totalsCheck.label } : {}),
    warnings: result.warnings,
    ...(tables.length > 1 ? { tables: tables.map((t) => ({ index: t.index, title: t.title, rows: t.rows })), tableIndex } : {}),
  };
}
