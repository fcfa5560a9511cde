/**
 * Files the user downloads: results, charts, the notebook and its report. Everything is made in this
 * browser and handed over as a blob: URL; nothing is uploaded.
 */

/** Offer `data` as a download named `fileName`. */
export function saveFile(fileName: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference by now; free ours after the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * A chart as one standalone SVG file that still explains itself: when Plot wraps the chart in a
 * <figure> (title, subtitle, colour legend, caption), every part is placed where the page shows it —
 * each <svg> (chart, ramp, swatches) nested at its measured box, each line of text as <text>, a
 * canvas or <img> as an embedded <image>. Null before the chart is drawn.
 */
export function chartSvg(host: Element): string | null {
  const chart = (host.querySelector('[data-testid="plot"]') ?? host).firstElementChild;
  const tag = chart?.tagName.toLowerCase();
  if (!chart || (tag !== 'svg' && tag !== 'figure')) return null;
  const box = chart.getBoundingClientRect();
  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  out.append(svgEl('rect', { width: '100%', height: '100%', fill: 'white' }));
  const at: Origin = { left: box.left, top: box.top, right: 0 };
  if (tag === 'svg') place(out, chart, at);
  else compose(out, chart, at);
  // As wide as what is drawn: a <figure> spans the whole cell, the chart often less.
  const width = Math.ceil(Math.min(box.width, at.right || box.width));
  const height = Math.ceil(box.height);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return new XMLSerializer().serializeToString(out);
}

/** Where the chart's box starts on the page, and the right edge of what has been drawn so far. */
interface Origin {
  left: number;
  top: number;
  right: number;
}

/** Copy what `el` shows into `out`, at positions relative to `origin`. */
function compose(out: SVGSVGElement, el: Element, origin: Origin): void {
  for (const node of el.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) texts(out, node as Text, origin);
    if (!(node instanceof Element)) continue;
    const tag = node.tagName.toLowerCase();
    if (tag === 'style' || tag === 'script') continue;
    if (tag === 'svg') place(out, node, origin);
    else if (tag === 'img' || tag === 'canvas') image(out, node, origin);
    else compose(out, node, origin);
  }
}

/** A nested <svg> at the box the page gives it (its own <style> and classes come along). */
function place(out: SVGSVGElement, svg: Element, origin: Origin): void {
  const r = svg.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('x', String(r.left - origin.left));
  copy.setAttribute('y', String(r.top - origin.top));
  copy.setAttribute('width', String(r.width));
  copy.setAttribute('height', String(r.height));
  out.append(copy);
  origin.right = Math.max(origin.right, r.right - origin.left);
}

function image(out: SVGSVGElement, el: Element, origin: Origin): void {
  const r = el.getBoundingClientRect();
  const href = el instanceof HTMLCanvasElement ? el.toDataURL('image/png') : (el as HTMLImageElement).src;
  if (r.width === 0 || r.height === 0 || !href) return;
  const attrs = { x: r.left - origin.left, y: r.top - origin.top, width: r.width, height: r.height, href, preserveAspectRatio: 'none' };
  out.append(svgEl('image', attrs));
  origin.right = Math.max(origin.right, r.right - origin.left);
}

/** A text node as one <text> per line it wraps to, in the font and colour the page uses. */
function texts(out: SVGSVGElement, node: Text, origin: Origin): void {
  const style = node.parentElement && getComputedStyle(node.parentElement);
  if (!style || !node.data.trim()) return;
  const lines: { left: number; top: number; bottom: number; words: string[] }[] = [];
  const range = document.createRange();
  for (const m of node.data.matchAll(/\S+/g)) {
    range.setStart(node, m.index);
    range.setEnd(node, m.index + m[0].length);
    const r = range.getBoundingClientRect();
    if (r.width === 0) continue;
    const line = lines.at(-1);
    origin.right = Math.max(origin.right, r.right - origin.left);
    if (line && Math.abs(line.top - r.top) < 1) line.words.push(m[0]);
    else lines.push({ left: r.left, top: r.top, bottom: r.bottom, words: [m[0]] });
  }
  for (const line of lines) {
    // Baseline at about 80 % of the font's box: ascent of common sans-serif faces.
    const text = svgEl('text', {
      x: line.left - origin.left,
      y: line.top - origin.top + (line.bottom - line.top) * 0.8,
      fill: style.color,
      'font-family': style.fontFamily,
      'font-size': style.fontSize,
      'font-weight': style.fontWeight,
      'font-style': style.fontStyle,
    });
    text.textContent = line.words.join(' ');
    out.append(text);
  }
}

function svgEl(name: string, attrs: Record<string, string | number>): SVGElement {
  const el = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, typeof v === 'number' ? String(Math.round(v * 10) / 10) : v);
  return el;
}

/**
 * A chart as the HTML report shows it: what Plot drew, title, colour legend (a ramp is an embedded
 * PNG) and caption included, as the CLI's report has it; null before the chart is drawn.
 */
export function chartFigure(host: Element): string | null {
  const chart = host.firstElementChild;
  const tag = chart?.tagName.toLowerCase();
  return chart && (tag === 'svg' || tag === 'figure') ? chart.outerHTML : null;
}

/** Rasterize an SVG string to PNG at `scale` × its size, on a white background. */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('The chart could not be drawn as PNG.'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A file name made from a notebook or cell name: `Quick start` → `quick-start`. */
export function fileStem(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_]+/g, '-').replace(/^-+|-+$/g, '') || 'pulse';
}
