import { tCdf, tQuantile } from '../stats/distributions.ts';
import type { MatchedPair } from './nearest-neighbour-match.ts';

export interface MatchedLift {
  /** Treated units with at least one match. */
  matchedTreated: number;
  /** Distinct controls used. */
  controlsUsed: number;
  treatedMean: number;
  /** Mean over matched treated units of their controls' mean outcome. */
  controlMean: number;
  /** Average treatment effect on the matched treated: mean of (treated outcome − its controls' mean). */
  att: number;
  stdError: number;
  ciLow: number;
  ciHigh: number;
  pValue: number;
  /** att / controlMean (null when the control mean is 0). */
  lift: number | null;
  /** att × matched treated units: the outcome the treatment added. */
  incremental: number;
}

/**
 * The lift of treated units over their matched controls: per matched treated unit the difference
 * between its outcome and its controls' mean outcome, and a paired t interval on the mean difference
 * (Austin 2011 recommends paired analysis after matching). With replacement the interval ignores
 * that a control counts for several treated units, so it is somewhat narrow.
 *
 * @example
 * matchedLift(pairs, outcomes, 0.95) // differences 4, 4, 5 → att 4.333, 95 % CI 2.899 to 5.768
 */
export function matchedLift(pairs: readonly MatchedPair[], outcome: ReadonlyMap<string, number>, level = 0.95): MatchedLift | null {
  const byTreated = new Map<string, string[]>();
  for (const p of pairs) byTreated.set(p.treated, [...(byTreated.get(p.treated) ?? []), p.control]);
  const n = byTreated.size;
  if (n === 0) return null;
  const diffs: number[] = [];
  let ty = 0;
  let cy = 0;
  for (const [t, cs] of byTreated) {
    const c = cs.reduce((a, id) => a + outcome.get(id)!, 0) / cs.length;
    ty += outcome.get(t)!;
    cy += c;
    diffs.push(outcome.get(t)! - c);
  }
  const att = diffs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(diffs.reduce((a, d) => a + (d - att) ** 2, 0) / (n - 1)) : NaN;
  const se = sd / Math.sqrt(n);
  const q = n > 1 ? tQuantile(1 - (1 - level) / 2, n - 1) : NaN;
  const tStat = att / se;
  return {
    matchedTreated: n,
    controlsUsed: new Set(pairs.map((p) => p.control)).size,
    treatedMean: ty / n,
    controlMean: cy / n,
    att,
    stdError: se,
    ciLow: att - q * se,
    ciHigh: att + q * se,
    pValue: n > 1 ? (se === 0 ? (att === 0 ? 1 : 0) : 2 * (1 - tCdf(Math.abs(tStat), n - 1))) : NaN,
    lift: cy === 0 ? null : att / (cy / n),
    incremental: att * n,
  };
}

export interface BalanceRow {
  covariate: string;
  treatedMeanBefore: number;
  controlMeanBefore: number;
  smdBefore: number;
  treatedMeanAfter: number;
  controlMeanAfter: number;
  smdAfter: number;
}

/**
 * Standardized mean differences of each covariate before and after matching (Stuart 2010):
 * (treated mean − control mean) / √((s²_treated + s²_control) / 2), with the sample variances of the
 * units before matching in the denominator both times, so a change reflects the means, not a
 * shrinking spread. After matching, each control counts as often as it was matched (once per treated
 * unit it serves, divided by that unit's number of controls), and only matched treated units count.
 */
export function balanceTable(
  covariates: readonly string[],
  value: (id: string, j: number) => number,
  treatedIds: readonly string[],
  controlIds: readonly string[],
  pairs: readonly MatchedPair[],
): BalanceRow[] {
  const perTreated = new Map<string, number>();
  for (const p of pairs) perTreated.set(p.treated, (perTreated.get(p.treated) ?? 0) + 1);
  const weightedMean = (ws: [string, number][], j: number) => ws.reduce((a, [id, w]) => a + w * value(id, j), 0) / ws.reduce((a, [, w]) => a + w, 0);
  return covariates.map((covariate, j) => {
    const t = treatedIds.map((id) => value(id, j));
    const c = controlIds.map((id) => value(id, j));
    const sd = Math.sqrt((sampleVariance(t) + sampleVariance(c)) / 2);
    const tb = mean(t);
    const cb = mean(c);
    const ta = weightedMean([...perTreated.keys()].map((id) => [id, 1]), j);
    const ca = weightedMean(pairs.map((p) => [p.control, 1 / perTreated.get(p.treated)!]), j);
    return {
      covariate,
      treatedMeanBefore: tb,
      controlMeanBefore: cb,
      smdBefore: sd > 0 ? (tb - cb) / sd : 0,
      treatedMeanAfter: ta,
      controlMeanAfter: ca,
      smdAfter: sd > 0 ? (ta - ca) / sd : 0,
    };
  });
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
function sampleVariance(v: readonly number[]): number {
  if (v.length < 2) return 0;
  const m = mean(v);
  return v.reduce((a, x) => a + (x - m) ** 2, 0) / (v.length - 1);
}
