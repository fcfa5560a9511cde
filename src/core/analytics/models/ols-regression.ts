import { buildDesign, weightedLeastSquares } from './linear-algebra.ts';
import { tCdf, tQuantile } from '../stats/distributions.ts';

/** One row of a regression coefficient table. */
export interface OlsCoefficient {
  term: string;
  estimate: number;
  std_error: number;
  /** t statistic, estimate / std_error. */
  t: number;
  /** Two-sided p-value from Student's t with the residual degrees of freedom. */
  p_value: number;
  ci_low: number;
  ci_high: number;
}

export interface OlsResult {
  coefficients: OlsCoefficient[];
  r2: number;
  adj_r2: number;
  n: number;
  /** Residual degrees of freedom, n - p. */
  df: number;
  /** sqrt(RSS / df), R's "Residual standard error". */
  residual_std_error: number;
  /** Overall F statistic against the intercept-only model (NaN without an intercept). */
  f_statistic: number;
  fitted: number[];
  residuals: number[];
  /** Covariance matrix of the estimates, rows/columns in `coefficients` order. */
  covariance: number[][];
}

export interface OlsOptions {
  /** Include an intercept column (default true). */
  intercept?: boolean;
  /** Confidence level of ci_low / ci_high (default 0.95). */
  level?: number;
}

/**
 * Ordinary least squares regression, as R's `lm(y ~ x1 + x2 + ...)`: coefficients with standard
 * errors, t tests and confidence intervals, R², adjusted R² and the residual standard error.
 * Solved by Householder QR on unit-scaled columns (not the normal equations), so ill-conditioned
 * designs such as NIST's Longley data keep their precision.
 *
 * Throws a clear error when there are no more rows than coefficients, or when a column is collinear
 * with earlier ones (the error names it).
 *
 * @example
 * const fit = olsRegression([1, 3, 2, 5, 4], { x: [1, 2, 3, 4, 5] });
 * fit.coefficients[1].estimate; // => 0.8 (slope)
 * fit.r2;                       // => 0.64
 */
export function olsRegression(y: number[], X: Record<string, number[]>, options: OlsOptions = {}): OlsResult {
  const intercept = options.intercept ?? true;
  const level = options.level ?? 0.95;
  const fn = 'olsRegression';
  const n = y.length;
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i]!)) throw new Error(`${fn}: y has a non-finite value at row ${i}`);
  const { terms, X: M } = buildDesign(X, n, intercept, fn);
  const p = terms.length;
  if (n <= p) {
    throw new Error(`${fn}: ${n} rows is too few for ${p} coefficients; need at least ${p + 1} rows to estimate the error variance`);
  }
  const { beta, xtwxInverse } = weightedLeastSquares(M, y, null, terms, fn);
  const fitted: number[] = [];
  const residuals: number[] = [];
  let rss = 0;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let j = 0; j < p; j++) f += M.get(i, j) * beta[j]!;
    fitted.push(f);
    residuals.push(y[i]! - f);
    rss += (y[i]! - f) ** 2;
  }
  const df = n - p;
  const sigma2 = rss / df;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  // R's convention: total sum of squares is centred with an intercept, uncentred without one.
  const tss = intercept ? y.reduce((a, v) => a + (v - mean) ** 2, 0) : y.reduce((a, v) => a + v * v, 0);
  const r2 = 1 - rss / tss;
  const dfModel = intercept ? p - 1 : p;
  const adj_r2 = 1 - (1 - r2) * ((n - (intercept ? 1 : 0)) / df);
  const f_statistic = dfModel > 0 ? ((tss - rss) / dfModel) / sigma2 : Number.NaN;
  const tcrit = tQuantile(1 - (1 - level) / 2, df);
  const covariance = xtwxInverse.mul(sigma2).to2DArray();
  const coefficients = terms.map((term, j) => {
    const estimate = beta[j]!;
    const std_error = Math.sqrt(covariance[j]![j]!);
    const t = estimate / std_error;
    return {
      term,
      estimate,
      std_error,
      t,
      p_value: 2 * tCdf(-Math.abs(t), df),
      ci_low: estimate - tcrit * std_error,
      ci_high: estimate + tcrit * std_error,
    };
  });
  return { coefficients, r2, adj_r2, n, df, residual_std_error: Math.sqrt(sigma2), f_statistic, fitted, residuals, covariance };
}
