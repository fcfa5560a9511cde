import { parseDelimited, sniffDelimiter, type CsvRecord, type Delimiter } from './csv.ts';
import { decodeExport, type TextEncodingName } from './decode.ts';
import { ImportError } from './errors.ts';
import { matchAlias, matchHeader, normalizeHeader, type Layout, type PreambleInfo } from './layout.ts';
import { LAYOUTS } from './layouts/index.ts';
import { headerSignature } from './mapping.ts';
import { CANONICAL_TABLES, type CanonicalTableName, type Platform } from './schema.ts';
import { currencyOfSymbol, numberFormatVotes, parseDate, type NumberFormat } from './values.ts';

/** More columns than any platform export has (X's post analytics, the widest, has 40; Meta with every
 * metric ticked reaches ~120). Wider sheets are pivots or transposed reports. */
export const MAX_COLUMNS = 150;
/** Header rows are looked for among the first records only (GA4's preamble is 9–10 lines). */
const HEADER_SEARCH_RECORDS = 40;

/** One table of a file: most files hold one; a GA4 overview download holds several. */
export interface ExportTableInfo {
  /** 1-based, as `pulse inspect --table N` and the import dialog count them. */
  index: number;
  /** The table's own title from its `#` block (or its headers when it has none). */
  title: string;
  headerLine: number;
  headers: string[];
  /** Non-blank lines under the header (data and summary rows). */
  rows: number;
  /** 1-based lines the table spans, its `#` block included. */
  firstLine: number;
  lastLine: number;
}

/** Lines of the file that are not data rows of the imported table, and why. */
export interface SkippedLines {
  /** 1-based, inclusive. */
  first: number;
  last: number;
  reason: string;
}

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
  /** Text encoding, or 'xlsx' for a workbook sheet. */
  encoding: TextEncodingName | 'xlsx';
  bom: boolean;
  /** The sheet read and the workbook's sheets, for an .xlsx file. */
  sheet?: { name: string; names: string[] };
  numberFormat: NumberFormat;
  /** Source header → canonical column, for the headers the layout knows. */
  columnMapping: Record<string, string>;
  /** Headers the layout does not map (kept out of the canonical rows). */
  unmappedColumns: string[];
  /** `headerSignature` of the headers, the key for a saved user mapping. */
  signature: string;
  preamble: PreambleInfo;
  /** Every table of the file; `tableIndex` is the one detected and imported. */
  tables: ExportTableInfo[];
  tableIndex: number;
  warnings: string[];
}

/** Internal: the detection plus the parsed records, shared with importExport. */
export interface ParsedExport {
  detection: Detection;
  records: CsvRecord[];
  layout: Layout | null;
  /** Column index → { target, currency captured from the header }. */
  columnTargets: Map<number, { targets: string[]; headerCurrency?: string }>;
  /** Record index where the imported table's rows end (exclusive). */
  dataEnd: number;
  /** Lines left out before the rows are read: preambles, `#` blocks, the other tables. */
  skipped: SkippedLines[];
}

/** Records of a file, as text, before any layout is known (a CSV decoded, or a workbook sheet). */
export interface SourceRecords {
  records: CsvRecord[];
  encoding: TextEncodingName | 'xlsx';
  bom: boolean;
  delimiter: Delimiter;
  warnings: string[];
  sheet?: { name: string; names: string[] };
}

/** Which table of a multi-table file to import: its 1-based number or its title. */
export type TableChoice = number | string;

export interface ParseOptions {
  encoding?: TextEncodingName;
  table?: TableChoice;
}

function columnTargetsFor(headers: string[], layout: Layout): { score: number; targets: ParsedExport['columnTargets'] } {
  const targets: ParsedExport['columnTargets'] = new Map();
  let score = 0;
  for (const column of layout.columns) {
    // First alias in the layout's order wins, so 'clicks (destination)' is not taken by 'clicks'.
    for (const alias of column.aliases) {
      const idx = headers.findIndex((h, i) => !targets.has(i) && matchHeader(h, alias) !== null);
      if (idx >= 0) {
        const captured = matchHeader(headers[idx]!, alias);
        // `Amount spent (USD)`, or a symbol: `Cost (€)`, `Valor usado (R$)`.
        const currency = captured && /^[a-z]{3}$/i.test(captured) ? captured.toUpperCase() : captured ? currencyOfSymbol(captured) : undefined;
        targets.set(idx, { targets: Array.isArray(column.to) ? column.to : [column.to], ...(currency ? { headerCurrency: currency } : {}) });
        score++;
        break;
      }
    }
  }
  return { score, targets };
}

