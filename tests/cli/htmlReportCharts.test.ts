/**
 * The HTML report's charts, drawn on the server (Plot on linkedom): a continuous colour legend (a
 * ramp Plot paints on a canvas), dates on bands and on a time axis, a chart that cannot be drawn,
 * and the bundled modules whose charts colour by a number.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { notebookReport, runHeadless } from '../../src/cli/run.ts';
import { DEFAULT_LIMITS } from '../../src/cli/warehouse/pull.ts';

const FIXTURE = 'tests/fixtures/notebooks/report-charts.pulse.md';
const quiet = { stdout: () => {}, stderr: () => {} };
const section = (html: string, id: string) => new RegExp(`<section class="cell" id="cell-${id}">([\\s\\S]*?)</section>`).exec(html)?.[1];

/** The RGBA pixels of a 1-row PNG data URL (IDAT inflated, the filter byte dropped). */
function rampPixels(dataUrl: string): Buffer {
  const png = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  const at = png.indexOf('IDAT', 8, 'latin1');
  return inflateSync(png.subarray(at + 4, at + 4 + png.readUInt32BE(at - 4))).subarray(1);
}

async function htmlOf(notebook: string): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'pulse-charts-')), 'report.html');
  expect(await main(['run', notebook, '--out', out], quiet)).toBe(0);
  return readFileSync(out, 'utf8');
}

describe('charts in the HTML report', () => {
  it('draws a heatmap with a continuous colour legend: the ramp, its label and one cell per row', async () => {
    const plot = section(await htmlOf(FIXTURE), 'retention_heatmap');
    expect(plot).toMatch(/<svg[^>]*class="plot-[\w-]*-ramp"/);
    expect(plot).toMatch(/font-weight="bold"[^>]*>retention</);
    const href = /<image [^>]*href="(data:image\/png;base64,[A-Za-z0-9+/=]+)"/.exec(plot!)?.[1];
    expect(href, 'the ramp is an embedded PNG').toBeDefined();
    // `color: {scheme: blues}`: the ramp runs from the first to the last colour of ColorBrewer's
    // 9-class Blues (colorbrewer2.org: #f7fbff … #08306b), 256 pixels wide as Plot paints it.
    const pixels = rampPixels(href!);
    expect(pixels.length).toBe(256 * 4);
    expect([...pixels.subarray(0, 4)]).toEqual([0xf7, 0xfb, 0xff, 255]);
    expect([...pixels.subarray(255 * 4)]).toEqual([0x08, 0x30, 0x6b, 255]);
    // Four rows, four cells: retention 1.0 twice (darkest), 0.25 the lightest; cohorts are the week dates.
    const cells = /<g aria-label="cell">([\s\S]*?)<\/g>/.exec(plot!)?.[1] ?? '';
    expect(cells.match(/fill="([^"]+)"/g)).toEqual(['fill="rgb(8, 48, 107)"', 'fill="rgb(171, 207, 230)"', 'fill="rgb(8, 48, 107)"', 'fill="rgb(247, 251, 255)"']);
    expect(plot).toContain('>2025-01-06<');
    expect(plot).toContain('>2025-01-13<');
    expect(plot).not.toContain('⚠');
  });

  it('draws a line over dates on a time axis', async () => {
    const plot = section(await htmlOf(FIXTURE), 'clicks_line');
    // Three days, three points: 10, 30, 20 clicks, so the middle point is the highest (smallest y).
    const d = /<g [^>]*aria-label="line"[^>]*><path d="M([\d.]+),([\d.]+)L([\d.]+),([\d.]+)L([\d.]+),([\d.]+)"/.exec(plot!);
    expect(d, 'the line has three points').not.toBeNull();
    const [x1, y1, x2, y2, x3, y3] = d!.slice(1).map(Number);
    expect(x1! < x2! && x2! < x3!).toBe(true);
    expect(y2! < y3! && y3! < y1!).toBe(true);
    // Whole days tick at the days (6, 7, 8 January 2025), with no hours between them.
    const ticks = /aria-label="x-axis tick label">([\s\S]*?)<\/g>/.exec(plot!)?.[1] ?? '';
    expect([...ticks.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim())).toEqual(['6 Jan', '7', '8']);
    expect(ticks).not.toMatch(/AM|PM/);
  });

  it('says in place when a chart cannot be drawn, and the rest of the report is there', async () => {
    const nb = join(mkdtempSync(join(tmpdir(), 'pulse-charts-')), 'broken.pulse.md');
    writeFileSync(nb, '---\npulse: 1\ntitle: Broken\n---\n\n```sql days\nSELECT * FROM (VALUES (1, 10), (2, 30)) t(day, clicks)\n```\n\n```plot bad_scale\nfrom: days\nmark: lineY\nx: day\ny: clicks\ny_axis: {type: no-such-scale}\n```\n');
    const html = await htmlOf(nb);
    expect(section(html, 'bad_scale')).toContain('<div class="error">This chart could not be drawn in the report (unknown scale type: no-such-scale)');
    expect(section(html, 'days')).toContain('<td class="n">30</td>');
  });
});

