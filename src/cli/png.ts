/**
 * A minimal PNG encoder (8-bit RGBA, no filtering) on node:zlib: enough for the small images Plot
 * draws on a canvas, such as a colour legend's 256×1 ramp. Format: PNG specification (W3C, 2nd ed.),
 * §5.2 signature, §5.3 chunk layout, §11.2.2 IHDR, §11.2.4 IDAT, §11.2.5 IEND.
 */
import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

function chunk(type: string, data: Uint8Array): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  typed.copy(out, 4);
  out.writeUInt32BE(crc32(typed), 8 + data.length);
  return out;
}

/** `rgba` holds width × height pixels, four bytes each (red, green, blue, alpha), row by row. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`a PNG needs a positive whole width and height (got ${width}×${height})`);
  }
  if (rgba.length !== width * height * 4) throw new Error(`${width}×${height} RGBA pixels need ${width * height * 4} bytes (got ${rgba.length})`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, adaptive filtering, no interlace
  // Each scanline starts with its filter type: 0 (None).
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (1 + width * 4) + 1);
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}
