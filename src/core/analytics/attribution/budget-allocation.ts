/**
 * The budget split that equalizes marginal returns across channels under a total, for fitted
 * response curves (see response-curve.ts).
 *
 * Maximizing Σ f_i(x_i) subject to Σ x_i = B and 0 ≤ x_i ≤ cap_i gives (Karush–Kuhn–Tucker) one
 * marginal return λ shared by every channel that is funded and not at its cap: f_i'(x_i) = λ; an
 * unfunded channel has f_i' ≤ λ, a capped one f_i' ≥ λ. For a given λ each channel's spend is the
 * largest x with f_i'(x) ≥ λ on the falling branch of its marginal curve, which is monotone in λ, so
 * the λ whose spends sum to B is found by bisection (on log λ). An S-shaped Hill curve (s > 1) is only
 * funded on its concave part, past the spend where its marginal return peaks; because its spend jumps
 * from 0 to that point, the split can fall short of B by less than that jump, and `shortfall` says so.
 */
import { curveMarginal, type CurveFit } from './response-curve.ts';

export type AllocationCurve = Pick<CurveFit, 'model' | 'a' | 'k' | 's'>;

/** Result of {@link allocateBudget}. */
export interface Allocation {
  spend: number[];
  /** Marginal return of each channel at its allocated spend. */
  marginal: number[];
  /** The shared marginal return of funded, uncapped channels. */
  lambda: number;
  capped: boolean[];
  /** Budget left unallocated (0 unless every channel is capped, or an S-shaped jump). */
  shortfall: number;
}

/**
 * Spend where the marginal return peaks: 0 unless the curve is S-shaped (Hill, s > 1), where it is
 * k((s − 1)/(s + 1))^(1/s).
 *
 * @example
 * marginalPeak({ model: 'hill', a: 1, k: 100, s: 2 }); // => 100 / √3 ≈ 57.7
 */
export function marginalPeak(c: AllocationCurve): number {
  return c.model === 'hill' && c.s > 1 ? c.k * Math.pow((c.s - 1) / (c.s + 1), 1 / c.s) : 0;
}

/**
 * Largest spend in [peak, cap] whose marginal return is at least λ; 0 when even the peak is below λ.
 *
 * @example
 * spendAtMarginal({ model: 'log', a: 100, k: 50, s: 1 }, 0.5); // => 100 / 0.5 − 50 = 150
 */
export function spendAtMarginal(c: AllocationCurve, lambda: number, cap = Infinity): number {
  const peak = marginalPeak(c);
  if (peak >= cap) return curveMarginal(c, cap) >= lambda ? cap : 0;
  if (curveMarginal(c, peak) < lambda) return 0;
  if (cap < Infinity && curveMarginal(c, cap) >= lambda) return cap;
  if (c.model === 'log') return Math.min(cap, Math.max(0, c.a / lambda - c.k));
  let lo = peak;
  let hi = Math.min(cap, Math.max(c.k, peak * 2, 1e-9));
  while (hi < cap && curveMarginal(c, hi) >= lambda) hi = Math.min(cap, hi * 2);
  // Bisect to the last representable digit, so the answer does not depend on where a tolerance cut in.
  for (let i = 0; i < 2000; i++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (curveMarginal(c, mid) >= lambda) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Split `budget` across channels so their marginal returns are equal (or at a cap, or unfunded).
 *
 * @example
 * // Two log curves y = a log(1 + x / k): marginal a / (k + x). With a = 100, 200 and k = 50, 50, a
 * // budget of 200 solves 100 / (50 + x1) = 200 / (50 + x2), x1 + x2 = 200: x1 = 50, x2 = 150.
 * allocateBudget([{ model: 'log', a: 100, k: 50, s: 1 }, { model: 'log', a: 200, k: 50, s: 1 }], 200).spend; // => [50, 150]
 */
export function allocateBudget(curves: readonly AllocationCurve[], budget: number, caps?: readonly number[]): Allocation {
  if (!(budget >= 0) || !Number.isFinite(budget)) throw new Error(`the budget is ${budget}; it must be a finite amount of 0 or more`);
  if (curves.length === 0) throw new Error('no channel curve to allocate over');
  const cap = (i: number) => caps?.[i] ?? Infinity;
  const total = (lambda: number) => curves.reduce((acc, c, i) => acc + spendAtMarginal(c, lambda, cap(i)), 0);
  const capTotal = curves.reduce((acc, _, i) => acc + cap(i), 0);
  let lambda: number;
  if (budget === 0) lambda = Infinity;
  else if (capTotal <= budget) lambda = 0;
  else {
    // Bracket: above every channel's peak marginal nothing is funded; shrink λ until the spends reach the budget.
    let hi = Math.max(...curves.map((c) => curveMarginal(c, Math.max(marginalPeak(c), 1e-12))));
    if (!Number.isFinite(hi)) hi = 1e12;
    let lo = hi;
    for (let i = 0; i < 400 && total(lo) < budget; i++) lo /= 2;
    for (let i = 0; i < 2000; i++) {
      const mid = Math.sqrt(lo * hi);
      if (mid <= lo || mid >= hi) break;
      if (total(mid) >= budget) lo = mid;
      else hi = mid;
    }
    // Take the side that does not overspend; with smooth curves the two sides agree to ~1e-12.
    lambda = total(lo) <= budget * (1 + 1e-9) ? lo : hi;
  }
  const spend = curves.map((c, i) => (lambda === Infinity ? 0 : spendAtMarginal(c, lambda, cap(i))));
  const used = spend.reduce((a, v) => a + v, 0);
  return {
    spend,
    marginal: curves.map((c, i) => curveMarginal(c, spend[i]!)),
    lambda,
    capped: spend.map((x, i) => cap(i) < Infinity && x >= cap(i)),
    shortfall: Math.max(0, budget - used),
  };
}
