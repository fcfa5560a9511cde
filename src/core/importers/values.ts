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

/**
 * Currency symbols and the ISO codes they stand for, longest first so `R$` is not read as `$` (the
 * bare symbol is ambiguous for $: USD is a guess the header or a currency column overrides).
 */
const SYMBOLS: [string, string][] = [
  ['US$', 'USD'], ['CA$', 'CAD'], ['MX$', 'MXN'], ['HK$', 'HKD'], ['NZ$', 'NZD'], ['R$', 'BRL'], ['A$', 'AUD'], ['C$', 'CAD'], ['S$', 'SGD'],
  ['zł', 'PLN'], ['$', 'USD'], ['€', 'EUR'], ['£', 'GBP'], ['¥', 'JPY'], ['₹', 'INR'], ['₺', 'TRY'], ['₩', 'KRW'], ['₽', 'RUB'], ['₫', 'VND'], ['฿', 'THB'], ['₱', 'PHP'],
];
const CODE = /\b([A-Z]{3})\b/;
/** The ISO code of a currency symbol (`€` → EUR, `R$` → BRL), or undefined. */
export function currencyOfSymbol(symbol: string): string | undefined {
  return SYMBOLS.find(([s]) => s === symbol.trim())?.[1];
}

/** Group separators people and locales write inside numbers: space, NBSP, narrow NBSP, apostrophes (de-CH). */
const GROUP_SPACES = /[\s\u00a0\u202f\u2009'\u2019]/g;

/** A number cell without its currency, percent sign and group spaces, for voting on the decimal mark. */
function bareNumber(raw: string): string {
  let s = raw.trim();
  for (const [symbol] of SYMBOLS) s = s.split(symbol).join('');
  return s.replace(CODE, '').replace(/%/g, '').replace(GROUP_SPACES, '').replace(/\u2212/g, '-');
}

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
  for (const [symbol, iso] of SYMBOLS) {
    if (s.includes(symbol)) {
      out.currency ??= iso;
      s = s.replace(symbol, '').trim();
    }
  }
  const code = CODE.exec(s);
  if (code) {
    out.currency = code[1];
    s = s.replace(CODE, '').trim();
  }
  // A Unicode minus (U+2212) is what some locales' spreadsheets write.
  s = s.replace(/\u2212/g, '-');
  if (s.endsWith('%')) {
    out.percent = true;
    s = s.slice(0, -1).trim();
  }
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  s = s.replace(GROUP_SPACES, '');
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
export function numberFormatVotes(cells: string[]): { comma: number; dot: number } {
  let comma = 0;
  let dot = 0;
  for (const raw of cells) {
    const s = bareNumber(raw);
    // Two or more separator groups without decimals (IDR, COP amounts: 1.250.000 or 1,250,000) prove
    // the separator is for thousands.
    if (/^-?\d{1,3}(\.\d{3})+,\d+$/.test(s) || /^-?\d+,\d{1,2}$/.test(s) || /^-?\d+,\d{4,}$/.test(s) || /^-?\d{1,3}(\.\d{3}){2,}$/.test(s)) comma++;
    else if (/^-?\d{1,3}(,\d{3})+\.\d+$/.test(s) || /^-?\d+\.\d{1,2}$/.test(s) || /^-?\d+\.\d{4,}$/.test(s) || /^-?\d{1,3}(,\d{3}){2,}$/.test(s)) dot++;
  }
  return { comma, dot };
}

/**
 * Guess a file's number format from its numeric-looking cells (see `numberFormatVotes`). Ties (plain
 * integers) mean dot.
 */
export function sniffNumberFormat(cells: string[]): NumberFormat {
  const { comma, dot } = numberFormatVotes(cells);
  return comma > dot ? 'comma' : 'dot';
}

/** Order of day and month in slash dates. */
export type DateOrder = 'mdy' | 'dmy';

/**
 * Month names and abbreviations as exports write them in en, de, fr, es, pt, it and nl (accents
 * dropped, lower case): `Jan`, `März`, `janv.`, `févr.`, `ene`, `fev`, `gen`, `mrt`, `Juli`…
 */
const MONTH_NAMES: string[][] = [
  ['january', 'jan', 'januar', 'janner', 'janvier', 'janv', 'enero', 'ene', 'janeiro', 'gennaio', 'gen', 'januari'],
  ['february', 'feb', 'februar', 'fevrier', 'fevr', 'fev', 'febrero', 'fevereiro', 'febbraio', 'februari'],
  ['march', 'mar', 'marz', 'mars', 'marzo', 'marco', 'maart', 'mrt'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile'],
  ['may', 'mai', 'mayo', 'maio', 'maggio', 'mag', 'mei'],
  ['june', 'jun', 'juni', 'juin', 'junio', 'junho', 'giugno', 'giu'],
  ['july', 'jul', 'juli', 'juillet', 'juil', 'julio', 'julho', 'luglio', 'lug'],
  ['august', 'aug', 'aout', 'agosto', 'ago', 'augustus'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'setiembre', 'setembro', 'set', 'settembre'],
  ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre', 'outubro', 'out', 'ottobre', 'ott'],
  ['november', 'nov', 'novembre', 'noviembre', 'novembro'],
  ['december', 'dec', 'dezember', 'dez', 'decembre', 'diciembre', 'dic', 'dezembro', 'dicembre'],
];
const MONTHS = new Map<string, number>(MONTH_NAMES.flatMap((names, i) => names.map((n) => [n, i + 1] as [string, number])));

/** Weekday names a date may start with (`Sun, Jan 5, 2025`, `lun. 6 janv. 2025`, `Mo., 6. Jan. 2025`). */
const WEEKDAY = /^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mo|di|mi|do|fr|sa|so|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lun|mar|mer|jeu|ven|sam|dim|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miercoles|jueves|viernes|sabado|domingo|mie|jue|vie|seg|ter|qua|qui|sex|dom|segunda|terca|quarta|quinta|sexta|gio|lunedi|martedi|mercoledi|giovedi|venerdi|zo|ma|wo|vr|za|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)(-feira)?\.?,?\s+/;

const fold = (word: string) => word.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\.$/, '');

