/**
 * Arrow helpers shared by both engines and the cells: build a table from typed columns, and read rows
 * back as plain JSON values (numbers, strings, ISO dates) for reports and the UI.
 */
import {
  Bool,
  DateDay,
  Float64,
  Int32,
  Int64,
  Table,
  TimestampMicrosecond,
  Type,
  Utf8,
  makeVector,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';

/** The column types analysis cells produce, named as DuckDB names them. */
export type ColumnType = 'BOOLEAN' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'VARCHAR' | 'DATE' | 'TIMESTAMP' | 'TIMESTAMPTZ';

export interface TypedColumn {
  name: string;
  type: ColumnType;
  values: readonly unknown[];
}

function arrowType(type: ColumnType): DataType {
  switch (type) {
    case 'BOOLEAN':
      return new Bool();
    case 'INTEGER':
      return new Int32();
    case 'BIGINT':
      return new Int64();
    case 'DOUBLE':
      return new Float64();
    case 'DATE':
      return new DateDay();
    // Microseconds, DuckDB's own TIMESTAMP unit, so both engines store the same column type.
    case 'TIMESTAMP':
      return new TimestampMicrosecond();
    case 'TIMESTAMPTZ':
      return new TimestampMicrosecond('UTC');
    default:
      return new Utf8();
  }
}

function normalizeValue(v: unknown, type: ColumnType): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'DOUBLE':
      return typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : Number(v);
    case 'INTEGER':
      return Number(v);
    case 'BIGINT':
      return typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
    case 'BOOLEAN':
      return Boolean(v);
    case 'DATE':
    case 'TIMESTAMP':
    case 'TIMESTAMPTZ':
      return v instanceof Date ? v : typeof v === 'string' ? new Date(Date.parse(/Z|[+-]\d\d:?\d\d$/.test(v) || v.length === 10 ? v : `${v}Z`)) : new Date(Number(v));
    default:
      return typeof v === 'string' ? v : stringifyValue(v);
  }
}

/** Build an Arrow table from typed columns of equal length. */
export function tableFromColumns(columns: readonly TypedColumn[]): Table {
  const vectors: Record<string, Vector> = {};
  for (const c of columns) {
    vectors[c.name] = fastNumericVector(c) ?? (vectorFromArray(c.values.map((v) => normalizeValue(v, c.type)), arrowType(c.type)) as Vector);
  }
  return new Table(vectors);
}

/** Numeric columns without nulls go straight into a typed array: the Arrow builders are slow on 100k+ rows. */
function fastNumericVector(c: TypedColumn): Vector | null {
  const n = c.values.length;
  if (c.type === 'DOUBLE' || c.type === 'INTEGER') {
    const out = c.type === 'DOUBLE' ? new Float64Array(n) : new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = c.values[i];
      if (typeof v === 'number') out[i] = v;
      else if (typeof v === 'bigint') out[i] = Number(v);
      else return null;
    }
    return makeVector(out) as Vector;
  }
  if (c.type === 'BIGINT') {
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      const v = c.values[i];
      if (typeof v === 'bigint') out[i] = v;
      else if (typeof v === 'number' && Number.isInteger(v)) out[i] = BigInt(v);
      else return null;
    }
    return makeVector(out) as Vector;
  }
  return null;
}

/**
 * Build an Arrow table from row objects, inferring each column's type from its values
 * (numbers → DOUBLE, whole numbers → BIGINT only when `integers` names them, booleans, strings).
 */
export function tableFromRows(
  rows: readonly Record<string, unknown>[],
  types: Record<string, ColumnType> = {},
  columnOrder?: readonly string[],
): Table {
  const names = columnOrder ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return tableFromColumns(
    names.map((name) => {
      const values = rows.map((r) => r[name] ?? null);
      return { name, type: types[name] ?? inferType(values), values };
    }),
  );
}

function inferType(values: readonly unknown[]): ColumnType {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return 'VARCHAR';
  if (present.every((v) => typeof v === 'boolean')) return 'BOOLEAN';
  if (present.every((v) => typeof v === 'number')) return 'DOUBLE';
  if (present.every((v) => typeof v === 'bigint')) return 'BIGINT';
  if (present.every((v) => v instanceof Date)) return 'TIMESTAMP';
  return 'VARCHAR';
}

