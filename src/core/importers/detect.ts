import { parseDelimited, sniffDelimiter, type CsvRecord, type Delimiter } from './csv.ts';
import { decodeExport, type TextEncodingName } from './decode.ts';
import { ImportError } from './errors.ts';
import { matchAlias, normalizeHeader, type Layout, type PreambleInfo } from './layout.ts';
import { LAYOUTS } from './layouts/index.ts';
import { headerSignature } from './mapping.ts';
import type { CanonicalTableName, Platform } from './schema.ts';
import { parseDate, sniffNumberFormat, type NumberFormat } from './values.ts';

/** More columns than any platform export has (X's post analytics, the widest, has 40; Meta with every
 * metric ticked reaches ~120). Wider sheets are pivots or transposed reports. */
export const MAX_COLUMNS = 150;
/** Header rows are looked for among the first records only (GA4's preamble is 9–10 lines). */
const HEADER_SEARCH_RECORDS = 40;

/** What `detectExport` found out about a file. */
export interface Detection {
  file: string;
  /** Platform whose layout matched, or null: import the file as it is. */
  platform: Platform | null;
  /** Layout id (e.g. 'meta_ads_manager'), or 'unknown'. */
  layout: string;
  /** Canonical table the rows map to, or 'raw' for an unknown layout. */
  table: CanonicalTableName | 'raw';
  /** 0-based index of the header among the parsed records; 1-based line in `headerLine`. */
  headerRowIndex: number;
  headerLine: number;
  headers: string[];
  delimiter: Delimiter;
  encoding: TextEncodingName;
  bom: boolean;
  numberFormat: NumberFormat;
  /** Source header → canonical column, for the headers the layout knows. */
  columnMapping: Record<string, string>;
  /** Headers the layout does not map (kept out of the canonical rows). */
  unmappedColumns: string[];
  /** `headerSignature` of the headers, the key for a saved user mapping. */
  signature: string;
  preamble: PreambleInfo;
  warnings: string[];
}

/** Internal: the detection plus the parsed records, shared with importExport. */
export interface ParsedExport {
  detection: Detection;
  records: CsvRecord[];
  layout: Layout | null;
  /** Column index → { target, currency captured from the header }. */
  columnTargets: Map<number, { targets: string[]; headerCurrency?: string }>;
}

function matchLayout(headers: string[], layout: Layout): { score: number; targets: ParsedExport['columnTargets'] } | null {
  const normalized = headers.map(normalizeHeader);
  for (const group of layout.signature) {
    if (!group.some((alias) => normalized.some((h) => matchAlias(h, alias) !== null))) return null;
  }
  const targets: ParsedExport['columnTargets'] = new Map();
  let score = 0;
  for (const column of layout.columns) {
    // First alias in the layout's order wins, so 'clicks (destination)' is not taken by 'clicks'.
    for (const alias of column.aliases) {
      const idx = normalized.findIndex((h, i) => !targets.has(i) && matchAlias(h, alias) !== null);
      if (idx >= 0) {
        const captured = matchAlias(normalized[idx]!, alias);
        const currency = captured && /^[a-z]{3}$/i.test(captured) ? captured.toUpperCase() : undefined;
        targets.set(idx, { targets: Array.isArray(column.to) ? column.to : [column.to], ...(currency ? { headerCurrency: currency } : {}) });
        score++;
        break;
      }
    }
  }
  return { score: score + layout.signature.length, targets };
}

