/**
 * Reading a zip the way a bundle needs it: the central directory first (names and sizes, nothing
 * inflated), then only the entries the caller asks for, each inflated in small steps (fflate's
 * streaming Inflate) into a buffer of the size the caller expects and stopped the moment it would
 * grow past it. A zip bomb, in unlisted entries or behind a lying size, costs neither time nor memory.
 * Zip format: PKWARE APPNOTE.TXT 6.3.10, §4.3.7 (local header), §4.3.12 (central directory), §4.3.16 (end record).
 */
import { Inflate } from 'fflate';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** The uncompressed size the zip claims (the inflated data may disagree: see readEntry). */
  size: number;
  localHeaderOffset: number;
}

/** Why a zip could not be read; the caller words the message for the user. */
export class ZipReadError extends Error {
  constructor(
    readonly reason: 'not-zip' | 'damaged' | 'unsupported' | 'too-large' | 'size-mismatch',
    message: string,
  ) {
    super(message);
    this.name = 'ZipReadError';
  }
}

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const EOCD_SIZE = 22;
/** The end record sits in the last 22 bytes plus at most a 65,535-byte comment. */
const EOCD_SEARCH = EOCD_SIZE + 0xffff;
/** Compressed bytes handed to the inflater per step: a deflate stream expands at most ~1032×, so one step yields at most ~4 MiB. */
const INFLATE_STEP = 4096;

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/** Every entry of the zip's central directory, in order. Reads no entry data. */
export function listZipEntries(zip: Uint8Array): ZipEntry[] {
  let eocd = -1;
  for (let at = zip.length - EOCD_SIZE; at >= Math.max(0, zip.length - EOCD_SEARCH); at--) {
    if (u32(zip, at) === EOCD_SIG) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipReadError(zip.length >= 4 && u32(zip, 0) === LOCAL_SIG ? 'damaged' : 'not-zip', 'no end of central directory record');
  const count = u16(zip, eocd + 10);
  const cdSize = u32(zip, eocd + 12);
  const cdOffset = u32(zip, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) throw new ZipReadError('unsupported', 'ZIP64 archive (over 4 GiB or 65,535 entries)');
  if (cdOffset + cdSize > eocd) throw new ZipReadError('damaged', 'central directory outside the file');
  const entries: ZipEntry[] = [];
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || u32(zip, at) !== CENTRAL_SIG) throw new ZipReadError('damaged', `central directory entry ${i + 1} is missing`);
    const flags = u16(zip, at + 8);
    const nameLength = u16(zip, at + 28);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    if (flags & 1) throw new ZipReadError('unsupported', `${name} uses zip's own (weak) encryption`);
    const entry: ZipEntry = { name, method: u16(zip, at + 10), compressedSize: u32(zip, at + 20), size: u32(zip, at + 24), localHeaderOffset: u32(zip, at + 42) };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localHeaderOffset === 0xffffffff) throw new ZipReadError('unsupported', `${name} is a ZIP64 entry (over 4 GiB)`);
    entries.push(entry);
    at += 46 + nameLength + u16(zip, at + 30) + u16(zip, at + 32);
  }
  return entries;
}

/**
 * The data of `entry`, which must inflate to exactly `expectedSize` bytes: checked against the size
 * the zip claims before anything is inflated, and inflation stops as soon as it would pass it.
 */
export function readZipEntry(zip: Uint8Array, entry: ZipEntry, expectedSize: number): Uint8Array {
  if (entry.size !== expectedSize) throw new ZipReadError('size-mismatch', `${entry.name} is ${entry.size} bytes in the zip, not ${expectedSize}`);
  const local = entry.localHeaderOffset;
  if (local + 30 > zip.length || u32(zip, local) !== LOCAL_SIG) throw new ZipReadError('damaged', `${entry.name} has no local header`);
  const start = local + 30 + u16(zip, local + 26) + u16(zip, local + 28);
  const end = start + entry.compressedSize;
  if (end > zip.length) throw new ZipReadError('damaged', `${entry.name} is cut short`);
  const compressed = zip.subarray(start, end);
  if (entry.method === 0) {
    if (entry.compressedSize !== expectedSize) throw new ZipReadError('size-mismatch', `${entry.name} is stored with ${entry.compressedSize} bytes, not ${expectedSize}`);
    return compressed;
  }
  if (entry.method !== 8) throw new ZipReadError('unsupported', `${entry.name} uses compression method ${entry.method}`);
  return inflateBounded(compressed, expectedSize, entry.name);
}

function inflateBounded(compressed: Uint8Array, expectedSize: number, name: string): Uint8Array {
  const out = new Uint8Array(expectedSize);
  let written = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    if (written + chunk.length > expectedSize) throw new ZipReadError('size-mismatch', `${name} inflates to more than the ${expectedSize} bytes it declares`);
    out.set(chunk, written);
    written += chunk.length;
    if (final) done = true;
  });
  try {
    for (let at = 0; at < compressed.length && !done; at += INFLATE_STEP) {
      const step = compressed.subarray(at, at + INFLATE_STEP);
      inflater.push(step, at + INFLATE_STEP >= compressed.length);
    }
    if (compressed.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (e) {
    if (e instanceof ZipReadError) throw e;
    throw new ZipReadError('damaged', `${name} does not inflate (${e instanceof Error ? e.message : String(e)})`);
  }
  if (written !== expectedSize) throw new ZipReadError('size-mismatch', `${name} inflates to ${written} bytes, not the ${expectedSize} it declares`);
  return out;
}
