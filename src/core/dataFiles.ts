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

/** The text encodings Pulse reads data files in (the same names as the importers'). */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * The encoding of a text file, from its first bytes (`complete`: `head` is the whole file): a UTF-16
 * byte-order mark, else UTF-8 when the bytes are valid UTF-8, else Windows-1252 — what Excel on Windows
 * writes, and a superset of Latin-1's printable characters. Both engines use this one answer (and
 * `pulse run` hands it to the importers), so a file reads the same in the app, `run` and `inspect`.
 * A multi-byte character cut at the end of a partial head is not held against UTF-8.
 */
export function textEncodingOf(head: Uint8Array, complete = false): TextEncodingName {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/**
 * Windows-1252's characters for bytes 0x80–0x9F (the WHATWG Encoding Standard's index-windows-1252; the
 * five unassigned bytes map to the C1 control of the same number). Bytes 0xA0–0xFF are Latin-1's, which
 * is Unicode's own first page. Written out because Node's TextDecoder('windows-1252') decodes this
 * range as Latin-1's C1 controls (0x80 → U+0080 rather than €).
 */
const CP1252_80_9F = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Windows-1252 bytes as text (0x80 → €, as Excel means it, not Node's Latin-1 C1 controls). */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b < 0xa0 ? CP1252_80_9F[b - 0x80]! : b)));
  }
  return out;
}

/** Windows-1252 bytes as UTF-8, for DuckDB, whose CSV and JSON readers take UTF-8 (and UTF-16) only. */
export function windows1252ToUtf8(bytes: Uint8Array): Uint8Array {
  let size = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    size += b < 0x80 ? 1 : b >= 0xa0 || CP1252_80_9F[b - 0x80]! < 0x800 ? 2 : 3;
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const cp = b < 0x80 || b >= 0xa0 ? b : CP1252_80_9F[b - 0x80]!;
    if (cp < 0x80) out[o++] = cp;
    else if (cp < 0x800) {
      out[o++] = 0xc0 | (cp >> 6);
      out[o++] = 0x80 | (cp & 0x3f);
    } else {
      out[o++] = 0xe0 | (cp >> 12);
      out[o++] = 0x80 | ((cp >> 6) & 0x3f);
      out[o++] = 0x80 | (cp & 0x3f);
    }
  }
  return out;
}

/**
 * The deepest nesting of arrays and objects Pulse hands to DuckDB. A table of records needs two levels
 * (the array, each record) plus a few for nested fields; DuckDB's JSON reader recurses once per level
 * and a 60 KB file nested 10,000 deep crashed it (native: out of stack after 48 s at 5.6 GB).
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Finds where JSON (or NDJSON) text first nests deeper than {@link MAX_JSON_DEPTH}, fed in chunks. It
 * counts `[` and `{` outside strings, so it needs no parse and stops at the first offending line.
 */
export class JsonDepthScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  private deepLine: number | null = null;

  /** Scan the next chunk; true once the text is known to nest too deep. */
  push(b: Uint8Array): boolean {
    if (this.deepLine !== null) return true;
    for (let i = 0; i < b.length; i++) {
      const c = b[i]!;
      if (c === 0x0a) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
      } else if (c === 0x22) this.inString = true;
      else if (c === 0x5b || c === 0x7b) {
        if (++this.depth > MAX_JSON_DEPTH) {
          this.deepLine = this.line;
          return true;
        }
      } else if (c === 0x5d || c === 0x7d) this.depth = Math.max(0, this.depth - 1);
    }
    return false;
  }

  /** The message for a too-deep file, or null. */
  message(): string | null {
    if (this.deepLine === null) return null;
    return `line ${this.deepLine} nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep; Pulse reads JSON as a table of records (an array of objects, or one object per line), so flatten the nested data before loading the file`;
  }
}

/** The message for JSON text nested deeper than {@link MAX_JSON_DEPTH}, or null. */
export function jsonDepthMessage(bytes: Uint8Array): string | null {
  const scanner = new JsonDepthScanner();
  scanner.push(bytes);
  return scanner.message();
}

