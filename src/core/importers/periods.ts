/**
 * GA4 period dimensions (Week, Month, Year month, Nth day / week / month) as date ranges. GA4's own
 * definitions (Analytics dimensions & metrics reference): "Week" is 01–53, weeks start on Sunday and
 * January 1st is always in week 01; "Month" is 01–12; "Nth day/week/month" count from the start of the
 * report range, the first being 0000. A period is cut to the report range when that is known.
 */

export interface Period {
  start: string;
  end: string;
  grain: 'day' | 'week' | 'month';
  /** One sentence for the import warnings: what a row now covers. */
  explain: string;
}

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const time = (d: string) => Date.parse(`${d}T00:00:00Z`);
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

/** First and last day of GA4 week `n` of `year`. */
export function gaWeek(year: number, n: number): { start: number; end: number } | null {
  if (!Number.isInteger(n) || n < 1 || n > 53) return null;
  const jan1 = utc(year, 1, 1);
  const firstSunday = jan1 - new Date(jan1).getUTCDay() * DAY;
  const start = n === 1 ? jan1 : firstSunday + 7 * (n - 1) * DAY;
  const end = Math.min(firstSunday + 7 * n * DAY - DAY, utc(year, 12, 31));
  return start > utc(year, 12, 31) ? null : { start, end };
}

function month(year: number, m: number): { start: number; end: number } | null {
  if (!Number.isInteger(m) || m < 1 || m > 12) return null;
  return { start: utc(year, m, 1), end: utc(year, m + 1, 1) - DAY };
}

function addMonths(d: string, n: number): number {
  const t = new Date(time(d));
  return Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + n, t.getUTCDate());
}

/** Cut a period to the report range. */
function clamp(p: { start: number; end: number }, start?: string, end?: string): { start: string; end: string } {
  return { start: iso(start ? Math.max(p.start, time(start)) : p.start), end: iso(end ? Math.min(p.end, time(end)) : p.end) };
}

/** The one year of the report range in which period `of(year)` overlaps the range. */
function yearOf(of: (y: number) => { start: number; end: number } | null, start: string, end: string): { year: number } | { years: number[] } {
  const from = Number(start.slice(0, 4));
  const to = Number(end.slice(0, 4));
  const years: number[] = [];
  for (let y = from; y <= to; y++) {
    const p = of(y);
    if (p && p.start <= time(end) && p.end >= time(start)) years.push(y);
  }
  return years.length === 1 ? { year: years[0]! } : { years };
}

const NAMES: Record<string, string> = {
  period_week: 'Week',
  period_month: 'Month',
  period_year_month: 'Year month',
  period_year_week: 'Year week',
  period_nth_day: 'Nth day',
  period_nth_week: 'Nth week',
  period_nth_month: 'Nth month',
};

/**
 * The date range of one GA4 period value (`key` is the importer's helper column). Null for a value
 * that is no period; `{ error }` when the period cannot be placed (no report range, a range longer
 * than a year for a bare week or month number).
 */
export function gaPeriod(key: string, value: number, start?: string, end?: string): Period | { error: string } | null {
  // A "Month" or "Week" column holding 202401 is GA4's "Year month" / "Year week" under another name.
  if ((key === 'period_month' || key === 'period_week') && value >= 190001) key = key === 'period_month' ? 'period_year_month' : 'period_year_week';
  const name = NAMES[key] ?? key;
  const within = start && end ? ' (cut to the report range)' : '';
  const say = (grain: Period['grain'], what: string) => `rows are ${grain}s (GA4 "${name}"): date is the first day of each ${what}${within}, date_end its last; grain "${grain}"`;
  if (key === 'period_year_month' || key === 'period_year_week') {
    const year = Math.floor(value / 100);
    const n = value % 100;
    const p = key === 'period_year_month' ? month(year, n) : gaWeek(year, n);
    if (!p) return null;
    return { ...clamp(p, start, end), grain: key === 'period_year_month' ? 'month' : 'week', explain: say(key === 'period_year_month' ? 'month' : 'week', key === 'period_year_month' ? 'month' : 'week (weeks start on Sunday)') };
  }
  if (key === 'period_nth_day' || key === 'period_nth_week' || key === 'period_nth_month') {
    if (!start) return { error: `GA4 "${name}" counts from the report's start date, which the file does not give (no "# Start date" line): date is null` };
    if (!Number.isInteger(value) || value < 0) return null;
    if (key === 'period_nth_day') {
      const d = iso(time(start) + value * DAY);
      return { start: d, end: d, grain: 'day', explain: `rows are days (GA4 "Nth day", counted from the report start ${start}); grain "day"` };
    }
    const p = key === 'period_nth_week'
      ? { start: time(start) + 7 * value * DAY, end: time(start) + (7 * value + 6) * DAY }
      : { start: addMonths(start, value), end: addMonths(start, value + 1) - DAY };
    const grain = key === 'period_nth_week' ? 'week' : 'month';
    return { ...clamp(p, start, end), grain, explain: `rows are ${grain}s (GA4 "${name}", counted from the report start ${start}): date is the first day of each ${grain}, date_end its last${within}; grain "${grain}"` };
  }
  const of = key === 'period_week' ? (y: number) => gaWeek(y, value) : (y: number) => month(y, value);
  if (!of(2000)) return null;
  if (!start || !end) return { error: `GA4 "${name}" numbers need the report range (the "# Start date" / "# End date" lines) to know their year: date is null; download the report with its # header lines, or with "Year ${name.toLowerCase()}"` };
  const y = yearOf(of, start, end);
  if ('years' in y) {
    return { error: y.years.length ? `the report range ${start} to ${end} holds ${name.toLowerCase()} ${value} in ${y.years.join(' and ')}: its rows are ambiguous and their date is null; download the report with "Year ${name.toLowerCase()}"` : `${name.toLowerCase()} ${value} is outside the report range ${start} to ${end}: its date is null` };
  }
  const p = of(y.year)!;
  const grain = key === 'period_week' ? 'week' : 'month';
  return { ...clamp(p, start, end), grain, explain: say(grain, key === 'period_week' ? 'week (weeks start on Sunday)' : 'month') };
}
