/**
 * Helpers shared by the model cells (regression, multivariate, seasonality, forecast, predict,
 * simulate, attribution): resolving list-valued column options against a table, turning NaN into
 * SQL NULL, and reading a daily series aggregated in SQL.
 */
import { numberColumn, textColumn } from '../../arrow.ts';
import { quoteIdent, type TableInfo } from '../../engine.ts';
import { allPresent, fromClause, missingMetricNote, type AnalysisRun, type Options } from '../analysis.ts';

/** Resolve column names given under `key` against `table`, failing with the key's line. Returns the real names. */
export function resolveColumns(opts: Options, key: string, names: string[], table: TableInfo): string[] {
  return names.map((name) => {
    const col = table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (!col) return opts.fail(key, `\`${name}\` is not a column of \`${table.name}\` (its columns: ${table.columns.map((c) => c.name).join(', ')})`);
    return col.name;
  });
}

/** The column named by a single-valued option (with a default name), resolved against `table`. */
export function optionColumn(opts: Options, key: string, table: TableInfo, fallback?: string): string {
  return resolveColumns(opts, key, [opts.text(key, fallback)], table)[0]!;
}

/** A list option that must name at least one column. */
export function featureList(opts: Options, key: string, table: TableInfo): string[] {
  const names = opts.list(key);
  if (names.length === 0) opts.fail(key, 'needs at least one column');
  return resolveColumns(opts, key, names, table);
}

/** NaN / ±Infinity as null, so the result column holds SQL NULL. */
export const fin = (x: number | undefined | null): number | null => (x === undefined || x === null || !Number.isFinite(x) ? null : x);

const DAY = 86_400_000;

/**
 * A series summed per `time` value (cast to DATE) in SQL: either `value:` or a rate
 * `successes:` / `trials:`. Dates must be evenly spaced (the decomposition and Holt-Winters assume a
 * regular series).
 */
export async function dailySeries(run: AnalysisRun): Promise<{ dates: string[]; values: number[]; stepDays: number; label: string; note?: string | undefined }> {
  const o = run.opts;
  const [time] = run.columns('time');
  let expr: string;
  let label: string;
  let metrics: string[];
  if (o.has('value')) {
    const [value] = run.columns('value');
    expr = `sum(${value})::DOUBLE`;
    label = o.text('value');
    metrics = [value!];
  } else if (o.has('successes') || o.has('trials')) {
    const [s, n] = run.columns('successes', 'trials');
    // A rate over the rows that have both counts: a row without successes is not 0 successes.
    const both = `FILTER (WHERE ${allPresent([s!, n!])})`;
    expr = `sum(${s}) ${both}::DOUBLE / nullif(sum(${n}) ${both}, 0)::DOUBLE`;
    label = 'rate';
    metrics = [s!, n!];
  } else {
    return o.fail('time', 'needs `value:` (a column) or `successes:` and `trials:` for a rate');
  }
  const t = await run.query(`SELECT CAST(CAST(${time} AS DATE) AS VARCHAR) AS d, ${expr} AS v ${fromClause(run)} WHERE ${time} IS NOT NULL GROUP BY 1 ORDER BY 1`);
  const dates = textColumn(t, 'd').map((d) => d ?? '');
  const values = numberColumn(t, 'v').map((v) => v ?? Number.NaN);
  // No rows, or a metric with no values at all (the data lacks it): an empty series, said in a note.
  if (values.every((v) => !Number.isFinite(v))) {
    const why = dates.length ? 'no date has a usable value (null, or zero trials)' : `no row has a \`${o.text('time')}\` value`;
    return { dates: [], values: [], stepDays: 1, label, note: (await missingMetricNote(run, metrics)) ?? `${why}, so the series is empty` };
  }
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) o.fail(o.has('value') ? 'value' : 'trials', `has no usable value on ${dates[bad]} (null, or zero trials)`);
  let stepDays = 1;
  if (dates.length >= 2) {
    const ms = dates.map((d) => Date.parse(d));
    stepDays = Math.round((ms[1]! - ms[0]!) / DAY);
    for (let k = 1; k < ms.length; k++) {
      if (Math.round((ms[k]! - ms[k - 1]!) / DAY) !== stepDays) o.fail('time', `dates must be evenly spaced: ${dates[k - 1]} is followed by ${dates[k]} (fill the gap first)`);
    }
  }
  return { dates, values, stepDays, label };
}

/** ISO date `days` after an ISO date. */
export const addDays = (iso: string, days: number): string => new Date(Date.parse(iso) + days * DAY).toISOString().slice(0, 10);

/** `CAST(col AS DOUBLE) AS alias` for each column. */
export const doubles = (cols: string[], prefix = 'x') => cols.map((c, k) => `CAST(${quoteIdent(c)} AS DOUBLE) AS ${prefix}${k}`);
