import { numberColumn, textColumn, type ColumnType } from '../../arrow.ts';
import { allocateBudget, chooseResponseCurve, curveMarginal, curveValue, type CurveFit, type CurveModel } from '../../analytics/attribution/index.ts';
import { analysisCell, fromClause, type AnalysisRun } from '../analysis.ts';
import { emptyResult } from '../emptyResult.ts';
import { column } from '../quality/shared.ts';

const OUTPUTS = ['curves', 'fits', 'allocation', 'scenarios', 'points'] as const;
type Output = (typeof OUTPUTS)[number];

const COLUMNS: Record<Output, string[]> = {
  curves: ['channel', 'model', 'a', 'a_se', 'k', 'k_se', 's', 's_se', 'r2', 'aic', 'aic_other', 'n_points', 'max_observed_spend', 'current_spend', 'current_outcome',
    'average_roas', 'marginal_roas_current', 'at_spend', 'marginal_roas_at', 'note'],
  fits: ['channel', 'model', 'a', 'a_se', 'k', 'k_se', 's', 's_se', 'sse', 'r2', 'aic', 'chosen', 'note'],
  allocation: ['channel', 'current_spend', 'optimal_spend', 'change', 'change_pct', 'current_outcome', 'optimal_outcome', 'marginal_roas_current', 'marginal_roas_optimal',
    'capped', 'extrapolated', 'note'],
  scenarios: ['ratio', 'channel', 'spend', 'outcome', 'marginal_roas', 'incremental_outcome', 'incremental_roas', 'note'],
  points: ['channel', 'spend', 'outcome', 'marginal_roas', 'note'],
};
const TEXT = new Set(['channel', 'model', 'note']);
const BOOL = new Set(['chosen', 'capped', 'extrapolated']);
const typesOf = (cols: string[]): Record<string, ColumnType> =>
  Object.fromEntries(cols.map((c) => [c, TEXT.has(c) ? 'VARCHAR' : BOOL.has(c) ? 'BOOLEAN' : c === 'n_points' ? 'BIGINT' : 'DOUBLE']));

/** One channel's points and its fit (or why it has none). */
interface Channel {
  name: string;
  spend: number[];
  outcome: number[];
  fits: CurveFit[];
  best: CurveFit | null;
  current: number;
  maxSpend: number;
  problem: string | null;
}

const ALL = '(all channels)';
const fin = (x: number) => (Number.isFinite(x) ? x : null);

/** Points per channel: one per `time:` period (summed in SQL), or one per row. */
async function channelPoints(run: AnalysisRun): Promise<{ channels: Map<string, { spend: number[]; outcome: number[] }>; dropped: number }> {
  const channel = column(run, 'channel', 'channel');
  const spend = column(run, 'spend', 'spend');
  const [outcome] = run.columns('outcome');
  const time = run.opts.has('time') ? run.columns('time')[0] : undefined;
  const where = `${channel} IS NOT NULL AND ${spend} IS NOT NULL AND ${outcome} IS NOT NULL`;
  const sql = time
    ? `SELECT CAST(${channel} AS VARCHAR) AS c, sum(${spend})::DOUBLE AS x, sum(${outcome})::DOUBLE AS y ${fromClause(run)} WHERE ${where} AND ${time} IS NOT NULL GROUP BY 1, ${time} ORDER BY 1, ${time}`
    : `SELECT CAST(${channel} AS VARCHAR) AS c, ${spend}::DOUBLE AS x, ${outcome}::DOUBLE AS y ${fromClause(run)} WHERE ${where} ORDER BY 1, 2`;
  const t = await run.query(sql);
  const [dropped] = numberColumn(await run.query(`SELECT count(*)::DOUBLE AS d ${fromClause(run)} WHERE NOT (${where}${time ? ` AND ${time} IS NOT NULL` : ''})`), 'd');
  const c = textColumn(t, 'c');
  const x = numberColumn(t, 'x');
  const y = numberColumn(t, 'y');
  const channels = new Map<string, { spend: number[]; outcome: number[] }>();
  c.forEach((name, i) => {
    const ch = channels.get(name!) ?? { spend: [], outcome: [] };
    ch.spend.push(x[i]!);
    ch.outcome.push(y[i]!);
    channels.set(name!, ch);
  });
  return { channels, dropped: dropped ?? 0 };
}

