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

/**
 * A chart's SVG as a standalone file: Plot may wrap the chart in a <figure> with a title and a legend,
 * so the main <svg> is taken, with the namespaces a file needs and Plot's class-scoped styles inlined.
 */
export function chartSvg(host: Element): string | null {
  const svgs = [...host.querySelectorAll('svg')].filter((s) => !s.parentElement?.closest('svg'));
  // The chart is the largest top-level svg (legends are small swatches).
  const main = svgs.sort((a, b) => area(b) - area(a))[0];
  if (!main) return null;
  const copy = main.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  const { width, height } = main.getBoundingClientRect();
  if (!copy.getAttribute('width')) copy.setAttribute('width', String(Math.round(width)));
  if (!copy.getAttribute('height')) copy.setAttribute('height', String(Math.round(height)));
  return new XMLSerializer().serializeToString(copy);
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

function area(el: Element): number {
  const r = el.getBoundingClientRect();
  return r.width * r.height;
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
