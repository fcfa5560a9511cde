/**
 * One-line findings of analysis results, in plain words, shown above the table and in reports so the
 * answer is never in a column off-screen. Each takes the kind's result rows (and its options).
 */
import { formatNumber } from '../../format/numbers.ts';

type Row = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** A signed percentage: +12.4 %. */
const signedPct = (v: number) => `${v > 0 ? '+' : ''}${formatNumber(v, 'percent')}`;
/** A p-value as people write it: p = 0.003, p < 0.001. */
const pText = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${String(Number(p.toPrecision(2)))}`);
/** The interval level of an analysis run at `alpha` (0.05 → 95 %). */
const levelText = (options: Row) => `${formatNumber(1 - (num(Number(options.alpha)) ?? 0.05), 'percent').replace(/\.0+ %$/, ' %')}`;
const correctionName: Record<string, string> = { holm: 'Holm', bonferroni: 'Bonferroni', bh: 'Benjamini–Hochberg' };

/** ab-test: each variant against its control, with the relative lift, its interval and the adjusted p. */
export function abTestVerdict(rows: Row[], options: Row = {}): string | undefined {
  if (options.output === 'heterogeneity') return heterogeneityVerdict(rows);
  const correction = typeof options.correction === 'string' ? options.correction : 'holm';
  // Per stratum (`by:`), each comparison is named by its stratum's values.
  const by = Array.isArray(options.by) ? options.by.map(String) : typeof options.by === 'string' ? options.by.split(',').map((b) => b.trim()) : [];
  const stratum = (r: Row) => (by.length ? `${by.map((b) => String(r[b] ?? r[Object.keys(r).find((k) => k.toLowerCase() === b.toLowerCase()) ?? b] ?? '(empty)')).join(' / ')}: ` : '');
  const parts = rows.flatMap((r) => {
    const lift = num(r.lift);
    const p = num(r.p_adjusted);
    if (lift === null || p === null) return [];
    const low = num(r.lift_ci_low);
    const high = num(r.lift_ci_high);
    const word = r.significant === true ? (lift > 0 ? 'beats' : 'does worse than') : 'shows no clear difference from';
    const ci = low !== null && high !== null ? ` (${levelText(options)} CI ${signedPct(low)} to ${signedPct(high)})` : '';
    const after = rows.length > 1 && correction !== 'none' ? ` after ${correctionName[correction] ?? correction}` : '';
    return [`${stratum(r)}${String(r.group)} ${word} ${String(r.control)}: rate ${signedPct(lift)}${ci}, ${pText(p)}${after} — ${r.significant === true ? 'significant' : 'not significant'}`];
  });
  return parts.length ? parts.join('; ') : undefined;
}

/** ab-test `output: heterogeneity`: whether the variant's effect differs between strata, and where it is largest. */
function heterogeneityVerdict(rows: Row[]): string | undefined {
  const parts = rows.flatMap((r) => {
    const p = num(r.heterogeneity_p);
    const pooled = num(r.pooled_effect);
    if (p === null || pooled === null) return [];
    const what = r.scale === 'difference' ? 'difference' : 'lift';
    const range = `${String(r.lowest_stratum)} ${signedPct(num(r.lowest_effect) ?? 0)} to ${String(r.highest_stratum)} ${signedPct(num(r.highest_effect) ?? 0)}`;
    return [`${String(r.group)} vs ${String(r.control)}: ${r.heterogeneous === true ? 'the effect differs between strata' : 'no clear difference between strata'} (Cochran's Q ${pText(p)}, I² ${formatNumber(num(r.i_squared) ?? 0, 'percent')}; ${what} from ${range}; pooled ${signedPct(pooled)})`];
  });
  return parts.length ? parts.join('; ') : undefined;
}

/** holdout: whether exposure lifted the rate, and by how many conversions. */
export function holdoutVerdict(rows: Row[], options: Row = {}): string | undefined {
  const r = rows[0];
  const lift = num(r?.relative_lift);
  const p = num(r?.p_value);
  if (!r || lift === null || p === null) return undefined;
  const low = num(r.relative_lift_ci_low);
  const high = num(r.relative_lift_ci_high);
  const inc = num(r.incremental_conversions);
  const ci = low !== null && high !== null ? ` (${levelText(options)} CI ${signedPct(low)} to ${signedPct(high)})` : '';
  const head = r.significant === true ? (lift > 0 ? 'Exposure lifted conversion' : 'Exposure lowered conversion') : 'No clear lift from exposure';
  const extra = inc !== null ? `, ${inc >= 0 ? '+' : ''}${formatNumber(inc, 'count')} incremental conversions` : '';
  return `${head}: ${signedPct(lift)}${ci}${extra}, ${pText(p)} — ${r.significant === true ? 'significant' : 'not significant'}`;
}

