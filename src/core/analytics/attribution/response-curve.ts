/**
 * Saturating spend-response curves: outcome (conversions or value) per period against spend per
 * period, fitted by least squares with Levenberg–Marquardt (ml-levenberg-marquardt).
 *
 * - Hill: y = a·x^s / (k^s + x^s) — a is the saturation level, k the spend at half of it, s the shape
 *   (s ≤ 1 concave everywhere, s > 1 S-shaped).
 * - Log: y = a·log(1 + x / k) — never saturates, but its returns diminish.
 *
 * Standard errors come from the Jacobian at the optimum: cov = σ² (JᵀJ)⁻¹ with σ² = SSE / (n − p),
 * as R's nls summary reports them. Models are compared by AIC as R's AIC(nls) computes it.
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { inverse, Matrix, solve } from 'ml-matrix';

export type CurveModel = 'hill' | 'log';

/** A fitted curve, in the data's own units. */
export interface CurveFit {
  model: CurveModel;
  a: number;
  k: number;
  /** Hill shape; 1 for the log curve (unused there). */
  s: number;
  aSe: number | null;
  kSe: number | null;
  sSe: number | null;
  sse: number;
  n: number;
  /** Number of curve parameters. */
  p: number;
  /** R's AIC for least squares: n (log 2π + 1 + log(SSE / n)) + 2 (p + 1). */
  aic: number;
  r2: number;
}

/**
 * Outcome predicted at spend x.
 *
 * @example
 * curveValue({ model: 'hill', a: 100, k: 50, s: 1 }, 50); // => 50 (half the saturation at x = k)
 * curveValue({ model: 'log', a: 10, k: 1, s: 1 }, Math.E - 1); // => 10
 */
export function curveValue(fit: Pick<CurveFit, 'model' | 'a' | 'k' | 's'>, x: number): number {
  if (x <= 0) return 0;
  if (fit.model === 'log') return fit.a * Math.log1p(x / fit.k);
  const r = Math.pow(x / fit.k, fit.s);
  return (fit.a * r) / (1 + r);
}

/**
 * Marginal return dy/dx at spend x (extra outcome per extra unit of spend).
 *
 * @example
 * curveMarginal({ model: 'log', a: 100, k: 50, s: 1 }, 50); // => 100 / (50 + 50) = 1
 * curveMarginal({ model: 'hill', a: 100, k: 50, s: 1 }, 50); // => a k / (k + x)² = 0.5
 */
export function curveMarginal(fit: Pick<CurveFit, 'model' | 'a' | 'k' | 's'>, x: number): number {
  if (fit.model === 'log') return fit.a / (fit.k + Math.max(0, x));
  if (x <= 0) return fit.s < 1 ? Infinity : fit.s === 1 ? fit.a / fit.k : 0;
  const r = Math.pow(x / fit.k, fit.s);
  return (fit.a * fit.s * r) / (x * (1 + r) * (1 + r));
}

/** Partial derivatives of the curve with respect to (a, k[, s]) at x. */
function gradient(model: CurveModel, a: number, k: number, s: number, x: number): number[] {
  if (model === 'log') return [Math.log1p(x / k), (-a * x) / (k * (k + x))];
  if (x <= 0) return [0, 0, 0];
  const r = Math.pow(x / k, s);
  const d = (1 + r) * (1 + r);
  return [r / (1 + r), (-a * s * r) / (k * d), (a * r * Math.log(x / k)) / d];
}

// Starting points on the scaled data (spend and outcome divided by their maxima): saturation from
// just above the highest outcome to well above it, half-saturation spend across the observed range,
// shapes from concave to clearly S-shaped. The best of these local fits is kept.
const HILL_STARTS = [1.5, 4].flatMap((a) => [0.3, 1, 3].flatMap((k) => [0.8, 1.5, 3].map((s) => [a, k, s])));
const LOG_STARTS = [0.5, 3].flatMap((a) => [0.05, 0.3, 1, 5].map((k) => [a, k]));
const HILL_MIN = [1e-9, 1e-6, 0.3];
const HILL_MAX = [1e6, 1e3, 6];
const LOG_MIN = [1e-9, 1e-6];
const LOG_MAX = [1e6, 1e3];

