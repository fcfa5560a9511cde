import { classicalDecomposition } from './classical-decomposition.ts';
import { nelderMead } from './nelder-mead.ts';
import { normalQuantile } from '../stats/distributions.ts';

export interface HoltWintersModel {
  alpha: number;
  beta: number;
  gamma: number;
  period: number;
  /** Final level a[n]. */
  level: number;
  /** Final trend (slope per step) b[n]. */
  trend: number;
  /** Final seasonal terms s1..s_period: s1 applies to the first step after the data. */
  seasonal: number[];
  /** One-step-ahead fitted values; NaN for the first period (used for initialisation). */
  fitted: number[];
  /** values - fitted, NaN for the first period. */
  residuals: number[];
  /** Sum of squared one-step errors over the fitted part. */
  sse: number;
  /** Whether the smoothing parameters were estimated (true) or given (false). */
  estimated: boolean;
}

export interface HoltWintersOptions {
  /** Fix the level smoothing parameter; estimated when omitted. */
  alpha?: number;
  /** Fix the trend smoothing parameter; estimated when omitted. */
  beta?: number;
  /** Fix the seasonal smoothing parameter; estimated when omitted. */
  gamma?: number;
  /** Whole periods used to initialise level, trend and season (default 2, as R). */
  startPeriods?: number;
}

interface Start {
  l: number;
  b: number;
  s: number[];
}

function startValues(values: number[], period: number, startPeriods: number): Start {
  // R's HoltWinters(): decompose the first startPeriods periods, regress the defined part of the
  // trend on 1..k: intercept = starting level, slope = starting trend; seasonal figure = start season.
  const st = classicalDecomposition(values.slice(0, startPeriods * period), period, 'additive');
  const dat = st.trend.filter((v) => !Number.isNaN(v));
  const k = dat.length;
  const xbar = (k + 1) / 2;
  const ybar = dat.reduce((a, b) => a + b, 0) / k;
  let sxy = 0;
  let sxx = 0;
  dat.forEach((v, i) => {
    sxy += (i + 1 - xbar) * (v - ybar);
    sxx += (i + 1 - xbar) ** 2;
  });
  const b = sxy / sxx;
  return { l: ybar - b * xbar, b, s: st.figure };
}

