import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { binomial, mulberry32, standardNormal } from '../random.ts';

/** The parts of a fitted logistic model a simulation needs (a `LogisticResult` has them). */
export interface SimulationModel {
  coefficients: { term: string; estimate: number }[];
  covariance: number[][];
}

/** One row of a content plan: how many impressions, and what the content looks like. */
export interface PlanRow {
  label?: string;
  impressions: number;
  /** Predictor values keyed by model term (numeric models, e.g. `{ emoji: 1, headline_len: 42 }`). */
  features?: Record<string, number>;
  /** Factor levels for a `factorialDesign` model, e.g. `{ headline: 'B', cta: 'Try' }`. */
  factors?: Record<string, string>;
}

export interface Summary {
  mean: number;
  p5: number;
  p50: number;
  p95: number;
}

export interface PlanRowSimulation {
  label: string;
  impressions: number;
  ctr: Summary;
  clicks: Summary;
}

export interface PlanSimulation {
  runs: number;
  seed: number;
  rows: PlanRowSimulation[];
  /** Plan totals: clicks summed over rows per run, CTR = total clicks / total impressions. */
  overall: { impressions: number; ctr: Summary; clicks: Summary };
}

export interface SimulateOptions {
  /**
   * Monte Carlo runs (default 2000: the 5th and 95th percentiles then rest on ~100 draws each in
   * the tail, enough for two significant digits, and a plan of a few hundred rows runs in well under
   * a second).
   */
  runs?: number;
  /** PRNG seed (default 1): the same seed gives the same result. */
  seed?: number;
}

function quantile7(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function summarize(xs: number[]): Summary {
  const s = [...xs].sort((a, b) => a - b);
  return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, p5: quantile7(s, 0.05), p50: quantile7(s, 0.5), p95: quantile7(s, 0.95) };
}

/** Value of one model term for a plan row: the intercept is 1, "f=l[:g=m]" terms read `factors`. */
function termValue(term: string, row: PlanRow, index: number): number {
  if (term === '(Intercept)') return 1;
  if (row.features && term in row.features) return row.features[term]!;
  if (row.factors && term.includes('=')) {
    return term.split(':').every((part) => {
      const eq = part.indexOf('=');
      return row.factors![part.slice(0, eq)] === part.slice(eq + 1);
    })
      ? 1
      : 0;
  }
  throw new Error(`simulatePlan: plan row ${index} gives no value for model term "${term}"`);
}

/**
 * Scale of the diagonal jitter added when the covariance matrix is not numerically positive
 * definite (relative to its largest diagonal element): small enough not to change the spread,
 * large enough to let the Cholesky factorisation through.
 */
const JITTER = 1e-10;

/**
 * Monte Carlo simulation of a content plan's CTR and clicks before launch. Each run draws a
 * coefficient vector from the fitted logistic model's large-sample normal approximation
 * N(beta_hat, Cov) (through the Cholesky factor of Cov, so parameter uncertainty is carried), turns
 * it into each row's CTR, then draws clicks ~ Binomial(impressions, CTR) (so sampling noise is
 * carried too). Seeded mulberry32, so results are reproducible. Returns mean / 5th / 50th / 95th
 * percentiles per row and for the whole plan.
 *
 * @example
 * const fit = logisticRegression({ successes: [30, 45], trials: [1000, 1000] }, { b: [0, 1] });
 * simulatePlan(fit, [{ impressions: 5000, features: { b: 1 } }], { runs: 1000, seed: 7 }).rows[0].clicks.p50;
 * // => about 225
 */
export function simulatePlan(model: SimulationModel, plan: PlanRow[], options: SimulateOptions = {}): PlanSimulation {
  const fn = 'simulatePlan';
  const runs = options.runs ?? 2000;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`${fn}: runs must be a positive integer`);
  const p = model.coefficients.length;
  const beta = model.coefficients.map((c) => c.estimate);
  const design = plan.map((row, i) => {
    if (!Number.isInteger(row.impressions) || row.impressions < 0) {
      throw new Error(`${fn}: plan row ${i} needs a non-negative integer number of impressions`);
    }
    return model.coefficients.map((c) => termValue(c.term, row, i));
  });
  const cov = new Matrix(model.covariance);
  let chol = new CholeskyDecomposition(cov);
  if (!chol.isPositiveDefinite()) {
    const maxDiag = Math.max(...model.covariance.map((r, i) => r[i]!));
    chol = new CholeskyDecomposition(cov.clone().add(Matrix.eye(p).mul(JITTER * maxDiag)));
    if (!chol.isPositiveDefinite()) throw new Error(`${fn}: the model covariance is not positive definite`);
  }
  const L = chol.lowerTriangularMatrix.to2DArray();
  const rand = mulberry32(seed);
  const ctr = plan.map(() => new Array<number>(runs));
  const clicks = plan.map(() => new Array<number>(runs));
  const totalClicks = new Array<number>(runs).fill(0);
  const z = new Array<number>(p);
  const b = new Array<number>(p);
  for (let r = 0; r < runs; r++) {
    for (let j = 0; j < p; j++) z[j] = standardNormal(rand);
    for (let i = 0; i < p; i++) {
      let s = beta[i]!;
      for (let j = 0; j <= i; j++) s += L[i]![j]! * z[j]!;
      b[i] = s;
    }
    plan.forEach((row, k) => {
      let eta = 0;
      for (let j = 0; j < p; j++) eta += design[k]![j]! * b[j]!;
      const rate = 1 / (1 + Math.exp(-eta));
      const c = binomial(rand, row.impressions, rate);
      ctr[k]![r] = rate;
      clicks[k]![r] = c;
      totalClicks[r]! += c;
    });
  }
  const totalImpressions = plan.reduce((a, row) => a + row.impressions, 0);
  return {
    runs,
    seed,
    rows: plan.map((row, k) => ({
      label: row.label ?? `row ${k + 1}`,
      impressions: row.impressions,
      ctr: summarize(ctr[k]!),
      clicks: summarize(clicks[k]!),
    })),
    overall: {
      impressions: totalImpressions,
      ctr: summarize(totalClicks.map((c) => (totalImpressions > 0 ? c / totalImpressions : Number.NaN))),
      clicks: summarize(totalClicks),
    },
  };
}
