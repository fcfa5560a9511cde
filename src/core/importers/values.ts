/**
 * Cell value parsers for platform exports: numbers with locale separators, percent and currency
 * strings, placeholders, and dates in the formats platforms write.
 */

/** How a file writes numbers: `1,234.5` (dot decimal) or `1.234,5` (comma decimal). */
export type NumberFormat = 'dot' | 'comma';

/** Values platforms write for "no value". */
const PLACEHOLDERS = new Set(['', '-', '--', '—', 'n/a', 'na', 'null', 'none', '(not set)', 'not available', '∞']);

/** True when the cell is a placeholder for a missing value. */
export function isPlaceholder(raw: string): boolean {
  return PLACEHOLDERS.has(raw.trim().toLowerCase());
}

/** Currency symbols and the ISO codes they stand for (the symbol alone is ambiguous for $). */
const SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR', 'R$': 'BRL' };
const CODE = /\b([A-Z]{3})\b/;

/** Result of reading a numeric cell. */
export interface ParsedNumber {
  value: number | null;
  /** True when the cell carried a % sign. */
  percent: boolean;
  /** Currency code or symbol's code found in the cell. */
  currency?: string;
  /** True for censored values such as `> 90%` (a bound, read as null). */
  censored: boolean;
  /** True when the cell was not a number at all (and not a placeholder). */
  invalid: boolean;
}

/**
 * Read a number such as `1,234`, `1.234,5`, `1 234,56`, `2.35%`, `$1,234.50`, `1234.50 USD`,
 * `"1777.0"`, `--`. Censored strings (`> 90%`, `<10`) are bounds, not values: null.
 * @example parseNumber('$1,234.50', 'dot') // { value: 1234.5, currency: 'USD', … }
 */
