import { holtWinters, holtWintersForecast, type HoltWintersOptions } from './holt-winters.ts';
import { normalQuantile } from '../stats/distributions.ts';

export interface AccuracyMetrics {
  /** Mean absolute error over the held-out period. */
  mae: number;
  /** Mean absolute percentage error in percent, over held-out points whose actual value is not 0. */
  mape: number;
  /** Share of held-out actual values inside the prediction interval (compare with `level`). */
  coverage: number;
}

export interface HoldoutRow {
  step: number;
  actual: number;
  forecast: number;
  lower: number;
  upper: number;
  baseline: number;
  baseline_lower: number;
  baseline_upper: number;
}

export interface HoldoutResult {
  horizon: number;
  level: number;
  model: AccuracyMetrics;
  /** Seasonal naive: each held-out value forecast by the value one period earlier. */
  baseline: AccuracyMetrics;
  /** model MAE / baseline MAE: below 1 means Holt-Winters beats the seasonal naive forecast. */
  relative_mae: number;
  rows: HoldoutRow[];
  alpha: number;
  beta: number;
  gamma: number;
}

export interface HoldoutOptions extends HoltWintersOptions {
  /** Season length (e.g. 7 for daily data with a weekly cycle). */
  period: number;
  /** Prediction interval level (default 0.95). */
  level?: number;
}

function metrics(actual: number[], mean: number[], lower: number[], upper: number[]): AccuracyMetrics {
  const h = actual.length;
  let ae = 0;
  let ape = 0;
  let nape = 0;
  let inside = 0;
  for (let i = 0; i < h; i++) {
    const a = actual[i]!;
    ae += Math.abs(a - mean[i]!);
    if (a !== 0) {
      ape += Math.abs((a - mean[i]!) / a);
      nape++;
    }
    if (a >= lower[i]! && a <= upper[i]!) inside++;
  }
  return { mae: ae / h, mape: nape ? (100 * ape) / nape : Number.NaN, coverage: inside / h };
}

/**
 * Out-of-sample check of an additive Holt-Winters forecast: fit on all but the last `horizon`
 * values, forecast them, and report MAE, MAPE and prediction-interval coverage next to the
 * seasonal naive baseline (Hyndman & Athanasopoulos, FPP3 §5.2 and §5.5: forecast = value one
 * season earlier, interval sd * sqrt(k + 1) with k the number of whole seasons ahead, sd the
 * in-sample seasonal-naive residual standard deviation).
 *
 * @example
 * holdoutValidate(dailyCtr, 14, { period: 7 }).relative_mae; // < 1: the model beats last week's values
 */
export function holdoutValidate(series: number[], horizon: number, options: HoldoutOptions): HoldoutResult {
  const fn = 'holdoutValidate';
  const { period } = options;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(horizon) || horizon < 1) throw new Error(`${fn}: horizon must be a positive integer`);
  const train = series.slice(0, series.length - horizon);
  const test = series.slice(series.length - horizon);
  if (train.length < 2 * period + 1) {
    throw new Error(`${fn}: only ${train.length} values left for fitting; need at least ${2 * period + 1}`);
  }
  const model = holtWinters(train, period, options);
  const fc = holtWintersForecast(model, horizon, level);

  const snRes: number[] = [];
  for (let t = period; t < train.length; t++) snRes.push(train[t]! - train[t - period]!);
  const snMean = snRes.reduce((a, b) => a + b, 0) / snRes.length;
  const snSd = Math.sqrt(snRes.reduce((a, r) => a + (r - snMean) ** 2, 0) / (snRes.length - 1));
  const z = normalQuantile(1 - (1 - level) / 2);
  const rows: HoldoutRow[] = test.map((actual, i) => {
    const baseline = train[train.length - period + (i % period)]!;
    const k = Math.floor(i / period);
    const half = z * snSd * Math.sqrt(k + 1);
    return {
      step: i + 1,
      actual,
      forecast: fc[i]!.mean,
      lower: fc[i]!.lower,
      upper: fc[i]!.upper,
      baseline,
      baseline_lower: baseline - half,
      baseline_upper: baseline + half,
    };
  });
  const m = metrics(test, rows.map((r) => r.forecast), rows.map((r) => r.lower), rows.map((r) => r.upper));
  const b = metrics(test, rows.map((r) => r.baseline), rows.map((r) => r.baseline_lower), rows.map((r) => r.baseline_upper));
  return { horizon, level, model: m, baseline: b, relative_mae: m.mae / b.mae, rows, alpha: model.alpha, beta: model.beta, gamma: model.gamma };
}
