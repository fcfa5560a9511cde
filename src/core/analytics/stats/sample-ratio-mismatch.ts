import { chiSquareSf } from './distributions.ts';

/** Result of {@link sampleRatioMismatch}. */
export interface SampleRatioMismatch {
  chiSquare: number;
  df: number;
  pValue: number;
  /** Expected counts under the planned split. */
  expected: number[];
}

/**
 * Sample-ratio mismatch test: Pearson's chi-square goodness of fit of the observed counts per arm
 * against the planned split, as R's `chisq.test(observed, p = shares)` (the shares are normalized to
 * sum to 1, as `rescale.p = TRUE` does). A tiny p-value (conventionally below 0.0005) means the
 * assignment or the logging is broken and the experiment's comparison cannot be trusted.
 *
 * @example
 * sampleRatioMismatch([821588, 815482], [1, 1]);
 * // => { chiSquare: 22.77…, df: 1, pValue: 1.8e-6 } (the SRM example of Kohavi, Tang & Xu 2020)
 */
export function sampleRatioMismatch(observed: readonly number[], shares: readonly number[]): SampleRatioMismatch {
  if (observed.length < 2) throw new Error(`a sample-ratio test needs at least 2 arms (got ${observed.length})`);
  if (shares.length !== observed.length) throw new Error(`${observed.length} arms but ${shares.length} planned shares`);
  observed.forEach((o, i) => {
    if (!(o >= 0) || !Number.isFinite(o)) throw new Error(`arm ${i + 1} has count ${o}; counts must be finite and 0 or more`);
  });
  shares.forEach((s, i) => {
    if (!(s > 0) || !Number.isFinite(s)) throw new Error(`planned share ${i + 1} is ${s}; shares must be positive`);
  });
  const total = observed.reduce((a, v) => a + v, 0);
  if (total === 0) throw new Error('every arm has 0 units: nothing to test');
  const shareSum = shares.reduce((a, v) => a + v, 0);
  const expected = shares.map((s) => (total * s) / shareSum);
  const chiSquare = observed.reduce((a, o, i) => a + (o - expected[i]!) ** 2 / expected[i]!, 0);
  const df = observed.length - 1;
  return { chiSquare, df, pValue: chiSquareSf(chiSquare, df), expected };
}
