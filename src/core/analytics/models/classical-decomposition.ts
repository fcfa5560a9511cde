/** Result of a classical (moving-average) seasonal decomposition, as R's `decompose()`. */
export interface Decomposition {
  type: 'additive' | 'multiplicative';
  period: number;
  /** Centred moving average; NaN for the first and last half-period, where it is undefined. */
  trend: number[];
  /** The seasonal figure repeated over the series. */
  seasonal: number[];
  /** One value per position in the cycle, centred (sums to 0, or averages 1 if multiplicative). */
  figure: number[];
  /** values - trend - seasonal (or values / (trend * seasonal)); NaN where the trend is. */
  random: number[];
}

/**
 * Classical seasonal decomposition by moving averages, matching R's `stats::decompose()`:
 * the trend is a centred moving average of length `period` (a 2 x period MA with half weights at the
 * ends when the period is even), the seasonal figure is the mean detrended value at each position of
 * the cycle, centred to sum to zero (additive) or average one (multiplicative), and the random part
 * is what remains. Position 0 of `figure` is the cycle position of the first value.
 *
 * @example
 * classicalDecomposition([1, 3, 2, 4, 3, 5, 4, 6], 2).figure; // => [-0.75, 0.75]
 */
export function classicalDecomposition(
  values: number[],
  period: number,
  type: 'additive' | 'multiplicative' = 'additive',
): Decomposition {
  const fn = 'classicalDecomposition';
  const l = values.length;
  if (!Number.isInteger(period) || period < 2) throw new Error(`${fn}: period must be an integer >= 2`);
  if (l < 2 * period) throw new Error(`${fn}: need at least two full periods (${2 * period} values), got ${l}`);
  if (type === 'multiplicative' && values.some((v) => !(v > 0))) {
    throw new Error(`${fn}: a multiplicative decomposition needs strictly positive values`);
  }
  // R: filter <- if (!f %% 2) c(0.5, rep_len(1, f - 1), 0.5) / f else rep_len(1, f) / f
  const weights = period % 2 === 0
    ? [0.5, ...new Array<number>(period - 1).fill(1), 0.5].map((w) => w / period)
    : new Array<number>(period).fill(1 / period);
  const half = (weights.length - 1) / 2;
  const trend = values.map((_, t) => {
    if (t - half < 0 || t + half >= l) return Number.NaN;
    let s = 0;
    for (let k = 0; k < weights.length; k++) s += weights[k]! * values[t - half + k]!;
    return s;
  });
  const detrended = values.map((v, t) => (type === 'additive' ? v - trend[t]! : v / trend[t]!));
  const figure: number[] = [];
  for (let i = 0; i < period; i++) {
    let s = 0;
    let n = 0;
    for (let t = i; t < l; t += period) {
      if (!Number.isNaN(detrended[t]!)) {
        s += detrended[t]!;
        n++;
      }
    }
    figure.push(s / n);
  }
  const mean = figure.reduce((a, b) => a + b, 0) / period;
  const centred = figure.map((f) => (type === 'additive' ? f - mean : f / mean));
  const seasonal = values.map((_, t) => centred[t % period]!);
  const random = values.map((v, t) =>
    type === 'additive' ? v - trend[t]! - seasonal[t]! : v / (trend[t]! * seasonal[t]!),
  );
  return { type, period, trend, seasonal, figure: centred, random };
}