/** Check the first bytes of a file against its format. `head` should be the first few kilobytes. */
export function checkDataFile(fileName: string, format: FileFormat, head: Uint8Array, size: number): void {
  if (size === 0) throw new DataFileError(fileName, 'the file is empty (0 bytes): export it again or pick another file');
  if (format === 'parquet') {
    const magic = String.fromCharCode(...head.slice(0, 4));
    if (magic !== 'PAR1') throw new DataFileError(fileName, 'this is not a Parquet file (it does not start with PAR1); check the file or its extension');
    return;
  }
  const encoding = textEncodingOf(head, head.length >= size);
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return;
  const sample = head.subarray(0, 8192);
  const controls = sample.reduce((n, b) => n + (b === 0 || (b < 8 && b !== 0) ? 1 : 0), 0);
  if (sample.includes(0) || controls > sample.length / 100) {
    throw new DataFileError(
      fileName,
      `this looks like a binary file, not ${format.toUpperCase()} text; check that you picked the right file`,
    );
  }
  const text = new TextDecoder(encoding).decode(sample);
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
 * inside quotes; `line` is the 1-based line where the bad record starts. See {@link RaggedScanner}.
 */
export function firstRaggedLine(input: string | Uint8Array, delimiter: string, options: RaggedScan = {}): RaggedLine | null {
  const scanner = new RaggedScanner(delimiter, options.maxLines);
  scanner.push(typeof input === 'string' ? new TextEncoder().encode(input) : input);
  return scanner.end(options.partial);
}

/**
 * Field counts of CSV records, fed in chunks (so a large file's head is checked without holding it
 * whole). Text is scanned as UTF-8 bytes: quotes, line ends and the (ASCII) delimiter never occur
 * inside a multi-byte character, and a byte loop is ten times faster than the same loop over a decoded
 * string. A doubled quote inside quotes toggles twice, which is why no lookahead is needed.
 */
export class RaggedScanner {
  private readonly delim: number;
  private readonly special = new Uint8Array(256);
  private line = 1;
  private recordStart = 1;
  private fields = 1;
  private quoted = false;
  private expected = -1;
  /** Whether the current record has a byte other than space or tab in an earlier chunk. */
  private nonBlank = false;
  /** The last chunk ended with the CR of a record end: an LF opening this one belongs to it. */
  private afterCR = false;
  private started = false;
  private result: RaggedLine | null = null;
  private done = false;

  constructor(
    delimiter: string,
    private readonly maxLines = Infinity,
  ) {
    this.delim = delimiter.charCodeAt(0);
    if (delimiter.length !== 1 || this.delim > 0x7f) throw new Error(`The field delimiter must be one ASCII character, not "${delimiter}".`);
    // Most bytes are none of these four: one table lookup moves past them.
    this.special[0x22] = this.special[0x0a] = this.special[0x0d] = this.special[this.delim] = 1;
  }

  /** Scan the next chunk; true once the answer is known (a ragged record, or `maxLines` reached). */
  push(b: Uint8Array): boolean {
    if (this.done) return true;
    const n = b.length;
    let i = 0;
    if (!this.started) {
      this.started = true;
      if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
    }
    if (this.afterCR && n > 0) {
      this.afterCR = false;
      if (b[0] === 0x0a) i = 1;
    }
    let recordByte = i;
    const { special, delim } = this;
    for (; i < n; i++) {
      const c = b[i]!;
      if (special[c] === 0) continue;
      if (c === 0x22) {
        this.quoted = !this.quoted;
      } else if (c === delim) {
        if (!this.quoted) this.fields++;
      } else if (!this.quoted) {
        const end = i;
        if (c === 0x0d) {
          if (i + 1 < n) {
            if (b[i + 1] === 0x0a) i++;
          } else this.afterCR = true;
        }
        if (this.endRecord(b, recordByte, end)) return true;
        recordByte = i + 1;
      } else if (c === 0x0a) {
        this.line++;
      }
    }
    if (!this.nonBlank && !blank(b, recordByte, n)) this.nonBlank = true;
    return false;
  }

  /** The first ragged record; `partial`: the input was a head cut anywhere, so its last record is not judged. */
  end(partial = false): RaggedLine | null {
    if (!this.done && !partial && (this.fields > 1 || this.nonBlank) && this.expected >= 0 && this.fields !== this.expected) {
      this.result = { line: this.recordStart, fields: this.fields, expected: this.expected };
    }
    this.done = true;
    return this.result;
  }

  private endRecord(b: Uint8Array, from: number, to: number): boolean {
    // A blank record (spaces and tabs only) is skipped, as DuckDB does.
    if (this.fields > 1 || this.nonBlank || !blank(b, from, to)) {
      if (this.expected < 0) this.expected = this.fields;
      else if (this.fields !== this.expected) {
        this.result = { line: this.recordStart, fields: this.fields, expected: this.expected };
        this.done = true;
        return true;
      }
    }
    this.fields = 1;
    this.nonBlank = false;
    this.line++;
    this.recordStart = this.line;
    if (this.line > this.maxLines) this.done = true;
    return this.done;
  }
}

function blank(b: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (b[k] !== 0x20 && b[k] !== 0x09) return false;
  return true;
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
  return bad ? raggedText(bad) : null;
}

/** What to tell the user about a ragged record. */
export function raggedText(bad: RaggedLine): string {
  return `line ${bad.line} has ${bad.fields} field${bad.fields === 1 ? '' : 's'} where the header has ${bad.expected}: fix or remove that line and load the file again`;
}
