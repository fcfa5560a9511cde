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
 * inside quotes; `line` is the 1-based line where the bad record starts.
 */
export function firstRaggedLine(text: string, delimiter: string): RaggedLine | null {
  const body = text.replace(/^\uFEFF/, '');
  let line = 1;
  let recordStart = 1;
  let fields = 1;
  let quoted = false;
  let expected = -1;
  let empty = true;
  const endRecord = (): RaggedLine | null => {
    if (!empty) {
      if (expected < 0) expected = fields;
      else if (fields !== expected) return { line: recordStart, fields, expected };
    }
    fields = 1;
    empty = true;
    return null;
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') {
      empty = false;
      if (quoted && body[i + 1] === '"') i++;
      else quoted = !quoted;
    } else if (!quoted && (c === '\n' || c === '\r')) {
      if (c === '\r' && body[i + 1] === '\n') i++;
      const bad = endRecord();
      if (bad) return bad;
      line++;
      recordStart = line;
    } else {
      if (c === '\n') line++;
      if (!quoted && c === delimiter) fields++;
      if (c !== ' ' && c !== '\t') empty = false;
    }
  }
  return endRecord();
}

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
export function raggedMessage(text: string, delimiter: string): string | null {
  const bad = firstRaggedLine(text, delimiter);
  return bad
    ? `line ${bad.line} has ${bad.fields} field${bad.fields === 1 ? '' : 's'} where the header has ${bad.expected}: fix or remove that line and load the file again`
    : null;
}
