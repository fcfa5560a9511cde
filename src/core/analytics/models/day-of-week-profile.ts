/** One weekday of a day-of-week profile. */
export interface WeekdayIndex {
  /** 0 = Monday ... 6 = Sunday (ISO order). */
  weekday: number;
  name: string;
  /** Number of days observed on this weekday. */
  n: number;
  mean: number;
  /** mean / (average of the seven weekday means): 1.2 means 20% above a typical day. */
  index: number;
}

const NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function toUtcDate(d: Date | string | number): Date {
  if (d instanceof Date) return d;
  // A bare 'YYYY-MM-DD' is parsed by JavaScript as UTC midnight, which is what we want: weekdays
  // are taken in UTC so the result does not depend on the reader's time zone.
  const out = new Date(d);
  if (Number.isNaN(out.getTime())) throw new Error(`dayOfWeekProfile: cannot read date ${String(d)}`);
  return out;
}

/**
 * Day-of-week seasonal index: the mean of `values` on each weekday divided by the average of the
 * weekday means (the classical "ratio to average" seasonal index with period 7). Averaging the
 * weekday means, not all days, keeps a weekday that happens to occur more often in the range from
 * pulling the baseline. Weekdays are computed in UTC. Weekdays with no data get NaN.
 *
 * @example
 * dayOfWeekProfile(['2024-01-01', '2024-01-02'], [2, 1]);
 * // => [{ weekday: 0, name: 'Mon', n: 1, mean: 2, index: 1.333… }, { weekday: 1, name: 'Tue', …, index: 0.666… }, …]
 */
export function dayOfWeekProfile(dates: (Date | string | number)[], values: number[]): WeekdayIndex[] {
  if (dates.length !== values.length) throw new Error('dayOfWeekProfile: dates and values differ in length');
  const sum = new Array<number>(7).fill(0);
  const count = new Array<number>(7).fill(0);
  dates.forEach((d, i) => {
    const v = values[i]!;
    if (!Number.isFinite(v)) return;
    const wd = (toUtcDate(d).getUTCDay() + 6) % 7; // JS Sunday=0 -> ISO Monday=0
    sum[wd]! += v;
    count[wd]! += 1;
  });
  const means = sum.map((s, k) => (count[k]! > 0 ? s / count[k]! : Number.NaN));
  const present = means.filter((m) => !Number.isNaN(m));
  const base = present.reduce((a, b) => a + b, 0) / present.length;
  return means.map((mean, k) => ({ weekday: k, name: NAMES[k]!, n: count[k]!, mean, index: mean / base }));
}