function sseOf(model: CurveModel, params: number[], x: readonly number[], y: readonly number[]): number {
  const f = { model, a: params[0]!, k: params[1]!, s: params[2] ?? 1 };
  let sse = 0;
  for (let i = 0; i < x.length; i++) sse += (y[i]! - curveValue(f, x[i]!)) ** 2;
  return sse;
}

/**
 * Fit one curve to (spend, outcome) points.
 *
 * @example
 * const x = [10, 20, 40, 80, 160, 320];
 * fitResponseCurve(x, x.map((v) => 100 * v / (50 + v)), 'hill'); // => a ≈ 100, k ≈ 50, s ≈ 1
 */
export function fitResponseCurve(x: readonly number[], y: readonly number[], model: CurveModel): CurveFit {
  if (x.length !== y.length) throw new Error(`spend has ${x.length} values but the outcome has ${y.length}`);
  const p = model === 'hill' ? 3 : 2;
  if (x.length < p + 1) throw new Error(`a ${model} curve needs at least ${p + 1} points with spend and outcome (got ${x.length})`);
  if (x.some((v) => !(v >= 0) || !Number.isFinite(v))) throw new Error('spend must be finite and 0 or more');
  if (y.some((v) => !Number.isFinite(v))) throw new Error('the outcome must be finite numbers');
  const X = Math.max(...x);
  const Y = Math.max(...y);
  if (!(X > 0)) throw new Error('spend is 0 everywhere: no curve can be fitted');
  if (!(Y > 0)) throw new Error('the outcome is 0 everywhere: no curve can be fitted');
  if (new Set(x).size < p) throw new Error(`a ${model} curve needs at least ${p} different spend levels (got ${new Set(x).size})`);
  const xs = x.map((v) => v / X);
  const ys = y.map((v) => v / Y);
  const fn = (q: number[]) => (t: number) => curveValue({ model, a: q[0]!, k: q[1]!, s: q[2] ?? 1 }, t);
  const jac = (q: number[]) => (t: number) => gradient(model, q[0]!, q[1]!, q[2] ?? 1, t);
  let best: number[] | null = null;
  let bestSse = Infinity;
  for (const start of model === 'hill' ? HILL_STARTS : LOG_STARTS) {
    const r = levenbergMarquardt({ x: xs, y: ys }, fn, {
      initialValues: start,
      minValues: model === 'hill' ? HILL_MIN : LOG_MIN,
      maxValues: model === 'hill' ? HILL_MAX : LOG_MAX,
      jacobianFunction: jac,
      damping: 1e-2,
      // Enough to reach the basin; the Gauss–Newton polish below finishes the convergence.
      maxIterations: 60,
      // 0 keeps every improvement (the library only records one larger than this tolerance).
      errorTolerance: 0,
    });
    const sse = sseOf(model, r.parameterValues, xs, ys);
    if (sse < bestSse) {
      bestSse = sse;
      best = r.parameterValues;
    }
  }
  best = polish(model, best!, xs, ys, model === 'hill' ? HILL_MIN : LOG_MIN, model === 'hill' ? HILL_MAX : LOG_MAX);
  bestSse = sseOf(model, best, xs, ys);
  const a = best![0]! * Y;
  const k = best![1]! * X;
  const s = model === 'hill' ? best![2]! : 1;
  const sse = bestSse * Y * Y;
  const n = x.length;
  const meanY = y.reduce((acc, v) => acc + v, 0) / n;
  const sst = y.reduce((acc, v) => acc + (v - meanY) ** 2, 0);
  // Standard errors on the scaled problem (well conditioned), then back to the data's units.
  const seScaled = standardErrors(model, best![0]!, best![1]!, s, xs, bestSse, p);
  const unit = [Y, X, 1];
  const se = seScaled.map((v, i) => (v === null ? null : v * unit[i]!));
  return {
    model, a, k, s, aSe: se[0] ?? null, kSe: se[1] ?? null, sSe: model === 'hill' ? (se[2] ?? null) : null,
    sse, n, p,
    // A perfect fit has SSE 0; floor it so AIC stays finite and still ranks it first.
    aic: n * (Math.log(2 * Math.PI) + 1 + Math.log(Math.max(sse, 1e-300) / n)) + 2 * (p + 1),
    r2: sst > 0 ? 1 - sse / sst : Number.NaN,
  };
}

