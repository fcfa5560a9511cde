/**
 * Warehouse sources: a dataset (front matter `warehouse: { connection, query }`) or a `sql` cell
 * (`sql id warehouse=NAME`) whose query runs on a PostgreSQL-wire warehouse and whose result is pulled
 * into the local engine. Only the declaration, its checks and the parameter binding live here (pure);
 * the driver is the CLI's (src/cli/warehouse). The browser app never connects: it reads pulled tables
 * from a bundle made by `pulse pull`.
 */
import { ParamError, resolveParam, type ParamValue } from './params.ts';
import { tokenizeSql, SqlTokenError, type SqlToken } from './sqlTokens.ts';
import type { CellBlock } from './model.ts';

export interface WarehouseSource {
  /** A name resolved on the machine that runs the pull (`PULSE_CONN_<NAME>`, or the PG* variables). */
  connection: string;
  /** The warehouse's own SQL; `${param}` values are bound as query parameters. */
  query: string;
}

/** A connection name: a word, never a URL, host, user or password. */
const CONNECTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

/** Why `connection` cannot be a connection name, or null when it can. */
export function connectionNameProblem(connection: string): string | null {
  if (CONNECTION_NAME.test(connection)) return null;
  if (/[:@/]/.test(connection)) {
    return `\`${connection}\` looks like a URL or a host: a notebook names a connection (e.g. analytics) and never holds a host, user or password; put the URL in the environment variable PULSE_CONN_ANALYTICS`;
  }
  return `\`${connection}\` is not a connection name: use letters, digits, _ and - (starting with a letter), e.g. analytics`;
}

/**
 * The `warehouse:` of a dataset's front-matter entry, checked: null when there is none, an error
 * message naming the dataset and what to write otherwise.
 */
export function parseWarehouseSource(dataset: string, value: unknown): WarehouseSource | { error: string } | null {
  if (value === undefined) return null;
  const where = `dataset \`${dataset}\`: \`warehouse:\``;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { error: `${where} must be { connection: NAME, query: "SELECT …" }` };
  }
  const o = value as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => k !== 'connection' && k !== 'query');
  if (unknown.length) return { error: `${where} has unknown key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: it takes connection and query` };
  if (typeof o.connection !== 'string') return { error: `${where} needs connection: NAME (a name such as analytics, resolved from PULSE_CONN_ANALYTICS)` };
  const problem = connectionNameProblem(o.connection);
  if (problem) return { error: `${where} connection ${problem}` };
  if (typeof o.query !== 'string' || o.query.trim() === '') return { error: `${where} needs query: "SELECT …" (the warehouse's own SQL)` };
  return { connection: o.connection, query: o.query };
}

/** The connection a `sql` cell runs on (`sql id warehouse=analytics`), or null for a local cell. */
export function warehouseOfCell(cell: CellBlock): string | null {
  return cell.kind === 'sql' && cell.attrs.warehouse !== undefined ? cell.attrs.warehouse : null;
}

