/** Render a plot cell to SVG in Node: Observable Plot with linkedom's server-side DOM. */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { plotOptions, type PlotLibrary } from '../core/cells/plotRender.ts';
import type { PlotSpec } from '../core/cells/plot.ts';
import { escapeHtml } from '../core/report/markdown.ts';
import { PixelCanvas } from './pixelCanvas.ts';

export function plotToSvg(spec: PlotSpec, rows: Record<string, unknown>[]): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  // linkedom's <canvas> has no 2D context without the native `canvas` package; Plot draws continuous
  // colour legends and raster marks on one and embeds the PNG, so give it a canvas that can.
  const createElement = document.createElement.bind(document);
  document.createElement = ((name: string, options?: ElementCreationOptions) =>
    name.toLowerCase() === 'canvas' ? new PixelCanvas() : createElement(name, options)) as typeof document.createElement;
  const chart = Plot.plot(plotOptions(spec, rows, Plot as unknown as PlotLibrary, document) as Plot.PlotOptions);
  const svg = chart as unknown as { outerHTML: string; tagName?: string; setAttribute?: (k: string, v: string) => void };
  // With a legend Plot returns a <figure> (legend, then the <svg>); only a bare chart is an SVG document.
  if (svg.setAttribute && svg.tagName?.toLowerCase() === 'svg') svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return svg.outerHTML;
}

/** A plot cell's chart for the HTML report: its SVG, or, where it cannot be drawn, a message in its place. */
export function reportChart(spec: PlotSpec, rows: Record<string, unknown>[]): string {
  try {
    return plotToSvg(spec, rows);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return `<div class="error">This chart could not be drawn in the report (${escapeHtml(why)}); its rows are in the JSON report (pulse run --out FILE.json) and the chart in the notebook in Pulse.</div>`;
  }
}
