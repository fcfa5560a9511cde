/**
 * The log-rank test between k groups, as R's survival::survdiff with rho = 0 (Mantel–Haenszel):
 * at each distinct event time, with n at risk and d events in all groups and n_g, d_g in group g,
 *   E_g += d n_g / n,   V_gh += d (n − d) / (n − 1) · (n_g / n) (δ_gh − n_h / n)   (n > 1),
 * and χ² = (O − E)ᵀ V⁻ (O − E) on the first k − 1 groups (the last is determined), df = k − 1 minus
 * the groups with no expected events (R drops them the same way: a generalized inverse).
 */
import { chiSquareSf } from './distributions.ts';

/** Events and censorings of one group at one time. */
export interface GroupTimeCounts {
  group: string;
  time: number;
  events: number;
  censored: number;
}

export interface LogRankGroup {
  group: string;
  n: number;
  observed: number;
  expected: number;
  /** (O − E)² / E and (O − E)² / V, the two last columns of survdiff's print. */
  oeE: number | null;
  oeV: number | null;
}

export interface LogRankResult {
  groups: LogRankGroup[];
  chisq: number;
  df: number;
  pValue: number;
}

/**
 * @example
 * // aml, Maintained vs Nonmaintained: O 7 / 11, E 10.69 / 7.31, χ² = 3.4 on 1 df, p = 0.0653
 * // (survdiff(Surv(time, status) ~ x, aml), R survival tests/doaml.Rout.save)
 */
export function logRankTest(counts: readonly GroupTimeCounts[]): LogRankResult {
  const names = [...new Set(counts.map((c) => c.group))].sort();
  const k = names.length;
  if (k < 2) throw new Error(`the log-rank test needs at least two groups (got ${k})`);
  const index = new Map(names.map((g, i) => [g, i]));
  const atRisk = new Array<number>(k).fill(0);
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const V = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const c of counts) {
    atRisk[index.get(c.group)!] += c.events + c.censored;
    observed[index.get(c.group)!] += c.events;
  }
  const n0 = [...atRisk];
  const times = [...new Set(counts.map((c) => c.time))].sort((a, b) => a - b);
  const byTime = new Map<number, GroupTimeCounts[]>();
  for (const c of counts) byTime.set(c.time, [...(byTime.get(c.time) ?? []), c]);
  for (const t of times) {
    const here = byTime.get(t)!;
    const d = here.reduce((s, c) => s + c.events, 0);
    const n = atRisk.reduce((s, v) => s + v, 0);
    if (d > 0 && n > 0) {
      for (let g = 0; g < k; g++) expected[g] += (d * atRisk[g]!) / n;
      if (n > 1) {
        const f = (d * (n - d)) / (n - 1);
        for (let g = 0; g < k; g++) {
          for (let h = 0; h < k; h++) V[g]![h]! += f * (atRisk[g]! / n) * ((g === h ? 1 : 0) - atRisk[h]! / n);
        }
      }
    }
    for (const c of here) atRisk[index.get(c.group)!] -= c.events + c.censored;
  }
  const diff = observed.map((o, g) => o - expected[g]!);
  // Groups with no variance (no subject at risk at any event time) carry no information: leave them out.
  const kept = names.map((_, g) => g).filter((g) => V[g]![g]! > 1e-12);
  const used = kept.slice(0, Math.max(0, kept.length - 1));
  const chisq = used.length ? quadraticForm(used.map((g) => diff[g]!), used.map((g) => used.map((h) => V[g]![h]!))) : 0;
  const df = used.length;
  return {
    groups: names.map((group, g) => ({
      group, n: n0[g]!, observed: observed[g]!, expected: expected[g]!,
      oeE: expected[g]! > 0 ? diff[g]! ** 2 / expected[g]! : null,
      oeV: V[g]![g]! > 1e-12 ? diff[g]! ** 2 / V[g]![g]! : null,
    })),
    chisq, df, pValue: df > 0 ? chiSquareSf(chisq, df) : Number.NaN,
  };
}

/** xᵀ A⁻¹ x by Gauss–Jordan elimination with partial pivoting (A is small: groups − 1 square). */
function quadraticForm(x: number[], A: number[][]): number {
  const m = x.length;
  const M = A.map((row, i) => [...row, x[i]!]);
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    if (Math.abs(M[p]![c]!) < 1e-12) throw new Error('the log-rank variance matrix is singular (groups with identical risk sets)');
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = 0; r < m; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let q = c; q <= m; q++) M[r]![q]! -= f * M[c]![q]!;
    }
  }
  // After elimination M[i][m] / M[i][i] = (A⁻¹x)_i.
  return x.reduce((s, xi, i) => s + (xi * M[i]![m]!) / M[i]![i]!, 0);
}
