/** Multiple-comparison correction methods, named as in R's `p.adjust` (`bh` is R's "BH"/"fdr"). */
export type PAdjustMethod = 'bonferroni' | 'holm' | 'bh' | 'none';

/**
 * Adjusts p-values for multiple comparisons exactly as R's `p.adjust(p, method)`:
 * - `bonferroni`: min(1, m · p)
 * - `holm`: Holm (1979) step-down, family-wise error control under any dependence
 * - `bh`: Benjamini & Hochberg (1995) step-up, false discovery rate control
 * - `none`: unchanged
 *
 * Returns the adjusted values in the input order. Compare them with alpha directly.
 *
 * @example
 * adjustPValues([0.008, 0.03, 0.123, 0.6, 0.2], 'bh'); // => [0.04, 0.075, 0.205, 0.6, 0.25]
 * adjustPValues([0.01, 0.04, 0.03, 0.005], 'holm');    // => [0.03, 0.06, 0.06, 0.02]
 */
export function adjustPValues(p: readonly number[], method: PAdjustMethod): number[] {
  p.forEach((v, i) => {
    if (!(v >= 0 && v <= 1)) throw new Error(`adjustPValues: p[${i}] is ${v}; p-values must lie in [0, 1].`);
  });
  const m = p.length;
  if (m === 0 || method === 'none') return p.slice();
  if (method === 'bonferroni') return p.map((v) => Math.min(1, m * v));
  const order = p.map((_, i) => i);
  const out = new Array<number>(m);
  if (method === 'holm') {
    order.sort((a, b) => p[a]! - p[b]!);
    let running = 0;
    order.forEach((idx, rank) => {
      running = Math.max(running, (m - rank) * p[idx]!);
      out[idx] = Math.min(1, running);
    });
    return out;
  }
  if (method === 'bh') {
    order.sort((a, b) => p[b]! - p[a]!);
    let running = 1;
    order.forEach((idx, k) => {
      const rank = m - k; // ascending rank of this p-value, largest first
      running = Math.min(running, (m / rank) * p[idx]!);
      out[idx] = running;
    });
    return out;
  }
  throw new Error(`adjustPValues: unknown method "${String(method)}"; use 'bonferroni', 'holm', 'bh' or 'none'.`);
}
