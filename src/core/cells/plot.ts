import { rowsFromTable } from '../arrow.ts';
import { quoteIdent } from '../engine.ts';
import { bindYamlParams, textParamRefs } from '../notebook/params.ts';
import { cells } from '../notebook/model.ts';
import { tokenizeSql } from '../notebook/sqlTokens.ts';
import { CellError, type CellKindDef } from './kind.ts';
import { lineOfKey, readYamlBody, requireString } from './yamlBody.ts';
import { emptyColumnsOf } from './shared/missingMetrics.ts';

/** Observable Plot marks a plot cell may use (plot specs stay declarative data). */
export const PLOT_MARKS = [
  'areaX', 'areaY', 'barX', 'barY', 'cell', 'dot', 'line', 'lineX', 'lineY', 'rectX', 'rectY',
  'ruleX', 'ruleY', 'text', 'tickX', 'tickY',
] as const;
/** Channels that name a column of the `from:` table. */
export const PLOT_CHANNELS = ['x', 'y', 'x1', 'x2', 'y1', 'y2', 'fill', 'stroke', 'fx', 'fy', 'r', 'z', 'text', 'title'] as const;
/** Channels that place a mark: a column with no values there draws nothing. */
const POSITION_CHANNELS = ['x', 'y', 'x1', 'x2', 'y1', 'y2'] as const;
/** Channels that may instead hold a constant colour. */
const COLOR_CHANNELS = new Set(['fill', 'stroke']);
/** Plot-level options passed through to Plot.plot. */
const PLOT_OPTIONS = ['title', 'subtitle', 'caption', 'width', 'height', 'grid', 'color', 'x_axis', 'y_axis', 'marginLeft', 'marginBottom', 'sort'] as const;
/** Rows sent to the chart; more would make an unreadable SVG and a heavy report. */
export const PLOT_MAX_ROWS = 20_000;

export interface PlotMarkSpec {
  mark: (typeof PLOT_MARKS)[number];
  channels: Record<string, string | number>;
}

/** A reference line across the chart at one value of an axis (a campaign start, a target), with its label. */
export interface PlotRule {
  axis: 'x' | 'y';
  at: string | number;
  label?: string;
}

export interface PlotSpec {
  from: string;
  /** The `from:` table is a sql cell whose query ends in ORDER BY: categorical axes keep its order. */
  ordered?: boolean;
  /** Axis titles for columns of the `from:` table, from the kind of the cell that made it (e.g. survival's time in days). */
  labels?: Record<string, string>;
  marks: PlotMarkSpec[];
  options: Record<string, unknown>;
  /** `rule_x:` / `rule_y:` reference lines. */
  rules?: PlotRule[];
}

