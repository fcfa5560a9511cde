import { DAY_OF_WEEK_MULTIPLIERS, HOLIDAYS, START_DATE } from './plan.ts';

/** ISO date `offset` days after START_DATE. */
export function dayAt(offset: number): string {
  return new Date(Date.parse(`${START_DATE}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
export function dayOfWeek(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** Planted volume multiplier of a day: weekday seasonality times the holiday effect. */
export function volumeMultiplier(date: string): number {
  return DAY_OF_WEEK_MULTIPLIERS[dayOfWeek(date)]! * (HOLIDAYS[date]?.multiplier ?? 1);
}

/** `YYYY-MM-DD HH:MM:SS` (with `.mmm` when `millis`) from epoch milliseconds (UTC). */
export function timestampOf(ms: number, millis = false): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, millis ? 23 : 19)}`;
}

/** Quote a CSV cell when it needs it (RFC 4180). */
export function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line, newline included. */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return values.map(csvCell).join(',') + '\n';
}
