/**
 * Predicted probabilities are clipped to [EPS, 1 - EPS] so a confident wrong prediction costs
 * -ln(1e-15) ≈ 34.5 instead of infinity (the same clip scikit-learn used for years).
 */
const EPS = 1e-15;

/**
 * Mean binary log loss (cross-entropy): -mean(y ln p + (1 - y) ln(1 - p)). Lower is better; always
 * predicting the base rate r scores the entropy -(r ln r + (1-r) ln(1-r)), a useful yardstick.
 * Optional weights (e.g. impressions per row when y is a CTR) give a weighted mean.
 *
 * @example
 * logLoss([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65]); // => 0.21616187468057912
 */
export function logLoss(labels: number[], probabilities: number[], weights?: number[]): number {
  if (labels.length !== probabilities.length) throw new Error('logLoss: labels and probabilities differ in length');
  if (labels.length === 0) throw new Error('logLoss: empty input');
  let s = 0;
  let wsum = 0;
  labels.forEach((y, i) => {
    if (!(y >= 0 && y <= 1)) throw new Error(`logLoss: labels must be in [0, 1], got ${y}`);
    const p = Math.min(1 - EPS, Math.max(EPS, probabilities[i]!));
    const w = weights ? weights[i]! : 1;
    s += -w * (y * Math.log(p) + (1 - y) * Math.log(1 - p));
    wsum += w;
  });
  return s / wsum;
}
