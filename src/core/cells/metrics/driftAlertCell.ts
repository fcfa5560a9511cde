import { numberColumn, textColumn } from '../../arrow.ts';
import { driftStatistics, movingRangeSigma } from '../../analytics/monitoring/drift.ts';
import { formatNumber } from '../../format/numbers.ts';
import { allPresent, analysisCell, fromClause, missingMetricNote, type AnalysisRun } from '../analysis.ts';

const SERIES_COLUMNS = ['time', 'value', 'ewma', 'ewma_lcl', 'ewma_ucl', 'ewma_signal', 'cusum_upper', 'cusum_lower', 'cusum_limit', 'cusum_signal', 'target', 'baseline'];
const ALARM_COLUMNS = ['time', 'method', 'direction', 'statistic', 'limit', 'value', 'shift_start', 'estimated_mean', 'target', 'sigma', 'lambda', 'L', 'k', 'h'];

/** The time column as text the result can carry with its type: dates, timestamps (UTC-naive) or numbers. */
function timeOf(run: AnalysisRun, quoted: string): { expr: string; type: 'DATE' | 'TIMESTAMP' | 'DOUBLE' | 'VARCHAR' } {
  const name = quoted.slice(1, -1).replaceAll('""', '"');
  const type = run.source!.columns.find((c) => c.name === name)!.type.toUpperCase();
  if (type === 'DATE') return { expr: `CAST(${quoted} AS VARCHAR)`, type: 'DATE' };
  if (type.startsWith('TIMESTAMP')) return { expr: `strftime(CAST(${quoted} AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S')`, type: 'TIMESTAMP' };
  if (/INT|DOUBLE|FLOAT|DECIMAL|REAL/.test(type)) return { expr: `CAST(${quoted} AS VARCHAR)`, type: 'DOUBLE' };
  return { expr: `CAST(${quoted} AS VARCHAR)`, type: 'VARCHAR' };
}

/**
 * `drift-alert`: EWMA and tabular CUSUM on a series (a value per time, or a rate successes / trials per
 * time), Montgomery's conventions, with the alarms and their times and every parameter stated.
 */