const looksLikeColor = (s: string) => /^(#[0-9a-f]{3,8}|[a-z]+|rgb\(.*\)|hsl\(.*\))$/i.test(s) && !s.includes('_');

/** Read a plot cell: `from`, `mark` and channels, or `marks:` as a list of {mark, channels…}. */
export function plotSpec(code: string, params: ReadonlyMap<string, never> | ReadonlyMap<string, unknown> = new Map()): PlotSpec {
  const raw = readYamlBody(code, 'plot');
  const data = bindYamlParams(raw, params as ReadonlyMap<string, never>) as Record<string, unknown>;
  const from = requireString(data, 'from', 'plot', code);
  const markList: Record<string, unknown>[] = Array.isArray(data.marks)
    ? (data.marks as Record<string, unknown>[])
    : data.mark !== undefined
      ? [data]
      : [];
  if (markList.length === 0) {
    throw new CellError(`a plot needs \`mark:\` (one of ${PLOT_MARKS.join(', ')}) or a \`marks:\` list`, 1);
  }
  const single = !Array.isArray(data.marks);
  const marks = markList.map((m) => {
    if (typeof m !== 'object' || m === null || !(PLOT_MARKS as readonly string[]).includes(String(m.mark))) {
      throw new CellError(`\`mark: ${String((m as Record<string, unknown>)?.mark)}\` is not a mark Pulse draws: use one of ${PLOT_MARKS.join(', ')}`, lineOfKey(code, 'mark'));
    }
    const channels: Record<string, string | number> = {};
    for (const ch of PLOT_CHANNELS) {
      // With a single `mark:`, top-level `title:` is the chart's title; inside `marks:` it is the tooltip channel.
      if (single && (PLOT_OPTIONS as readonly string[]).includes(ch)) continue;
      const v = m[ch];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string' && typeof v !== 'number') throw new CellError(`plot channel \`${ch}:\` must be a column name`, lineOfKey(code, ch));
      channels[ch] = v;
    }
    return { mark: m.mark as PlotMarkSpec['mark'], channels };
  });
  const options: Record<string, unknown> = {};
  for (const k of PLOT_OPTIONS) if (data[k] !== undefined) options[k] = data[k];
  for (const [where, value] of [...marks.flatMap((m) => Object.entries(m.channels)), ...Object.entries(options)]) {
    // Text Plot writes as text (a title, a tooltip, a caption) is escaped there; the rest can reach CSS.
    if (TEXT_OPTIONS.has(where)) continue;
    const problem = unsafePlotValue(value, where);
    if (problem) throw new CellError(`plot \`${where}:\` ${problem}`, lineOfKey(code, where.split('.')[0]!));
  }
  const rules = (['x', 'y'] as const).flatMap((axis) => plotRules(data[`rule_${axis}`], axis, code));
  return { from, marks, options, ...(rules.length ? { rules } : {}) };
}

/** `rule_x:` / `rule_y:`: a value, `{at, label}`, or a list of either. */
function plotRules(value: unknown, axis: 'x' | 'y', code: string): PlotRule[] {
  if (value === undefined || value === null) return [];
  const key = `rule_${axis}`;
  const bad = (why: string) =>
    new CellError(`\`${key}:\` ${why}: write a value (\`${key}: 2025-03-01\`, \`${key}: \${start}\`) or \`at:\` and \`label:\` lines under it`, lineOfKey(code, key));
  return (Array.isArray(value) ? value : [value]).map((v): PlotRule => {
    if (typeof v === 'string' || typeof v === 'number') return { axis, at: v };
    if (v instanceof Date) return { axis, at: v.toISOString().slice(0, 10) };
    if (typeof v !== 'object' || v === null) throw bad(`has \`${String(v)}\``);
    const { at, label, ...rest } = v as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length) throw bad(`does not know \`${extra[0]}:\` (it takes \`at:\` and \`label:\`)`);
    const atValue = at instanceof Date ? at.toISOString().slice(0, 10) : at;
    if (typeof atValue !== 'string' && typeof atValue !== 'number') throw bad('needs `at:`, the value where the line is drawn');
    if (label !== undefined && label !== null && typeof label !== 'string' && typeof label !== 'number') throw bad('has a `label:` that is not text');
    return { axis, at: atValue, ...(label !== undefined && label !== null ? { label: String(label) } : {}) };
  });
}

/**
 * A rule that cannot stand on its axis: a value that is not a date on a date axis, or not a number on
 * a numeric one. `columnType` is the SQL type of the column the axis draws.
 */
export function ruleMismatch(rule: PlotRule, column: string, columnType: string): string | undefined {
  const t = columnType.toUpperCase();
  const key = `rule_${rule.axis}`;
  if (/^(DATE|TIMESTAMP)/.test(t) && !(typeof rule.at === 'string' && isoDate(rule.at))) {
    return `\`${key}: ${rule.at}\` is not a date, and the ${rule.axis} axis shows the dates of \`${column}\`: write one like 2025-03-01 (or a parameter holding one)`;
  }
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|REAL|DOUBLE|DECIMAL)/.test(t) && typeof rule.at !== 'number') {
    return `\`${key}: ${rule.at}\` is not a number, and the ${rule.axis} axis shows the numbers of \`${column}\`: write a number (or a parameter holding one)`;
  }
  return undefined;
}
const isoDate = (s: string) => /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/.test(s) && !Number.isNaN(Date.parse(s.replace(' ', 'T')));

const TEXT_OPTIONS = new Set(['title', 'subtitle', 'caption', 'text']);

/**
 * Why a plot option (or a part of one) could make the chart fetch something or run script, or null.
 * Plot passes `style` / `className` of a scale or legend onto the chart's elements and a colour string
 * into `fill` / `stroke`, which browsers read as CSS: `url(https://…)` there loads a remote resource —
 * in the app the page's policy blocks it, but not in a downloaded SVG or an HTML report opened later.
 * A backslash is refused too: CSS escapes (`u\72l(`) spell `url(` without the letters.
 */
