import { numberColumn, textColumn, type ColumnType } from '../../arrow.ts';
import { kaplanMeier, medianSurvival, survivalAt, type ConfType, type CurvePoint } from '../../analytics/stats/kaplan-meier.ts';
import { logRankTest, type GroupTimeCounts } from '../../analytics/stats/log-rank.ts';
import { analysisCell, fromClause, type AnalysisRun } from '../analysis.ts';
import { column, optionalColumn, queryRows, sqlString } from '../quality/shared.ts';
import { formatNumber } from '../../format/numbers.ts';

const OUTPUTS = ['curve', 'steps', 'summary', 'at_times'] as const;
const CONF_TYPES = ['log', 'log-log', 'plain'] as const;
const ALL = '(all)';

const COLUMNS = {
  curve: ['group', 'time', 'n_risk', 'n_event', 'n_censor', 'survival', 'std_err', 'lower', 'upper'],
  steps: ['group', 'step', 'time', 'survival', 'lower', 'upper'],
  at_times: ['group', 'time', 'n_risk', 'n_event', 'survival', 'std_err', 'lower', 'upper'],
  summary: ['group', 'n', 'events', 'censored', 'median', 'median_lower', 'median_upper', 'expected', 'chisq', 'df', 'p_value', 'conf_type', 'conf_level'],
} as const;
const TYPES: Record<string, ColumnType> = {
  group: 'VARCHAR', time: 'DOUBLE', n_risk: 'BIGINT', n_event: 'BIGINT', n_censor: 'BIGINT', survival: 'DOUBLE', std_err: 'DOUBLE', lower: 'DOUBLE', upper: 'DOUBLE',
  step: 'BIGINT', n: 'BIGINT', events: 'BIGINT', censored: 'BIGINT', median: 'DOUBLE', median_lower: 'DOUBLE', median_upper: 'DOUBLE', expected: 'DOUBLE',
  chisq: 'DOUBLE', df: 'BIGINT', p_value: 'DOUBLE', conf_type: 'VARCHAR', conf_level: 'DOUBLE',
};

/** The duration and event of each row, as SQL expressions, from `time:` + `event:` or from `start:` + `end:` dates. */
async function durationOf(run: AnalysisRun): Promise<{ time: string; event: string; usable: string; notes: string[] }> {
  const o = run.opts;
  if (o.has('start')) {
    if (o.has('time') || o.has('event')) o.fail('start', 'give either `time:` + `event:` (a duration and a 0/1 event) or `start:` + `end:` (dates), not both');
    const start = column(run, 'start', 'start');
    const end = column(run, 'end', 'end');
    const ts = (c: string) => `CAST(${c} AS TIMESTAMP)`;
    let asOf: string;
    if (o.has('as_of')) asOf = `TIMESTAMP ${sqlString(o.date('as_of'))}`;
    else {
      const [r] = await queryRows(run, `SELECT CAST(greatest(max(${ts(start)}), max(${ts(end)})) AS VARCHAR) AS last ${fromClause(run)}`);
      asOf = r?.last ? `TIMESTAMP ${sqlString(String(r.last))}` : 'NULL::TIMESTAMP';
    }
    // An end after as_of had not happened yet at as_of: censored there.
    const stop = `CASE WHEN ${end} IS NOT NULL AND ${ts(end)} <= ${asOf} THEN ${ts(end)} ELSE ${asOf} END`;
    return {
      time: `(epoch(${stop}) - epoch(${ts(start)})) / 86400.0`,
      event: `CASE WHEN ${end} IS NOT NULL AND ${ts(end)} <= ${asOf} THEN 1 ELSE 0 END`,
      usable: `${start} IS NOT NULL AND ${ts(start)} <= ${asOf}`,
      notes: [`durations in days from \`${o.text('start')}\` to \`${o.text('end')}\`, censored at ${o.has('as_of') ? o.date('as_of') : 'the latest date in the data'} when there is no end yet`],
    };
  }
  const time = column(run, 'time', 'time');
  const event = column(run, 'event', 'status');
  const [bad] = await queryRows(run, `SELECT count(*) AS n, any_value(CAST(${event} AS VARCHAR)) AS example ${fromClause(run)} WHERE ${event} IS NOT NULL AND TRY_CAST(${event} AS DOUBLE) NOT IN (0, 1)`);
  if (Number(bad?.n) > 0) o.fail('event', `\`${o.text('event', 'status')}\` must be 1 (the event happened) or 0 (censored: not yet); ${bad!.n} row(s) hold other values, e.g. \`${String(bad!.example)}\``);
  return { time: `CAST(${time} AS DOUBLE)`, event: `CAST(${event} AS DOUBLE)`, usable: `${time} IS NOT NULL AND ${event} IS NOT NULL`, notes: [] };
}

