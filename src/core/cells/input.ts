import { rowsFromTable, tableFromColumns } from '../arrow.ts';
import { quoteIdent, type Engine } from '../engine.ts';
import type { CellBlock } from '../notebook/model.ts';
import type { ParamValue } from '../notebook/params.ts';
import { CellError, type CellKindDef, type InputSpec, type OptionsFrom } from './kind.ts';
import { registerResult } from './result.ts';
import { lineOfKey, readYamlBody } from './yamlBody.ts';

const TYPES = ['number', 'text', 'date', 'daterange', 'select'] as const;
const ORDERS = ['asc', 'desc', 'count'] as const;
/** A select longer than this is unusable as a drop-down; `limit:` can lower it, not raise it. */
const MAX_OPTIONS = 500;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Read an input cell's body: `type`, `default`, and per type `options`, `min`, `max`, `step`, `label`. */
export function inputSpec(cell: CellBlock): InputSpec {
  const data = readYamlBody(cell.code, 'input');
  const type = data.type ?? 'text';
  if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) {
    throw new CellError(`input \`type:\` must be one of ${TYPES.join(', ')} (got \`${String(type)}\`)`, lineOfKey(cell.code, 'type'));
  }
  const spec: InputSpec = { type: type as InputSpec['type'], default: null };
  if (typeof data.label === 'string') spec.label = data.label;
  for (const k of ['min', 'max', 'step'] as const) {
    if (data[k] !== undefined) {
      if (typeof data[k] !== 'number') throw new CellError(`input \`${k}:\` must be a number`, lineOfKey(cell.code, k));
      spec[k] = data[k] as number;
    }
  }
  if (spec.type === 'select') {
    if (data.options && typeof data.options === 'object' && !Array.isArray(data.options)) {
      spec.optionsFrom = readOptionsFrom(data.options as Record<string, unknown>, lineOfKey(cell.code, 'options'));
    } else if (!Array.isArray(data.options) || data.options.length === 0) {
      throw new CellError('a select input needs `options:` (a list of choices, or { from: TABLE, column: COLUMN } to read them from the data)', lineOfKey(cell.code, 'options') ?? 1);
    } else spec.options = data.options.map((o) => (typeof o === 'number' ? o : String(o)));
  }
  if (spec.optionsFrom) {
    // Checked against the data when the cell runs: the declared default may be absent from a user's export.
    spec.default = data.default === undefined || data.default === null ? null : optionValue(data.default);
    return spec;
  }
  if (data.default === undefined) {
    throw new CellError('an input needs a `default:` value', 1);
  }
  spec.default = coerceInput(spec, data.default, `the default of input \`${cell.id}\``, lineOfKey(cell.code, 'default'));
  return spec;
}

function readOptionsFrom(o: Record<string, unknown>, line: number | undefined): OptionsFrom {
  const bad = Object.keys(o).find((k) => !['from', 'column', 'order', 'limit'].includes(k));
  if (bad) throw new CellError(`input \`options:\` from the data takes from, column, order and limit (got \`${bad}\`)`, line);
  for (const k of ['from', 'column'] as const) {
    if (typeof o[k] !== 'string' || !IDENT.test(o[k] as string)) {
      throw new CellError(`input \`options: { from: TABLE, column: COLUMN }\` needs \`${k}:\` as a plain name (letters, digits, _)`, line);
    }
  }
  const order = o.order ?? 'asc';
  if (!(ORDERS as readonly unknown[]).includes(order)) throw new CellError(`input \`options: { order: … }\` must be one of ${ORDERS.join(', ')}`, line);
  const limit = o.limit ?? MAX_OPTIONS;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_OPTIONS) {
    throw new CellError(`input \`options: { limit: … }\` must be a whole number from 1 to ${MAX_OPTIONS}`, line);
  }
  return { table: o.from as string, column: o.column as string, order: order as OptionsFrom['order'], limit };
}

const optionValue = (v: unknown): string | number => (typeof v === 'number' ? v : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));

/** The distinct non-null values of the column, in the stated order. */
export async function readOptions(engine: Engine, from: OptionsFrom): Promise<(string | number)[]> {
  const col = quoteIdent(from.column);
  const order = from.order === 'count' ? 'count(*) DESC, 1' : `1 ${from.order === 'desc' ? 'DESC' : 'ASC'}`;
  let table;
  try {
    table = await engine.query(`SELECT ${col} AS option FROM ${quoteIdent(from.table)} WHERE ${col} IS NOT NULL GROUP BY 1 ORDER BY ${order} LIMIT ${from.limit}`);
  } catch (e) {
    throw new CellError(`cannot read the options from column \`${from.column}\` of \`${from.table}\`: ${(e as Error).message.split('\n')[0]}`);
  }
  return rowsFromTable(table).map((r) => optionValue(r.option));
}

/**
 * The spec with the options read from the data and the value to use: the chosen value when it is one
 * of them, else the declared default when it is, else the first option (with a note saying so).
 * A chosen value (not the default) that the data lacks is an error listing the choices.
 */
