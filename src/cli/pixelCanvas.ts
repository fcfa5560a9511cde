/**
 * The part of a canvas Observable Plot draws on, for the CLI's server-side DOM. Plot paints a
 * continuous colour legend ("ramp") pixel by pixel on a 256×1 canvas and embeds it as a PNG
 * (`canvas.toDataURL()`); linkedom's canvas needs the native `canvas` package and otherwise has no
 * 2D context. This canvas supports what the ramp needs — solid `fillStyle` colours and `fillRect` —
 * and refuses what it cannot read by name, so a chart that needs more fails with a clear message.
 * (Plot's raster and contour marks also draw on a canvas; plot cells do not offer them.)
 */
import { encodePng } from './png.ts';

/** An sRGB colour with alpha 0–255, from the CSS forms d3's interpolators and schemes produce. */
export function parseCssColor(text: string): [number, number, number, number] {
  const s = text.trim().toLowerCase();
  let m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/.exec(s);
  if (m) {
    const n = parseInt(m[1]!, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255, m[2] ? parseInt(m[2], 16) : 255];
  }
  m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(s);
  if (m) return [parseInt(m[1]! + m[1]!, 16), parseInt(m[2]! + m[2]!, 16), parseInt(m[3]! + m[3]!, 16), 255];
  m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(s);
  if (m) {
    const channel = (v: string) => Math.max(0, Math.min(255, Math.round(Number(v))));
    const alpha = m[4] === undefined ? 255 : Math.round(Math.max(0, Math.min(1, Number(m[4]))) * 255);
    return [channel(m[1]!), channel(m[2]!), channel(m[3]!), alpha];
  }
  throw new Error(`the chart paints the colour "${text}", which the report's canvas cannot read (it reads #rrggbb, #rgb, rgb() and rgba())`);
}

class PixelContext2D {
  #fill: [number, number, number, number] = [0, 0, 0, 255];
  #fillText = '#000000';
  constructor(private readonly canvas: PixelCanvas) {}

  get fillStyle(): string {
    return this.#fillText;
  }
  set fillStyle(value: string) {
    if (typeof value !== 'string') throw new Error('the chart paints with a gradient or pattern, which the report\'s canvas cannot draw');
    this.#fill = parseCssColor(value);
    this.#fillText = value;
  }

  /** Overwrites the pixels (the canvas starts transparent and Plot never overlaps rectangles). */
  fillRect(x: number, y: number, w: number, h: number): void {
    const { width, height, pixels } = this.canvas;
    const x0 = Math.max(0, Math.round(x)), x1 = Math.min(width, Math.round(x + w));
    const y0 = Math.max(0, Math.round(y)), y1 = Math.min(height, Math.round(y + h));
    for (let py = y0; py < y1; py++) for (let px = x0; px < x1; px++) pixels.set(this.#fill, (py * width + px) * 4);
  }

}

export class PixelCanvas {
  #width = 300;
  #height = 150;
  pixels = new Uint8Array(this.#width * this.#height * 4);
  readonly #context = new PixelContext2D(this);

  get width(): number {
    return this.#width;
  }
  set width(w: number) {
    this.#width = w;
    this.pixels = new Uint8Array(this.#width * this.#height * 4);
  }
  get height(): number {
    return this.#height;
  }
  set height(h: number) {
    this.#height = h;
    this.pixels = new Uint8Array(this.#width * this.#height * 4);
  }

  getContext(type: string): PixelContext2D {
    if (type !== '2d') throw new Error(`the chart asks for a "${type}" canvas; the report's canvas draws only "2d"`);
    return this.#context;
  }

  toDataURL(type = 'image/png'): string {
    if (type !== 'image/png') throw new Error(`the chart asks for a ${type} image; the report's canvas makes only image/png`);
    return `data:image/png;base64,${encodePng(this.#width, this.#height, this.pixels).toString('base64')}`;
  }
}
