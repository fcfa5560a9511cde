import { betaQuantile } from './distributions.ts';
import { assertCounts, assertLevel } from './validate.ts';

/** One segment: e.g. clicks (successes) out of impressions (trials) for one audience or post. */
export interface EbSegment {
  segment: string;
  successes: number;
  trials: number;
}

/** A Beta(alpha, beta) prior over segment rates. */
export interface BetaPrior {
  alpha: number;
  beta: number;
}

/** Options of {@link empiricalBayesBetaBinomial}. */
export interface EbOptions {
  /** Level of the equal-tailed credible interval. Default 0.95. */
  credibleLevel?: number;
  /** Use this prior instead of estimating one from the segments. */
  prior?: BetaPrior;
}

/** One segment of {@link empiricalBayesBetaBinomial}: a result-table row, snake_case columns. */
export interface EbRow {
  segment: string;
  successes: number;
  trials: number;
  raw_rate: number;
  posterior_alpha: number;
  posterior_beta: number;
  /** (successes + alpha) / (trials + alpha + beta) */
  posterior_mean: number;
  ci_low: number;
  ci_high: number;
  /** 1 = highest posterior mean. */
  rank: number;
}

/** How the prior was obtained. */
export type PriorMethod = 'moments' | 'no-overdispersion' | 'no-variation' | 'given';

/** Result of {@link empiricalBayesBetaBinomial}. */
export interface EbResult {
  prior: BetaPrior & { method: PriorMethod };
  segments: EbRow[];
}

// Jeffreys' Beta(1/2, 1/2): used when every segment has 0 successes (or only successes), where no
// prior mean strictly inside (0, 1) can be estimated.
const JEFFREYS = 0.5;

/**
 * Estimates a Beta prior for segment rates from all segments (empirical Bayes), then shrinks each
 * segment's rate toward it: posterior Beta(x + α, n - x + β) with mean (x + α)/(n + α + β) and an
 * equal-tailed credible interval from beta quantiles. A segment with 2 clicks out of 3 impressions
 * no longer outranks one with 900 out of 20 000 (Robinson, "Introduction to Empirical Bayes", 2017).
 *
 * The prior comes from a trials-weighted method-of-moments estimator of the beta-binomial (after
 * Kleinman 1973). With m = Σx/Σn, S = Σ n_i (r_i - m)² and k segments, E[S] = (k - 1)·μ(1 - μ) +
 * τ²·Σ (n_i - 1)(1 - n_i/N), so the between-segment variance and the prior are
 *
 *   τ² = (S - (k - 1)·m(1 - m)) / Σ (n_i - 1)(1 - n_i/N),   α + β = m(1 - m)/τ² - 1,  α = m(α + β).
 *
 * Fallbacks (reported in `prior.method`):
 * - `no-overdispersion`: τ² ≤ 0 (segments vary no more than binomial noise), or τ² too large
 *   for a Beta with mean m: the prior gets mean m and the weight of all the data (α + β = N) when
 *   τ² ≤ 0, i.e. every segment is pulled almost fully to the overall rate; weight 1 when τ² is too
 *   large, i.e. almost no shrinkage;
 * - `no-variation`: m is 0 or 1 (no successes, or no failures, anywhere): Jeffreys' Beta(½, ½).
 *
 * @example
 * empiricalBayesBetaBinomial(
 *   [{ segment: 'a', successes: 300, trials: 1000 }, { segment: 'b', successes: 4, trials: 10 }],
 *   { prior: { alpha: 81, beta: 219 } },
 * ).segments.map((s) => s.posterior_mean); // => [0.2931, 0.2742] (Robinson: .293 and .274)
 */
export function empiricalBayesBetaBinomial(segments: readonly EbSegment[], options: EbOptions = {}): EbResult {
  const level = options.credibleLevel ?? 0.95;
  assertLevel(level, 'credibleLevel');
  if (segments.length === 0) throw new Error('empiricalBayesBetaBinomial: no segments; pass at least two segments.');
  segments.forEach((s) => assertCounts(s.successes, s.trials, `empiricalBayesBetaBinomial segment "${s.segment}"`));
  let prior: EbResult['prior'];
  if (options.prior) {
    const { alpha, beta } = options.prior;
    if (!(alpha > 0 && beta > 0)) {
      throw new Error(`empiricalBayesBetaBinomial: prior alpha (${alpha}) and beta (${beta}) must both be positive.`);
    }
    prior = { alpha, beta, method: 'given' };
  } else {
    if (segments.length < 2) {
      throw new Error(
        'empiricalBayesBetaBinomial: one segment cannot estimate a prior; pass at least two segments, or give options.prior.',
      );
    }
    prior = momentPrior(segments);
  }
  const tail = (1 - level) / 2;
  const rows = segments.map((s) => {
    const a = s.successes + prior.alpha;
    const b = s.trials - s.successes + prior.beta;
    return {
      segment: s.segment,
      successes: s.successes,
      trials: s.trials,
      raw_rate: s.successes / s.trials,
      posterior_alpha: a,
      posterior_beta: b,
      posterior_mean: a / (a + b),
      ci_low: betaQuantile(tail, a, b),
      ci_high: betaQuantile(1 - tail, a, b),
      rank: 0,
    };
  });
  // Ties share the better rank (1, 1, 3), as SQL's RANK() does.
  const sorted = rows.map((r) => r.posterior_mean).sort((x, y) => y - x);
  for (const r of rows) r.rank = sorted.indexOf(r.posterior_mean) + 1;
  return { prior, segments: rows };
}

function momentPrior(segments: readonly EbSegment[]): EbResult['prior'] {
  const k = segments.length;
  const totalTrials = segments.reduce((acc, s) => acc + s.trials, 0);
  const m = segments.reduce((acc, s) => acc + s.successes, 0) / totalTrials;
  if (m === 0 || m === 1) return { alpha: JEFFREYS, beta: JEFFREYS, method: 'no-variation' };
  const spread = segments.reduce((acc, s) => acc + s.trials * (s.successes / s.trials - m) ** 2, 0);
  const weight = segments.reduce((acc, s) => acc + (s.trials - 1) * (1 - s.trials / totalTrials), 0);
  const noise = (k - 1) * m * (1 - m);
  const tau2 = weight > 0 ? (spread - noise) / weight : 0;
  if (!(tau2 > 0)) {
    return { alpha: m * totalTrials, beta: (1 - m) * totalTrials, method: 'no-overdispersion' };
  }
  const strength = (m * (1 - m)) / tau2 - 1;
  if (!(strength > 0)) {
    // A Beta with mean m has variance below m(1 - m)/1; weight 1 is the weakest prior keeping mean m.
    return { alpha: m, beta: 1 - m, method: 'no-overdispersion' };
  }
  return { alpha: m * strength, beta: (1 - m) * strength, method: 'moments' };
}
