/**
 * Turn a plot cell's spec and rows into an Observable Plot call. Plot itself is passed in so the core
 * stays free of the DOM: the browser passes the real Plot, the CLI passes Plot with a server-side DOM.
 */
import type { PlotSpec } from './plot.ts';
import { axisLabel, axisLayout, bandedColumns, bandedOn, channelOf, colorColumns, dayTicks, isoDateLike, isoToDate, MAX_CATEGORIES, sharedAxisTitle } from './plotLayout.ts';

/** The part of @observablehq/plot this module needs. */
export interface PlotLibrary {
  plot(options: Record<string, unknown>): { outerHTML: string };
  [mark: string]: unknown;
}

/** Plot.plot options for a spec, with date strings turned into Dates so time axes work. */
export function plotOptions(spec: PlotSpec, allRows: Record<string, unknown>[], Plot: PlotLibrary, document?: unknown): Record<string, unknown> {
  const layout = axisLayout(spec, allRows, spec.ordered === true);
  const rows = layout.rows;
  // Date columns become Dates for a time axis, except those drawn on bands: they stay categories (text).
  const banded = bandedColumns(spec);
  const dateColumns = new Set(
    Object.keys(rows[0] ?? {}).filter((c) => !banded.has(c) && rows.slice(0, 50).every((r) => r[c] === null || isoDateLike(r[c])) && rows.some((r) => r[c] !== null)),
  );
  const data = dateColumns.size === 0 ? rows : rows.map((r) => {
    const copy = { ...r };
    for (const c of dateColumns) if (typeof copy[c] === 'string') copy[c] = isoToDate(copy[c] as string);
    return copy;
  });
  // Plot's default tick counts: one per 80 px across, one per 35 px up.
  const size = (k: string, fallback: number) => Number(spec.options[k]) || fallback;
  const wholeDays = dayTicks(spec, data, dateColumns, { x: (size('width', layout.width ?? 640) - 60) / 80, y: (size('height', layout.height ?? 400) - 50) / 35 });
  const marks = spec.marks.map((m) => {
    const make = Plot[m.mark] as (data: unknown, options: Record<string, unknown>) => unknown;
    return make(data, { ...m.channels, tip: document === undefined });
  });
  marks.push(...ruleMarks(spec, dateColumns, Plot));
  const { x_axis, y_axis, color, caption, ...rest } = spec.options as Record<string, unknown>;
  const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  const axis = (name: 'x' | 'y', user: unknown) => {
    const a: Record<string, unknown> = {};
    // Said outright, so Plot does not flag dates or numbers kept as text on bands with a ⚠ on the chart.
    if (bandedOn(spec, name)) a.type = 'band';
    // Daily rows: ticks at days (or weeks, months), not at 12 PM between two dates; weekly rows on their weekday.
    Object.assign(a, wholeDays[name]);
    if (layout.axis === name && layout.domain) a.domain = layout.domain;
    // Long category names are cut on the axis (the tooltip shows them whole).
    if (layout.axis === name) a.tickFormat = (v: unknown) => axisLabel(String(v));
    if (name === 'x' && layout.tickRotate !== undefined) a.tickRotate = layout.tickRotate;
    // The source cell's title for the column on this axis (a unit it knows); the cell's own `label:` wins.
    const column = channelOf(spec, name);
    if (column && spec.labels?.[column]) a.label = spec.labels[column];
    // Marks drawing different columns on this axis: Plot would leave it untitled.
    const shared = sharedAxisTitle(spec, name);
    if (shared) a.label = shared;
    const merged = { ...a, ...obj(user) };
    return Object.keys(merged).length ? { [name]: merged } : {};
  };
  // A legend whenever colour encodes a column (a constant colour needs none); the cell may turn it off.
  const legend = colorColumns(spec, Object.keys(allRows[0] ?? {})).length > 0 ? { color: { legend: true, ...obj(color) } } : color !== undefined ? { color } : {};
  const more = layout.hidden > 0 ? `Top ${MAX_CATEGORIES} shown, and ${layout.hidden} more` : undefined;
  const captionText = [caption, more].filter((c) => typeof c === 'string' && c !== '').join(' · ');
  const auto = (key: 'marginLeft' | 'marginBottom' | 'marginRight' | 'height' | 'width', v: number | undefined) => (v !== undefined && rest[key] === undefined ? { [key]: v } : {});
  return {
    ...auto('marginLeft', layout.marginLeft),
    ...auto('marginBottom', layout.marginBottom),
    ...auto('marginRight', layout.marginRight),
    ...auto('height', layout.height),
    ...auto('width', layout.width),
    ...rest,
    ...axis('x', x_axis),
    ...axis('y', y_axis),
    ...legend,
    ...(captionText ? { caption: captionText } : {}),
    marks,
    ...(document !== undefined ? { document } : {}),
  };
}

/** Marks for `rule_x:` / `rule_y:`: a dashed line at the value, its label at the line's far end. */
function ruleMarks(spec: PlotSpec, dateColumns: ReadonlySet<string>, Plot: PlotLibrary): unknown[] {
  return (spec.rules ?? []).flatMap((rule) => {
    const column = spec.marks.map((m) => m.channels[rule.axis]).find((v): v is string => typeof v === 'string');
    // On a time axis the value is a Date, as the axis's own values are.
    const at = typeof rule.at === 'string' && column !== undefined && dateColumns.has(column) ? isoToDate(rule.at) : rule.at;
    const line = (Plot[rule.axis === 'x' ? 'ruleX' : 'ruleY'] as (d: unknown, o: Record<string, unknown>) => unknown)([at], { stroke: '#4b5563', strokeDasharray: '4 3' });
    if (rule.label === undefined) return [line];
    const place = rule.axis === 'x'
      ? { x: (d: unknown) => d, frameAnchor: 'top', textAnchor: 'start', lineAnchor: 'top', dx: 4, dy: 2 }
      : { y: (d: unknown) => d, frameAnchor: 'right', textAnchor: 'end', lineAnchor: 'bottom', dy: -3 };
    const text = (Plot.text as (d: unknown, o: Record<string, unknown>) => unknown)([at], { ...place, text: () => rule.label, fill: '#374151', stroke: 'white', strokeWidth: 3 });
    return [line, text];
  });
}