/** DuckDB's name for an Arrow column type, for schemas shown to users. */
export function duckdbTypeOf(type: DataType): string {
  switch (type.typeId) {
    case Type.Bool:
      return 'BOOLEAN';
    case Type.Int: {
      const t = type as unknown as { bitWidth: number; isSigned: boolean };
      const base = { 8: 'TINYINT', 16: 'SMALLINT', 32: 'INTEGER', 64: 'BIGINT' }[t.bitWidth] ?? 'BIGINT';
      return t.isSigned ? base : `U${base}`;
    }
    case Type.Float:
      return (type as unknown as { precision: number }).precision === 0 ? 'FLOAT' : 'DOUBLE';
    case Type.Decimal: {
      const t = type as unknown as { precision: number; scale: number };
      return `DECIMAL(${t.precision},${t.scale})`;
    }
    case Type.Date:
      return 'DATE';
    case Type.Timestamp:
      return (type as unknown as { timezone?: string | null }).timezone ? 'TIMESTAMP WITH TIME ZONE' : 'TIMESTAMP';
    case Type.Utf8:
    case Type.LargeUtf8:
      return 'VARCHAR';
    default:
      return type.toString().toUpperCase();
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A bigint as a JSON number when it fits in 2^53, else as its decimal string. */
export function jsonInteger(v: bigint): number | string {
  return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v.toString();
}

/** Arrow's 128-bit decimal (four little-endian 32-bit words) as a number. */
function decimalToNumber(words: Uint32Array, scale: number): number | string {
  let big = 0n;
  for (let k = words.length - 1; k >= 0; k--) big = (big << 32n) | BigInt(words[k]!);
  const bits = BigInt(words.length * 32);
  if (big >= 1n << (bits - 1n)) big -= 1n << bits;
  if (scale === 0) return jsonInteger(big);
  return Number(big) / 10 ** scale;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO 8601 date of a UTC epoch in milliseconds. */
export function isoDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** ISO 8601 timestamp; naive timestamps (no zone) carry no `Z`. */
export function isoTimestamp(ms: number, utc: boolean): string {
  const s = new Date(ms).toISOString();
  return utc ? s : s.slice(0, -1);
}

/** One value of an Arrow column as JSON. */
export function jsonValue(value: unknown, type: DataType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case Type.Date:
      return isoDate(value instanceof Date ? value.getTime() : Number(value));
    case Type.Timestamp:
      return isoTimestamp(value instanceof Date ? value.getTime() : Number(value), Boolean((type as unknown as { timezone?: string | null }).timezone));
    case Type.Decimal:
      return value instanceof Uint32Array ? decimalToNumber(value, (type as unknown as { scale: number }).scale) : Number(value);
    default:
      break;
  }
  if (typeof value === 'bigint') return jsonInteger(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return stringifyValue(value);
}

/** Rows of an Arrow table as JSON-ready objects: the first `limit` rows. */
export function rowsFromTable(table: Table, limit = Infinity, offset = 0): Record<string, unknown>[] {
  const fields = table.schema.fields;
  const columns = fields.map((f) => table.getChild(f.name)!);
  const end = Math.min(table.numRows, offset + limit);
  const rows: Record<string, unknown>[] = [];
  for (let r = offset; r < end; r++) {
    const row: Record<string, unknown> = {};
    fields.forEach((f, k) => {
      row[f.name] = jsonValue(columns[k]!.get(r), f.type);
    });
    rows.push(row);
  }
  return rows;
}

/** A column of an Arrow table as JSON values, converted by `as` (null stays null). */
function readColumn<T>(table: Table, name: string, as: (v: unknown) => T): (T | null)[] {
  const col = table.getChild(name);
  if (!col) throw new Error(`no column \`${name}\``);
  const field = table.schema.fields.find((f) => f.name === name)!;
  const out: (T | null)[] = [];
  for (let r = 0; r < table.numRows; r++) {
    const v = jsonValue(col.get(r), field.type);
    out.push(v === null ? null : as(v));
  }
  return out;
}

/** A column of an Arrow table as plain numbers (null for missing), for analysis functions. */
export function numberColumn(table: Table, name: string): (number | null)[] {
  return readColumn(table, name, (v) => (typeof v === 'number' ? v : Number(v)));
}

/** A column of an Arrow table as strings (null for missing). */
export function textColumn(table: Table, name: string): (string | null)[] {
  return readColumn(table, name, String);
}

/** Any value (lists, structs, intervals) as readable text. */
export function stringifyValue(v: unknown): string {
  if (typeof v === 'string') return v;
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? jsonInteger(x) : x));
}
