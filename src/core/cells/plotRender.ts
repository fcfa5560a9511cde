/**
 * Turn a plot cell's spec and rows into an Observable Plot call. Plot itself is passed in so the core
 * stays free of the DOM: the browser passes the real Plot, the CLI passes Plot with a server-side DOM.
 */
import type { PlotSpec } from './plot.ts';

/** The part of @observablehq/plot this module needs. */
export interface PlotLibrary {
  plot(options: Record<string, unknown>): { outerHTML: string };
  [mark: string]: unknown;
}

/** Whether the values of a column look like ISO dates (then they are drawn on a time axis). */
const isoDateLike = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}(T|$)/.test(v);

/** Plot.plot options for a spec, with date strings turned into Dates so time axes work. */
export function plotOptions(spec: PlotSpec, rows: Record<string, unknown>[], Plot: PlotLibrary, document?: unknown): Record<string, unknown> {
  const dateColumns = new Set(
    Object.keys(rows[0] ?? {}).filter((c) => rows.slice(0, 50).every((r) => r[c] === null || isoDateLike(r[c])) && rows.some((r) => r[c] !== null)),
  );
  const data = dateColumns.size === 0 ? rows : rows.map((r) => {
    const copy = { ...r };
    for (const c of dateColumns) if (typeof copy[c] === 'string') copy[c] = new Date(copy[c] as string);
    return copy;
  });
  const marks = spec.marks.map((m) => {
    const make = Plot[m.mark] as (data: unknown, options: Record<string, unknown>) => unknown;
    return make(data, { ...m.channels, tip: document === undefined });
  });
  const { x_axis, y_axis, ...rest } = spec.options as Record<string, unknown>;
  return {
    ...rest,
    ...(x_axis ? { x: x_axis } : {}),
    ...(y_axis ? { y: y_axis } : {}),
    marks,
    ...(document !== undefined ? { document } : {}),
  };
}