export async function settleDataInput(cell: CellBlock, engine: Engine, chosen: ParamValue | undefined): Promise<{ spec: InputSpec; value: ParamValue }> {
  const spec = inputSpec(cell);
  if (!spec.optionsFrom) return { spec, value: chosen ?? spec.default };
  const options = await readOptions(engine, spec.optionsFrom);
  const where = `column \`${spec.optionsFrom.column}\` of \`${spec.optionsFrom.table}\``;
  // Nothing to choose is not an error (as an empty table is not): the value is NULL, so the cells that
  // read it run and come out empty with their own notes, and this one says why.
  if (options.length === 0) {
    const note = `no options: ${where} has no values, so \`\${${cell.id}}\` is NULL and the cells that read it have no rows`;
    return { spec: { ...spec, options: [], default: null, note }, value: null };
  }
  const find = (v: unknown) => options.find((o) => String(o) === String(v));
  const loaded: InputSpec = { ...spec, options };
  const declared = spec.default === null ? undefined : find(spec.default);
  if (chosen !== undefined && chosen !== null && String(chosen) !== String(spec.default)) {
    const match = find(chosen);
    if (match === undefined) throw new CellError(`\`${String(chosen)}\` is not among the ${options.length} values of ${where}: ${listOptions(options)}`);
    return { spec: loaded, value: match };
  }
  if (declared !== undefined) return { spec: { ...loaded, default: declared }, value: declared };
  const note = spec.default === null
    ? `options from ${where}; the first one is the default`
    : `the default \`${String(spec.default)}\` is not in ${where}: using the first option, \`${String(options[0])}\``;
  return { spec: { ...loaded, default: options[0]!, note }, value: options[0]! };
}

const listOptions = (options: (string | number)[]) => options.slice(0, 20).join(', ') + (options.length > 20 ? ` … (${options.length - 20} more)` : '');

/**
 * Turn a raw value (from YAML, a control, or `--param key=value` text) into the input's typed value.
 * Throws CellError saying what was expected.
 */
export function coerceInput(spec: InputSpec, raw: unknown, what: string, line?: number): ParamValue {
  const fail = (expected: string): never => {
    throw new CellError(`${what} must be ${expected} (got \`${raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw)}\`)`, line);
  };
  const asDate = (v: unknown): string => {
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim();
    if (!ISO_DATE.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`))) fail('a date written YYYY-MM-DD');
    return s;
  };
  switch (spec.type) {
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) fail('a number');
      if (spec.min !== undefined && n < spec.min) fail(`at least ${spec.min}`);
      if (spec.max !== undefined && n > spec.max) fail(`at most ${spec.max}`);
      return n;
    }
    case 'text':
      return raw === null ? '' : String(raw);
    case 'date':
      return { date: asDate(raw) };
    case 'daterange': {
      let start: unknown;
      let end: unknown;
      if (Array.isArray(raw) && raw.length === 2) [start, end] = raw;
      else if (raw && typeof raw === 'object' && 'start' in raw && 'end' in raw) ({ start, end } = raw as { start: unknown; end: unknown });
      else if (typeof raw === 'string' && /^\s*\S+\s*(\.\.|,)\s*\S+\s*$/.test(raw)) [start, end] = raw.split(/\.\.|,/);
      else fail('a date range: [YYYY-MM-DD, YYYY-MM-DD] (or START..END on the command line)');
      const range = { start: asDate(start), end: asDate(end) };
      if (range.start > range.end) fail('a range whose start is not after its end');
      return range;
    }
    case 'select': {
      const match = spec.options!.find((o) => String(o) === String(raw));
      if (match === undefined) fail(`one of ${spec.options!.join(', ')}`);
      return match!;
    }
  }
}

/** `input`: a typed parameter shown as a control; `${id}` elsewhere reads its value. */
export const inputCell: CellKindDef = {
  kind: 'input',
  summary: 'A typed parameter (number, text, date, date range, select; a select can read its options from a table) that other cells read as ${id}.',
  references(cell) {
    // A select reading its options from a table runs after that table (and goes stale with it).
    const from = inputSpec(cell).optionsFrom;
    return { tables: from ? [from.table] : [], params: [] };
  },
  paramValue(cell, override) {
    const spec = inputSpec(cell);
    if (override === undefined) return spec.default;
    // Options read from the data are checked when the cell runs (settleDataInput).
    if (spec.optionsFrom) return optionValue(override);
    return coerceInput(spec, override, `parameter \`${cell.id}\``);
  },
  settleParam({ cell, engine, params }) {
    return settleDataInput(cell, engine, params.get(cell.id)).then((s) => s.value);
  },
  async run({ cell, engine, params, previewRows }) {
    const { spec, value } = await settleDataInput(cell, engine, params.get(cell.id));
    const columns =
      spec.type === 'daterange'
        ? [
            { name: 'start', type: 'DATE' as const, values: [(value as { start: string }).start] },
            { name: 'end', type: 'DATE' as const, values: [(value as { end: string }).end] },
          ]
        : [
            {
              name: 'value',
              type: spec.type === 'number' ? ('DOUBLE' as const) : spec.type === 'date' ? ('DATE' as const) : ('VARCHAR' as const),
              values: [spec.type === 'date' ? (value as { date: string }).date : value],
            },
          ];
    return registerResult(engine, cell.id, tableFromColumns(columns), previewRows, { type: 'input', input: spec, value }, spec.options?.length === 0 ? spec.note : undefined);
  },
};
