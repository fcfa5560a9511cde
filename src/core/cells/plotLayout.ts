/**
 * Layout decisions a chart needs before Observable Plot draws it, made from the data so the browser
 * and the CLI's SVG agree: margins wide enough for the labels (estimated from their length, as there
 * is no DOM to measure in the CLI), the order of a categorical axis, a height that grows with the
 * categories, and a cap on how many bars are drawn.
 */
import { formatNumber } from '../format/numbers.ts';
import type { PlotSpec } from './plot.ts';

/** Plot's tick label font size in px, and the average glyph width of its sans-serif at that size. */
export const TICK_FONT_PX = 10;
const CHAR_WIDTH = 0.6 * TICK_FONT_PX;
/** Bars drawn at most; the rest are summed up in a caption. */
export const MAX_CATEGORIES = 40;
/** Height of one band (bar) on a categorical y axis. */
const BAND_PX = 22;

/** Characters a category label keeps on an axis; the tooltip shows it whole. */
export const MAX_LABEL_CHARS = 36;
/** A category label as the axis shows it: cut with … past MAX_LABEL_CHARS. */
export const axisLabel = (text: string) => (text.length > MAX_LABEL_CHARS ? `${text.slice(0, MAX_LABEL_CHARS - 1)}…` : text);
/** Estimated width in px of a label of `text` at the tick font size. */
export const labelWidth = (text: string) => Math.ceil(text.length * CHAR_WIDTH);
/** Narrowest column band whose vertical labels do not overlap. */
const MIN_COLUMN_PX = 14;

const isText = (v: unknown) => typeof v === 'string';
/** Whether a value looks like an ISO date (such columns are drawn on a time axis unless banded). */
export const isoDateLike = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}(T|$)/.test(v);
/**
 * An ISO date or timestamp as a Date. A timestamp without a zone is wall-clock time: read as UTC, it is
 * drawn as written on Plot's UTC time axis (read as local time, the browser would shift it by its offset).
 */
export const isoToDate = (s: string) => new Date(s.includes('T') && !/(Z|[+-]\d\d:?\d\d)$/.test(s) ? `${s}Z` : s);
const DAY_MS = 86_400_000;
/** The channels drawn on each position axis. */
const AXIS_CHANNELS = { x: ['x', 'x1', 'x2'], y: ['y', 'y1', 'y2'] } as const;
/** How a time axis of whole days ticks: Plot's `interval` (days, widened to weeks or months), or the rows' own dates. */
export type DayTicks = { interval: 'day' } | { ticks: Date[] };
/**
 * Ticks for time axes whose values are all whole days (midnight UTC: dates, or timestamps truncated
 * to the day), never hours between two days: a day interval, which Plot widens to weeks or months as
 * the range grows; weekly rows (all on one weekday) tick at their own dates, every k-th so that about
 * `count` remain (Plot's own week ticks fall on Sundays, between Monday rows).
 */
export function dayTicks(spec: PlotSpec, rows: readonly Record<string, unknown>[], dateColumns: ReadonlySet<string>, count: { x: number; y: number }): Partial<Record<'x' | 'y', DayTicks>> {
  const out: Partial<Record<'x' | 'y', DayTicks>> = {};
  for (const axis of ['x', 'y'] as const) {
    const columns = [...new Set(spec.marks.flatMap((m) => AXIS_CHANNELS[axis].map((c) => m.channels[c]).filter((v): v is string => typeof v === 'string')))];
    if (columns.length === 0 || !columns.every((c) => dateColumns.has(c))) continue;
    const times = [...new Set(rows.flatMap((r) => columns.map((c) => r[c]).filter((v): v is Date => v instanceof Date).map((d) => d.getTime())))].sort((a, b) => a - b);
    if (times.length === 0 || !times.every((t) => ((t % DAY_MS) + DAY_MS) % DAY_MS === 0)) continue;
    const weekly = times.length >= 2 && new Set(times.map((t) => new Date(t).getUTCDay())).size === 1;
    const every = Math.max(1, Math.ceil(times.length / Math.max(1, Math.floor(count[axis]))));
    out[axis] = weekly ? { ticks: times.filter((_, i) => i % every === 0).map((t) => new Date(t)) } : { interval: 'day' };
  }
  return out;
}

