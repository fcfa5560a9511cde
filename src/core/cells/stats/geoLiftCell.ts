import { numberColumn, textColumn } from '../../arrow.ts';
import { differenceInDifferences, syntheticControl, type Panel } from '../../analytics/geo/geo-lift.ts';
import { formatNumber } from '../../format/numbers.ts';
import { allPresent, analysisCell, fromClause, type AnalysisRun } from '../analysis.ts';

const OUTPUTS = ['summary', 'series', 'weights', 'placebos'] as const;
type Output = (typeof OUTPUTS)[number];
const COLUMNS: Record<Output, string[]> = {
  summary: [
    'method', 'estimate', 'se', 'ci_low', 'ci_high', 'p_value', 'relative_lift', 'pre_trend_difference', 'pre_trend_p', 'pre_rmspe', 'post_rmspe',
    'rmspe_ratio', 'placebo_p', 'placebo_rank', 'placebos', 'treated_regions', 'control_regions', 'pre_dates', 'post_dates',
  ],
  series: ['date', 'period', 'treated', 'synthetic', 'gap', 'control_mean', 'did_counterfactual'],
  weights: ['region', 'weight'],
  placebos: ['region', 'is_treated', 'pre_rmspe', 'post_rmspe', 'rmspe_ratio', 'used', 'rank'],
};
const TEXT = new Set(['method', 'date', 'period', 'region']);
const INTEGER = new Set(['placebo_rank', 'placebos', 'treated_regions', 'control_regions', 'pre_dates', 'post_dates', 'rank']);
const typesOf = (cols: string[]) =>
  Object.fromEntries(cols.map((c) => [c, c === 'date' ? ('DATE' as const) : TEXT.has(c) ? ('VARCHAR' as const) : c === 'is_treated' || c === 'used' ? ('BOOLEAN' as const) : INTEGER.has(c) ? ('BIGINT' as const) : ('DOUBLE' as const)]));

const pText = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${String(Number(p.toPrecision(2)))}`);
const signed = (v: number) => `${v > 0 ? '+' : ''}${formatNumber(v, 'number')}`;

/** The region × date panel summed in SQL; regions missing a date are dropped (a treated one is an error). */
async function readPanel(run: AnalysisRun, treatedNames: string[], start: string, end: string | undefined): Promise<{ panel: Panel; dates: string[]; notes: string[] }> {
  const o = run.opts;
  const [region, time, value] = run.columns('region', 'time', 'value');
  const within = end ? ` AND CAST(${time} AS DATE) <= DATE '${end}'` : '';
  const t = await run.query(
    `SELECT CAST(${region} AS VARCHAR) AS r, CAST(CAST(${time} AS DATE) AS VARCHAR) AS d, sum(${value})::DOUBLE AS v
     ${fromClause(run)} WHERE ${allPresent([region!, time!, value!])}${within} GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const rs = textColumn(t, 'r') as string[];
  const ds = textColumn(t, 'd') as string[];
  const vs = numberColumn(t, 'v') as number[];
  const dates = [...new Set(ds)].sort();
  const dateIndex = new Map(dates.map((d, i) => [d, i]));
  const byRegion = new Map<string, (number | null)[]>();
  rs.forEach((r, i) => {
    if (!byRegion.has(r)) byRegion.set(r, dates.map(() => null));
    byRegion.get(r)![dateIndex.get(ds[i]!)!] = vs[i]!;
  });
  const notes: string[] = [];
  for (const name of treatedNames) if (!byRegion.has(name)) o.fail('treated', `\`${name}\` is not a region of ${o.text('region')} (regions: ${[...byRegion.keys()].slice(0, 12).join(', ')})`);
  const incomplete = [...byRegion.entries()].filter(([, v]) => v.some((x) => x === null)).map(([r]) => r);
  const badTreated = incomplete.filter((r) => treatedNames.includes(r));
  if (badTreated.length) o.fail('treated', `\`${badTreated[0]}\` has no ${o.text('value')} on some dates (fill them in SQL, e.g. with 0, or shorten the window)`);
  if (incomplete.length) notes.push(`${incomplete.length} control region(s) without a value on every date left out: ${incomplete.slice(0, 5).join(', ')}${incomplete.length > 5 ? ', …' : ''}`);
  const regions = [...byRegion.keys()].filter((r) => !incomplete.includes(r));
  const startIndex = dates.findIndex((d) => d >= start);
  return {
    panel: { regions, values: regions.map((r) => byRegion.get(r)! as number[]), start: startIndex < 0 ? dates.length : startIndex, treated: regions.map((r, i) => (treatedNames.includes(r) ? i : -1)).filter((i) => i >= 0) },
    dates,
    notes,
  };
}