/**
 * The bundled modules whose charts colour by a number (a ramp legend): each drew none in the HTML
 * report before the CLI's DOM had a canvas. Found by rendering all modules' reports; the others are
 * run by their own notebook tests.
 */
const CONTINUOUS_COLOUR = [
  'ctr/04-segmentation-and-attribution', 'ctr/07-governance-and-compliance', 'ctr/08-business-integration',
  'email-social/02-aligning-kpis-across-email-and-social', 'email-social/04-implementing-cross-channel-behavioral-segmentation',
  'email-social/08-optimizing-budget-allocation',
  'ops/01-strategic-alignment-and-business-integration', 'ops/03-audience-intelligence-and-segmentation',
  'ops/04-content-strategy-and-creative-operations', 'ops/06-influencer-and-community-management',
  'recs/03-data-quality-assurance-and-preprocessing', 'recs/04-sentiment-and-intent-analysis-implementation',
  'recs/05-audience-segmentation-and-behavioral-clustering',
  'segments/01-defining-audience-segmentation-objectives-and-kpis', 'segments/02-data-sourcing-and-platform-integration',
  'segments/04-analytical-frameworks-for-audience-behavior', 'segments/06-cross-platform-audience-comparison-and-synthesis',
  'segments/07-translating-insights-into-content-strategy',
];

describe('bundled modules with continuous colour: the HTML report has every chart, with its legend', () => {
  it.each(CONTINUOUS_COLOUR)('%s', async (module) => {
    const path = `notebooks/${module}.pulse.md`;
    const { notebook, runs, bound, pulled } = await runHeadless({ notebook: path, data: new Map(), params: {}, noSamples: false, limits: DEFAULT_LIMITS }, quiet);
    const html = notebookReport(notebook, runs, 'report.html', bound, pulled);
    expect(html).not.toContain('could not be drawn');
    const plots = [...runs.values()].filter((r) => r.result?.output.type === 'plot').map((r) => r.id);
    for (const id of plots) {
      const plot = section(html, id) ?? '';
      // Each chart draws its mark (rects, paths, dots…; in facets, inside one group per facet), not only its axes.
      expect(plot, id).toMatch(/<g [^>]*aria-label="(bar|line|dot|cell|area|rule|text|tick|rect)"[^>]*>\s*(<g\b[^>]*>\s*)?<(rect|path|circle|line|text)\b/);
      expect(plot, id).not.toContain('⚠');
    }
    const ramps = plots.filter((id) => /-ramp"[\s\S]*?<image [^>]*href="data:image\/png;base64,/.test(section(html, id) ?? ''));
    expect(ramps.length, 'a chart with a continuous colour legend').toBeGreaterThan(0);
  }, 120_000);
});
