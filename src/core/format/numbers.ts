/**
 * How numbers read in results: one set of rules for the notebook grid and the reports, so a value
 * shows the same everywhere. Downloads (CSV, Parquet, JSON) keep the full value; only display rounds.
 */
import { CANONICAL_TABLES } from '../importers/schema.ts';

/** What a number is. `money` may name its currency: `money:EUR`. */
export type NumberFormat = 'percent' | 'money' | `money:${string}` | 'count' | 'number' | 'plain';

export const NUMBER_FORMATS = ['percent', 'money', 'count', 'number', 'plain'] as const;

/** Whether `s` names a format (`money:XYZ` with an ISO 4217 code included). */
export function isNumberFormat(s: string): s is NumberFormat {
  return (NUMBER_FORMATS as readonly string[]).includes(s) || /^money:[A-Z]{3}$/.test(s);
}

/** One formatter per precision: `toLocaleString` with options builds a new one on every call (a grid formats thousands). */
const formatters = new Map<string, Intl.NumberFormat>();
const grouped = (v: number, maxFraction: number, minFraction = 0) => {
  const key = `${maxFraction}/${minFraction}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat('en-US', { maximumFractionDigits: maxFraction, minimumFractionDigits: minFraction, useGrouping: true })));
  return f.format(v);
};

/**
 * A plain measurement: integers with thousands separators; at or above 1, at most 2 decimals
 * (49,987.97); below 1, three significant digits (0.00312); tiny or huge values in exponent form.
 */
function formatMeasure(v: number): string {
  if (Number.isInteger(v)) return Math.abs(v) >= 1e15 ? v.toExponential(3) : grouped(v, 0);
  const abs = Math.abs(v);
  if (abs >= 1e15 || abs < 1e-4) return v.toExponential(2);
  if (abs >= 1) return grouped(v, 2);
  return String(Number(v.toPrecision(3)));
}

/** Display text of a number in a format. */
export function formatNumber(v: number, format: NumberFormat = 'number'): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (format === 'plain') return String(v);
  if (format === 'percent') {
    const p = v * 100;
    const abs = Math.abs(p);
    // Two decimals below 10 % (CTRs are often under 1 %), one above.
    const digits = abs !== 0 && abs < 0.1 ? 3 : abs < 10 ? 2 : 1;
    return `${grouped(p, digits, digits)} %`;
  }
  if (format === 'count') return Number.isInteger(v) ? grouped(v, 0) : grouped(v, 1);
  if (format === 'money' || format.startsWith('money:')) {
    const currency = format.slice('money:'.length);
    const text = grouped(v, 2, 2);
    return currency ? `${text} ${currency}` : text;
  }
  return formatMeasure(v);
}

/** The full value, for a tooltip: every digit the number has, no grouping. */
export function fullNumber(v: number | bigint): string {
  return typeof v === 'bigint' ? v.toString() : String(v);
}

/** Canonical schema columns by unit: spend is money, impressions and clicks are counts. */
const SCHEMA_FORMATS: ReadonlyMap<string, NumberFormat> = new Map(
  CANONICAL_TABLES.flatMap((t) => t.columns)
    .filter((c) => c.unit === 'currency' || c.unit === 'count' || c.unit === 'people')
    .map((c) => [c.name, c.unit === 'currency' ? 'money' : 'count'] as const),
);

/** Names that are ids or years: digits, never separators. */
const PLAIN_NAME = /(^|_)(id|year|yr|zip|code)$/i;

/**
 * The format of a result column: what the cell declared, else what the canonical schema says about a
 * column of that name (or ending in one: `total_spend`), else by type. A declared map may be empty.
 */
export function columnFormat(name: string, type: string, declared?: Readonly<Record<string, string>>): NumberFormat {
  const d = declared?.[name];
  if (d && isNumberFormat(d)) return d;
  if (PLAIN_NAME.test(name)) return 'plain';
  const lower = name.toLowerCase();
  const schema = SCHEMA_FORMATS.get(lower) ?? SCHEMA_FORMATS.get(lower.split('_').slice(-1)[0]!) ?? SCHEMA_FORMATS.get(lower.replace(/^(total|sum|avg|mean)_/, ''));
  if (schema) return schema;
  if (/INT/.test(type.toUpperCase())) return 'count';
  return 'number';
}

/**
 * A money format with its currency from the row: ad exports carry a `currency` column (ISO 4217, see
 * the canonical schema), so `spend` of a EUR row reads `1,234.50 EUR`.
 */
export function withRowCurrency(format: NumberFormat, row: Readonly<Record<string, unknown>>): NumberFormat {
  if (format !== 'money') return format;
  const c = row.currency;
  return typeof c === 'string' && /^[A-Z]{3}$/.test(c) ? `money:${c}` : format;
}

/** Display text of any result value: numbers by their format, dates as ISO days, null as ∅. */
export function formatValue(v: unknown, type: string, format?: NumberFormat): string {
  if (v === null || v === undefined) return '∅';
  const t = type.toUpperCase();
  if (typeof v === 'bigint') {
    if (format === 'plain' || Math.abs(Number(v)) >= 2 ** 53) return v.toString();
    return formatNumber(Number(v), format ?? 'count');
  }
  if (typeof v === 'number') {
    if (t === 'DATE') return new Date(v).toISOString().slice(0, 10);
    if (t.startsWith('TIMESTAMP')) return new Date(v).toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '');
    return formatNumber(v, format ?? 'number');
  }
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'object') return JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x));
  return String(v);
}

/** The hover text of a value: its full digits (numbers only; other values show whole already). */
export function fullValue(v: unknown, type = ''): string | undefined {
  // Dates and times arrive as epoch numbers: their display is already whole, never a number to unround.
  if (/^(DATE|TIME|TIMESTAMP|INTERVAL)/i.test(type)) return undefined;
  return typeof v === 'number' || typeof v === 'bigint' ? fullNumber(v) : undefined;
}