/** Read report ranges and titles from the lines above the header. */
export function readPreamble(lines: string[]): PreambleInfo {
  const info: PreambleInfo = {};
  const text = lines.map((l) => l.replace(/[,;\t]+$/, '').trim()).filter((l) => l !== '');
  const title = text.find((l) => !l.startsWith('#') && !/\d{4}/.test(l)) ?? text.find((l) => /^#\s*\w/.test(l) && !l.includes('---'));
  if (title) info.title = title.replace(/^#\s*/, '');
  for (const raw of text) {
    const line = raw.replace(/^#\s*/, '').replace(/^"|"$/g, '');
    const start = /(?:start(?: date)?|report start|from|début|inicio)\s*:\s*([^,;]+(?:, \d{4})?)/i.exec(line);
    const end = /(?:end(?: date)?|report end|to|fin)\s*:\s*([^,;]+(?:, \d{4})?)/i.exec(line);
    if (start) info.start = parseDate(start[1]!.trim(), 'mdy')?.date ?? info.start;
    if (end) info.end = parseDate(end[1]!.trim(), 'mdy')?.date ?? info.end;
    const range = /^(.+?\d{4})\s+[-–]\s+(.+?\d{4})$/.exec(line);
    if (range && !start && !end) {
      info.start = parseDate(range[1]!.trim(), 'mdy')?.date ?? info.start;
      info.end = parseDate(range[2]!.trim(), 'mdy')?.date ?? info.end;
    }
    const dim = /^([A-Z][\w ]+):\s*([A-Z][\w ]+)$/.exec(line);
    if (dim && raw.startsWith('#') && !/account|property|start|end/i.test(dim[1]!)) info.dimension = dim[2]!.trim();
  }
  return info;
}

/** Parse a file far enough to know its platform, layout, header row and cell conventions. */
export function parseExport(bytes: Uint8Array, file: string, options: { encoding?: TextEncodingName } = {}): ParsedExport {
  const decoded = decodeExport(bytes, file, options.encoding);
  const delimiter = sniffDelimiter(decoded.text);
  const records = parseDelimited(decoded.text, file, delimiter);
  if (records.length === 0) throw new ImportError(file, 'the file holds no rows, only blank lines: download the export again');

  let best: { index: number; layout: Layout; score: number; targets: ParsedExport['columnTargets'] } | null = null;
  const limit = Math.min(records.length, HEADER_SEARCH_RECORDS);
  for (let i = 0; i < limit; i++) {
    const fields = records[i]!.fields;
    if (fields.length < 2 || fields[0]!.trim().startsWith('#')) continue;
    for (const layout of LAYOUTS) {
      const m = matchLayout(fields, layout);
      if (m && (!best || m.score > best.score)) best = { index: i, layout, ...m };
    }
  }
  let headerIndex: number;
  if (best) headerIndex = best.index;
  else {
    // Unknown layout: the header is the first record as wide as most of the records.
    const widths = new Map<number, number>();
    for (const r of records) if (r.fields.length > 1) widths.set(r.fields.length, (widths.get(r.fields.length) ?? 0) + 1);
    const modal = [...widths.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 1;
    headerIndex = records.findIndex((r) => r.fields.length === modal && !r.fields[0]!.trim().startsWith('#'));
    if (headerIndex < 0) headerIndex = 0;
  }
  const header = records[headerIndex]!;
  const headers = header.fields.map((h) => h.replace(/^\ufeff/, '').trim());
  if (headers.length > MAX_COLUMNS) {
    throw new ImportError(file, `the sheet has ${headers.length} columns, more than the ${MAX_COLUMNS} any platform export has: it looks like a pivoted or transposed report; export the report in its row-per-day layout, or import the file as a plain table`, header.line);
  }
  const numberCells: string[] = [];
  for (const r of records.slice(headerIndex + 1, headerIndex + 501)) numberCells.push(...r.fields);
  const numberFormat = sniffNumberFormat(numberCells);
  const preamble = readPreamble(records.slice(0, headerIndex).map((r) => r.fields.join(',')));
  const columnTargets = best?.targets ?? new Map();
  const columnMapping: Record<string, string> = {};
  const unmappedColumns: string[] = [];
  headers.forEach((h, i) => {
    const t = columnTargets.get(i);
    if (t) columnMapping[h] = t.targets.filter((x: string) => !x.includes('_fallback')).join(',') || t.targets[0]!;
    else if (h !== '') unmappedColumns.push(h);
  });
  const layout = best?.layout ?? null;
  const warnings = [...decoded.warnings];
  if (delimiter === ';' && numberFormat === 'dot') warnings.push('semicolon-delimited but numbers use a dot decimal; check the values');
  const detection: Detection = {
    file,
    platform: layout?.platform ?? null,
    layout: layout?.id ?? 'unknown',
    table: layout?.table ?? 'raw',
    headerRowIndex: headerIndex,
    headerLine: header.line,
    headers,
    delimiter,
    encoding: decoded.encoding,
    bom: decoded.bom,
    numberFormat,
    columnMapping,
    unmappedColumns,
    signature: headerSignature(headers),
    preamble,
    warnings,
  };
  return { detection, records, layout, columnTargets };
}

/**
 * Recognize a platform export from its bytes: encoding, delimiter, preamble, header row, platform
 * and layout, and how its columns map to the canonical schema. A file that matches no layout gets
 * `platform: null` and `table: 'raw'`: import it as it is.
 * @example detectExport(bytes, 'meta.csv').platform // 'meta'
 */
export function detectExport(bytes: Uint8Array, fileName: string, options: { encoding?: TextEncodingName } = {}): Detection {
  return parseExport(bytes, fileName, options).detection;
}
