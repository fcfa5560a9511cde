/**
 * Exponential decay of engagement with age, y = A · e^(−λ · age), fitted by log-linear least squares:
 * ln y = ln A − λ · age, as R's `lm(log(y) ~ age, weights = w)`. Points are (age, mean engagement at
 * that age, weight = how many rows or exposures the mean stands on). The slope's standard error gives
 * λ's t interval; the half-life ln 2 / λ takes its interval from λ's (a monotone transform), and is
 * unbounded above when λ's interval reaches 0 (no decay cannot be ruled out).
 *
 * Log-linear least squares was chosen over a nonlinear fit of y itself: it has a closed form, the
 * slope's standard error is exact under the model's log-normal errors, and multiplicative noise (a
 * post at age 30 varies by ±20 % of its level, not by a fixed amount) is what engagement data shows.
 */
import { olsRegression } from './ols-regression.ts';
import { tQuantile } from '../stats/distributions.ts';

export interface DecayPoint {
  age: number;
  value: number;
  /** Weight of the point (rows or exposures behind it); 1 when omitted. */
  weight?: number;
}

export interface DecayFit {
  /** Fitted engagement at age 0, A = e^intercept. */
  initial: number;
  /** Decay rate λ per unit of age (positive: engagement falls). */
  rate: number;
  rateSe: number;
  rateLower: number;
  rateUpper: number;
  /** ln 2 / λ; null when λ ≤ 0 (no decay). */
  halfLife: number | null;
  halfLifeLower: number | null;
  /** Null when λ's lower limit is ≤ 0: the data cannot rule out no decay. */
  halfLifeUpper: number | null;
  /** Weighted R² of the log-linear fit. */
  rSquared: number;
  points: number;
  df: number;
}

/**
 * @example
 * // y = 100 e^(−0.1 age) exactly: rate 0.1, half-life ln 2 / 0.1 = 6.931…, a zero-width interval.
 * fitExponentialDecay([0, 1, 2, 3].map((age) => ({ age, value: 100 * Math.exp(-0.1 * age) })));
 */
export function fitExponentialDecay(points: readonly DecayPoint[], options: { level?: number } = {}): DecayFit {
  const level = options.level ?? 0.95;
  const usable = points.filter((p) => Number.isFinite(p.age) && p.value > 0 && Number.isFinite(p.value) && (p.weight ?? 1) > 0);
  if (usable.length < 3) throw new Error(`an exponential fit needs at least 3 ages with positive engagement (got ${usable.length})`);
  if (new Set(usable.map((p) => p.age)).size < 2) throw new Error('an exponential fit needs at least two different ages');
  // Weighted least squares as OLS on rows scaled by √w (no separate intercept: the scaled 1s are it).
  const sw = usable.map((p) => Math.sqrt(p.weight ?? 1));
  const z = usable.map((p) => Math.log(p.value));
  const fit = olsRegression(z.map((v, i) => v * sw[i]!), { intercept: sw, age: usable.map((p, i) => p.age * sw[i]!) }, { intercept: false, level });
  const [b0, b1] = fit.coefficients as [(typeof fit.coefficients)[0], (typeof fit.coefficients)[0]];
  const t = tQuantile(1 - (1 - level) / 2, fit.df);
  const rate = -b1.estimate;
  const rateSe = b1.std_error;
  const rateLower = rate - t * rateSe;
  const rateUpper = rate + t * rateSe;
  const w = sw.map((s) => s * s);
  const wsum = w.reduce((a, v) => a + v, 0);
  const zbar = z.reduce((a, v, i) => a + w[i]! * v, 0) / wsum;
  const total = z.reduce((a, v, i) => a + w[i]! * (v - zbar) ** 2, 0);
  const resid = z.reduce((a, v, i) => a + w[i]! * (v - b0.estimate - b1.estimate * usable[i]!.age) ** 2, 0);
  const half = (r: number) => (r > 0 ? Math.LN2 / r : null);
  return {
    initial: Math.exp(b0.estimate), rate, rateSe, rateLower, rateUpper,
    halfLife: half(rate), halfLifeLower: rate > 0 ? half(rateUpper) : null, halfLifeUpper: rate > 0 ? half(rateLower) : null,
    rSquared: total > 0 ? 1 - resid / total : 1, points: usable.length, df: fit.df,
  };
}

/**
 * The frequency cap from a fatigue curve: the largest whole number of exposures k (counted from the
 * first, `firstAge`) whose fitted engagement is still at least `share` of the first exposure's,
 * A e^(−λ(k − first)) ≥ share · A e^0  ⇔  k ≤ first + ln(1/share) / λ. Null when λ ≤ 0 (no fatigue).
 *
 * @example
 * frequencyCap(Math.LN2 / 2, 1, 0.5); // half-life 2 exposures → exposure 3 is exactly 50 % → cap 3
 */
export function frequencyCap(rate: number, firstAge: number, share: number): number | null {
  if (!(share > 0 && share < 1)) throw new Error(`the cap share must be between 0 and 1 (got ${share})`);
  if (!(rate > 0)) return null;
  // A hair of tolerance so an exact boundary (share reached exactly at a whole exposure) counts.
  return Math.floor(firstAge + Math.log(1 / share) / rate + 1e-9);
}