/**
 * `geo-lift`: a geo experiment's lift by difference-in-differences (region-level pre / post means,
 * SE with the region as the unit, parallel-trends check on pre-period slopes) and synthetic control
 * (simplex donor weights fitted on the pre-period, RMSPE, post gap, placebo-in-space p-value).
 */
export const geoLiftCell = analysisCell({
  kind: 'geo-lift',
  summary: 'Geo experiment lift: difference-in-differences (region-clustered SE, parallel-trends check) and synthetic control (simplex weights, pre RMSPE, post gap, placebo p-value); treated vs synthetic series.',
  formats: { relative_lift: 'percent', weight: 'percent' },
  // The series are means of the value per region and date: a chart of treated against synthetic is titled with the measure.
  columnLabels(options): Record<string, string> {
    if (typeof options.value !== 'string' || options.value.includes('${')) return {};
    const perRegion = `${options.value}, mean per region`;
    return { treated: perRegion, synthetic: perRegion, control_mean: perRegion, did_counterfactual: perRegion, gap: `${options.value}, treated − synthetic` };
  },
  verdict(rows, options) {
    const did = rows.find((r) => r.method === 'difference-in-differences');
    const sc = rows.find((r) => r.method === 'synthetic control');
    if (!did || !sc) return undefined;
    const level = `${Math.round((1 - Number(options?.alpha ?? 0.05)) * 100)} %`;
    const parts: string[] = [];
    const est = Number(did.estimate);
    const ci = typeof did.ci_low === 'number' && typeof did.ci_high === 'number' ? ` (${level} CI ${signed(did.ci_low)} to ${signed(did.ci_high)}${typeof did.p_value === 'number' ? `, ${pText(did.p_value)}` : ''})` : '';
    const rel = typeof did.relative_lift === 'number' ? `, ${signed(did.relative_lift * 100)} %` : '';
    parts.push(`difference-in-differences lift ${signed(est)} per region per date${rel}${ci}`);
    if (typeof did.pre_trend_p === 'number') parts.push(`pre-period trends ${did.pre_trend_p < 0.05 ? 'NOT parallel' : 'parallel'} (${pText(did.pre_trend_p)})`);
    const placebo = typeof sc.placebo_p === 'number' ? ` (placebo p = ${Number(sc.placebo_p.toPrecision(2))}, rank ${String(sc.placebo_rank)} of ${Number(sc.placebos) + 1})` : '';
    parts.push(`synthetic control gap ${signed(Number(sc.estimate))}${placebo}`);
    return parts.join('; ');
  },
  async compute(run) {
    const o = run.opts;
    const output = o.choice('output', OUTPUTS, 'summary');
    const treatedNames = o.list('treated');
    if (treatedNames.length === 0) o.fail('treated', 'needs the treated region(s), e.g. `treated: [north]`');
    const start = o.date('start');
    const end = o.has('end') ? o.date('end') : undefined;
    const alpha = o.number('alpha', 0.05, { min: 0, max: 1, exclusive: true });
    const { panel, dates, notes } = await readPanel(run, treatedNames, start, end);
    const columns = COLUMNS[output];
    const types = typesOf(columns);
    if (dates.length === 0) return { rows: [], columns, types, notes: [`no rows with ${o.text('region')}, ${o.text('time')} and ${o.text('value')} in \`${run.source!.name}\`, so the result is empty`, ...notes] };
    if (panel.start < 2) o.fail('start', `leaves ${panel.start} pre-period date(s) (data from ${dates[0]}); need at least 2, and more for a fit worth reading`);
    if (panel.start >= dates.length) o.fail('start', `is after the last date (${dates[dates.length - 1]}): no post-period`);
    const controls = panel.regions.length - panel.treated.length;
    if (controls < 2) o.fail('treated', `leaves ${controls} control region(s); need at least 2`);
    const did = differenceInDifferences(panel, 1 - alpha);
    const fitLimit = o.has('placebo_fit_limit') ? o.number('placebo_fit_limit', undefined, { min: 1 }) : undefined;
    const sc = syntheticControl(panel, fitLimit);
    const dropped = sc.placebos.filter((p) => !p.used).length;
    if (fitLimit !== undefined) notes.push(`${dropped} placebo(s) with a pre-period RMSPE above ${fitLimit} × the treated one's left out of the placebo p-value`);
    const pre = panel.start;
    const post = dates.length - pre;
    if (pre < 8) notes.push(`only ${pre} pre-period dates: the synthetic control fit and the trend check are weak`);
    const treatedPreMean = Math.abs(did.treatedPre);
    if (treatedPreMean > 0 && sc.preRmspe > 0.05 * treatedPreMean) {
      notes.push(`the synthetic control fits the pre-period poorly (RMSPE ${formatNumber(sc.preRmspe, 'number')}, ${formatNumber(sc.preRmspe / treatedPreMean, 'percent')} of the treated pre-period mean): the treated series is outside what the controls can reach (e.g. above or below all of them); read its gap with care`);
    }
    if (panel.treated.length === 1) notes.push('one treated region: the DiD SE uses the control regions\' spread (a prediction interval, df = controls − 1)');
    if (output === 'summary') {
      const rows = [
        {
          method: 'difference-in-differences', estimate: did.estimate, se: did.se, ci_low: did.ciLow, ci_high: did.ciHigh, p_value: did.pValue, relative_lift: did.relativeLift,
          pre_trend_difference: did.preTrend.estimate, pre_trend_p: did.preTrend.pValue, pre_rmspe: null, post_rmspe: null, rmspe_ratio: null, placebo_p: null,
          placebo_rank: null, placebos: null, treated_regions: panel.treated.length, control_regions: controls, pre_dates: pre, post_dates: post,
        },
        {
          method: 'synthetic control', estimate: sc.meanPostGap, se: null, ci_low: null, ci_high: null, p_value: null, relative_lift: sc.relativeLift,
          pre_trend_difference: null, pre_trend_p: null, pre_rmspe: sc.preRmspe, post_rmspe: sc.postRmspe, rmspe_ratio: Number.isFinite(sc.ratio) ? sc.ratio : null,
          placebo_p: sc.placeboP, placebo_rank: sc.rank, placebos: sc.placebos.filter((p) => p.used).length, treated_regions: panel.treated.length, control_regions: controls, pre_dates: pre, post_dates: post,
        },
      ];
      return { rows, columns, types, notes };
    }
    if (output === 'weights') {
      const rows = [...sc.weights].sort((a, b) => b.weight - a.weight || (a.region < b.region ? -1 : 1)).map((w) => ({ region: w.region, weight: w.weight }));
      return { rows, columns, types, notes };
    }
    if (output === 'placebos') {
      const all = [
        { region: treatedNames.join(' + '), is_treated: true, pre_rmspe: sc.preRmspe, post_rmspe: sc.postRmspe, rmspe_ratio: sc.ratio, used: true },
        ...sc.placebos.map((p) => ({ region: p.region, is_treated: false, pre_rmspe: p.preRmspe, post_rmspe: p.postRmspe, rmspe_ratio: p.ratio, used: p.used })),
      ];
      const sorted = all.sort((a, b) => b.rmspe_ratio - a.rmspe_ratio || Number(b.is_treated) - Number(a.is_treated));
      // Ranked among the units counted in the p-value; a placebo left out has no rank.
      let rank = 0;
      const rows = sorted.map((r) => ({ ...r, rmspe_ratio: Number.isFinite(r.rmspe_ratio) ? r.rmspe_ratio : null, rank: r.used ? ++rank : null }));
      return { rows, columns, types, notes };
    }
    const isTreated = new Set(panel.treated);
    const controlIdx = panel.regions.map((_, r) => r).filter((r) => !isTreated.has(r));
    const controlMean = dates.map((_, t) => controlIdx.reduce((s, r) => s + panel.values[r]![t]!, 0) / controlIdx.length);
    const rows = dates.map((date, t) => ({
      date, period: t < pre ? 'pre' : 'post', treated: sc.treated[t]!, synthetic: sc.synthetic[t]!, gap: sc.treated[t]! - sc.synthetic[t]!,
      control_mean: controlMean[t]!, did_counterfactual: did.treatedPre + controlMean[t]! - did.controlPre,
    }));
    return { rows, columns, types, notes };
  },
});