export function parseNumber(raw: string, format: NumberFormat): ParsedNumber {
  let s = raw.trim();
  const out: ParsedNumber = { value: null, percent: false, censored: false, invalid: false };
  if (isPlaceholder(s)) return out;
  if (/^[<>≤≥]/.test(s)) {
    out.censored = true;
    return out;
  }
  const code = CODE.exec(s);
  if (code) {
    out.currency = code[1];
    s = s.replace(CODE, '').trim();
  }
  for (const [symbol, iso] of Object.entries(SYMBOLS)) {
    if (s.includes(symbol)) {
      out.currency ??= iso;
      s = s.replace(symbol, '').trim();
    }
  }
  if (s.endsWith('%')) {
    out.percent = true;
    s = s.slice(0, -1).trim();
  }
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  s = s.replace(/[\s\u00a0\u202f']/g, '');
  if (format === 'comma') s = s.replace(/\./g, '').replace(',', '.');
  else s = s.replace(/,/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
    out.invalid = true;
    return out;
  }
  out.value = (negative ? -1 : 1) * Number(s);
  return out;
}

/**
 * Guess a file's number format from its numeric-looking cells: `1.234,5` and `12,5` vote for comma
 * decimals, `1,234.5` and `12.5` for dot decimals. Ties (plain integers) mean dot.
 */
export function sniffNumberFormat(cells: string[]): NumberFormat {
  let comma = 0;
  let dot = 0;
  for (const raw of cells) {
    const s = raw.trim().replace(/[$€£%\s\u00a0]/g, '');
    // Two or more separator groups without decimals (IDR, COP amounts: 1.250.000 or 1,250,000) prove
    // the separator is for thousands.
    if (/^-?\d{1,3}(\.\d{3})+,\d+$/.test(s) || /^-?\d+,\d{1,2}$/.test(s) || /^-?\d+,\d{4,}$/.test(s) || /^-?\d{1,3}(\.\d{3}){2,}$/.test(s)) comma++;
    else if (/^-?\d{1,3}(,\d{3})+\.\d+$/.test(s) || /^-?\d+\.\d{1,2}$/.test(s) || /^-?\d+\.\d{4,}$/.test(s) || /^-?\d{1,3}(,\d{3}){2,}$/.test(s)) dot++;
  }
  return comma > dot ? 'comma' : 'dot';
}

/** Order of day and month in slash dates. */
export type DateOrder = 'mdy' | 'dmy';

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1;
}

/** A parsed date or date-time, as ISO strings. */
export interface ParsedDate {
  date: string;
  /** `YYYY-MM-DD HH:MM:SS` in UTC when the cell had a time. */
  timestamp?: string;
}

function withTime(date: string, h: number, min: number, sec: number, offsetMinutes: number): ParsedDate {
  const t = Date.parse(`${date}T${pad(h)}:${pad(min)}:${pad(sec)}Z`) - offsetMinutes * 60_000;
  const iso = new Date(t).toISOString();
  return { date: iso.slice(0, 10), timestamp: `${iso.slice(0, 10)} ${iso.slice(11, 19)}` };
}

function parseTime(rest: string): { h: number; m: number; s: number; offset: number } | null {
  const t = /^[T\s]*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(am|pm)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i.exec(rest.trim());
  if (!t) return null;
  let h = Number(t[1]);
  const ampm = t[4]?.toLowerCase();
  if (ampm === 'pm' && h < 12) h += 12;
  if (ampm === 'am' && h === 12) h = 0;
  let offset = 0;
  const z = t[5];
  if (z && /^[+-]/.test(z)) {
    const digits = z.replace(':', '');
    offset = (z[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return { h, m: Number(t[2]), s: Number(t[3] ?? 0), offset };
}

/**
 * Read a date in the formats exports use: `2024-03-01`, `2024-03-01 21:46 +0000`, `20240301`,
 * `03/01/2024` or `1/3/2024` (by `order`), `01.03.2024`, `Jun 01, 2023 09:46 pm`, `July 8, 2025`.
 * Returns null when the cell is not such a date.
 * @example parseDate('Jun 01, 2023 09:46 pm', 'mdy') // { date: '2023-06-01', timestamp: '2023-06-01 21:46:00' }
 */
export function parseDate(raw: string, order: DateOrder): ParsedDate | null {
  const s = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(.*)$/.exec(s) ?? /^(\d{4})\/(\d{1,2})\/(\d{1,2})(.*)$/.exec(s);
  let y: number, mo: number, d: number, rest: string;
  if (m) {
    [y, mo, d, rest] = [Number(m[1]), Number(m[2]), Number(m[3]), m[4]!];
  } else if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) {
    [y, mo, d, rest] = [Number(m[1]), Number(m[2]), Number(m[3]), ''];
  } else if ((m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})(.*)$/.exec(s))) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    y = Number(m[3]!.length === 2 ? `20${m[3]}` : m[3]);
    // A dot separator is a European date (DD.MM.YYYY) whatever the order hint.
    const dmy = order === 'dmy' || s.includes('.');
    [mo, d] = dmy ? [b, a] : [a, b];
    rest = m[4]!;
  } else if ((m = /^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(.*)$/.exec(s))) {
    const month = MONTHS[m[1]!.toLowerCase().slice(0, m[1]!.toLowerCase().startsWith('sept') ? 4 : 3)];
    if (!month) return null;
    [y, mo, d, rest] = [Number(m[3]), month, Number(m[2]), m[4]!];
  } else if ((m = /^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})(.*)$/.exec(s))) {
    const month = MONTHS[m[2]!.toLowerCase().slice(0, 3)];
    if (!month) return null;
    [y, mo, d, rest] = [Number(m[3]), month, Number(m[1]), m[4]!];
  } else {
    return null;
  }
  if (!validDate(y, mo, d)) return null;
  const date = `${y}-${pad(mo)}-${pad(d)}`;
  if (!rest.trim()) return { date };
  const t = parseTime(rest);
  if (!t) return null;
  return withTime(date, t.h, t.m, t.s, t.offset);
}

/**
 * Decide the day/month order of a column of slash dates: a first part above 12 proves DD/MM, a
 * second part above 12 proves MM/DD. `ambiguous` is true when no value decides it.
 */
export function sniffDateOrder(cells: string[], fallback: DateOrder): { order: DateOrder; ambiguous: boolean } {
  let mdy = false;
  let dmy = false;
  let slash = false;
  for (const raw of cells) {
    const m = /^(\d{1,2})\/(\d{1,2})\/\d{2,4}/.exec(raw.trim());
    if (!m) continue;
    slash = true;
    if (Number(m[1]) > 12) dmy = true;
    if (Number(m[2]) > 12) mdy = true;
  }
  if (dmy && !mdy) return { order: 'dmy', ambiguous: false };
  if (mdy && !dmy) return { order: 'mdy', ambiguous: false };
  return { order: fallback, ambiguous: slash };
}
