/**
 * Hand-built zips for the hostile-bundle tests: entries whose deflated bytes are given once and
 * repeated (so a 3.9 MB zip can claim GiBs without the test ever inflating them), and central
 * directory sizes that may lie. Layout per PKWARE APPNOTE.TXT 6.3.10 §4.3.
 */
import { deflateSync } from 'fflate';

export interface RawEntry {
  name: string;
  /** The bytes as stored in the zip (deflated when method is 8). */
  data: Uint8Array;
  method: 0 | 8;
  /** What the headers claim as uncompressed size. */
  size: number;
  crc: number;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (ISO-HDLC), as zip stores it. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** An entry deflated from `content`, with honest headers unless `claimedSize` says otherwise. */
export function deflatedEntry(name: string, content: Uint8Array, claimedSize = content.length): RawEntry {
  return { name, data: deflateSync(content, { level: 9 }), method: 8, size: claimedSize, crc: crc32(content) };
}

export function storedEntry(name: string, content: Uint8Array): RawEntry {
  return { name, data: content, method: 0, size: content.length, crc: crc32(content) };
}

export function buildZip(entries: RawEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true); // UTF-8 names
    lv.setUint16(8, e.method, true);
    lv.setUint32(14, e.crc, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, e.size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, e.method, true);
    cv.setUint32(16, e.crc, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, e.size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, e.data);
    centrals.push(central);
    offset += local.length + e.data.length;
  }
  const cdSize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + cdSize + 22);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** 4 MiB of zeros, deflated once (about 4 KB) and reused by every bomb entry. */
const ZEROS = 4 * 1024 * 1024;
let zerosEntry: { data: Uint8Array; crc: number } | null = null;
function zeros(): { data: Uint8Array; crc: number } {
  zerosEntry ??= { data: deflateSync(new Uint8Array(ZEROS), { level: 9 }), crc: crc32(new Uint8Array(ZEROS)) };
  return zerosEntry;
}

/** `count` entries of 4 MiB of zeros each, named `prefix0000.bin`…: 960 of them claim 3.75 GiB in about 3.9 MB. */
export function bombEntries(count: number, prefix = 'junk/'): RawEntry[] {
  const z = zeros();
  return Array.from({ length: count }, (_, i) => ({ name: `${prefix}${String(i).padStart(4, '0')}.bin`, data: z.data, method: 8 as const, size: ZEROS, crc: z.crc }));
}

/** One entry that inflates to 4 MiB of zeros while its headers claim `claimedSize`. */
export function lyingEntry(name: string, claimedSize: number): RawEntry {
  const z = zeros();
  return { name, data: z.data, method: 8, size: claimedSize, crc: z.crc };
}