/** Marks that draw the channel on bands (categories): barY's columns, barX's rows, a cell's both. */
const BANDED: Record<'x' | 'y', ReadonlySet<string>> = { x: new Set(['barY', 'cell', 'tickY']), y: new Set(['barX', 'cell', 'tickX']) };
/** Whether some mark draws the axis's channel on bands. */
export const bandedOn = (spec: PlotSpec, axis: 'x' | 'y'): boolean => spec.marks.some((m) => BANDED[axis].has(m.mark) && typeof m.channels[axis] === 'string');
/** The columns some mark draws on bands: they stay categories (text), dates included. */
export const bandedColumns = (spec: PlotSpec): Set<string> =>
  new Set(spec.marks.flatMap((m) => (['x', 'y'] as const).filter((a) => BANDED[a].has(m.mark) && typeof m.channels[a] === 'string').map((a) => m.channels[a] as string)));

export interface AxisLayout {
  /** The axis that holds categories, if one does: x for barY, y for barX. */
  axis?: 'x' | 'y';
  /** Its domain, in the order the chart shows. */
  domain?: string[];
  /** Categories left out past MAX_CATEGORIES. */
  hidden: number;
  /** Rows to draw (without the hidden categories). */
  rows: Record<string, unknown>[];
  marginLeft?: number;
  marginBottom?: number;
  marginRight?: number;
  /** Room slanted x labels need on the left. */
  leftReach?: number;
  height?: number;
  /** A wider chart for many columns (Plot's default is 640 px). */
  width?: number;
  tickRotate?: number;
}

/** The channel holding each axis's values in the first mark that has one. */
export function channelOf(spec: PlotSpec, ...names: string[]): string | undefined {
  for (const m of spec.marks) for (const n of names) if (typeof m.channels[n] === 'string') return m.channels[n] as string;
  return undefined;
}

/**
 * How to lay out `spec` over `rows`. `ordered`: the source query sorts its rows (ORDER BY), so a
 * categorical axis keeps their order; otherwise categories are sorted by their value, largest first.
 */
