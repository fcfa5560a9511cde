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
  const correction = typeof options.correction === 'string' ? options.correction : 'holm';
  const parts = rows.flatMap((r) => {
    const lift = num(r.lift);
    const p = num(r.p_adjusted);
    if (lift === null || p === null) return [];
    const low = num(r.lift_ci_low);
    const high = num(r.lift_ci_high);
    const word = r.significant === true ? (lift > 0 ? 'beats' : 'does worse than') : 'shows no clear difference from';
    const ci = low !== null && high !== null ? ` (${levelText(options)} CI ${signedPct(low)} to ${signedPct(high)})` : '';
    const after = rows.length > 1 && correction !== 'none' ? ` after ${correctionName[correction] ?? correction}` : '';
    return [`${String(r.group)} ${word} ${String(r.control)}: rate ${signedPct(lift)}${ci}, ${pText(p)}${after} — ${r.significant === true ? 'significant' : 'not significant'}`];
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
