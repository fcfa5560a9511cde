import { ImportError } from './errors.ts';
import { decodeWindows1252 } from '../dataFiles.ts';

/** Text encodings the importers read. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Decoded text and how it was decoded. */
export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** True when the bytes began with a byte-order mark. */
  bom: boolean;
  warnings: string[];
}

// Magic numbers of binary formats people drop by mistake, with what to do instead.
const BINARY_MAGIC: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP or Excel (.xlsx) file; open it as Excel, or export the report as CSV' },
  { bytes: [0x50, 0x41, 0x52, 0x31], what: 'a Parquet file; import it as Parquet, not as a platform CSV' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel (.xls) file; save it as CSV or .xlsx first' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF; download the report as CSV instead' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive; decompress it first' },
];

/** Share of control characters above which decoded text is called binary (real exports have none). */
const MAX_CONTROL_SHARE = 0.02;

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function controlShare(text: string): number {
  const sample = text.slice(0, 8192);
  if (sample.length === 0) return 0;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 0xfffd) bad++;
  }
  return bad / sample.length;
}

/** Share of characters in CJK / private ranges: what ASCII bytes look like when read as UTF-16. */
function cjkShare(text: string): number {
  const sample = text.slice(0, 4096);
  if (sample.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code >= 0x2e80) n++;
  }
  return n / sample.length;
}

/**
 * Decode an export's bytes: sniff the byte-order mark (UTF-8, UTF-16 LE/BE), recognize UTF-16 LE
 * without a BOM by its zero bytes, fall back to Windows-1252 for invalid UTF-8 (with a warning), and
 * refuse binary files and files whose declared encoding does not fit their bytes.
 */
export function decodeExport(bytes: Uint8Array, file: string, declared?: TextEncodingName): DecodedText {
  const warnings: string[] = [];
  if (bytes.length === 0) throw new ImportError(file, 'the file is empty (0 bytes): download the export again');
  for (const magic of BINARY_MAGIC) {
    if (startsWith(bytes, magic.bytes)) throw new ImportError(file, `this is not a CSV export but ${magic.what}`);
  }
  let encoding: TextEncodingName;
  let bom = false;
  let offset = 0;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    encoding = 'utf-8';
    bom = true;
    offset = 3;
  } else if (startsWith(bytes, [0xff, 0xfe])) {
    encoding = 'utf-16le';
    bom = true;
    offset = 2;
  } else if (startsWith(bytes, [0xfe, 0xff])) {
    encoding = 'utf-16be';
    bom = true;
    offset = 2;
  } else {
    // UTF-16 LE without a BOM: ASCII text leaves every odd byte zero.
    let oddZeros = 0;
    let evenZeros = 0;
    const n = Math.min(bytes.length, 2048);
    for (let i = 0; i < n; i++) if (bytes[i] === 0) (i % 2 ? oddZeros++ : evenZeros++);
    if (oddZeros > n / 4 && evenZeros < n / 50) {
      encoding = 'utf-16le';
      warnings.push('no byte-order mark, but the bytes look like UTF-16 LE; read as UTF-16 LE');
    } else if (evenZeros > n / 4 && oddZeros < n / 50) {
      encoding = 'utf-16be';
      warnings.push('no byte-order mark, but the bytes look like UTF-16 BE; read as UTF-16 BE');
    } else {
      encoding = 'utf-8';
    }
  }
  if (declared && declared !== encoding) {
    if (bom || encoding !== 'utf-8') {
      throw new ImportError(file, `the file was declared ${declared}, but its bytes are ${encoding}${bom ? ' (byte-order mark)' : ''}: import it again without forcing the encoding, or choose ${encoding}`);
    }
    encoding = declared;
  }
  const body = bytes.subarray(offset);
  if ((encoding === 'utf-16le' || encoding === 'utf-16be') && body.length % 2 === 1) {
    warnings.push('odd number of bytes for UTF-16: the last byte was dropped; the file may be truncated');
  }
  let text: string;
  if (encoding === 'utf-8') {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      const lossy = new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
      const bad = lossy.indexOf('\ufffd');
      if (declared === 'utf-8') {
        throw new ImportError(file, 'the file was declared UTF-8 but is not valid UTF-8; it is probably Windows-1252 (Excel on Windows): choose that encoding or re-save the file as UTF-8', lineAt(lossy, bad));
      }
      // Judge binary-ness on the Windows-1252 reading: the lossy UTF-8 one counts every accented byte
      // as a replacement character, so a file with a few é or € would pass for binary.
      text = decodeWindows1252(body);
      if (controlShare(text) > MAX_CONTROL_SHARE) {
        throw new ImportError(file, 'the file is binary, not text: it is not a CSV export (check that you picked the right file)');
      }
      encoding = 'windows-1252';
      warnings.push(`not valid UTF-8 (first bad byte on line ${lineAt(lossy, bad)}); read as Windows-1252`);
    }
  } else {
    text = encoding === 'windows-1252' ? decodeWindows1252(body) : new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
    if (cjkShare(text) > 0.5 && !/[\n,;\t]/.test(text.slice(0, 4096))) {
      throw new ImportError(file, `the file declares ${encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'}${bom ? ' with a byte-order mark' : ''}, but its content is not UTF-16 (it decodes to CJK characters and no line breaks): the encoding is declared wrong; re-save the file as UTF-8`);
    }
  }
  if (controlShare(text) > MAX_CONTROL_SHARE) {
    throw new ImportError(file, 'the file is binary, not text: it is not a CSV export (check that you picked the right file)');
  }
  return { text, encoding, bom, warnings };
}