function run(values: number[], period: number, start: Start, alpha: number, beta: number, gamma: number) {
  const n = values.length;
  let level = start.l;
  let trend = start.b;
  const season = [...start.s];
  const fitted = new Array<number>(n).fill(Number.NaN);
  let sse = 0;
  for (let t = period; t < n; t++) {
    const s = season[t - period]!;
    const xhat = level + trend + s;
    fitted[t] = xhat;
    sse += (values[t]! - xhat) ** 2;
    const newLevel = alpha * (values[t]! - s) + (1 - alpha) * (level + trend);
    trend = beta * (newLevel - level) + (1 - beta) * trend;
    level = newLevel;
    season.push(gamma * (values[t]! - level) + (1 - gamma) * s);
  }
  return { level, trend, seasonal: season.slice(-period), fitted, sse };
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/**
 * Additive Holt-Winters exponential smoothing (level + trend + additive season), as R's
 * `HoltWinters(x, seasonal = "additive")`: same start values (classical decomposition of the first
 * two periods), same recursions, and the smoothing parameters that are not given are chosen to
 * minimise the sum of squared one-step errors, within [0, 1], by Nelder–Mead (R uses L-BFGS-B from
 * alpha 0.3, beta 0.1, gamma 0.1; we start there too and restart twice from the best point, so the
 * optimum agrees with R's to the optimiser's tolerance on well-behaved series).
 *
 * @example
 * // R's AirPassengers (144 monthly values) at R's fitted parameters:
 * holtWinters(airPassengers, 12, { alpha: 0.2479595, beta: 0.03453373, gamma: 1 }).level; // => 477.8278 (R: a = 477.827781)
 * holtWintersForecast(holtWinters(dailyClicks, 7), 14); // two weeks ahead, 95% prediction intervals
 */
export function holtWinters(values: number[], period: number, options: HoltWintersOptions = {}): HoltWintersModel {
  const fn = 'holtWinters';
  const startPeriods = options.startPeriods ?? 2;
  if (!Number.isInteger(period) || period < 2) throw new Error(`${fn}: period must be an integer >= 2`);
  if (values.length < startPeriods * period + 1) {
    throw new Error(`${fn}: need more than ${startPeriods} full periods (${startPeriods * period + 1}+ values), got ${values.length}`);
  }
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new Error(`${fn}: non-finite value at position ${i}`);
  });
  for (const [name, v] of [['alpha', options.alpha], ['beta', options.beta], ['gamma', options.gamma]] as const) {
    if (v !== undefined && !(v >= 0 && v <= 1)) throw new Error(`${fn}: ${name} must be in [0, 1]`);
  }
  const start = startValues(values, period, startPeriods);
  const free: ('alpha' | 'beta' | 'gamma')[] = [];
  if (options.alpha === undefined) free.push('alpha');
  if (options.beta === undefined) free.push('beta');
  if (options.gamma === undefined) free.push('gamma');
  // Optimiser start values 0.3 / 0.1 / 0.1 are R's HoltWinters() defaults (optim.start).
  const params = { alpha: options.alpha ?? 0.3, beta: options.beta ?? 0.1, gamma: options.gamma ?? 0.1 };
  if (free.length > 0) {
    const assign = (x: number[]) => {
      const p = { ...params };
      free.forEach((k, i) => (p[k] = clamp01(x[i]!)));
      return p;
    };
    const sse = (x: number[]) => {
      const p = assign(x);
      return run(values, period, start, p.alpha, p.beta, p.gamma).sse;
    };
    let x = free.map((k) => params[k]);
    // Three passes (two restarts from the best point): Nelder–Mead can stall on a flat ridge or
    // against the [0, 1] walls; a fresh simplex around the incumbent gets it moving again.
    for (let r = 0; r < 3; r++) x = nelderMead(sse, x, { tol: 1e-12 }).x.map(clamp01);
    Object.assign(params, assign(x));
  }
  const out = run(values, period, start, params.alpha, params.beta, params.gamma);
  return {
    ...params,
    period,
    level: out.level,
    trend: out.trend,
    seasonal: out.seasonal,
    fitted: out.fitted,
    residuals: values.map((v, t) => v - out.fitted[t]!),
    sse: out.sse,
    estimated: free.length > 0,
  };
}

export interface ForecastPoint {
  /** Steps ahead, 1..h. */
  step: number;
  mean: number;
  lower: number;
  upper: number;
}

/**
 * h-step forecasts of an additive Holt-Winters model with prediction intervals, as R's
 * `predict(model, n.ahead = h, prediction.interval = TRUE)`: forecast a + h b + s, and variance
 * var(residuals) * (1 + sum_{j<h} psi_j²) with psi_j = alpha (1 + j beta) + [j mod period = 0] gamma (1 - alpha)
 * (Yar & Chatfield 1990 / Hyndman et al. 2008, class 1 additive models).
 *
 * @example
 * holtWintersForecast(holtWinters(series, 12), 3, 0.95)[0]; // => { step: 1, mean, lower, upper }
 */
export function holtWintersForecast(model: HoltWintersModel, h: number, level = 0.95): ForecastPoint[] {
  const res = model.residuals.filter((r) => !Number.isNaN(r));
  const mean = res.reduce((a, b) => a + b, 0) / res.length;
  const variance = res.reduce((a, r) => a + (r - mean) ** 2, 0) / (res.length - 1);
  const z = normalQuantile(1 - (1 - level) / 2);
  const out: ForecastPoint[] = [];
  let psiSq = 0;
  for (let k = 1; k <= h; k++) {
    if (k > 1) {
      const j = k - 1;
      const psi = model.alpha * (1 + j * model.beta) + (j % model.period === 0 ? model.gamma * (1 - model.alpha) : 0);
      psiSq += psi * psi;
    }
    const m = model.level + k * model.trend + model.seasonal[(k - 1) % model.period]!;
    const sd = Math.sqrt(variance * (1 + psiSq));
    out.push({ step: k, mean: m, lower: m - z * sd, upper: m + z * sd });
  }
  return out;
}
