import Papa from 'papaparse';
import { ImportError } from './errors.ts';

/** A parsed record and the 1-based line of the decoded text it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

export type Delimiter = ',' | ';' | '\t';
const DELIMITERS: Delimiter[] = [',', ';', '\t'];

/**
 * Pick the delimiter that splits the most lines into the same number (more than one) of fields.
 * Preamble lines (titles, `#` comments) have one field with every delimiter, so they do not vote.
 */
export function sniffDelimiter(text: string): Delimiter {
  const sample = text.slice(0, 64 * 1024);
  let best: Delimiter = ',';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const { data } = Papa.parse(sample, { delimiter, preview: 60 });
    const widths = new Map<number, number>();
    for (const row of data) if (row.length > 1) widths.set(row.length, (widths.get(row.length) ?? 0) + 1);
    let score = 0;
    for (const [width, count] of widths) score = Math.max(score, count * 1000 + width);
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Parse delimited text with papaparse into records with their line numbers. A quoted field still open
 * at the end of the text means the file was cut off: that is an ImportError, not a data row.
 */
export function parseDelimited(text: string, file: string, delimiter: Delimiter): CsvRecord[] {
  const normalized = text.replace(/\r\n?/g, '\n');
  const result = Papa.parse(normalized, { delimiter, newline: '\n' });
  const records: CsvRecord[] = [];
  let line = 1;
  for (const fields of result.data) {
    records.push({ fields, line });
    let breaks = 1;
    for (const f of fields) for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) breaks++;
    line += breaks;
  }
  const missingQuote = result.errors.find((e) => e.code === 'MissingQuotes');
  if (missingQuote) {
    const at = missingQuote.row !== undefined ? records[missingQuote.row]?.line : undefined;
    throw new ImportError(file, 'a quoted field is never closed: the file looks truncated (cut off while downloading or copying); download the export again', at);
  }
  // papaparse yields a final [''] for the trailing line break.
  while (records.length && records[records.length - 1]!.fields.every((f) => f === '')) records.pop();
  return records;
}

/** Serialize rows as CSV (RFC 4180 quoting), for the sample generator and tests. */
export function toCsv(rows: unknown[][], delimiter: Delimiter = ','): string {
  return Papa.unparse(rows, { delimiter, newline: '\n' }) + '\n';
}