/**
 * `response-curve`: per channel, fit outcome per period against spend per period with saturating
 * curves (Hill and log, chosen by AIC), then read marginal returns, the budget split that equalizes
 * them, and a scenario grid. `output:` picks the table.
 */
export const responseCurveCell = analysisCell({
  kind: 'response-curve',
  summary: 'Saturating spend-response curves per channel (Hill / log by AIC, Levenberg–Marquardt, SEs), marginal ROAS, equal-marginal budget split and spend scenarios.',
  async compute(run) {
    const o = run.opts;
    const output = o.choice('output', OUTPUTS, 'curves');
    const cols = COLUMNS[output];
    const types = typesOf(cols);
    const modelOpt = o.choice('model', ['auto', 'hill', 'log'] as const, 'auto');
    const models: CurveModel[] = modelOpt === 'auto' ? ['hill', 'log'] : [modelOpt];
    const atSpend = o.has('at_spend') ? o.number('at_spend', undefined, { min: 0 }) : null;
    const multiple = o.number('max_spend_multiple', 2, { min: 1 });
    const ratios = o.list('ratios', ['0.5', '0.75', '1', '1.25', '1.5', '2']).map(Number);
    if (ratios.some((r) => !(r >= 0))) o.fail('ratios', `must be spend multiples of 0 or more (got ${o.list('ratios').join(', ')})`);

    const { channels: points, dropped } = await channelPoints(run);
    const droppedNote = dropped ? `${dropped} row(s) with an empty channel, spend, outcome${o.has('time') ? ' or time' : ''} left out` : null;
    if (points.size === 0) return emptyResult(cols, `no rows with spend and outcome in \`${run.source!.name}\`${droppedNote ? ` (${droppedNote})` : ''}`, types);

    const channels: Channel[] = [...points].map(([name, p]) => {
      const current = p.spend.reduce((a, v) => a + v, 0) / p.spend.length;
      const maxSpend = Math.max(...p.spend);
      if (p.spend.some((v) => v < 0)) o.fail('spend', `channel \`${name}\` has negative spend (${Math.min(...p.spend)}); spend must be 0 or more`);
      try {
        const { best, fits } = chooseResponseCurve(p.spend, p.outcome, models);
        return { name, ...p, fits, best, current, maxSpend, problem: null };
      } catch (e) {
        return { name, ...p, fits: [], best: null, current, maxSpend, problem: `no curve: ${(e as Error).message}` };
      }
    });
    const note = (c: Channel) => [c.problem, droppedNote].filter(Boolean).join('; ') || null;
    const fitted = channels.filter((c) => c.best);
    let rows: Record<string, unknown>[];

    if (output === 'curves') {
      rows = channels.map((c) => {
        const b = c.best;
        const other = c.fits.find((f) => f !== b);
        return {
          channel: c.name, model: b?.model ?? null, a: b?.a ?? null, a_se: b?.aSe ?? null, k: b?.k ?? null, k_se: b?.kSe ?? null,
          s: b?.model === 'hill' ? b.s : null, s_se: b?.sSe ?? null, r2: b ? fin(b.r2) : null, aic: b?.aic ?? null, aic_other: other?.aic ?? null,
          n_points: c.spend.length, max_observed_spend: c.maxSpend, current_spend: c.current,
          current_outcome: b ? curveValue(b, c.current) : null,
          average_roas: b && c.current > 0 ? curveValue(b, c.current) / c.current : null,
          marginal_roas_current: b ? fin(curveMarginal(b, c.current)) : null,
          at_spend: atSpend, marginal_roas_at: b && atSpend !== null ? fin(curveMarginal(b, atSpend)) : null, note: note(c),
        };
      });
    } else if (output === 'fits') {
      rows = channels.flatMap((c) => (c.fits.length ? c.fits : [null]).map((f) => ({
        channel: c.name, model: f?.model ?? null, a: f?.a ?? null, a_se: f?.aSe ?? null, k: f?.k ?? null, k_se: f?.kSe ?? null,
        s: f?.model === 'hill' ? f.s : null, s_se: f?.sSe ?? null, sse: f?.sse ?? null, r2: f ? fin(f.r2) : null, aic: f?.aic ?? null, chosen: f ? f === c.best : null, note: note(c),
      })));
    } else if (output === 'allocation') {
      if (fitted.length === 0) return emptyResult(cols, `no channel has a fitted curve (${channels.map((c) => `${c.name}: ${c.problem}`).join('; ')})`, types);
      const currentTotal = fitted.reduce((a, c) => a + c.current, 0);
      const budget = o.number('budget', currentTotal, { min: 0 });
      const alloc = allocateBudget(fitted.map((c) => c.best!), budget, fitted.map((c) => c.maxSpend * multiple));
      const head = `budget ${budget.toPrecision(6)} per period (current ${currentTotal.toPrecision(6)}); caps at ${multiple}× each channel's highest observed spend`;
      const extra = alloc.shortfall > budget * 1e-6 ? `; ${alloc.shortfall.toPrecision(4)} left unallocated (every channel capped, or an S-shaped curve not worth entering)` : '';
      rows = fitted.map((c, i) => {
        const x = alloc.spend[i]!;
        const notes = [head + extra, c.problem, droppedNote].filter(Boolean).join('; ');
        return {
          channel: c.name, current_spend: c.current, optimal_spend: x, change: x - c.current, change_pct: c.current > 0 ? (x - c.current) / c.current : null,
          current_outcome: curveValue(c.best!, c.current), optimal_outcome: curveValue(c.best!, x),
          marginal_roas_current: fin(curveMarginal(c.best!, c.current)), marginal_roas_optimal: fin(alloc.marginal[i]!),
          capped: alloc.capped[i]!, extrapolated: x > c.maxSpend, note: notes,
        };
      });
      for (const c of channels.filter((ch) => !ch.best)) rows.push({ channel: c.name, current_spend: c.current, note: note(c) });
    } else if (output === 'scenarios') {
      rows = [];
      for (const r of ratios) {
        let sx = 0, sy = 0, sy1 = 0, sx1 = 0;
        for (const c of fitted) {
          const x = r * c.current;
          const y = curveValue(c.best!, x);
          const y1 = curveValue(c.best!, c.current);
          sx += x; sy += y; sy1 += y1; sx1 += c.current;
          rows.push({ ratio: r, channel: c.name, spend: x, outcome: y, marginal_roas: fin(curveMarginal(c.best!, x)), incremental_outcome: y - y1,
            incremental_roas: x !== c.current ? (y - y1) / (x - c.current) : null, note: x > c.maxSpend ? `beyond the highest observed spend (${c.maxSpend})` : droppedNote });
        }
        rows.push({ ratio: r, channel: ALL, spend: sx, outcome: sy, marginal_roas: null, incremental_outcome: sy - sy1, incremental_roas: sx !== sx1 ? (sy - sy1) / (sx - sx1) : null, note: droppedNote });
      }
    } else {
      const steps = o.number('steps', 50, { min: 2 });
      rows = fitted.flatMap((c) => {
        const top = c.maxSpend * multiple;
        return Array.from({ length: steps + 1 }, (_, j) => {
          const x = (top * j) / steps;
          return { channel: c.name, spend: x, outcome: curveValue(c.best!, x), marginal_roas: fin(curveMarginal(c.best!, x)), note: x > c.maxSpend ? 'extrapolated' : null };
        });
      });
    }
    return { rows, columns: cols, types };
  },
});