/**
 * `survival`: Kaplan–Meier curves by group with R's survival-package conventions and the log-rank
 * test between groups. Events and censorings are counted per group and distinct time in SQL; the
 * product-limit, Greenwood errors, bands, medians and the test run on that reduced table.
 */
export const survivalCell = analysisCell({
  kind: 'survival',
  summary: 'Kaplan–Meier survival by group (R survival conventions: Greenwood errors, log / log-log / plain bands, median with its interval) and the log-rank test; curve, step-chart and summary tables.',
  formats: { survival: 'percent', lower: 'percent', upper: 'percent', std_err: 'number', p_value: 'number', n_risk: 'count', n: 'count', events: 'count', censored: 'count' },
  verdict: survivalVerdict,
  columnLabels(options): Record<string, string> {
    const unit = timeUnit(options);
    if (!unit) return {};
    return { time: `time (${unit})`, median: `median (${unit})`, median_lower: `median, lower bound (${unit})`, median_upper: `median, upper bound (${unit})` };
  },
  async compute(run) {
    const o = run.opts;
    const output = o.choice('output', OUTPUTS, 'curve');
    const confType: ConfType = o.choice('conf_type', CONF_TYPES, 'log');
    const confLevel = o.number('conf_level', 0.95, { min: 0, max: 1, exclusive: true });
    if (o.has('alpha')) o.number('alpha', 0.05, { min: 0, max: 1, exclusive: true });
    const times = output === 'at_times' ? o.list('times').map(Number) : [];
    if (output === 'at_times' && (times.length === 0 || times.some((t) => !Number.isFinite(t)))) o.fail('times', `needs a list of numbers, the times to read the curves at, e.g. [30, 90, 180] (got ${o.list('times').join(', ') || 'nothing'})`);
    if (o.has('unit') && o.text('unit').trim() === '') o.fail('unit', 'name the unit of `time:` in words, e.g. `unit: weeks`');
    if (o.has('unit') && o.has('start') && o.text('unit').trim() !== 'days') o.fail('unit', 'durations from `start:` and `end:` are in days: leave `unit:` out (it is for a `time:` column in another unit)');
    const group = optionalColumn(run, 'group');
    const d = await durationOf(run);
    const g = group ? `CAST(${group} AS VARCHAR)` : sqlString(ALL);
    const usable = `${d.usable}${group ? ` AND ${group} IS NOT NULL` : ''}`;
    const src = fromClause(run);
    const [check] = await queryRows(run, `SELECT count(*) AS total, count(*) FILTER (WHERE ${usable}) AS usable, count(*) FILTER (WHERE ${usable} AND (${d.time}) < 0) AS negative ${src}`);
    const notes = [...d.notes];
    const missing = Number(check?.total) - Number(check?.usable);
    const what = o.has('start') ? `a \`${o.text('start')}\` (or one after as_of)` : `a \`${o.text('time', 'time')}\` or \`${o.text('event', 'status')}\``;
    if (missing > 0) notes.push(`${missing} row(s) without ${what}${group ? ` or a \`${o.text('group')}\`` : ''} left out`);
    if (Number(check?.negative) > 0) notes.push(`${check!.negative} row(s) with a negative duration (the end before the start) left out: check them`);
    const t = await run.query(`
      WITH s AS (SELECT ${g} AS g, ${d.time} AS t, ${d.event} AS e ${src} WHERE ${usable})
      SELECT g, t, sum(e)::DOUBLE AS events, (count(*) - sum(e))::DOUBLE AS censored FROM s WHERE t >= 0 GROUP BY g, t ORDER BY g, t`);
    const gs = textColumn(t, 'g') as string[];
    const ts = numberColumn(t, 't') as number[];
    const ev = numberColumn(t, 'events') as number[];
    const ce = numberColumn(t, 'censored') as number[];
    const counts: GroupTimeCounts[] = gs.map((group, i) => ({ group, time: ts[i]!, events: ev[i]!, censored: ce[i]! }));
    const columns = [...COLUMNS[output]];
    const types = Object.fromEntries(columns.map((c) => [c, TYPES[c]!]));
    if (counts.length === 0) return { rows: [], columns, types, notes: [...notes, 'no rows to analyse: the result is empty'] };
    const groups = [...new Set(gs)].sort();
    const curves = new Map(groups.map((name) => [name, kaplanMeier(counts.filter((c) => c.group === name), { confType, confLevel })]));

    if (output === 'curve') {
      const rows = groups.flatMap((name) => curves.get(name)!.map((p) => ({
        group: name, time: p.time, n_risk: p.nRisk, n_event: p.nEvent, n_censor: p.nCensor, survival: p.survival, std_err: p.stdErr, lower: p.lower, upper: p.upper,
      })));
      return { rows, columns, types, notes };
    }
    if (output === 'at_times') {
      const rows = groups.flatMap((name) => {
        const curve = curves.get(name)!;
        const at = survivalAt(curve, times);
        const past = times.filter((t) => t > curve[curve.length - 1]!.time);
        if (past.length) notes.push(`\`${name}\`: ${past.join(', ')} past its last observed time (${curve[curve.length - 1]!.time}), left out`);
        return at.map((p) => ({ group: name, time: p.time, n_risk: p.nRisk, n_event: p.nEvent, survival: p.survival, std_err: p.stdErr, lower: p.lower, upper: p.upper }));
      });
      return { rows, columns, types, notes };
    }
    if (output === 'steps') return { rows: groups.flatMap((name) => stepRows(name, curves.get(name)!)), columns, types, notes };

    const test = groups.length > 1 ? logRankTest(counts) : undefined;
    if (!test) notes.push('one group: no log-rank test (set `group:` to compare groups)');
    else if (test.df < groups.length - 1) notes.push(`${groups.length - 1 - test.df} group(s) with no one at risk at any event time do not count in the test`);
    const rows = groups.map((name) => {
      const curve = curves.get(name)!;
      const m = medianSurvival(curve);
      const tg = test?.groups.find((x) => x.group === name);
      const events = curve.reduce((s, p) => s + p.nEvent, 0);
      const n = curve.reduce((s, p) => s + p.nEvent + p.nCensor, 0);
      return {
        group: name, n, events, censored: n - events, median: m.median, median_lower: m.lower, median_upper: m.upper,
        expected: tg?.expected ?? null, chisq: test?.chisq ?? null, df: test?.df ?? null, p_value: test && Number.isFinite(test.pValue) ? test.pValue : null,
        conf_type: confType, conf_level: confLevel,
      };
    });
    return { rows, columns, types, notes };
  },
});