function unsafePlotValue(value: unknown, where: string): string | null {
  if (typeof value === 'string') {
    if (/url\s*\(|expression\s*\(|javascript\s*:|@import|\\/i.test(value)) {
      return `holds \`${value.length > 60 ? `${value.slice(0, 60)}…` : value}\`: a chart takes colours as names, #hex, rgb() or hsl(), never url(), script or CSS escapes`;
    }
    return null;
  }
  if (Array.isArray(value)) {
    for (const v of value) {
      const p = unsafePlotValue(v, where);
      if (p) return p;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'style' || k === 'className') return `may not set \`${k}\`: a shared chart's CSS could load remote images (set colours with scheme, range or a colour name)`;
      const p = unsafePlotValue(v, `${where}.${k}`);
      if (p) return p;
    }
  }
  return null;
}

/** Channel values that are not columns of the table (and not constant colours). */
export function unknownChannels(spec: PlotSpec, columns: string[]): { channel: string; value: string }[] {
  const have = new Set(columns);
  const bad: { channel: string; value: string }[] = [];
  for (const m of spec.marks) {
    for (const [ch, v] of Object.entries(m.channels)) {
      if (typeof v !== 'string' || have.has(v)) continue;
      if (COLOR_CHANNELS.has(ch) && looksLikeColor(v)) continue;
      bad.push({ channel: ch, value: v });
    }
  }
  return bad;
}

/** `plot`: a declarative Observable Plot chart of a table, checked against the table's columns. */
export const plotCell: CellKindDef = {
  kind: 'plot',
  summary: 'A declarative Observable Plot chart of a table, validated against its columns.',
  references(cell) {
    const data = readYamlBody(cell.code, 'plot');
    const from = typeof data.from === 'string' ? data.from.trim() : undefined;
    return { tables: from ? [from.toLowerCase()] : [], params: textParamRefs(cell.code) };
  },
  async run({ cell, engine, params, notebook, columnLabels }) {
    const spec = plotSpec(cell.code, params);
    const info = await engine.describe(spec.from);
    if (!info) throw new CellError(`plot \`from: ${spec.from}\`: no table of that name`, lineOfKey(cell.code, 'from'));
    const columns = info.columns.map((c) => c.name);
    const bad = unknownChannels(spec, columns);
    if (bad.length > 0) {
      const b = bad[0]!;
      throw new CellError(
        `\`${b.channel}: ${b.value}\` is not a column of \`${spec.from}\` (its columns: ${columns.join(', ')})`,
        lineOfKey(cell.code, b.channel),
      );
    }
    for (const rule of spec.rules ?? []) {
      const column = spec.marks.map((m) => m.channels[rule.axis]).find((v): v is string => typeof v === 'string');
      const type = column === undefined ? undefined : info.columns.find((c) => c.name === column)?.type;
      const why = column !== undefined && type !== undefined ? ruleMismatch(rule, column, type) : undefined;
      if (why) throw new CellError(why, lineOfKey(cell.code, `rule_${rule.axis}`));
    }
    const source = notebook && cells(notebook).find((c) => c.id.toLowerCase() === spec.from.toLowerCase());
    if (source?.kind === 'sql' && hasOrderBy(source.code)) spec.ordered = true;
    const labels = columnLabels?.(spec.from);
    if (labels && Object.keys(labels).length > 0) spec.labels = labels;
    const preview = await engine.query(`SELECT * FROM ${quoteIdent(info.name)} LIMIT ${PLOT_MAX_ROWS}`);
    // A channel whose column has no values draws nothing: say which, rather than show bare axes.
    const drawn = [...new Set(spec.marks.flatMap((m) => POSITION_CHANNELS.map((c) => m.channels[c]).filter((v): v is string => typeof v === 'string' && columns.includes(v))))];
    const blank = await emptyColumnsOf(engine, info, drawn);
    const blankNote = blank.length
      ? `${blank.map((c) => `\`${c}\``).join(', ')} ${blank.length === 1 ? 'has' : 'have'} no values in \`${spec.from}\`, so ${blank.length === 1 ? 'it is' : 'they are'} not drawn`
      : undefined;
    return {
      columns: info.columns,
      rowCount: info.rowCount,
      preview,
      output: { type: 'plot', spec: spec as unknown as Record<string, unknown>, data: rowsFromTable(preview) },
      // An empty table draws empty axes; the note says why there is nothing on them.
      ...(info.rowCount === 0 ? { note: `\`${spec.from}\` has no rows (a filter that matches nothing?), so the chart is empty` } : blankNote ? { note: blankNote } : {}),
    };
  },
};

/** Whether a query sorts its result: an ORDER BY outside any parentheses (not a window's). */
export function hasOrderBy(sql: string): boolean {
  let depth = 0;
  let prev = '';
  try {
    for (const t of tokenizeSql(sql)) {
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
      else if (depth === 0 && t.type === 'word' && t.value === 'by' && prev === 'order') return true;
      if (t.type === 'word') prev = t.value;
      else prev = '';
    }
  } catch {
    return false;
  }
  return false;
}