export function axisLayout(spec: PlotSpec, rows: Record<string, unknown>[], ordered: boolean): AxisLayout {
  const x = channelOf(spec, 'x');
  const y = channelOf(spec, 'y');
  // Text is categories; ISO dates too where a mark bands them (a heatmap's cohorts), else a time axis.
  const banded = bandedColumns(spec);
  const categorical = (col: string | undefined): col is string =>
    col !== undefined &&
    rows.some((r) => isText(r[col])) &&
    rows.every((r) => r[col] === null || isText(r[col])) &&
    (banded.has(col) || !rows.every((r) => r[col] === null || isoDateLike(r[col])));
  const xCat = categorical(x);
  const yCat = categorical(y);
  const out: AxisLayout = { hidden: 0, rows };
  let cat: string | undefined;
  let val: string | undefined;
  if (xCat && !yCat) [out.axis, cat, val] = ['x', x, y];
  else if (yCat && !xCat) [out.axis, cat, val] = ['y', y, x];
  if (out.axis && cat) {
    const totals = new Map<string, number>();
    for (const r of rows) {
      const k = String(r[cat] ?? '∅');
      const v = val !== undefined && typeof r[val] === 'number' ? (r[val] as number) : 0;
      totals.set(k, (totals.get(k) ?? 0) + v);
    }
    let domain = [...totals.keys()];
    const userSort = spec.options.sort !== undefined;
    // Dates keep the calendar's order; other categories go largest first.
    if (!ordered && !userSort && domain.every((d) => isoDateLike(d))) domain.sort();
    else if (!ordered && val !== undefined && !userSort) domain.sort((a, b) => totals.get(b)! - totals.get(a)!);
    if (domain.length > MAX_CATEGORIES) {
      // The largest (or, for an ordered query, the first) categories.
      out.hidden = domain.length - MAX_CATEGORIES;
      domain = domain.slice(0, MAX_CATEGORIES);
      const keep = new Set(domain);
      out.rows = rows.filter((r) => keep.has(String(r[cat!] ?? '∅')));
    }
    if (!userSort) out.domain = domain;
    const longest = Math.max(0, ...domain.map((d) => labelWidth(axisLabel(d))));
    if (out.axis === 'y') {
      // The labels, the tick and the rotated axis name beside them.
      out.marginLeft = Math.min(340, longest + 30);
      out.height = Math.max(200, domain.length * BAND_PX + 60);
    } else if (longest * domain.length > 560) {
      // Labels would overlap side by side: slant them (few columns) or stand them up (many), and
      // make room below; many columns also widen the chart so each label has a line of its own.
      const userWidth = Number(spec.options.width) || undefined;
      let band = ((userWidth ?? 640) - 60) / domain.length;
      if (!userWidth && band < MIN_COLUMN_PX) {
        out.width = Math.ceil(domain.length * MIN_COLUMN_PX + 60);
        band = MIN_COLUMN_PX;
      }
      const degrees = band * Math.sin((40 * Math.PI) / 180) >= 12 ? 40 : 90;
      const angle = (degrees * Math.PI) / 180;
      out.tickRotate = -degrees;
      out.marginBottom = Math.min(260, Math.ceil(longest * Math.sin(angle)) + 36);
      // A slanted label reaches left of its tick by width · cos θ: the first ones need room on the left.
      const reach = Math.max(0, ...domain.map((d, k) => labelWidth(axisLabel(d)) * Math.cos(angle) - (k + 0.5) * band));
      if (reach > 0) out.leftReach = Math.min(320, Math.ceil(reach) + 8);
      // The plot area keeps its height: the labels' room comes on top of it.
      out.height = 300 + out.marginBottom;
    }
  }
  // A numeric y axis: room for its longest tick label (Plot's default 40 px clips 1,000,000).
  if (!out.axis || out.axis === 'x') {
    if (y !== undefined && !yCat) {
      const max = Math.max(0, ...out.rows.map((r) => (typeof r[y] === 'number' ? Math.abs(r[y] as number) : 0)));
      out.marginLeft = Math.max(40, labelWidth(formatNumber(max * 1.1)) + 20);
    }
  }
  if (out.leftReach !== undefined) out.marginLeft = Math.max(out.marginLeft ?? 40, out.leftReach);
  // Facet labels on the right: room for the longest.
  const fy = channelOf(spec, 'fy');
  if (fy !== undefined) out.marginRight = Math.max(40, Math.min(240, Math.max(0, ...rows.map((r) => labelWidth(String(r[fy] ?? '')))) + 16));
  return out;
}

/**
 * The title of an axis on which marks draw different columns (treated and synthetic, observed and
 * fitted): Plot leaves such an axis untitled. It is the title the columns share (from the kind of the
 * `from:` cell), else their titles joined: "all_ctr, link_ctr".
 */
export function sharedAxisTitle(spec: PlotSpec, axis: 'x' | 'y'): string | undefined {
  const columns = [...new Set(spec.marks.map((m) => m.channels[axis]).filter((v): v is string => typeof v === 'string'))];
  if (columns.length < 2) return undefined;
  return [...new Set(columns.map((c) => spec.labels?.[c] ?? c))].join(', ');
}

/** Columns a colour encodes (fill or stroke naming a column), for the legend. */
export function colorColumns(spec: PlotSpec, columns: readonly string[]): string[] {
  const have = new Set(columns);
  return [...new Set(spec.marks.flatMap((m) => ['fill', 'stroke'].map((c) => m.channels[c]).filter((v): v is string => typeof v === 'string' && have.has(v))))];
}
