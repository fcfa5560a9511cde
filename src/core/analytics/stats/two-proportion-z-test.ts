import { normalCdf, normalSf } from './distributions.ts';
import { assertCounts } from './validate.ts';

/** Which difference the test looks for: p1 ≠ p2, p1 > p2 or p1 < p2. */
export type Alternative = 'two-sided' | 'larger' | 'smaller';

/** Result of {@link twoProportionZTest}. */
export interface ZTestResult {
  /** (p1 - p2) / pooled standard error. */
  z: number;
  pValue: number;
}

/**
 * Two-sample z test for equal proportions with the pooled standard error (the score test): the test
 * behind statsmodels `proportions_ztest(count, nobs)` and R `prop.test(correct = FALSE)`, whose
 * X-squared equals z². Two-sided by default.
 *
 * When both groups have 0 successes, or both have only successes, there is no variation to test:
 * the function returns z = 0 and pValue = 1 rather than 0/0.
 *
 * @example
 * twoProportionZTest(5, 83, 12, 99); // => { z: -1.4078…, pValue: 0.1592… } (statsmodels docs)
 */
export function twoProportionZTest(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  alternative: Alternative = 'two-sided',
): ZTestResult {
  assertCounts(x1, n1, 'twoProportionZTest group 1');
  assertCounts(x2, n2, 'twoProportionZTest group 2');
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: 0, pValue: 1 };
  const z = (x1 / n1 - x2 / n2) / se;
  const pValue =
    alternative === 'two-sided' ? Math.min(1, 2 * normalSf(Math.abs(z))) : alternative === 'larger' ? normalSf(z) : normalCdf(z);
  return { z, pValue };
}
