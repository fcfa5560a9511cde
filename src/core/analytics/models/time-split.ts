export interface TimeSplit<T> {
  train: T[];
  test: T[];
  /** First time value in the test set (every training row is strictly earlier). */
  cutoff: unknown;
}

function toNumber(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return t;
  }
  throw new Error(`timeSplit: cannot read time value ${String(v)}`);
}

/**
 * Chronological train/test split: the latest `testFraction` of rows (by `timeKey`) are the test set,
 * so a model is always evaluated on a period after the one it learned from (no look-ahead leakage,
 * unlike a random split). Rows sharing a timestamp are never split: the boundary moves so the whole
 * tie goes to the test set. Input order does not matter; output is sorted by time.
 *
 * @example
 * timeSplit([{ d: '2024-01-03' }, { d: '2024-01-01' }, { d: '2024-01-02' }, { d: '2024-01-04' }], 'd', 0.25);
 * // => train: 01, 02, 03; test: 04
 */
export function timeSplit<T extends Record<string, unknown>>(rows: T[], timeKey: keyof T & string, testFraction: number): TimeSplit<T> {
  if (!(testFraction > 0 && testFraction < 1)) throw new Error('timeSplit: testFraction must be between 0 and 1');
  if (rows.length < 2) throw new Error('timeSplit: need at least two rows');
  const keyed = rows.map((r) => ({ r, t: toNumber(r[timeKey]) })).sort((a, b) => a.t - b.t);
  let cut = keyed.length - Math.max(1, Math.round(keyed.length * testFraction));
  while (cut > 0 && keyed[cut - 1]!.t === keyed[cut]!.t) cut--;
  if (cut === 0) throw new Error('timeSplit: every row has the same time; nothing to split');
  return { train: keyed.slice(0, cut).map((k) => k.r), test: keyed.slice(cut).map((k) => k.r), cutoff: keyed[cut]!.r[timeKey] };
}
