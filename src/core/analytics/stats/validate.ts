/**
 * Input checks shared by the proportion functions. Each throws an `Error` whose message names the
 * offending value and says what to fix, so a notebook cell can show it as is.
 */

/**
 * Checks that `successes` out of `trials` is a valid binomial count.
 *
 * @param label names the count in the error message, e.g. `group "B"`.
 * @example
 * assertCounts(3, 10, 'group "B"'); // ok
 * assertCounts(12, 10, 'group "B"'); // throws: successes (12) > trials (10)
 */
export function assertCounts(successes: number, trials: number, label = 'input'): void {
  if (!Number.isFinite(successes) || !Number.isFinite(trials)) {
    throw new Error(`${label}: successes (${successes}) and trials (${trials}) must be finite numbers.`);
  }
  if (trials <= 0) {
    throw new Error(`${label}: trials is ${trials}; every group needs at least one trial. Remove the row or fix its trials column.`);
  }
  if (successes < 0) {
    throw new Error(`${label}: successes is ${successes}; it must be 0 or more.`);
  }
  if (successes > trials) {
    throw new Error(`${label}: successes (${successes}) > trials (${trials}); check that the successes and trials columns are not swapped.`);
  }
}

/**
 * Checks that a level (confidence, credible level, power) lies strictly between 0 and 1.
 *
 * @example
 * assertLevel(0.95, 'confidence'); // ok
 */
export function assertLevel(value: number, name: string): void {
  if (!(value > 0 && value < 1)) {
    throw new Error(`${name} is ${value}; it must be strictly between 0 and 1 (e.g. 0.95).`);
  }
}
