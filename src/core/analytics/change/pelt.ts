/**
 * Changes in the mean of a series by PELT (Killick, Fearnhead & Eckley 2012, "Optimal detection of
 * changepoints with a linear computational cost", JASA 107:1590–1598): the exact minimiser of
 * Σ segment costs + β × (number of changes), with pruning. The segment cost is the normal mean cost of
 * R's changepoint package (cpt.mean, test.stat = "Normal"): twice the negative log-likelihood up to a
 * constant, Σ (y − ȳ)² / σ², for data of known variance σ²; MBIC adds log(segment length) to each
 * segment's cost, as the package's mbic cost does.
 *
 * Penalties, as changepoint's penalty_decision for a change in mean (one parameter per change, the
 * location counted as another for BIC): `bic` = 2·log n, `mbic` = 3·log n (e.g. 15.89495 for n = 200,
 * the value cpt.mean prints), or a number.
 */

export type Penalty = 'mbic' | 'bic' | number;

export interface PeltOptions {
  penalty: Penalty;
  /** Shortest segment (≥ 2, which keeps PELT's pruning exact with the MBIC length term). */
  minSegment: number;
  /** The noise's standard deviation; estimated from the data (robustNoiseSd) when absent. */
  sigma?: number;
}

export interface MeanChanges {
  /** Indices where a new segment starts (0-based, ascending; 0 not included). */
  changes: number[];
  /** Mean of each segment (changes.length + 1 of them). */
  means: number[];
  sigma: number;
  penaltyValue: number;
}

/** The penalty β for n observations. */
export function penaltyValue(penalty: Penalty, n: number): number {
  if (typeof penalty === 'number') return penalty;
  return (penalty === 'mbic' ? 3 : 2) * Math.log(n);
}

/**
 * Noise sd robust to the level shifts themselves: MAD of the first differences (scaled by 1.4826 to
 * estimate a normal sd) divided by √2, since a difference of two independent draws has variance 2σ²
 * (the estimator of Hampel 1974 applied to differences, as used by robust changepoint software).
 * Falls back to the sd of the differences / √2 when the MAD is 0 (e.g. a piecewise-constant series).
 */
export function robustNoiseSd(y: readonly number[]): number {
  if (y.length < 3) return 0;
  const d = y.slice(1).map((v, i) => v - y[i]!);
  const med = median(d);
  const mad = 1.4826 * median(d.map((v) => Math.abs(v - med)));
  if (mad > 0) return mad / Math.SQRT2;
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, d.length - 1));
  return sd / Math.SQRT2;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** PELT on a series; throws when the series is too short or flat with no sd given. */
export function peltMeanChanges(y: readonly number[], options: PeltOptions): MeanChanges {
  const n = y.length;
  const m = Math.max(2, Math.floor(options.minSegment));
  const sigma = options.sigma ?? robustNoiseSd(y);
  const beta = penaltyValue(options.penalty, n);
  const overall = n ? y.reduce((a, b) => a + b, 0) / n : NaN;
  if (n < 2 * m || !(sigma > 0)) return { changes: [], means: n ? [overall] : [], sigma, penaltyValue: beta };
  const mbic = options.penalty === 'mbic';
  const s1 = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    s1[i + 1] = s1[i]! + y[i]!;
    s2[i + 1] = s2[i]! + y[i]! * y[i]!;
  }
  const v = sigma * sigma;
  /** Cost of segment y[a..b) (b − a ≥ 1). */
  const cost = (a: number, b: number) => {
    const len = b - a;
    const sum = s1[b]! - s1[a]!;
    const sse = Math.max(0, s2[b]! - s2[a]! - (sum * sum) / len);
    return sse / v + (mbic ? Math.log(len) : 0);
  };
  const F = new Float64Array(n + 1).fill(Infinity);
  const last = new Int32Array(n + 1);
  F[0] = -beta;
  let candidates: number[] = [0];
  for (let t = m; t <= n; t++) {
    // s = t − m becomes a candidate once a segment ending there is allowed (s = 0 or s ≥ m).
    if (t - m >= m) candidates.push(t - m);
    let best = Infinity;
    let arg = 0;
    const total: number[] = [];
    for (const s of candidates) {
      const c = t - s >= m && Number.isFinite(F[s]!) ? F[s]! + cost(s, t) + beta : Infinity;
      total.push(c);
      if (c < best) {
        best = c;
        arg = s;
      }
    }
    F[t] = best;
    last[t] = arg;
    // Pruning (K = 0: the cost never drops by splitting a segment of length ≥ 2).
    candidates = candidates.filter((s, i) => !(total[i]! - beta > best));
  }
  const changes: number[] = [];
  for (let t = n; t > 0; t = last[t]!) if (last[t]! > 0) changes.unshift(last[t]!);
  const bounds = [0, ...changes, n];
  const means = bounds.slice(1).map((b, i) => (s1[b]! - s1[bounds[i]!]!) / (b - bounds[i]!));
  return { changes, means, sigma, penaltyValue: beta };
}
