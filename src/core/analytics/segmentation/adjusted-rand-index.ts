/**
 * Adjusted Rand index of two labelings of the same items (Hubert & Arabie 1985), as
 * sklearn.metrics.adjusted_rand_score: 1 for identical partitions (whatever the label names), about
 * 0 for independent ones. Used to check that clustering recovers planted segments.
 *
 * ARI = (Σ C(n_ij, 2) − E) / (½ (Σ C(a_i, 2) + Σ C(b_j, 2)) − E), E = Σ C(a_i, 2) Σ C(b_j, 2) / C(n, 2).
 *
 * @example
 * adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1]); // => 4/7 ≈ 0.5714 (sklearn docs)
 */
export function adjustedRandIndex(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  if (a.length !== b.length) throw new Error(`the labelings have ${a.length} and ${b.length} items; they must label the same items`);
  const n = a.length;
  const pairs = (m: number) => (m * (m - 1)) / 2;
  const cells = new Map<string, number>();
  const rows = new Map<string | number, number>();
  const cols = new Map<string | number, number>();
  for (let i = 0; i < n; i++) {
    const key = JSON.stringify([a[i], b[i]]);
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rows.set(a[i]!, (rows.get(a[i]!) ?? 0) + 1);
    cols.set(b[i]!, (cols.get(b[i]!) ?? 0) + 1);
  }
  const index = [...cells.values()].reduce((s, m) => s + pairs(m), 0);
  const sa = [...rows.values()].reduce((s, m) => s + pairs(m), 0);
  const sb = [...cols.values()].reduce((s, m) => s + pairs(m), 0);
  const expected = n > 1 ? (sa * sb) / pairs(n) : 0;
  const max = (sa + sb) / 2;
  // Both labelings put everything together, or everything apart: identical partitions (sklearn returns 1).
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