/** power: how many per group, and how long that takes at the traffic given. */
export function powerVerdict(rows: Row[]): string | undefined {
  const r = rows[0];
  const n = num(r?.n_per_group);
  const base = num(r?.baseline);
  const target = num(r?.target);
  const power = num(r?.power);
  if (!r || n === null || base === null || target === null) return undefined;
  const days = num(r.days_needed);
  const groups = num(r.groups) ?? 2;
  const when = days !== null ? `, about ${formatNumber(Math.ceil(days), 'count')} day${Math.ceil(days) === 1 ? '' : 's'} at the traffic given` : '';
  return `Needs ${formatNumber(n, 'count')} per group (${formatNumber(n * groups, 'count')} in all) to detect ${formatNumber(base, 'percent')} → ${formatNumber(target, 'percent')}${power !== null ? ` with ${formatNumber(power, 'percent').replace(/\.0+ %$/, ' %')} power` : ''}${when}`;
}

/** shrinkage: which segment leads once small segments are pulled toward the prior. */
export function shrinkageVerdict(rows: Row[], options: Row = {}): string | undefined {
  const top = rows.find((r) => num(r.rank) === 1) ?? rows[0];
  const mean = num(top?.posterior_mean);
  const a = num(top?.prior_alpha);
  const b = num(top?.prior_beta);
  if (!top || mean === null) return undefined;
  const low = num(top.ci_low);
  const high = num(top.ci_high);
  const level = `${formatNumber(num(Number(options.level)) ?? 0.95, 'percent').replace(/\.0+ %$/, ' %')}`;
  const ci = low !== null && high !== null ? ` (${level} credible interval ${formatNumber(low, 'percent')} to ${formatNumber(high, 'percent')})` : '';
  // The raw leader, when shrinkage changed who leads.
  const rawTop = [...rows].sort((x, y) => (num(y.raw_rate) ?? -1) - (num(x.raw_rate) ?? -1))[0];
  const moved = rawTop && rawTop.segment !== top.segment ? `; ${String(rawTop.segment)} has the highest raw rate (${formatNumber(num(rawTop.raw_rate) ?? 0, 'percent')}) on ${formatNumber(num(rawTop.trials) ?? 0, 'count')} trials` : '';
  const prior = a !== null && b !== null && a + b > 0 ? `, all ${rows.length} shrunk toward ${formatNumber(a / (a + b), 'percent')}` : '';
  return `${String(top.segment)} leads at ${formatNumber(mean, 'percent')}${ci}${prior}${moved}`;
}

/** regression: which terms matter (p below 1 − level), strongest first, and the fit. */
export function regressionVerdict(rows: Row[], options: Row = {}): string | undefined {
  const alpha = 1 - (num(Number(options.level)) ?? 0.95);
  const terms = rows.filter((r) => typeof r.term === 'string' && !/^\(?intercept\)?$/i.test(r.term) && num(r.p_value) !== null);
  if (terms.length === 0) return undefined;
  const sig = terms.filter((r) => num(r.p_value)! < alpha).sort((x, y) => num(x.p_value)! - num(y.p_value)!);
  const est = (r: Row) => {
    const e = num(r.estimate) ?? 0;
    return `${e > 0 ? '+' : ''}${formatNumber(e)}`;
  };
  const list = sig.slice(0, 3).map((r) => `${String(r.term)} (${est(r)}, ${pText(num(r.p_value)!)})`).join(', ');
  const r2 = num(rows[0]!.r2) ?? num(rows[0]!.mcfadden_r2);
  const fit = r2 !== null ? `; ${num(rows[0]!.r2) !== null ? 'R²' : 'McFadden R²'} = ${formatNumber(r2)}` : '';
  const head = sig.length === 0 ? `No term is significant at p < ${formatNumber(alpha)}` : `${sig.length} of ${terms.length} terms significant at p < ${formatNumber(alpha)}: ${list}${sig.length > 3 ? ' …' : ''}`;
  return `${head}${fit}`;
}

/** attribution: the channel each model credits most, and whether the models agree. */
export function attributionVerdict(rows: Row[]): string | undefined {
  const top = new Map<string, Row>();
  for (const r of rows) {
    const m = String(r.model);
    if ((num(r.share) ?? -1) > (num(top.get(m)?.share) ?? -1)) top.set(m, r);
  }
  if (top.size === 0) return undefined;
  const leaders = new Set([...top.values()].map((r) => String(r.channel)));
  const share = (r: Row) => formatNumber(num(r.share) ?? 0, 'percent');
  if (leaders.size === 1) {
    const shares = [...top.values()].map((r) => num(r.share) ?? 0);
    const range = Math.min(...shares) === Math.max(...shares) ? formatNumber(shares[0]!, 'percent') : `${formatNumber(Math.min(...shares), 'percent')} to ${formatNumber(Math.max(...shares), 'percent')}`;
    return `${[...leaders][0]} gets the most credit under ${top.size === 1 ? `the ${[...top.keys()][0]} model` : `all ${top.size} models`} (${range} of conversions)`;
  }
  return `The models disagree on the top channel: ${[...top.entries()].map(([m, r]) => `${m} ${String(r.channel)} (${share(r)})`).join(', ')}`;
}
