/**
 * Checks on a data file before an engine reads it, shared by both engines so that a missing, empty,
 * binary or misnamed file gets the same clear message in the browser and on the command line.
 */
import type { FileFormat } from './engine.ts';

export class DataFileError extends Error {
  constructor(
    readonly fileName: string,
    detail: string,
  ) {
    super(`${fileName}: ${detail}`);
    this.name = 'DataFileError';
  }
}

const EXTENSIONS: Record<string, FileFormat> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  parquet: 'parquet',
};

export const SUPPORTED_EXTENSIONS = Object.keys(EXTENSIONS).map((e) => `.${e}`);

/** The format a file name implies; throws DataFileError for an extension Pulse doesn't read. */
export function formatFromFileName(fileName: string): FileFormat {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  const format = ext ? EXTENSIONS[ext] : undefined;
  if (!format) {
    const hint = ext === 'xlsx' || ext === 'xls' ? ' (open Excel files in the browser app, or save the sheet as CSV)' : '';
    throw new DataFileError(
      fileName,
      `${ext ? `.${ext} files are` : 'a file without an extension is'} not a data format Pulse reads here${hint}; use ${SUPPORTED_EXTENSIONS.join(', ')}`,
    );
  }
  return format;
}

/** Text encoding a text file's first bytes announce. */
export function textEncodingOf(head: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** Check the first bytes of a file against its format. `head` should be the first few kilobytes. */
export function checkDataFile(fileName: string, format: FileFormat, head: Uint8Array, size: number): void {
  if (size === 0) throw new DataFileError(fileName, 'the file is empty (0 bytes): export it again or pick another file');
  if (format === 'parquet') {
    const magic = String.fromCharCode(...head.slice(0, 4));
    if (magic !== 'PAR1') throw new DataFileError(fileName, 'this is not a Parquet file (it does not start with PAR1); check the file or its extension');
    return;
  }
  if (textEncodingOf(head) !== 'utf-8') return;
  const sample = head.subarray(0, 8192);
  const controls = sample.reduce((n, b) => n + (b === 0 || (b < 8 && b !== 0) ? 1 : 0), 0);
  if (sample.includes(0) || controls > sample.length / 100) {
    throw new DataFileError(
      fileName,
      `this looks like a binary file, not ${format.toUpperCase()} text; check that you picked the right file`,
    );
  }
  const text = new TextDecoder('utf-8').decode(sample);
  if (text.trim() === '') throw new DataFileError(fileName, 'the file holds only white space: export it again');
  if ((format === 'json' || format === 'ndjson') && !/^\s*[[{]/.test(text.replace(/^\uFEFF/, ''))) {
    throw new DataFileError(fileName, `this is not ${format === 'json' ? 'JSON' : 'NDJSON'}: it should start with [ or {`);
  }
}

/** Split one CSV line into fields, honouring double quotes (a quoted field may hold the delimiter). */
function countFields(line: string, delimiter: string): number {
  let fields = 1;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      if (quoted && line[i + 1] === '"') i++;
      else quoted = !quoted;
    } else if (c === delimiter && !quoted) fields++;
  }
  return fields;
}

/** The delimiter a header line most likely uses. */
export function guessDelimiter(headerLine: string): string {
  const candidates = [',', ';', '\t', '|'];
  return candidates.reduce((best, d) => (countFields(headerLine, d) > countFields(headerLine, best) ? d : best), ',');
}

export interface RaggedLine {
  line: number;
  fields: number;
  expected: number;
}

/**
 * The first record whose field count differs from the header's, or null. Records may span lines
 * inside quotes; `line` is the 1-based line where the bad record starts. Text is scanned as UTF-8
 * bytes: quotes, line ends and the (ASCII) delimiter never occur inside a multi-byte character, and a
 * byte loop checks a 54 MB file in a tenth of the time the same loop over a decoded string takes.
 */
export function firstRaggedLine(input: string | Uint8Array, delimiter: string, options: RaggedScan = {}): RaggedLine | null {
  const maxLines = options.maxLines ?? Infinity;
  const b = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const delim = delimiter.charCodeAt(0);
  if (delimiter.length !== 1 || delim > 0x7f) throw new Error(`The field delimiter must be one ASCII character, not "${delimiter}".`);
  const QUOTE = 0x22, LF = 0x0a, CR = 0x0d;
  // Most bytes are none of these four: one table lookup moves past them.
  const special = new Uint8Array(256);
  special[QUOTE] = special[LF] = special[CR] = special[delim] = 1;
  const n = b.length;
  let line = 1;
  let recordStart = 1;
  let recordByte = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  let fields = 1;
  let quoted = false;
  let expected = -1;
  /** A record that is blank (spaces and tabs only) is skipped, as DuckDB does. */
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (b[k] !== 0x20 && b[k] !== 0x09) return false;
    return true;
  };
  for (let i = recordByte; i < n; i++) {
    const c = b[i]!;
    if (special[c] === 0) continue;
    if (c === QUOTE) {
      if (quoted && b[i + 1] === QUOTE) i++;
      else quoted = !quoted;
    } else if (c === delim) {
      if (!quoted) fields++;
    } else if (!quoted) {
      const end = i;
      if (c === CR && b[i + 1] === LF) i++;
      if (fields > 1 || !blank(recordByte, end)) {
        if (expected < 0) expected = fields;
        else if (fields !== expected) return { line: recordStart, fields, expected };
      }
      fields = 1;
      line++;
      recordStart = line;
      recordByte = i + 1;
      if (line > maxLines) return null;
    } else if (c === LF) {
      line++;
    }
  }
  // The head of a file ends mid-record: that record is not judged.
  if (!options.partial && (fields > 1 || !blank(recordByte, n)) && expected >= 0 && fields !== expected) return { line: recordStart, fields, expected };
  return null;
}