/** Canonical column names per table, to tell a file already in the canonical schema from an export. */
const CANONICAL_NAMES = new Map(CANONICAL_TABLES.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));

/**
 * A header written in the canonical schema's own column names (`post_id`, `paid_organic` …) is a
 * canonical file, not the platform's export, even though loose matching (underscores as spaces) lets
 * some of its names pass for the platform's: it has more exact canonical names than strict alias matches.
 */
function isCanonicalHeader(headers: string[], layout: Layout): boolean {
  const names = CANONICAL_NAMES.get(layout.table);
  if (!names) return false;
  const canonical = headers.filter((h) => names.has(h.trim())).length;
  const strict = headers.filter((h) => layout.columns.some((c) => c.aliases.some((a) => matchAlias(normalizeHeader(h), a) !== null))).length;
  return canonical >= 3 && canonical > strict;
}

function matchLayout(headers: string[], layout: Layout): { score: number; targets: ParsedExport['columnTargets'] } | null {
  for (const group of layout.signature) {
    if (!group.some((alias) => headers.some((h) => matchHeader(h, alias) !== null))) return null;
  }
  if (layout.notWith?.some((alias) => headers.some((h) => matchHeader(h, alias) !== null))) return null;
  if (isCanonicalHeader(headers, layout)) return null;
  const { score, targets } = columnTargetsFor(headers, layout);
  return { score: score + layout.signature.length, targets };
}

