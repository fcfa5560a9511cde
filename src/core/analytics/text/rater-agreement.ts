import { normalQuantile } from '../stats/distributions.ts';

export interface CohensKappa {
  kappa: number;
  /** Observed agreement: the share of items both raters labelled alike. */
  observed: number;
  /** Agreement expected by chance from the two raters' own label frequencies. */
  expected: number;
  /** Asymptotic standard error (Fleiss, Cohen & Everitt 1969), not assuming κ = 0. */
  stdError: number;
  ciLow: number;
  ciHigh: number;
  n: number;
}

/**
 * Cohen's kappa of two raters from their k × k table of counts (rows: rater A's label, columns:
 * rater B's, same label order), κ = (pₒ − pₑ) / (1 − pₑ), with the large-sample variance of
 * Fleiss, Cohen & Everitt (1969):
 *   Var(κ) = [Σᵢ pᵢᵢ (1 − (pᵢ. + p.ᵢ)(1 − κ))² + (1 − κ)² Σᵢ≠ⱼ pᵢⱼ (p.ᵢ + pⱼ.)² − (κ − pₑ(1 − κ))²] / (n (1 − pₑ)²)
 * and a normal interval at `level` (cut to [−1, 1]).
 *
 * @example
 * // Wikipedia "Cohen's kappa": 50 proposals, both yes 20, A yes / B no 5, A no / B yes 10, both no 15.
 * cohensKappa([[20, 5], [10, 15]]).kappa // => 0.4 (pₒ 0.7, pₑ 0.5)
 */
export function cohensKappa(table: readonly (readonly number[])[], level = 0.95): CohensKappa {
  const k = table.length;
  if (k === 0 || table.some((r) => r.length !== k)) throw new Error('cohensKappa: the table must be square (same labels for both raters)');
  const n = table.flat().reduce((a, b) => a + b, 0);
  if (!(n > 0)) throw new Error('cohensKappa: the table has no items');
  const p = table.map((r) => r.map((x) => x / n));
  const row = p.map((r) => r.reduce((a, b) => a + b, 0));
  const col = p[0]!.map((_, j) => p.reduce((a, r) => a + r[j]!, 0));
  const observed = p.reduce((a, r, i) => a + r[i]!, 0);
  const expected = row.reduce((a, r, i) => a + r * col[i]!, 0);
  const kappa = expected === 1 ? (observed === 1 ? 1 : NaN) : (observed - expected) / (1 - expected);
  let a = 0;
  let b = 0;
  for (let i = 0; i < k; i++) {
    a += p[i]![i]! * (1 - (row[i]! + col[i]!) * (1 - kappa)) ** 2;
    for (let j = 0; j < k; j++) if (i !== j) b += p[i]![j]! * (col[i]! + row[j]!) ** 2;
  }
  const variance = (a + (1 - kappa) ** 2 * b - (kappa - expected * (1 - kappa)) ** 2) / (n * (1 - expected) ** 2);
  const stdError = Math.sqrt(Math.max(0, variance));
  const z = normalQuantile(1 - (1 - level) / 2);
  // κ lies in [−1, 1]; the normal interval is cut there on small samples.
  return { kappa, observed, expected, stdError, ciLow: Math.max(-1, kappa - z * stdError), ciHigh: Math.min(1, kappa + z * stdError), n };
}

export interface FleissKappa {
  kappa: number;
  /** Mean per-item agreement P̄. */
  observed: number;
  /** Chance agreement P̄ₑ = Σⱼ pⱼ². */
  expected: number;
  items: number;
  raters: number;
}

/**
 * Fleiss' kappa (Fleiss 1971) for N items each labelled by the same number m of raters, from the
 * counts nᵢⱼ of raters putting item i in category j: Pᵢ = (Σⱼ nᵢⱼ² − m) / (m (m − 1)),
 * P̄ = mean Pᵢ, pⱼ = Σᵢ nᵢⱼ / (N m), P̄ₑ = Σⱼ pⱼ², κ = (P̄ − P̄ₑ) / (1 − P̄ₑ).
 *
 * @example
 * // Wikipedia "Fleiss' kappa" worked example (10 items, 14 raters, 5 categories): κ = 0.210.
 */
export function fleissKappa(counts: readonly (readonly number[])[]): FleissKappa {
  const items = counts.length;
  if (items === 0) throw new Error('fleissKappa: no items');
  const m = counts[0]!.reduce((a, b) => a + b, 0);
  if (m < 2) throw new Error('fleissKappa: every item needs at least two ratings');
  counts.forEach((r, i) => {
    if (r.reduce((a, b) => a + b, 0) !== m) throw new Error(`fleissKappa: item ${i} has ${r.reduce((a, b) => a + b, 0)} ratings, the first has ${m}: every item needs the same number`);
  });
  const observed = counts.reduce((a, r) => a + (r.reduce((s, x) => s + x * x, 0) - m) / (m * (m - 1)), 0) / items;
  const expected = counts[0]!.map((_, j) => counts.reduce((a, r) => a + r[j]!, 0) / (items * m)).reduce((a, pj) => a + pj * pj, 0);
  return { kappa: expected === 1 ? NaN : (observed - expected) / (1 - expected), observed, expected, items, raters: m };
}
