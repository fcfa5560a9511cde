import { tableFromColumns } from '../arrow.ts';
import type { CellBlock } from '../notebook/model.ts';
import type { ParamValue } from '../notebook/params.ts';
import { CellError, type CellKindDef, type InputSpec } from './kind.ts';
import { registerResult } from './result.ts';
import { lineOfKey, readYamlBody } from './yamlBody.ts';

const TYPES = ['number', 'text', 'date', 'daterange', 'select'] as const;
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
    if (!Array.isArray(data.options) || data.options.length === 0) {
      throw new CellError('a select input needs `options:` (a list of choices)', lineOfKey(cell.code, 'options') ?? 1);
    }
    spec.options = data.options.map((o) => (typeof o === 'number' ? o : String(o)));
  }
  if (data.default === undefined) {
    throw new CellError('an input needs a `default:` value', 1);
  }
  spec.default = coerceInput(spec, data.default, `the default of input \`${cell.id}\``, lineOfKey(cell.code, 'default'));
  return spec;
}

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
  summary: 'A typed parameter (number, text, date, date range, select) that other cells read as ${id}.',
  references() {
    return { tables: [], params: [] };
  },
  paramValue(cell, override) {
    const spec = inputSpec(cell);
    return override === undefined ? spec.default : coerceInput(spec, override, `parameter \`${cell.id}\``);
  },
  async run({ cell, engine, params, previewRows }) {
    const spec = inputSpec(cell);
    const value = params.get(cell.id) ?? spec.default;
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
    return registerResult(engine, cell.id, tableFromColumns(columns), previewRows, { type: 'input', input: spec, value });
  },
};
