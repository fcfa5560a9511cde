import { expect } from 'vitest';

/**
 * Asserts that `actual`, rounded as a reference printed it, equals the printed value: the absolute
 * difference is at most half a unit in the last printed decimal.
 */
export function expectPrinted(actual: number, printed: number, decimals: number): void {
  const tolerance = 0.5 * 10 ** -decimals + 1e-12;
  expect(Math.abs(actual - printed), `${actual} vs printed ${printed} (${decimals} decimals)`).toBeLessThanOrEqual(tolerance);
}

/**
 * Asserts agreement with a value R or another reference printed with `digits` significant digits
 * (R's default print uses 7).
 */
export function expectSignificant(actual: number, printed: number, digits: number): void {
  const magnitude = Math.floor(Math.log10(Math.abs(printed)));
  const tolerance = 0.5 * 10 ** (magnitude - digits + 1) + 1e-300;
  expect(Math.abs(actual - printed), `${actual} vs printed ${printed} (${digits} significant digits)`).toBeLessThanOrEqual(
    tolerance,
  );
}
