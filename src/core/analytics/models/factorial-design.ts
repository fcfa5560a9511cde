import { logisticRegression, type LogisticCoefficient, type LogisticResult } from './logistic-regression.ts';
import { normalQuantile } from '../stats/distributions.ts';

/** One cell of a factorial creative test: the factor levels shown, and clicks out of impressions. */
export interface FactorialCell {
  factors: Record<string, string>;
  successes: number;
  trials: number;
}

export interface FactorialCellPrediction {
  factors: Record<string, string>;
  successes: number;
  trials: number;
  observed_rate: number;
  predicted_rate: number;
  ci_low: number;
  ci_high: number;
}

export interface FactorialDesignResult {
  /** Reference (baseline) level per factor: the level every effect is measured against. */
  reference: Record<string, string>;
  /** Main-effect rows: term "factor=level", log-odds vs the reference level, with odds ratios. */
  main_effects: (LogisticCoefficient & { factor: string; level: string })[];
  /** Two-way interaction rows: term "f1=l1:f2=l2" (extra log-odds beyond the two main effects). */
  interactions: (LogisticCoefficient & { factors: [string, string]; levels: [string, string] })[];
  intercept: LogisticCoefficient | null;
  cells: FactorialCellPrediction[];
  /** The cell with the highest predicted rate, with its Wald interval (logit scale, back-transformed). */
  best: FactorialCellPrediction;
  model: LogisticResult;
}

export interface FactorialDesignOptions {
  /** Include two-way interactions (default true). */
  interactions?: boolean;
  /** Reference level per factor; default: the first level met in the input. */
  reference?: Record<string, string>;
  /** Level of the cell intervals (default 0.95). */
  level?: number;
}

/**
 * Analyses a factorial creative test (e.g. headline x image x CTA) with a binomial logistic model
 * of clicks out of impressions: dummy coding with a reference level per factor, main effects and
 * (by default) all two-way interactions, then the predicted CTR of every cell with a confidence
 * interval and the best cell.
 *
 * Interactions need at least two levels of both factors observed together; with two factors and
 * interactions the model is saturated and the predicted CTR of each cell equals the observed one.
 * A factor level (or combination) with zero clicks makes its effect infinite: the underlying
 * logistic regression then throws its separation error, rather than report a meaningless number.
 *
 * @example
 * factorialDesign([
 *   { factors: { headline: 'A', cta: 'Buy' }, successes: 30, trials: 1000 },
 *   { factors: { headline: 'B', cta: 'Buy' }, successes: 45, trials: 1000 },
 *   { factors: { headline: 'A', cta: 'Try' }, successes: 35, trials: 1000 },
 *   { factors: { headline: 'B', cta: 'Try' }, successes: 60, trials: 1000 },
 * ]).best.factors; // => { headline: 'B', cta: 'Try' }
 */
export function factorialDesign(cells: FactorialCell[], options: FactorialDesignOptions = {}): FactorialDesignResult {
  const fn = 'factorialDesign';
  const withInteractions = options.interactions ?? true;
  if (cells.length === 0) throw new Error(`${fn}: no cells`);
  const factorNames = Object.keys(cells[0]!.factors);
  if (factorNames.length === 0) throw new Error(`${fn}: cells have no factors`);
  const levels: Record<string, string[]> = {};
  for (const f of factorNames) levels[f] = [];
  cells.forEach((c, i) => {
    for (const f of factorNames) {
      const v = c.factors[f];
      if (v === undefined) throw new Error(`${fn}: cell ${i} has no level for factor "${f}"`);
      if (!levels[f]!.includes(v)) levels[f]!.push(v);
    }
  });
  const reference: Record<string, string> = {};
  for (const f of factorNames) {
    const ref = options.reference?.[f] ?? levels[f]![0]!;
    if (!levels[f]!.includes(ref)) throw new Error(`${fn}: reference level "${ref}" of "${f}" does not occur`);
    if (levels[f]!.length < 2) throw new Error(`${fn}: factor "${f}" has a single level; nothing to compare`);
    reference[f] = ref;
    levels[f] = [ref, ...levels[f]!.filter((l) => l !== ref)];
  }

  // Columns: one dummy per non-reference level, then products for each pair of factors.
  const columns: { name: string; value: (c: Record<string, string>) => number; kind: 'main' | 'int'; meta: string[] }[] = [];
  for (const f of factorNames) {
    for (const l of levels[f]!.slice(1)) {
      columns.push({ name: `${f}=${l}`, value: (c) => (c[f] === l ? 1 : 0), kind: 'main', meta: [f, l] });
    }
  }
  if (withInteractions) {
    for (let a = 0; a < factorNames.length; a++) {
      for (let b = a + 1; b < factorNames.length; b++) {
        const fa = factorNames[a]!;
        const fb = factorNames[b]!;
        for (const la of levels[fa]!.slice(1)) {
          for (const lb of levels[fb]!.slice(1)) {
            columns.push({
              name: `${fa}=${la}:${fb}=${lb}`,
              value: (c) => (c[fa] === la && c[fb] === lb ? 1 : 0),
              kind: 'int',
              meta: [fa, la, fb, lb],
            });
          }
        }
      }
    }
  }
  const X: Record<string, number[]> = {};
  for (const col of columns) X[col.name] = cells.map((c) => col.value(c.factors));
  const model = logisticRegression(
    { successes: cells.map((c) => c.successes), trials: cells.map((c) => c.trials) },
    X,
    { level: options.level ?? 0.95 },
  );
  const coefByTerm = new Map(model.coefficients.map((c) => [c.term, c]));
  const main_effects = columns
    .filter((c) => c.kind === 'main')
    .map((c) => ({ ...coefByTerm.get(c.name)!, factor: c.meta[0]!, level: c.meta[1]! }));
  const interactions = columns
    .filter((c) => c.kind === 'int')
    .map((c) => ({
      ...coefByTerm.get(c.name)!,
      factors: [c.meta[0]!, c.meta[2]!] as [string, string],
      levels: [c.meta[1]!, c.meta[3]!] as [string, string],
    }));

  const z = normalQuantile(1 - (1 - (options.level ?? 0.95)) / 2);
  const beta = model.coefficients.map((c) => c.estimate);
  const cov = model.covariance;
  const logistic = (e: number) => 1 / (1 + Math.exp(-e));
  const predictions: FactorialCellPrediction[] = cells.map((cell) => {
    const x = [1, ...columns.map((col) => col.value(cell.factors))];
    let eta = 0;
    for (let j = 0; j < x.length; j++) eta += x[j]! * beta[j]!;
    let v = 0;
    for (let i = 0; i < x.length; i++) for (let j = 0; j < x.length; j++) v += x[i]! * cov[i]![j]! * x[j]!;
    const se = Math.sqrt(v);
    return {
      factors: cell.factors,
      successes: cell.successes,
      trials: cell.trials,
      observed_rate: cell.successes / cell.trials,
      predicted_rate: logistic(eta),
      ci_low: logistic(eta - z * se),
      ci_high: logistic(eta + z * se),
    };
  });
  const best = predictions.reduce((a, b) => (b.predicted_rate > a.predicted_rate ? b : a));
  return { reference, main_effects, interactions, intercept: coefByTerm.get('(Intercept)') ?? null, cells: predictions, best, model };
}
