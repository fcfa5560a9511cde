import { numberColumn, textColumn, type ColumnType } from '../../arrow.ts';
import { fitExponentialDecay, frequencyCap, type DecayFit } from '../../analytics/models/exponential-decay.ts';
import { formatNumber } from '../../format/numbers.ts';
import { analysisCell, fromClause } from '../analysis.ts';
import { column, optionalColumn, sqlString } from '../quality/shared.ts';

const ALL = '(all)';
const COLUMNS = {
  fit: ['segment', 'ages', 'n', 'initial', 'rate', 'rate_lower', 'rate_upper', 'half_life', 'half_life_lower', 'half_life_upper', 'r_squared', 'frequency_cap', 'cap_share'],
  curve: ['segment', 'age', 'engagement', 'n', 'fitted', 'share_of_first'],
} as const;
const TYPES: Record<string, ColumnType> = {
  segment: 'VARCHAR', ages: 'BIGINT', n: 'DOUBLE', initial: 'DOUBLE', rate: 'DOUBLE', rate_lower: 'DOUBLE', rate_upper: 'DOUBLE', half_life: 'DOUBLE',
  half_life_lower: 'DOUBLE', half_life_upper: 'DOUBLE', r_squared: 'DOUBLE', frequency_cap: 'DOUBLE', cap_share: 'DOUBLE', age: 'DOUBLE', engagement: 'DOUBLE',
  fitted: 'DOUBLE', share_of_first: 'DOUBLE',
};
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const n2 = (v: number) => formatNumber(v, 'number');

/**
 * `decay`: engagement against age (of a follower, a post, a creative; or the exposure count), averaged
 * per segment and age in SQL, then an exponential fit per segment by log-linear least squares: rate,
 * half-life with its interval, and the frequency cap where the fitted curve falls below a share of the
 * first exposure's engagement.
 */
