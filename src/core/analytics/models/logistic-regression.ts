import { buildDesign, weightedLeastSquares } from './linear-algebra.ts';
import { logChoose } from './log-gamma.ts';
import { normalCdf, normalQuantile } from '../stats/distributions.ts';

/** One row of a logistic regression coefficient table (log-odds scale, Wald inference). */
export interface LogisticCoefficient {
  term: string;
  estimate: number;
  std_error: number;
  /** Wald z = estimate / std_error. */
  z: number;
  /** Two-sided p-value of the Wald z. */
  p_value: number;
  ci_low: number;
  ci_high: number;
  /** exp(estimate), with its interval exp(ci_low) .. exp(ci_high). */
  odds_ratio: number;
  or_ci_low: number;
  or_ci_high: number;
}

export interface LogisticResult {
  coefficients: LogisticCoefficient[];
  /** Covariance of the estimates (inverse Fisher information), rows/columns in coefficient order. */
  covariance: number[][];
  /** Log-likelihood including the binomial coefficient term, as R's logLik(). */
  log_likelihood: number;
  null_deviance: number;
  residual_deviance: number;
  df_null: number;
  df_residual: number;
  /** McFadden's pseudo-R² = 1 - logLik(model) / logLik(intercept-only model). */
  mcfadden_r2: number;
  /** -2 logLik + 2p, as R's AIC(). */
  aic: number;
  converged: boolean;
  iterations: number;
  /** Fitted probabilities per row. */
  fitted: number[];
  /** Number of observations (rows; for binomial counts, the number of groups). */
  n: number;
}

export interface LogisticOptions {
  /** Include an intercept (default true). */
  intercept?: boolean;
  /** Maximum IRLS iterations (default 25, as R's glm.control). */
  maxIter?: number;
  /** Relative deviance change for convergence (default 1e-8, as R's glm.control). */
  tol?: number;
  /** Confidence level of the Wald intervals (default 0.95). */
  level?: number;
}

/** Response either as 0/1 outcomes or as binomial counts per row. */
export type LogisticResponse = number[] | { successes: number[]; trials: number[] };

/**
 * Fitted probabilities closer than this to 0 or 1 mean a coefficient is running off to infinity:
 * the data are (quasi-)completely separated and the maximum likelihood estimate does not exist.
 * R warns at 10 * machine epsilon ("fitted probabilities numerically 0 or 1 occurred"); we throw a
 * little earlier (1e-10) because by then the Wald standard errors are already meaningless.
 */
const SEPARATION_EPS = 1e-10;

function deviance(s: number[], n: number[], mu: number[]): number {
  let d = 0;
  for (let i = 0; i < s.length; i++) {
    const y = s[i]!;
    const f = n[i]! - y;
    if (y > 0) d += 2 * y * Math.log(y / (n[i]! * mu[i]!));
    if (f > 0) d += 2 * f * Math.log(f / (n[i]! * (1 - mu[i]!)));
  }
  return d;
}

function logLik(s: number[], n: number[], mu: number[]): number {
  let l = 0;
  for (let i = 0; i < s.length; i++) {
    const y = s[i]!;
    const f = n[i]! - y;
    l += logChoose(n[i]!, y);
    if (y > 0) l += y * Math.log(mu[i]!);
    if (f > 0) l += f * Math.log(1 - mu[i]!);
  }
  return l;
}

/**
 * Logistic regression (binomial GLM with logit link) fitted by iteratively reweighted least squares,
 * as R's `glm(y ~ ..., family = binomial)`. Accepts 0/1 outcomes or binomial counts
 * `{successes, trials}` (R's `cbind(successes, failures)`), which is how CTR data arrive: clicks
 * out of impressions per row.
 *
 * Throws a clear error for perfect or quasi-perfect separation (a predictor, or combination, that
 * predicts the outcome exactly, so some odds ratio is infinite), for collinear predictors and for
 * invalid responses.
 *
 * @example
 * const fit = logisticRegression({ successes: [12, 30], trials: [1000, 1000] }, { variant_b: [0, 1] });
 * fit.coefficients[1].odds_ratio; // => about 2.53, the odds ratio of B's CTR over A's
 */