/**
 * Gauss–Newton steps (halved while they do not lower the SSE) from the Levenberg–Marquardt result
 * until the step is below 1e-13 relative. LM stops on an iteration count; without this the optimum is
 * only good to ~1e-9, and 1-ulp differences in Math.pow between JavaScript engines (Node vs the
 * browser) show up in the 9th digit of the parameters.
 */
function polish(model: CurveModel, start: number[], xs: readonly number[], ys: readonly number[], min: number[], max: number[]): number[] {
  let q = [...start];
  let sse = sseOf(model, q, xs, ys);
  for (let iter = 0; iter < 200; iter++) {
    const J = new Matrix(xs.map((t) => gradient(model, q[0]!, q[1]!, q[2] ?? 1, t).slice(0, q.length)));
    const r = Matrix.columnVector(xs.map((t, i) => ys[i]! - curveValue({ model, a: q[0]!, k: q[1]!, s: q[2] ?? 1 }, t)));
    let step: number[];
    try {
      step = solve(J.transpose().mmul(J), J.transpose().mmul(r)).to1DArray();
    } catch {
      return q;
    }
    const full = Math.max(...step.map((v, i) => Math.abs(v) / Math.max(Math.abs(q[i]!), 1e-12)));
    if (full < 1e-6 && q.every((v, i) => v + step[i]! >= min[i]! && v + step[i]! <= max[i]!)) {
      // Near the optimum the SSE is flat to rounding (it changes with the square of the step), so
      // comparing SSEs would stop at a point that depends on the path; the Gauss–Newton fixed point
      // Jᵀr = 0 is sharp, so take full steps to it.
      q = q.map((v, i) => v + step[i]!);
      sse = sseOf(model, q, xs, ys);
      if (full < 1e-14) return q;
      continue;
    }
    let lambda = 1;
    let next: number[] | null = null;
    for (let h = 0; h < 30; h++, lambda /= 2) {
      const cand = q.map((v, i) => v + lambda * step[i]!);
      if (cand.some((v, i) => !(v >= min[i]! && v <= max[i]!))) continue;
      const cs = sseOf(model, cand, xs, ys);
      if (cs <= sse) {
        next = cand;
        sse = cs;
        break;
      }
    }
    if (!next) return q;
    const rel = Math.max(...next.map((v, i) => Math.abs(v - q[i]!) / Math.max(Math.abs(v), 1e-12)));
    q = next;
    if (rel < 1e-13) return q;
  }
  return q;
}

/** σ² (JᵀJ)⁻¹ at the optimum, in original units; nulls when there are no residual degrees of freedom or J is singular. */
function standardErrors(model: CurveModel, a: number, k: number, s: number, x: readonly number[], sse: number, p: number): (number | null)[] {
  const dof = x.length - p;
  if (dof <= 0) return Array(p).fill(null);
  const J = new Matrix(x.map((t) => gradient(model, a, k, s, t).slice(0, p)));
  try {
    const cov = inverse(J.transpose().mmul(J)).mul(sse / dof);
    return Array.from({ length: p }, (_, i) => {
      const v = cov.get(i, i);
      return v >= 0 && Number.isFinite(v) ? Math.sqrt(v) : null;
    });
  } catch {
    return Array(p).fill(null);
  }
}

/**
 * Fit each model and keep the one with the lower AIC.
 *
 * @example
 * const x = [10, 20, 40, 80, 160, 320];
 * chooseResponseCurve(x, x.map((v) => 30 * Math.log1p(v / 25))).best.model; // => 'log'
 */
export function chooseResponseCurve(x: readonly number[], y: readonly number[], models: readonly CurveModel[] = ['hill', 'log']): { best: CurveFit; fits: CurveFit[] } {
  const fits = models.map((m) => fitResponseCurve(x, y, m));
  const best = fits.reduce((b, f) => (f.aic < b.aic ? f : b));
  return { best, fits };
}
