export interface StandardizedCoefficient {
  term: string;
  estimate: number;
  /** estimate * sd(x) [/ sd(y)]: the effect of a one-standard-deviation change in the predictor. */
  standardized: number;
}

function sd(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, v) => a + (v - m) ** 2, 0) / (xs.length - 1));
}

/**
 * Standardized coefficients, a quick importance ranking for a fitted linear or logistic model:
 * beta_j * sd(x_j) / sd(y) for OLS (the "beta weights" of QuantPsyc::lm.beta), or beta_j * sd(x_j)
 * for a logistic model (change in log-odds per standard deviation; pass no `y`). The intercept is
 * skipped. Comparable across predictors measured in different units; not causal.
 *
 * @example
 * standardizedCoefficients([{ term: 'x', estimate: 2 }], { x: [1, 2, 3] }, [2, 4, 6]);
 * // => [{ term: 'x', estimate: 2, standardized: 1 }]
 */
export function standardizedCoefficients(
  coefficients: { term: string; estimate: number }[],
  X: Record<string, number[]>,
  y?: number[],
): StandardizedCoefficient[] {
  const sy = y ? sd(y) : 1;
  return coefficients
    .filter((c) => c.term !== '(Intercept)')
    .map((c) => {
      const col = X[c.term];
      if (!col) throw new Error(`standardizedCoefficients: no column for term "${c.term}"`);
      return { term: c.term, estimate: c.estimate, standardized: (c.estimate * sd(col)) / sy };
    })
    .sort((a, b) => Math.abs(b.standardized) - Math.abs(a.standardized));
}