export function logisticRegression(
  y: LogisticResponse,
  X: Record<string, number[]>,
  options: LogisticOptions = {},
): LogisticResult {
  const fn = 'logisticRegression';
  const intercept = options.intercept ?? true;
  const maxIter = options.maxIter ?? 25;
  const tol = options.tol ?? 1e-8;
  const level = options.level ?? 0.95;
  let s: number[];
  let trials: number[];
  if (Array.isArray(y)) {
    s = y;
    trials = y.map(() => 1);
    y.forEach((v, i) => {
      if (v !== 0 && v !== 1) throw new Error(`${fn}: y must be 0 or 1, got ${v} at row ${i}`);
    });
  } else {
    s = y.successes;
    trials = y.trials;
    if (s.length !== trials.length) throw new Error(`${fn}: successes and trials differ in length`);
    s.forEach((v, i) => {
      const t = trials[i]!;
      if (!(Number.isFinite(v) && Number.isFinite(t) && v >= 0 && t > 0 && v <= t)) {
        throw new Error(`${fn}: row ${i} needs 0 <= successes <= trials and trials > 0 (got ${v} of ${t})`);
      }
    });
  }
  const nObs = s.length;
  const { terms, X: M } = buildDesign(X, nObs, intercept, fn);
  const p = terms.length;
  if (nObs < p) throw new Error(`${fn}: ${nObs} rows is too few for ${p} coefficients`);
  const totalS = s.reduce((a, b) => a + b, 0);
  const totalN = trials.reduce((a, b) => a + b, 0);
  if (totalS === 0 || totalS === totalN) {
    throw new Error(`${fn}: the outcome never varies (all ${totalS === 0 ? 'failures' : 'successes'}); nothing to model`);
  }

  // R's binomial()$initialize: mu = (n y + 0.5) / (n + 1).
  let mu = s.map((v, i) => (v + 0.5) / (trials[i]! + 1));
  let eta = mu.map((m) => Math.log(m / (1 - m)));
  let dev = deviance(s, trials, mu);
  let converged = false;
  let iterations = 0;
  let beta: number[] = [];
  for (let it = 1; it <= maxIter; it++) {
    iterations = it;
    const w = mu.map((m, i) => trials[i]! * m * (1 - m));
    const z = eta.map((e, i) => e + (s[i]! / trials[i]! - mu[i]!) / (mu[i]! * (1 - mu[i]!)));
    beta = weightedLeastSquares(M, z, w, terms, fn).beta;
    eta = [];
    for (let i = 0; i < nObs; i++) {
      let e = 0;
      for (let j = 0; j < p; j++) e += M.get(i, j) * beta[j]!;
      eta.push(e);
    }
    mu = eta.map((e) => 1 / (1 + Math.exp(-e)));
    if (mu.some((m) => !(m > SEPARATION_EPS && m < 1 - SEPARATION_EPS))) throw separationError(fn);
    const devNew = deviance(s, trials, mu);
    // R's glm.fit criterion: |dev - devold| / (|dev| + 0.1) < epsilon.
    if (Math.abs(devNew - dev) / (Math.abs(devNew) + 0.1) < tol) {
      dev = devNew;
      converged = true;
      break;
    }
    dev = devNew;
  }
  // Covariance = inverse Fisher information (X'WX)^-1 at the final estimates (R uses the weights of
  // the last iteration; the difference is below the convergence tolerance).
  const w = mu.map((m, i) => trials[i]! * m * (1 - m));
  const cov = weightedLeastSquares(M, eta, w, terms, fn).xtwxInverse.to2DArray();
  const zcrit = normalQuantile(1 - (1 - level) / 2);
  const coefficients = terms.map((term, j) => {
    const estimate = beta[j]!;
    const std_error = Math.sqrt(cov[j]![j]!);
    const zv = estimate / std_error;
    const lo = estimate - zcrit * std_error;
    const hi = estimate + zcrit * std_error;
    return {
      term,
      estimate,
      std_error,
      z: zv,
      p_value: 2 * normalCdf(-Math.abs(zv)),
      ci_low: lo,
      ci_high: hi,
      odds_ratio: Math.exp(estimate),
      or_ci_low: Math.exp(lo),
      or_ci_high: Math.exp(hi),
    };
  });

  // Null model: intercept only gives the pooled rate; without an intercept eta = 0 (mu = 1/2), as R.
  const pooled = totalS / totalN;
  const muNull = s.map(() => (intercept ? pooled : 0.5));
  const nullDev = deviance(s, trials, muNull);
  const ll = logLik(s, trials, mu);
  const llNull = logLik(s, trials, muNull);
  return {
    coefficients,
    covariance: cov,
    log_likelihood: ll,
    null_deviance: nullDev,
    residual_deviance: dev,
    df_null: nObs - (intercept ? 1 : 0),
    df_residual: nObs - p,
    mcfadden_r2: 1 - ll / llNull,
    aic: -2 * ll + 2 * p,
    converged,
    iterations,
    fitted: mu,
    n: nObs,
  };
}

function separationError(fn: string): Error {
  return new Error(
    `${fn}: perfect or quasi-perfect separation: some rows are predicted with probability 0 or 1, so at least ` +
      'one coefficient is infinite and no maximum likelihood estimate exists. Look for a predictor (or a ' +
      'level with zero or all successes) that determines the outcome; merge levels, drop it, or use a ' +
      'penalised model.',
  );
}