/** The environment variable holding a connection's URL: `analytics-eu` → `PULSE_CONN_ANALYTICS_EU`. */
export function connectionEnvVar(connection: string): string {
  return `PULSE_CONN_${connection.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** A value as sent to the warehouse as a bound parameter. */
export type WarehouseValue = string | number | boolean | null | Array<string | number>;

export interface BoundWarehouseQuery {
  /** The query with `$1, $2 …` where the text had `${…}`. */
  text: string;
  values: WarehouseValue[];
  /** Offsets in `text` that moved: to map the warehouse's error position back to the written query. */
  shifts: Array<{ at: number; delta: number }>;
}

/**
 * Turn `${param}` into `$n` placeholders with the values beside them, so a value never becomes SQL
 * text (an injection attempt stays a value). The same parameter used twice binds once. A `${…}` inside
 * a string literal, or a positional `$1` written by hand, is an error saying what to write instead.
 */
export function bindWarehouseQuery(query: string, params: ReadonlyMap<string, ParamValue>): BoundWarehouseQuery {
  let tokens;
  try {
    tokens = tokenizeSql(query);
  } catch (e) {
    if (e instanceof SqlTokenError) throw new ParamError(e.message, e.offset);
    throw e;
  }
  const problem = notAReadQuery(tokens);
  if (problem) throw new ParamError(problem.message, problem.offset);
  const values: WarehouseValue[] = [];
  const slots = new Map<string, number>();
  const shifts: BoundWarehouseQuery['shifts'] = [];
  let text = '';
  let last = 0;
  for (const [k, t] of tokens.entries()) {
    if (t.type === 'string' && /\$\{[^}]*\}/.test(t.text)) {
      const ref = /\$\{([^}]*)\}/.exec(t.text)![1]!;
      throw new ParamError(`\${${ref}} is inside quotes: write it without quotes, Pulse sends the value as a bound parameter`, t.start);
    }
    if (t.type === 'punct' && t.text === '$' && tokens[k + 1]?.type === 'number' && tokens[k + 1]!.start === t.end) {
      throw new ParamError(`a positional placeholder $${tokens[k + 1]!.text} is Pulse's to write: name a parameter as \${name} instead`, t.start);
    }
    if (t.type !== 'template') continue;
    let n = slots.get(t.value);
    if (n === undefined) {
      let value: ParamValue;
      try {
        value = resolveParam(t.value, params);
      } catch (e) {
        throw e instanceof ParamError ? new ParamError(e.message, t.start) : e;
      }
      values.push(warehouseValue(value, t.value, t.start));
      n = values.length;
      slots.set(t.value, n);
    }
    text += query.slice(last, t.start);
    const placeholder = `$${n}`;
    shifts.push({ at: text.length + placeholder.length, delta: t.end - t.start - placeholder.length });
    text += placeholder;
    last = t.end;
  }
  return { text: text + query.slice(last), values, shifts };
}

/** How a warehouse query may start: a read. */
const READ_START = new Set(['select', 'with', 'values', 'table']);

/**
 * Why a warehouse query is not one read, or null. The read-only transaction stops writes, but not
 * `COPY … TO PROGRAM` (a program run on the database server under a privileged role), `DO` blocks,
 * `SET`, `COMMIT` (ending the read-only transaction) or `CALL`: a notebook's query must start like a
 * query, and be one statement (the driver's protocol would refuse a second one, less clearly).
 */
function notAReadQuery(tokens: readonly SqlToken[]): { message: string; offset: number } | null {
  const first = tokens.find((t) => t.text !== '(');
  if (!first) return { message: 'the warehouse query is empty: write the SELECT to run on the warehouse', offset: 0 };
  if (first.type !== 'word' || !READ_START.has(first.value)) {
    return {
      message: `a warehouse query reads only: it starts with SELECT, WITH, VALUES or TABLE, not \`${first.text}\` (a notebook may not run commands on your warehouse)`,
      offset: first.start,
    };
  }
  const semicolon = tokens.findIndex((t) => t.text === ';');
  if (semicolon >= 0 && tokens.slice(semicolon + 1).some((t) => t.text !== ';')) {
    return { message: 'a warehouse query is one statement: remove what follows the `;` (or put it in a cell of its own)', offset: tokens[semicolon]!.start };
  }
  return null;
}

/** A 1-based position in the bound text (as the warehouse reports it) as a 0-based offset in the written query. */
export function writtenOffset(bound: BoundWarehouseQuery, position: number): number {
  let offset = position - 1;
  let delta = 0;
  for (const s of bound.shifts) if (s.at <= offset) delta += s.delta;
  offset += delta;
  return offset;
}

/** `{ line, column }` (1-based) of an offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset)).split(/\r\n|\n|\r/);
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

function warehouseValue(value: ParamValue, ref: string, offset: number): WarehouseValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ParamError(`parameter \`${ref}\` is ${value}, not a finite number`, offset);
    return value;
  }
  if (Array.isArray(value)) return value as Array<string | number>;
  if ('date' in value) return value.date;
  throw new ParamError(`parameter \`${ref}\` is a date range: use \${${ref}.start} and \${${ref}.end}`, offset);
}