export interface RaggedScan {
  /** Stop after this many lines (the header is line 1). */
  maxLines?: number;
  /** The input is the head of a file, cut anywhere: its last, unterminated record is not checked. */
  partial?: boolean;
}

/**
 * How much of a CSV to check for ragged records after DuckDB read it without error. DuckDB's sniffer
 * adapts the dialect to the rows it samples (the first 20,480 by default), so a ragged record there can
 * load "successfully" as padded or shifted columns; a ragged record after the sample fails the read with
 * DuckDB's own error (and then the whole file is scanned for the message). Five times the sample,
 * within 16 MB, keeps a 1 GB import from reading the whole file twice.
 */
export const RAGGED_HEAD = { lines: 100_000, bytes: 16 * 1024 * 1024 } as const;

/** The header fields of a delimited text file's first line (quotes removed). */
export function headerFields(headText: string, delimiter: string): string[] {
  const line = headText.replace(/^\uFEFF/, '').split(/\r?\n|\r/, 1)[0] ?? '';
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') {
      if (quoted && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else quoted = !quoted;
    } else if (c === delimiter && !quoted) {
      fields.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  fields.push(cur.trim());
  return fields;
}

/**
 * The `, types = {…}` argument of DuckDB's read_csv for the forced types whose columns the header
 * has (read_csv refuses a type for a column the file lacks); '' when there is none.
 */
export function csvTypesArgument(headText: string, delimiter: string, columnTypes: Record<string, string> = {}): string {
  const present = new Set(headerFields(headText, delimiter));
  const entries = Object.entries(columnTypes).filter(([c, t]) => present.has(c) && /^[A-Z][A-Z0-9_ ()]*$/.test(t));
  if (entries.length === 0) return '';
  return `, types = {${entries.map(([c, t]) => `'${c.replaceAll("'", "''")}': '${t}'`).join(', ')}}`;
}

/** The message for a CSV whose records don't all have the header's field count, or null. */
export function raggedMessage(text: string | Uint8Array, delimiter: string, options: RaggedScan = {}): string | null {
  const bad = firstRaggedLine(text, delimiter, options);
  return bad
    ? `line ${bad.line} has ${bad.fields} field${bad.fields === 1 ? '' : 's'} where the header has ${bad.expected}: fix or remove that line and load the file again`
    : null;
}