function monthNumber(word: string): number | undefined {
  return MONTHS.get(fold(word));
}

/** Excel's day 0 (serial dates count days from 1899-12-30, after Lotus's leap-year bug). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

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
  } else if ((m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(.*)$/.exec(s))) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    y = Number(m[4]!.length === 2 ? `20${m[4]}` : m[4]);
    // A dot separator is a European date (DD.MM.YYYY) whatever the order hint.
    const dmy = order === 'dmy' || m[2] === '.';
    [mo, d] = dmy ? [b, a] : [a, b];
    rest = m[5]!;
  } else if ((m = /^(\p{L}{3,10})\.?\s+(\d{1,2})\.?,?\s+(\d{4})(.*)$/u.exec(s))) {
    const month = monthNumber(m[1]!);
    if (!month) return null;
    [y, mo, d, rest] = [Number(m[3]), month, Number(m[2]), m[4]!];
  } else if ((m = /^(\d{1,2})\.?\s+(?:de\s+)?(\p{L}{3,10})\.?,?\s+(?:de\s+)?(\d{4})(.*)$/u.exec(s))) {
    const month = monthNumber(m[2]!);
    if (!month) return null;
    [y, mo, d, rest] = [Number(m[3]), month, Number(m[1]), m[4]!];
  } else if ((m = /^(\d{1,2})-(\p{L}{3,10})\.?-(\d{4}|\d{2})(.*)$/u.exec(s))) {
    // Excel's "d-mmm-yy" display, saved as text: 05-Jan-25, 5-Jan-2025.
    const month = monthNumber(m[2]!);
    if (!month) return null;
    [y, mo, d, rest] = [Number(m[3]!.length === 2 ? `20${m[3]}` : m[3]), month, Number(m[1]), m[4]!];
  } else if ((m = /^(\d{5})(\.\d+)?$/.exec(s)) && Number(m[1]) >= 20000 && Number(m[1]) <= 80000) {
    // An Excel serial date (a spreadsheet cell with no date format): days since 1899-12-30.
    const t = EXCEL_EPOCH + Math.round(Number(s) * 86_400) * 1000;
    const iso = new Date(t).toISOString();
    return m[2] ? { date: iso.slice(0, 10), timestamp: `${iso.slice(0, 10)} ${iso.slice(11, 19)}` } : { date: iso.slice(0, 10) };
  } else {
    const weekday = WEEKDAY.exec(fold(s.split(/\s/)[0]!) + ' ');
    return weekday ? parseDate(s.slice(s.split(/\s/)[0]!.length).trim(), order) : null;
  }
  if (!validDate(y, mo, d)) return null;
  const date = `${y}-${pad(mo)}-${pad(d)}`;
  if (!rest.trim()) return { date };
  const t = parseTime(rest);
  if (!t) return null;
  return withTime(date, t.h, t.m, t.s, t.offset);
}

/** Separators between the two dates of a period cell (`2025-01-05 - 2025-01-11`, `Jan 5, 2025 to Jan 11, 2025`). */
const RANGE_SEPARATOR = /\s+(?:[-–—~]|to|bis|au|al|a|até|tot)\s+|\s*[–—~]\s*/i;

