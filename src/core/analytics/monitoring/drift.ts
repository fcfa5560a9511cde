/**
 * Drift alarms on a series of individual values (a rate per hour, a score per day), with Montgomery's
 * conventions (Introduction to Statistical Quality Control, §9.1 tabular CUSUM, §9.2 EWMA):
 *
 * - EWMA: z_i = λ·x_i + (1 − λ)·z_{i−1}, z_0 = μ0; limits μ0 ± L·σ·√(λ / (2 − λ)·[1 − (1 − λ)^{2i}]),
 *   the exact time-varying variance (narrower at the start), not only its asymptote.
 * - Tabular CUSUM: C⁺_i = max(0, x_i − (μ0 + K) + C⁺_{i−1}), C⁻_i = max(0, (μ0 − K) − x_i + C⁻_{i−1}),
 *   C⁺_0 = C⁻_0 = 0, K = k·σ, H = h·σ; a signal when C⁺ or C⁻ exceeds H. N⁺ / N⁻ count the
 *   consecutive periods the sum has been non-zero, which dates the shift's start (i − N + 1) and
 *   estimates the new mean: μ0 + K + C⁺/N⁺ (upward) or μ0 − K − C⁻/N⁻ (downward) (Montgomery eq. 9.3–9.4).
 *   Sums are not reset after a signal.
 *
 * σ, when not known, is estimated as Montgomery does for individuals: the average moving range of the
 * baseline / d2, d2 = 1.128 for ranges of two.
 */

export interface DriftOptions {
  target: number;
  sigma: number;
  lambda: number;
  L: number;
  k: number;
  h: number;
}

export interface DriftPoint {
  ewma: number;
  lcl: number;
  ucl: number;
  /** 'up' / 'down' when the EWMA is outside its limits. */
  ewmaSignal: 'up' | 'down' | null;
  upper: number;
  lower: number;
  upperRun: number;
  lowerRun: number;
  cusumSignal: 'up' | 'down' | null;
}

export function driftStatistics(x: readonly number[], o: DriftOptions): DriftPoint[] {
  const K = o.k * o.sigma;
  const H = o.h * o.sigma;
  let z = o.target;
  let cp = 0;
  let cm = 0;
  let np = 0;
  let nm = 0;
  return x.map((v, idx) => {
    const i = idx + 1;
    z = o.lambda * v + (1 - o.lambda) * z;
    const width = o.L * o.sigma * Math.sqrt((o.lambda / (2 - o.lambda)) * (1 - (1 - o.lambda) ** (2 * i)));
    const lcl = o.target - width;
    const ucl = o.target + width;
    cp = Math.max(0, v - (o.target + K) + cp);
    cm = Math.max(0, o.target - K - v + cm);
    np = cp > 0 ? np + 1 : 0;
    nm = cm > 0 ? nm + 1 : 0;
    return {
      ewma: z, lcl, ucl, ewmaSignal: z > ucl ? 'up' : z < lcl ? 'down' : null,
      upper: cp, lower: cm, upperRun: np, lowerRun: nm, cusumSignal: cp > H ? 'up' : cm > H ? 'down' : null,
    };
  });
}

/** Montgomery's moving-range estimate of σ for individuals: mean |x_i − x_{i−1}| / 1.128. */
export function movingRangeSigma(x: readonly number[]): number {
  if (x.length < 2) return NaN;
  let total = 0;
  for (let i = 1; i < x.length; i++) total += Math.abs(x[i]! - x[i - 1]!);
  return total / (x.length - 1) / 1.128;
}
