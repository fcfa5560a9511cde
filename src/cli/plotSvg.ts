/** Render a plot cell to SVG in Node: Observable Plot with linkedom's server-side DOM. */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { plotOptions, type PlotLibrary } from '../core/cells/plotRender.ts';
import type { PlotSpec } from '../core/cells/plot.ts';

export function plotToSvg(spec: PlotSpec, rows: Record<string, unknown>[]): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const chart = Plot.plot(plotOptions(spec, rows, Plot as unknown as PlotLibrary, document) as Plot.PlotOptions);
  const svg = chart as unknown as { outerHTML: string; tagName?: string; setAttribute?: (k: string, v: string) => void };
  // With a legend Plot returns a <figure> (legend, then the <svg>); only a bare chart is an SVG document.
  if (svg.setAttribute && svg.tagName?.toLowerCase() === 'svg') svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return svg.outerHTML;
}
