import { classicalDecomposition } from './classical-decomposition.ts';

/**
 * Seasonally adjusted series: the values with the classical seasonal component removed
 * (values - seasonal for additive, values / seasonal for multiplicative), as is done before
 * comparing weeks or months that fall at different points of the cycle.
 *
 * @example
 * seasonallyAdjust([1, 3, 2, 4, 3, 5, 4, 6], 2); // => [1.75, 2.25, 2.75, 3.25, 3.75, 4.25, 4.75, 5.25]
 */
export function seasonallyAdjust(
  values: number[],
  period: number,
  type: 'additive' | 'multiplicative' = 'additive',
): number[] {
  const { seasonal } = classicalDecomposition(values, period, type);
  return values.map((v, t) => (type === 'additive' ? v - seasonal[t]! : v / seasonal[t]!));
}