export const decayCell = analysisCell({
  kind: 'decay',
  summary: 'Engagement decay per segment: exponential fit of engagement against age (log-linear least squares), rate, half-life with its interval, and a frequency cap from the fatigue curve.',
  formats: { r_squared: 'number', share_of_first: 'percent', cap_share: 'percent' },
  // The curve's observed and fitted engagement share one measure: the rate of successes per trial, or the mean engagement.
  columnLabels(options): Record<string, string> {
    const name = (k: string) => (typeof options[k] === 'string' && !(options[k] as string).includes('${') ? (options[k] as string) : undefined);
    const measure = name('successes') && name('trials') ? `${name('successes')} per ${name('trials')}` : name('engagement') ? `mean ${name('engagement')}` : undefined;
    const unit = name('unit');
    return { ...(measure ? { engagement: measure, fitted: measure } : {}), ...(unit ? { age: `${name('age') ?? 'age'} (${unit})` } : {}) };
  },
  verdict(rows, options) {
    if (!rows.every((r) => 'half_life' in r)) return undefined;
    const unit = typeof options?.unit === 'string' ? options.unit : 'units of age';
    const level = formatNumber(num(Number(options?.conf_level ?? 0.95)) ?? 0.95, 'percent').replace(/\.0+ %$/, ' %');
    const parts = rows.flatMap((r) => {
      const h = num(r.half_life);
      const name = r.segment === ALL ? 'Engagement' : `${String(r.segment)}: engagement`;
      if (h === null) return num(r.rate) === null ? [] : [`${name} does not decay with age (rate ${n2(Number(r.rate))})`];
      const lo = num(r.half_life_lower);
      const hi = num(r.half_life_upper);
      const ci = `${level} CI ${lo === null ? '?' : n2(lo)} to ${hi === null ? 'no decay' : n2(hi)}`;
      const cap = num(r.frequency_cap);
      const capText = cap === null ? '' : `; cap at ${cap} (later ones fall below ${formatNumber(Number(r.cap_share), 'percent').replace(/\.0+ %$/, ' %')} of the first)`;
      return [`${name} halves every ${n2(h)} ${unit} (${ci})${capText}`];
    });
    return parts.length ? parts.join('; ') : undefined;
  },
  async compute(run) {
    const o = run.opts;
    const output = o.choice('output', ['fit', 'curve'] as const, 'fit');
    const age = column(run, 'age', 'age');
    const rateMode = o.has('successes') || o.has('trials');
    const value = rateMode ? undefined : column(run, 'engagement', 'engagement');
    const [successes, trials] = rateMode ? run.columns('successes', 'trials') : [];
    const segment = optionalColumn(run, 'segment');
    const weighting = o.choice('weight', ['count', 'none'] as const, 'count');
    const level = o.number('conf_level', 0.95, { min: 0, max: 1, exclusive: true });
    const share = o.number('cap_share', 0.5, { min: 0, max: 1, exclusive: true });
    if (o.has('unit')) o.text('unit');
    const seg = segment ? `CAST(${segment} AS VARCHAR)` : sqlString(ALL);
    const present = [age, ...(value ? [value] : [successes!, trials!]), ...(segment ? [segment] : [])].map((c) => `${c} IS NOT NULL`).join(' AND ');
    const src = fromClause(run);
    const notes: string[] = [];
    const [left] = numberColumn(await run.query(`SELECT count(*) FILTER (WHERE NOT (${present}))::DOUBLE AS n ${src}`), 'n');
    if (left) notes.push(`${left} row(s) with an empty age, engagement${segment ? ' or segment' : ''} left out`);
    // Mean engagement per segment and age (a rate Σ successes / Σ trials in rate mode), and what it stands on.
    const agg = value
      ? `avg(CAST(${value} AS DOUBLE)) AS v, count(*)::DOUBLE AS n`
      : `sum(CAST(${successes} AS DOUBLE)) / nullif(sum(CAST(${trials} AS DOUBLE)), 0) AS v, sum(CAST(${trials} AS DOUBLE)) AS n`;
    const t = await run.query(`SELECT ${seg} AS s, CAST(${age} AS DOUBLE) AS a, ${agg} ${src} WHERE ${present} GROUP BY 1, 2 ORDER BY 1, 2`);
    const ss = textColumn(t, 's') as string[];
    const as = numberColumn(t, 'a') as number[];
    const vs = numberColumn(t, 'v');
    const ns = numberColumn(t, 'n') as number[];
    const columns = [...COLUMNS[output]];
    const types = Object.fromEntries(columns.map((c) => [c, TYPES[c]!]));
    if (!ss.length) return { rows: [], columns, types, notes: [...notes, 'no rows to fit: the result is empty'] };
    const segments = [...new Set(ss)].sort();
    const nonPositive = vs.filter((v) => v === null || !(v > 0)).length;
    if (nonPositive) notes.push(`${nonPositive} age(s) with zero (or no) mean engagement left out of the fit (a log needs a positive value)`);
    const fits = new Map<string, DecayFit | null>();
    for (const name of segments) {
      const pts = ss.flatMap((s, i) => (s === name && vs[i] !== null ? [{ age: as[i]!, value: vs[i]!, weight: weighting === 'count' ? ns[i]! : 1 }] : []));
      try {
        fits.set(name, fitExponentialDecay(pts, { level }));
      } catch (e) {
        fits.set(name, null);
        notes.push(`${name === ALL ? 'no fit' : `\`${name}\`: no fit`}: ${(e as Error).message}`);
      }
    }
    if (output === 'curve') {
      const rows = ss.map((name, i) => {
        const f = fits.get(name);
        const first = Math.min(...ss.flatMap((s, j) => (s === name ? [as[j]!] : [])));
        return {
          segment: name, age: as[i]!, engagement: vs[i], n: ns[i]!,
          fitted: f ? f.initial * Math.exp(-f.rate * as[i]!) : null, share_of_first: f ? Math.exp(-f.rate * (as[i]! - first)) : null,
        };
      });
      return { rows, columns, types, notes };
    }
    const rows = segments.map((name) => {
      const f = fits.get(name);
      const used = ss.flatMap((s, i) => (s === name && vs[i] !== null && vs[i]! > 0 ? [i] : []));
      const first = Math.min(...ss.flatMap((s, i) => (s === name ? [as[i]!] : [])));
      return {
        segment: name, ages: used.length, n: used.reduce((a, i) => a + ns[i]!, 0),
        initial: f?.initial ?? null, rate: f?.rate ?? null, rate_lower: f?.rateLower ?? null, rate_upper: f?.rateUpper ?? null,
        half_life: f?.halfLife ?? null, half_life_lower: f?.halfLifeLower ?? null, half_life_upper: f?.halfLifeUpper ?? null, r_squared: f?.rSquared ?? null,
        frequency_cap: f ? frequencyCap(f.rate, first, share) : null, cap_share: share,
      };
    });
    return { rows, columns, types, notes };
  },
});
