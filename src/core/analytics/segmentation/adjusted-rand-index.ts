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
  const cells = new Map<string, PairCount>();
  for (let i = 0; i < a.length; i++) {
    const key = JSON.stringify([a[i], b[i]]);
    const c = cells.get(key);
    if (c) c.count += 1;
    else cells.set(key, { a: a[i]!, b: b[i]!, count: 1 });
  }
  return randIndices([...cells.values()]).adjusted;
}

/** One cell of the contingency table of two labelings: how many items carry label `a` and label `b`. */
export interface PairCount {
  a: string | number;
  b: string | number;
  count: number;
}

/**
 * The adjusted and the plain Rand index from the contingency table (counted in SQL for big tables),
 * as sklearn.metrics.adjusted_rand_score and rand_score.
 *
 * @example
 * randIndices([{ a: 0, b: 0, count: 2 }, { a: 1, b: 1, count: 1 }, { a: 2, b: 1, count: 1 }]);
 * // => { adjusted: 4/7, rand: 5/6 } (sklearn docs: [0, 0, 1, 2] vs [0, 0, 1, 1])
 */
export function randIndices(cells: readonly PairCount[]): { adjusted: number; rand: number; n: number } {
  const pairs = (m: number) => (m * (m - 1)) / 2;
  const rows = new Map<string | number, number>();
  const cols = new Map<string | number, number>();
  let n = 0;
  let index = 0;
  for (const c of cells) {
    if (!(c.count >= 0)) throw new Error(`a contingency count must be ≥ 0 (got ${c.count})`);
    n += c.count;
    index += pairs(c.count);
    rows.set(c.a, (rows.get(c.a) ?? 0) + c.count);
    cols.set(c.b, (cols.get(c.b) ?? 0) + c.count);
  }
  const sa = [...rows.values()].reduce((s, m) => s + pairs(m), 0);
  const sb = [...cols.values()].reduce((s, m) => s + pairs(m), 0);
  const all = pairs(n);
  // Rand index: pairs on which the labelings agree (together in both, or apart in both) over all pairs.
  const rand = all > 0 ? (all + 2 * index - sa - sb) / all : 1;
  const expected = n > 1 ? (sa * sb) / all : 0;
  const max = (sa + sb) / 2;
  // Both labelings put everything together, or everything apart: identical partitions (sklearn returns 1).
  const adjusted = max === expected ? 1 : (index - expected) / (max - expected);
  return { adjusted, rand, n };
}
