import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../src/cli/png.ts';
import { parseCssColor, PixelCanvas } from '../../src/cli/pixelCanvas.ts';

/** The chunks of a PNG file (PNG spec §5.3: length, type, data, CRC), read independently of the encoder. */
function chunks(png: Buffer): { type: string; data: Buffer; crc: number }[] {
  const out = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    out.push({ type: png.toString('latin1', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length), crc: png.readUInt32BE(at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

describe('the PNG the CLI embeds for charts drawn on a canvas', () => {
  it('is a PNG: signature, IHDR, IDAT holding the scanlines, and the IEND every PNG ends with', () => {
    const png = encodePng(2, 1, Uint8Array.of(255, 0, 0, 255, 0, 0, 255, 128));
    // PNG spec §5.2: the 8-byte signature.
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const [ihdr, idat, iend, ...rest] = chunks(png);
    expect(rest).toEqual([]);
    expect(ihdr!.type).toBe('IHDR');
    expect([ihdr!.data.readUInt32BE(0), ihdr!.data.readUInt32BE(4), ...ihdr!.data.subarray(8)]).toEqual([2, 1, 8, 6, 0, 0, 0]);
    expect(idat!.type).toBe('IDAT');
    // One scanline: filter byte 0, then the two RGBA pixels.
    expect([...inflateSync(idat!.data)]).toEqual([0, 255, 0, 0, 255, 0, 0, 255, 128]);
    // An empty IEND's CRC is ae 42 60 82, the last four bytes of every PNG file.
    expect(iend).toEqual({ type: 'IEND', data: Buffer.alloc(0), crc: 0xae426082 });
  });

  it('refuses pixels that do not fit the size, naming both', () => {
    expect(() => encodePng(2, 2, new Uint8Array(4))).toThrow('2×2 RGBA pixels need 16 bytes (got 4)');
  });
});

describe('the canvas Plot paints colour legends on in the CLI', () => {
  it('reads the colour forms d3 interpolators and schemes produce', () => {
    expect(parseCssColor('#f7fbff')).toEqual([247, 251, 255, 255]);
    expect(parseCssColor('#08306b80')).toEqual([8, 48, 107, 128]);
    expect(parseCssColor('#fa0')).toEqual([255, 170, 0, 255]);
    expect(parseCssColor('rgb(35, 23, 27)')).toEqual([35, 23, 27, 255]);
    expect(parseCssColor('rgba(35, 23, 27, 0.5)')).toEqual([35, 23, 27, 128]);
  });

  it('names a colour it cannot read and the forms it can', () => {
    expect(() => parseCssColor('color(display-p3 1 0 0)')).toThrow(/"color\(display-p3 1 0 0\)", which the report's canvas cannot read \(it reads #rrggbb, #rgb, rgb\(\) and rgba\(\)\)/);
  });

  it('paints a 256×1 ramp pixel by pixel as Plot does and returns it as a PNG data URL', () => {
    const canvas = new PixelCanvas();
    canvas.width = 256;
    canvas.height = 1;
    const context = canvas.getContext('2d');
    for (let i = 0; i < 256; i++) {
      context.fillStyle = `rgb(${i}, ${255 - i}, 7)`;
      context.fillRect(i, 0, 1, 1);
    }
    const url = canvas.toDataURL();
    expect(url).toMatch(/^data:image\/png;base64,/);
    const idat = chunks(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')).find((c) => c.type === 'IDAT')!;
    const pixels = inflateSync(idat.data).subarray(1);
    expect([...pixels.subarray(0, 4)]).toEqual([0, 255, 7, 255]);
    expect([...pixels.subarray(100 * 4, 101 * 4)]).toEqual([100, 155, 7, 255]);
    expect([...pixels.subarray(255 * 4)]).toEqual([255, 0, 7, 255]);
  });

  it('offers only a 2D context', () => {
    expect(() => new PixelCanvas().getContext('webgl')).toThrow(`the chart asks for a "webgl" canvas; the report's canvas draws only "2d"`);
  });
});