const isBlank = (r: CsvRecord) => r.fields.every((f) => f.trim() === '');
/** A `#` comment line: `#` first, nothing in the other cells (Excel adds empty ones: `# Start date: 20230625,,,`). */
const isComment = (r: CsvRecord) => r.fields[0]!.trim().startsWith('#') && r.fields.slice(1).every((f) => f.trim() === '');
const commentText = (r: CsvRecord) => r.fields[0]!.trim().replace(/^#\s*/, '').trim();

/** A table's title from its `#` block: the report line (`Traffic acquisition: Date`), else the first plain line. */
function blockTitle(block: CsvRecord[]): string {
  const lines = block.filter(isComment).map(commentText).filter((l) => l !== '' && !/^-+$/.test(l) && !/^(account|property|start date|end date)\s*:/i.test(l));
  return lines.find((l) => l.includes(':')) ?? lines[0] ?? '';
}

interface TableSpan {
  blockStart: number;
  headerIndex: number;
  end: number;
}

/** Split a file whose layout has `#` blocks into tables: a block, a header, rows up to the next block. */
function splitTables(records: CsvRecord[]): TableSpan[] {
  const spans: TableSpan[] = [];
  let i = 0;
  while (i < records.length) {
    const blockStart = i;
    // A title line without `#` (one filled cell) belongs to the block too: a header names 2+ columns.
    while (i < records.length && (isComment(records[i]!) || records[i]!.fields.filter((f) => f.trim() !== '').length < 2)) i++;
    if (i >= records.length) break;
    const headerIndex = i++;
    while (i < records.length && !isComment(records[i]!)) i++;
    spans.push({ blockStart, headerIndex, end: i });
  }
  return spans;
}

function tableInfos(records: CsvRecord[], spans: TableSpan[]): ExportTableInfo[] {
  const infos = spans.map((span, k) => {
    const headers = records[span.headerIndex]!.fields.map((h) => h.replace(/^\ufeff/, '').trim());
    let last = span.end - 1;
    while (last > span.headerIndex && isBlank(records[last]!)) last--;
    return {
      index: k + 1,
      title: blockTitle(records.slice(span.blockStart, span.headerIndex)),
      headerLine: records[span.headerIndex]!.line,
      headers,
      rows: records.slice(span.headerIndex + 1, span.end).filter((r) => !isBlank(r)).length,
      firstLine: records[span.blockStart]!.line,
      lastLine: records[last]!.line,
    };
  });
  // Overview downloads repeat one title over every table: the headers tell them apart.
  const counts = new Map<string, number>();
  for (const t of infos) counts.set(t.title, (counts.get(t.title) ?? 0) + 1);
  for (const t of infos) {
    if (t.title !== '' && counts.get(t.title) === 1) continue;
    const cols = t.headers.filter((h) => h !== '');
    const what = `${cols.slice(0, 3).join(', ')}${cols.length > 3 ? ', …' : ''}`;
    t.title = t.title ? `${t.title} (${what})` : what;
  }
  return infos;
}

function pickTable(tables: ExportTableInfo[], choice: TableChoice | undefined, file: string): { index: number; note?: string } {
  const list = () => tables.map((t) => `${t.index} "${t.title}"`).join(', ');
  if (choice === undefined) {
    const first = tables.find((t) => t.rows > 0) ?? tables[0]!;
    return first.index === 1 ? { index: 1 } : { index: first.index, note: `table${first.index > 2 ? 's' : ''} 1${first.index > 2 ? `–${first.index - 1}` : ''} of the file ${first.index > 2 ? 'are' : 'is'} empty; read table ${first.index}, "${first.title}"` };
  }
  const asNumber = typeof choice === 'number' ? choice : /^\d+$/.test(choice.trim()) ? Number(choice.trim()) : null;
  if (asNumber !== null) {
    if (asNumber >= 1 && asNumber <= tables.length) return { index: asNumber };
    throw new ImportError(file, `there is no table ${asNumber}: the file holds ${tables.length} table${tables.length === 1 ? '' : 's'} (${list()})`);
  }
  const wanted = String(choice).trim().toLowerCase();
  const exact = tables.filter((t) => t.title.toLowerCase() === wanted);
  const partial = exact.length ? exact : tables.filter((t) => t.title.toLowerCase().includes(wanted));
  if (partial.length === 1) return { index: partial[0]!.index };
  throw new ImportError(file, `${partial.length ? `"${choice}" names ${partial.length} tables` : `no table is titled "${choice}"`}; the file holds ${list()}: choose one by its number`);
}

/** Read report ranges and titles from the lines above the header. */
export function readPreamble(lines: string[]): PreambleInfo {
  const info: PreambleInfo = {};
  const text = lines.map((l) => l.replace(/[,;\t]+$/, '').trim()).filter((l) => l !== '' && !/^"?sep=/i.test(l));
  const title = text.find((l) => !l.startsWith('#') && !/\d{4}/.test(l)) ?? text.find((l) => /^#\s*\w/.test(l) && !l.includes('---'));
  if (title) info.title = title.replace(/^#\s*/, '');
  for (const raw of text) {
    const line = raw.replace(/^#\s*/, '').replace(/^"|"$/g, '');
    // GA4 and LinkedIn write the range in the interface language (`# Startdatum: 20250101`, `# Date de début : …`).
    const start = /(?:start(?: date)?|report start|from|début|inicio|startdatum|fecha de inicio|data de início|data di inizio|begindatum)\s*:\s*([^,;]+(?:, \d{4})?)/i.exec(line);
    const end = /(?:end(?: date)?|report end|to|fin|enddatum|fecha de finalización|fecha de fin|data de término|data de fim|data di fine|einddatum)\s*:\s*([^,;]+(?:, \d{4})?)/i.exec(line);
    if (start) info.start = parseDate(start[1]!.trim(), 'mdy')?.date ?? info.start;
    if (end) info.end = parseDate(end[1]!.trim(), 'mdy')?.date ?? info.end;
    const range = /^(.+?\d{4})\s+[-–]\s+(.+?\d{4})$/.exec(line);
    if (range && !start && !end) {
      info.start = parseDate(range[1]!.trim(), 'mdy')?.date ?? info.start;
      info.end = parseDate(range[2]!.trim(), 'mdy')?.date ?? info.end;
    }
    const dim = /^([A-Z][\w ]+):\s*([A-Z][\w ]+)$/.exec(line);
    if (dim && raw.startsWith('#') && !/account|property|start|end|konto|compte|cuenta|conta|propri|datum|date|fecha|data/i.test(dim[1]!)) info.dimension = dim[2]!.trim();
  }
  return info;
}

/** Decode a CSV/TSV export and parse it into records. */
export function readTextRecords(bytes: Uint8Array, file: string, encoding?: TextEncodingName): SourceRecords {
  const decoded = decodeExport(bytes, file, encoding);
  // Excel's `sep=;` first line names the delimiter; the line itself is skipped as preamble.
  const sep = /^"?sep=([,;\t|])"?\s*(\r?\n|$)/i.exec(decoded.text);
  const delimiter = sep && sep[1] !== '|' ? (sep[1] as Delimiter) : sniffDelimiter(decoded.text);
  const records = parseDelimited(decoded.text, file, delimiter);
  return { records, encoding: decoded.encoding, bom: decoded.bom, delimiter, warnings: decoded.warnings };
}

/** Parse a CSV/TSV file far enough to know its platform, layout, tables, header row and cell conventions. */
export function parseExport(bytes: Uint8Array, file: string, options: ParseOptions = {}): ParsedExport {
  return parseRecords(readTextRecords(bytes, file, options.encoding), file, options);
}

/** Recognize the layout of parsed records (from a CSV or a workbook sheet). */
export function parseRecords(source: SourceRecords, file: string, options: { table?: TableChoice } = {}): ParsedExport {
  const { records } = source;
  if (records.length === 0 || records.every(isBlank)) throw new ImportError(file, 'the file holds no rows, only blank lines: download the export again');

  let best: { index: number; layout: Layout; score: number; targets: ParsedExport['columnTargets'] } | null = null;
  const limit = Math.min(records.length, HEADER_SEARCH_RECORDS);
  for (let i = 0; i < limit; i++) {
    const fields = records[i]!.fields;
    if (fields.length < 2 || isComment(records[i]!)) continue;
    for (const layout of LAYOUTS) {
      const m = matchLayout(fields, layout);
      if (m && (!best || m.score > best.score)) best = { index: i, layout, ...m };
    }
  }
  const layout = best?.layout ?? null;
  let spans: TableSpan[];
  if (layout?.commentBlocks) {
    spans = splitTables(records);
  } else {
    let headerIndex: number;
    if (best) headerIndex = best.index;
    else {
      // Unknown layout: the header is the first record as wide as most of the records.
      const widths = new Map<number, number>();
      for (const r of records) if (r.fields.length > 1) widths.set(r.fields.length, (widths.get(r.fields.length) ?? 0) + 1);
      const modal = [...widths.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 1;
      headerIndex = records.findIndex((r) => r.fields.length === modal && !isComment(r));
      if (headerIndex < 0) headerIndex = records.findIndex((r) => !isBlank(r));
    }
    spans = [{ blockStart: 0, headerIndex, end: records.length }];
  }
  const tables = tableInfos(records, spans);
  const picked = pickTable(tables, options.table, file);
  const span = spans[picked.index - 1]!;
  const header = records[span.headerIndex]!;
  const headers = tables[picked.index - 1]!.headers;
  if (headers.length > MAX_COLUMNS) {
    throw new ImportError(file, `the sheet has ${headers.length} columns, more than the ${MAX_COLUMNS} any platform export has: it looks like a pivoted or transposed report; export the report in its row-per-day layout, or import the file as a plain table`, header.line);
  }
  const numberCells: string[] = [];
  for (const r of records.slice(span.headerIndex + 1, Math.min(span.end, span.headerIndex + 501))) numberCells.push(...r.fields);
  const votes = numberFormatVotes(numberCells);
  let numberFormat: NumberFormat = votes.comma > votes.dot ? 'comma' : 'dot';
  // A table's `#` block may omit what the first one said (account, report range): inherit it.
  const filePreamble = readPreamble(records.slice(0, spans[0]!.headerIndex).map((r) => r.fields.join(',')));
  const ownPreamble = readPreamble(records.slice(span.blockStart, span.headerIndex).map((r) => r.fields.join(',')));
  const preamble: PreambleInfo = { ...filePreamble, ...ownPreamble };
  if (!preamble.start && !preamble.end) Object.assign(preamble, datesFromFileName(file));
  const columnTargets = layout ? (best && best.index === span.headerIndex ? best.targets : columnTargetsFor(headers, layout).targets) : new Map();
  const thousands = layout && numberFormat === 'dot' && votes.dot === 0 ? dottedCounts(records.slice(span.headerIndex + 1, span.end), columnTargets, layout) : undefined;
  if (thousands) numberFormat = 'comma';
  const columnMapping: Record<string, string> = {};
  const unmappedColumns: string[] = [];
  headers.forEach((h, i) => {
    const t = columnTargets.get(i);
    if (t) columnMapping[h] = t.targets.filter((x: string) => !x.includes('_fallback')).join(',') || t.targets[0]!;
    else if (h !== '') unmappedColumns.push(h);
  });
  const warnings = [...source.warnings];
  if (thousands) warnings.push(`counts such as "${thousands.cell}" in "${headers[thousands.column]}" can only be whole numbers: the dots are thousands separators, and the file's numbers are read as 1.234,5`);
  if (source.delimiter === ';' && numberFormat === 'dot') warnings.push('semicolon-delimited but numbers use a dot decimal; check the values');
  if (picked.note) warnings.push(picked.note);
  if (tables.length > 1) {
    const others = tables.filter((t) => t.index !== picked.index).map((t) => `${t.index} "${t.title}" (${t.rows} row${t.rows === 1 ? '' : 's'})`);
    warnings.push(`the file holds ${tables.length} tables; read table ${picked.index}, "${tables[picked.index - 1]!.title}"; the others: ${others.join(', ')} (choose one to import it)`);
  }
  if (source.sheet && source.sheet.names.length > 1) {
    warnings.push(`the workbook has ${source.sheet.names.length} sheets (${source.sheet.names.map((n) => `"${n}"`).join(', ')}); read "${source.sheet.name}"`);
  }
  const skipped: SkippedLines[] = [];
  spans.forEach((sp, k) => {
    if (k === picked.index - 1) {
      const block = records.slice(sp.blockStart, sp.headerIndex).filter((r) => !isBlank(r));
      if (block.length) {
        skipped.push({ first: block[0]!.line, last: block[block.length - 1]!.line, reason: block.every(isComment) ? '`#` comment block above the header (report title, account, date range)' : 'preamble above the header (report title, date range)' });
      }
    } else {
      const t = tables[k]!;
      skipped.push({ first: t.firstLine, last: t.lastLine, reason: `table ${t.index} of ${tables.length}, "${t.title}": another table of the file (choose it to import it)` });
    }
  });
  const detection: Detection = {
    file,
    platform: layout?.platform ?? null,
    layout: layout?.id ?? 'unknown',
    table: layout?.table ?? 'raw',
    headerRowIndex: span.headerIndex,
    headerLine: header.line,
    headers,
    delimiter: source.delimiter,
    encoding: source.encoding,
    bom: source.bom,
    ...(source.sheet ? { sheet: source.sheet } : {}),
    numberFormat,
    columnMapping,
    unmappedColumns,
    signature: headerSignature(headers),
    preamble,
    tables,
    tableIndex: picked.index,
    warnings,
  };
  return { detection, records, layout, columnTargets, dataEnd: span.end, skipped };
}

/** Canonical types by table, to know which mapped columns hold counts. */
const COLUMN_TYPES = new Map(CANONICAL_TABLES.map((t) => [t.name, new Map(t.columns.map((c) => [c.name, c.type]))]));

/**
 * A count cell written `45.678` in a file with no other decimal: counts are whole numbers, so the dot
 * groups thousands (a German or Dutch export whose amounts happen to have no cents). Returns the first
 * such cell and its column when every dotted cell of the count columns has three-digit groups.
 */
function dottedCounts(rows: CsvRecord[], targets: ParsedExport['columnTargets'], layout: Layout): { cell: string; column: number } | undefined {
  const types = COLUMN_TYPES.get(layout.table);
  let example: { cell: string; column: number } | undefined;
  for (const [idx, t] of targets) {
    if (!t.targets.some((x) => types?.get(x) === 'BIGINT')) continue;
    for (const r of rows) {
      const v = (r.fields[idx] ?? '').trim();
      if (!v.includes('.')) continue;
      if (!/^-?\d{1,3}(\.\d{3})+$/.test(v)) return undefined;
      example ??= { cell: v, column: idx };
    }
  }
  return example;
}

/**
 * The report range some platforms write only into the file name (TikTok: `Campaign Report(2024-04-01
 * to 2024-04-30).csv`): two ISO or YYYYMMDD dates in the name.
 */
export function datesFromFileName(file: string): PreambleInfo {
  const name = file.replace(/^.*[\\/]/, '');
  const found = [...name.matchAll(/(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)/g)].map((m) => parseDate(`${m[1]}-${m[2]}-${m[3]}`, 'mdy')?.date).filter((d): d is string => !!d);
  if (found.length !== 2 || found[0]! > found[1]!) return {};
  return { start: found[0]!, end: found[1]!, fromFileName: true };
}

/**
 * Recognize a platform export from its bytes: encoding, delimiter, preamble, tables, header row,
 * platform and layout, and how its columns map to the canonical schema. A file that matches no layout
 * gets `platform: null` and `table: 'raw'`: import it as it is.
 * @example detectExport(bytes, 'meta.csv').platform // 'meta'
 */
export function detectExport(bytes: Uint8Array, fileName: string, options: ParseOptions = {}): Detection {
  return parseExport(bytes, fileName, options).detection;
}