/**
 * Read a period cell: two dates joined by a dash or "to" (weekly and custom-range exports).
 * Null when the cell is not exactly two dates in order.
 * @example parseDateRange('2025-01-05 - 2025-01-11', 'mdy') // { start: '2025-01-05', end: '2025-01-11' }
 */
export function parseDateRange(raw: string, order: DateOrder): { start: string; end: string } | null {
  const parts = raw.trim().split(RANGE_SEPARATOR);
  if (parts.length !== 2) return null;
  const start = parseDate(parts[0]!, order);
  const end = parseDate(parts[1]!, order);
  if (!start || !end || end.date < start.date) return null;
  return { start: start.date, end: end.date };
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
    const m = /^(\d{1,2})([/-])(\d{1,2})\2\d{2,4}/.exec(raw.trim());
    if (!m) continue;
    slash = true;
    if (Number(m[1]) > 12) dmy = true;
    if (Number(m[3]) > 12) mdy = true;
  }
  if (dmy && !mdy) return { order: 'dmy', ambiguous: false };
  if (mdy && !dmy) return { order: 'mdy', ambiguous: false };
  return { order: fallback, ambiguous: slash };
}

/**
 * Settle the day/month order of slash dates no day above 12 decides: read every distinct date both
 * ways; a daily or weekly export covers a short stretch one way (01/03 … 12/03 as 1–12 March spans 11
 * days) and a scatter over the year the other (3 January … 3 December, 334 days). Decides only with
 * three or more distinct dates and a span at most a quarter of the other; null otherwise.
 */
export function dateOrderBySpan(cells: string[]): { order: DateOrder; spans: Record<DateOrder, number> } | null {
  const distinct = [...new Set(cells.map((c) => c.trim()).filter((c) => /^\d{1,2}[/-]\d{1,2}[/-]\d{2,4}/.test(c)))];
  if (distinct.length < 3) return null;
  const span = (order: DateOrder) => {
    const times = distinct.map((c) => parseDate(c, order)?.date).filter((d): d is string => !!d).map((d) => Date.parse(`${d}T00:00:00Z`));
    return times.length ? (Math.max(...times) - Math.min(...times)) / 86_400_000 : Infinity;
  };
  const spans = { mdy: span('mdy'), dmy: span('dmy') };
  if (spans.dmy * 4 <= spans.mdy) return { order: 'dmy', spans };
  if (spans.mdy * 4 <= spans.dmy) return { order: 'mdy', spans };
  return null;
}