export const driftAlertCell = analysisCell({
  kind: 'drift-alert',
  summary: 'EWMA (exact time-varying limits) and tabular CUSUM (k, h in σ units) on a value or rate series, Montgomery\'s conventions: alarms with their time, parameters stated.',
  verdict(rows) {
    if (!('method' in rows[0]!)) return undefined;
    const first = (m: string) => rows.find((r) => r.method === m);
    const parts = ['ewma', 'cusum'].flatMap((m) => {
      const r = first(m);
      if (!r) return [];
      const since = m === 'cusum' && r.shift_start !== null ? `, drift since about ${String(r.shift_start)}, level now ~${formatNumber(Number(r.estimated_mean), 'number')}` : '';
      return [`${m === 'ewma' ? 'EWMA' : 'CUSUM'} first alarms at ${String(r.time)} (${String(r.direction)}${since})`];
    });
    return parts.length ? `${parts.join('; ')}; ${rows.length} alarm${rows.length === 1 ? '' : 's'} in all` : undefined;
  },
  async compute(run) {
    const o = run.opts;
    const output = o.choice('output', ['alarms', 'series'] as const, 'alarms');
    const method = o.choice('method', ['both', 'ewma', 'cusum'] as const, 'both');
    const lambda = o.number('lambda', 0.1, { min: 0, max: 1, exclusive: true });
    const L = o.number('L', 2.7, { min: 0, exclusive: true });
    const k = o.number('k', 0.5, { min: 0 });
    const h = o.number('h', 5, { min: 0, exclusive: true });
    const [time] = run.columns('time');
    const t = timeOf(run, time!);
    let expr: string;
    let metrics: string[];
    if (o.has('value')) {
      const [value] = run.columns('value');
      expr = `sum(${value})::DOUBLE`;
      metrics = [value!];
    } else if (o.has('successes') || o.has('trials')) {
      const [s, n] = run.columns('successes', 'trials');
      const both = `FILTER (WHERE ${allPresent([s!, n!])})`;
      expr = `sum(${s}) ${both}::DOUBLE / nullif(sum(${n}) ${both}, 0)::DOUBLE`;
      metrics = [s!, n!];
    } else {
      return o.fail('time', 'needs `value:` (a column summed per time) or `successes:` and `trials:` for a rate per time');
    }
    const q = await run.query(`SELECT ${t.expr} AS t, ${expr} AS v ${fromClause(run)} WHERE ${time} IS NOT NULL GROUP BY ${time} ORDER BY ${time}`);
    const notes: string[] = [];
    const missing = await missingMetricNote(run, metrics);
    if (missing) notes.push(missing);
    const allTimes = textColumn(q, 't') as string[];
    const allValues = numberColumn(q, 'v');
    const keep = allValues.map((v) => v !== null && Number.isFinite(v));
    const times = allTimes.filter((_, i) => keep[i]);
    const x = allValues.filter((_, i) => keep[i]) as number[];
    if (x.length < allValues.length) notes.push(`${allValues.length - x.length} time(s) with no usable value (null, or zero trials) left out`);
    const columns = output === 'series' ? SERIES_COLUMNS : ALARM_COLUMNS;
    const timeType = t.type === 'DOUBLE' ? 'DOUBLE' : t.type;
    const types = Object.fromEntries(columns.map((c) => [c, c === 'time' || c === 'shift_start' ? timeType : ['method', 'direction', 'ewma_signal', 'cusum_signal'].includes(c) ? 'VARCHAR' : c === 'baseline' ? 'BOOLEAN' : 'DOUBLE'])) as Record<string, 'DOUBLE' | 'VARCHAR' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP'>;
    const timeValue = (s: string | null) => (s === null ? null : t.type === 'DOUBLE' ? Number(s) : s);
    if (x.length === 0) return { rows: [], columns, types, notes: notes.length ? notes : [`\`${run.source!.name}\` has no rows with a time and a value, so the result is empty`] };

    // The in-control baseline: the first `baseline_points` values (default 20, Montgomery's phase I
    // minimum), or those up to `baseline_end`.
    let baselineCount: number;
    if (o.has('baseline_end')) {
      const end = String(o.data.baseline_end);
      baselineCount = times.filter((s) => (t.type === 'DOUBLE' ? Number(s) <= Number(end) : s.slice(0, end.length) <= end)).length;
    } else {
      baselineCount = Math.min(o.number('baseline_points', 20, { min: 2 }), x.length);
    }
    const baseline = x.slice(0, baselineCount);
    const target = o.has('target') ? o.number('target') : baseline.reduce((a, b) => a + b, 0) / baseline.length;
    const sigma = o.has('sigma') ? o.number('sigma', undefined, { min: 0, exclusive: true }) : movingRangeSigma(baseline);
    if (!o.has('sigma') && !(sigma > 0)) o.fail(o.has('baseline_end') ? 'baseline_end' : 'baseline_points', `the baseline (${baseline.length} value(s)) has no variation to estimate σ from; give \`sigma:\` or a longer baseline`);
    if (!o.has('target') || !o.has('sigma')) notes.push(`${[!o.has('target') ? 'target = baseline mean' : '', !o.has('sigma') ? 'σ = baseline mean moving range / 1.128' : ''].filter(Boolean).join(', ')} over the first ${baseline.length} values (to ${times[baseline.length - 1]})`);
    if (baseline.length < 20 && (!o.has('target') || !o.has('sigma'))) notes.push(`a baseline of ${baseline.length} values is short (Montgomery suggests at least 20–25)`);
    notes.push(`target ${formatNumber(target, 'number')}, σ ${formatNumber(sigma, 'number')}; EWMA λ = ${lambda}, L = ${L}; CUSUM k = ${k}, h = ${h} (K = ${formatNumber(k * sigma, 'number')}, H = ${formatNumber(h * sigma, 'number')})`);
    const stats = driftStatistics(x, { target, sigma, lambda, L, k, h });
    const useEwma = method !== 'cusum';
    const useCusum = method !== 'ewma';
    if (output === 'series') {
      const rows = stats.map((s, i) => ({
        time: timeValue(times[i]!), value: x[i]!,
        ewma: useEwma ? s.ewma : null, ewma_lcl: useEwma ? s.lcl : null, ewma_ucl: useEwma ? s.ucl : null, ewma_signal: useEwma ? s.ewmaSignal : null,
        cusum_upper: useCusum ? s.upper : null, cusum_lower: useCusum ? s.lower : null, cusum_limit: useCusum ? h * sigma : null, cusum_signal: useCusum ? s.cusumSignal : null,
        target, baseline: i < baseline.length,
      }));
      return { rows, columns, types, notes };
    }
    // An alarm is the onset of a signal: out of limits now, not at the previous time (or the other direction).
    const params = { target, sigma, lambda, L, k, h };
    const rows: Record<string, unknown>[] = [];
    stats.forEach((s, i) => {
      const prev = stats[i - 1];
      if (useEwma && s.ewmaSignal && s.ewmaSignal !== prev?.ewmaSignal) {
        rows.push({ time: timeValue(times[i]!), method: 'ewma', direction: s.ewmaSignal, statistic: s.ewma, limit: s.ewmaSignal === 'up' ? s.ucl : s.lcl, value: x[i]!, shift_start: null, estimated_mean: null, ...params });
      }
      if (useCusum && s.cusumSignal && s.cusumSignal !== prev?.cusumSignal) {
        const up = s.cusumSignal === 'up';
        const run = up ? s.upperRun : s.lowerRun;
        const stat = up ? s.upper : s.lower;
        rows.push({
          time: timeValue(times[i]!), method: 'cusum', direction: s.cusumSignal, statistic: stat, limit: h * sigma, value: x[i]!,
          shift_start: timeValue(times[i - run + 1] ?? null), estimated_mean: up ? target + k * sigma + stat / run : target - k * sigma - stat / run, ...params,
        });
      }
    });
    if (rows.length === 0) notes.push('no alarm: the series stayed within the limits');
    return { rows, columns, types, notes };
  },
});
