/**
 * Draws Pulse's app icons (a white pulse line on the app's dark header colour) and writes them as PNGs
 * to public/icons/. No image library: the shapes are rasterized here with 4x4 supersampling and the
 * PNG is encoded with node:zlib. Run with `npx tsx src/pwa/makeIcons.ts`; the PNGs are committed.
 */
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type RGBA = [number, number, number, number];

const BACKGROUND: RGBA = [0x1d, 0x23, 0x30, 255]; // theme_color
const LINE: RGBA = [0xff, 0xff, 0xff, 255];
const ACCENT: RGBA = [0x4f, 0xd1, 0xa5, 255];

/** The pulse line in unit coordinates (0..1 across the drawing area). */
const PULSE: Array<[number, number]> = [
  [0.08, 0.56],
  [0.3, 0.56],
  [0.38, 0.38],
  [0.48, 0.78],
  [0.58, 0.22],
  [0.66, 0.56],
  [0.92, 0.56],
];

function distToSegment(px: number, py: number, [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * One icon. `maskable`: the background fills the whole square and the drawing keeps to the central
 * safe zone (a circle of 80% diameter), as maskable icons must; otherwise a rounded square.
 */
function draw(size: number, maskable: boolean): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const S = 4; // supersamples per axis
  const inset = maskable ? 0.2 : 0.1; // where the drawing area starts, as a fraction of the icon
  const radius = 0.2; // corner radius of the rounded square, unit coordinates
  const stroke = maskable ? 0.045 : 0.055;
  const pts = PULSE.map(([x, y]) => [inset + x * (1 - 2 * inset), inset + y * (1 - 2 * inset)] as [number, number]);
  const dot: [number, number] = pts[pts.length - 1];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const u = (x + (sx + 0.5) / S) / size;
          const v = (y + (sy + 0.5) / S) / size;
          let c: RGBA | null = BACKGROUND;
          if (!maskable) {
            const cx = Math.min(Math.max(u, radius), 1 - radius);
            const cy = Math.min(Math.max(v, radius), 1 - radius);
            if (Math.hypot(u - cx, v - cy) > radius) c = null;
          }
          if (c) {
            let d = Infinity;
            for (let i = 0; i + 1 < pts.length; i++) d = Math.min(d, distToSegment(u, v, pts[i], pts[i + 1]));
            if (d <= stroke / 2) c = LINE;
            if (Math.hypot(u - dot[0], v - dot[1]) <= stroke * 1.1) c = ACCENT;
          }
          if (c) for (let k = 0; k < 4; k++) acc[k] += c[k] * (k === 3 ? 1 : c[3] / 255);
        }
      }
      const n = S * S;
      const a = acc[3] / n;
      const o = (y * size + x) * 4;
      // Colour channels are premultiplied in `acc`: divide by coverage to store straight alpha.
      for (let k = 0; k < 3; k++) px[o + k] = a > 0 ? Math.round(acc[k] / n / (a / 255)) : 0;
      px[o + 3] = Math.round(a);
    }
  }
  return encodePng(size, size, px);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An 8-bit RGBA PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = fileURLToPath(new URL('../../public/icons/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  for (const [name, size, maskable] of [
    ['icon-192.png', 192, false],
    ['icon-512.png', 512, false],
    ['icon-maskable-512.png', 512, true],
  ] as const) {
    writeFileSync(dir + name, draw(size, maskable));
    console.log(`wrote public/icons/${name}`);
  }
}
