/**
 * Notebook parameters: `${name}` in SQL and in declarative cells. In SQL a parameter becomes a typed,
 * safely quoted literal, never raw text, so a parameter value can't change the shape of a query.
 */
import { tokenizeSql, SqlTokenError } from './sqlTokens.ts';

export type ParamValue =
  | number
  | string
  | boolean
  | null
  | { date: string }
  | { start: string; end: string }
  | string[]
  | number[];

export class ParamError extends Error {
  constructor(
    message: string,
    /** Offset in the cell code where the problem is, when known. */
    readonly offset?: number,
  ) {
    super(message);
    this.name = 'ParamError';
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `range.start` → `range`: the parameter a template reads. */
export const paramRoot = (ref: string): string => ref.split('.')[0]!.trim();

/** Names of the parameters a piece of SQL uses through `${…}`. */
export function sqlParamRefs(sql: string): string[] {
  const names = new Set<string>();
  try {
    for (const t of tokenizeSql(sql)) if (t.type === 'template') names.add(paramRoot(t.value));
  } catch {
    // A tokenizing error is reported when the cell runs; here it only means no edges.
  }
  return [...names];
}

/** Names of the parameters a declarative (YAML) body uses through `${…}`. */
export function textParamRefs(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => paramRoot(m[1]!)))];
}

/** Look up `name` or `name.field` in the parameter values. */
export function resolveParam(ref: string, params: ReadonlyMap<string, ParamValue>): ParamValue {
  const [root, ...fields] = ref.split('.').map((s) => s.trim());
  if (!params.has(root!)) {
    throw new ParamError(`unknown parameter \`${root}\`: define it in the front matter \`params:\` or with an input cell`);
  }
  let value: unknown = params.get(root!);
  for (const f of fields) {
    if (value === null || typeof value !== 'object' || !(f in (value as object))) {
      throw new ParamError(`parameter \`${root}\` has no field \`${f}\``);
    }
    const isRange = 'start' in (value as object) && 'end' in (value as object);
    value = (value as Record<string, unknown>)[f];
    // The ends of a date range are dates, so `${range.end} - ${range.start}` is date arithmetic.
    if (isRange && typeof value === 'string') value = { date: value };
  }
  return value as ParamValue;
}

/** A DuckDB literal for a parameter value: numbers checked finite, text quoted, dates typed. */
export function sqlLiteral(value: ParamValue, ref = 'value'): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ParamError(`parameter \`${ref}\` is ${value}, not a finite number`);
    // In parentheses, so `x - ${n}` with n = -1 is `x - (-1)`, never `x --1` (a comment).
    return value < 0 || Object.is(value, -0) ? `(${String(value)})` : String(value);
  }
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new ParamError(`parameter \`${ref}\` holds a NUL character`);
    return `'${value.replaceAll("'", "''")}'`;
  }
  if (Array.isArray(value)) {
    return `[${(value as (string | number)[]).map((v) => sqlLiteral(v, ref)).join(', ')}]`;
  }
  if ('date' in value) return `DATE ${sqlLiteral(checkDate(value.date, ref))}`;
  if ('start' in value) {
    throw new ParamError(`parameter \`${ref}\` is a date range: use \${${ref}.start} and \${${ref}.end}`);
  }
  throw new ParamError(`parameter \`${ref}\` has a value Pulse cannot put in SQL`);
}

function checkDate(s: string, ref: string): string {
  if (!ISO_DATE.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`))) {
    throw new ParamError(`parameter \`${ref}\` is \`${s}\`, not a date written YYYY-MM-DD`);
  }
  return s;
}

/**
 * Replace every `${ref}` in SQL by its literal. A `${…}` inside a string literal is an error rather
 * than a silent non-substitution: the user meant a value and Pulse does the quoting.
 */
export function bindSqlParams(sql: string, params: ReadonlyMap<string, ParamValue>): string {
  let tokens;
  try {
    tokens = tokenizeSql(sql);
  } catch (e) {
    if (e instanceof SqlTokenError) throw new ParamError(e.message, e.offset);
    throw e;
  }
  let out = '';
  let last = 0;
  for (const t of tokens) {
    if (t.type === 'string' && /\$\{[^}]*\}/.test(t.text)) {
      const ref = /\$\{([^}]*)\}/.exec(t.text)![1]!;
      throw new ParamError(
        `\${${ref}} is inside quotes: write it without quotes, Pulse inserts the value as a quoted literal`,
        t.start,
      );
    }
    if (t.type !== 'template') continue;
    let value: ParamValue;
    try {
      value = resolveParam(t.value, params);
    } catch (e) {
      throw e instanceof ParamError ? new ParamError(e.message, t.start) : e;
    }
    out += sql.slice(last, t.start);
    // A literal stays one token whatever is written next to it: `'a'${b}` would read as the one
    // string 'a''b' and `-${n}` with n = -1 as `--1`, a comment that swallows the rest of the line.
    out += `${fuses(out.slice(-1)) ? ' ' : ''}${sqlLiteral(value, t.value)}${fuses(sql[t.end] ?? '') ? ' ' : ''}`;
    last = t.end;
  }
  return out + sql.slice(last);
}

/** A character that, written right against a literal, would join it into another token. */
const fuses = (c: string) => /['"\w$-]/.test(c);

/**
 * Substitute parameters into a parsed YAML value: a string that is exactly `${ref}` takes the
 * parameter's typed value; `${ref}` inside longer text is replaced by its text form.
 */
export function bindYamlParams(value: unknown, params: ReadonlyMap<string, ParamValue>): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([^}]*)\}$/.exec(value.trim());
    if (whole) return unwrapDate(resolveParam(whole[1]!, params));
    return value.replace(/\$\{([^}]*)\}/g, (_, ref: string) => paramText(resolveParam(ref, params)));
  }
  if (Array.isArray(value)) return value.map((v) => bindYamlParams(v, params));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bindYamlParams(v, params)]));
  }
  return value;
}

function unwrapDate(v: ParamValue): unknown {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && 'date' in v ? v.date : v;
}

/** A parameter as display text. */
export function paramText(v: ParamValue): string {
  if (v === null) return '';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object') return 'date' in v ? v.date : `${v.start} – ${v.end}`;
  return String(v);
}