/**
 * Points that draw the step function with a line and an area mark: (0, 1), then at each event time the
 * level before the drop and after it, and the last time observed (so the line runs to the last censoring).
 */
function stepRows(group: string, curve: CurvePoint[]): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const push = (time: number, s: number, lower: number | null, upper: number | null) => rows.push({ group, step: rows.length + 1, time, survival: s, lower, upper });
  let prev = { s: 1, lower: 1 as number | null, upper: 1 as number | null };
  push(Math.min(0, curve[0]?.time ?? 0), 1, 1, 1);
  for (const p of curve) {
    if (p.nEvent === 0) continue;
    push(p.time, prev.s, prev.lower, prev.upper);
    push(p.time, p.survival, p.lower, p.upper);
    prev = { s: p.survival, lower: p.lower, upper: p.upper };
  }
  const last = curve[curve.length - 1];
  if (last && last.nEvent === 0) push(last.time, prev.s, prev.lower, prev.upper);
  return rows;
}

/** The unit of the durations: `unit:` when given, days when they come from `start:` / `end:` dates, else unknown. */
function timeUnit(options: Record<string, unknown>): string | undefined {
  if (typeof options.unit === 'string' && options.unit.trim() !== '') return options.unit.trim();
  return options.start !== undefined ? 'days' : undefined;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const timeText = (v: unknown) => (num(v) === null ? 'not reached' : formatNumber(num(v)!, 'number'));

/**
 * summary: whether survival differs between the groups (log-rank at `alpha`, default 0.05) and each
 * group's median with its interval; the curve and steps tables have no one-line finding.
 */
export function survivalVerdict(rows: Record<string, unknown>[], options: Record<string, unknown> = {}): string | undefined {
  if (!rows.every((r) => 'median' in r)) return undefined;
  const alpha = num(Number(options.alpha ?? 0.05)) ?? 0.05;
  const level = formatNumber(num(rows[0]!.conf_level) ?? 0.95, 'percent').replace(/\.0+ %$/, ' %');
  const unit = timeUnit(options);
  const inUnit = (v: unknown) => (unit && num(v) !== null ? `${timeText(v)} ${unit}` : timeText(v));
  const medians = rows.map((r) => `${String(r.group)} ${inUnit(r.median)} (${level} CI ${timeText(r.median_lower)} to ${timeText(r.median_upper)})`).join(', ');
  const p = num(rows[0]!.p_value);
  if (rows.length < 2 || p === null) return `Median survival: ${medians}`;
  const chisq = num(rows[0]!.chisq)!;
  const pText = p < 0.001 ? 'p < 0.001' : `p = ${String(Number(p.toPrecision(2)))}`;
  const differs = p < alpha;
  return `${differs ? 'Survival differs between the groups' : 'No clear difference in survival between the groups'}: log-rank χ² = ${chisq.toFixed(2)} on ${String(rows[0]!.df)} df, ${pText} — ${differs ? 'significant' : 'not significant'} at ${formatNumber(alpha, 'percent').replace(/\.0+ %$/, ' %')}. Median: ${medians}`;
}
