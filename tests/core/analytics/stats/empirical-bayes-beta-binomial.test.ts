import { describe, expect, it } from 'vitest';
import { empiricalBayesBetaBinomial } from '../../../../src/core/analytics/stats/empirical-bayes-beta-binomial.ts';
import { expectPrinted } from './helpers.ts';

describe('empiricalBayesBetaBinomial', () => {
  it('posterior means match Robinson, "Understanding empirical Bayes estimation" (prior Beta(81, 219))', () => {
    // Robinson: (300 + 81) / (1000 + 81 + 219) = .293 and (4 + 81) / (10 + 81 + 219) = .274.
    const { segments, prior } = empiricalBayesBetaBinomial(
      [
        { segment: 'veteran', successes: 300, trials: 1000 },
        { segment: 'rookie', successes: 4, trials: 10 },
      ],
      { prior: { alpha: 81, beta: 219 } },
    );
    expect(prior.method).toBe('given');
    expectPrinted(segments[0]!.posterior_mean, 0.293, 3);
    expectPrinted(segments[1]!.posterior_mean, 0.274, 3);
    // The rookie's raw .400 outranks the veteran's .300; the shrunken estimate does not.
    expect(segments.map((s) => s.rank)).toEqual([1, 2]);
  });

  it('credible interval: Beta(1, b) quantiles in closed form, qbeta(p, 1, b) = 1 - (1 - p)^(1/b)', () => {
    const { segments } = empiricalBayesBetaBinomial([{ segment: 'new', successes: 0, trials: 9 }], {
      prior: { alpha: 1, beta: 1 },
    });
    const s = segments[0]!;
    expect([s.posterior_alpha, s.posterior_beta]).toEqual([1, 10]);
    expect(s.ci_low).toBeCloseTo(1 - 0.975 ** (1 / 10), 10);
    expect(s.ci_high).toBeCloseTo(1 - 0.025 ** (1 / 10), 10);
  });

  it('estimates the prior by the documented moment formula (hand calculation)', () => {
    // 10/100, 20/100, 30/100: m = 0.2, S = 100·(0.01 + 0 + 0.01) = 2, (k - 1)·m(1 - m) = 0.32,
    // Σ(n_i - 1)(1 - n_i/N) = 3 · 99 · 2/3 = 198 → τ² = 1.68 / 198; α + β = 0.16/τ² - 1.
    const { prior } = empiricalBayesBetaBinomial([
      { segment: 'a', successes: 10, trials: 100 },
      { segment: 'b', successes: 20, trials: 100 },
      { segment: 'c', successes: 30, trials: 100 },
    ]);
    const strength = 0.16 / (1.68 / 198) - 1;
    expect(prior.method).toBe('moments');
    expect(prior.alpha).toBeCloseTo(0.2 * strength, 10);
    expect(prior.beta).toBeCloseTo(0.8 * strength, 10);
  });

  it('a 2-of-3 segment no longer ranks first', () => {
    const { segments } = empiricalBayesBetaBinomial([
      { segment: 'feed', successes: 900, trials: 20000 },
      { segment: 'stories', successes: 1200, trials: 20000 },
      { segment: 'reels', successes: 600, trials: 20000 },
      { segment: 'search', successes: 1000, trials: 25000 },
      { segment: 'tiny', successes: 2, trials: 3 },
    ]);
    const bySegment = Object.fromEntries(segments.map((s) => [s.segment, s]));
    expect(bySegment.tiny!.raw_rate).toBeCloseTo(2 / 3, 12);
    expect(bySegment.stories!.rank).toBe(1);
    expect(bySegment.tiny!.rank).toBeGreaterThan(1);
    expect(bySegment.tiny!.posterior_mean).toBeLessThan(0.2);
    for (const s of segments) {
      expect(s.ci_low).toBeLessThan(s.posterior_mean);
      expect(s.ci_high).toBeGreaterThan(s.posterior_mean);
    }
  });

  it('falls back when segments vary no more than binomial noise, or never convert', () => {
    const same = empiricalBayesBetaBinomial([
      { segment: 'a', successes: 10, trials: 100 },
      { segment: 'b', successes: 10, trials: 100 },
      { segment: 'c', successes: 10, trials: 100 },
    ]);
    expect(same.prior).toEqual({ alpha: 30, beta: 270, method: 'no-overdispersion' });
    const none = empiricalBayesBetaBinomial([
      { segment: 'a', successes: 0, trials: 100 },
      { segment: 'b', successes: 0, trials: 50 },
    ]);
    expect(none.prior).toEqual({ alpha: 0.5, beta: 0.5, method: 'no-variation' });
  });

  it('explains bad input', () => {
    expect(() => empiricalBayesBetaBinomial([])).toThrow(/at least two segments/);
    expect(() => empiricalBayesBetaBinomial([{ segment: 'a', successes: 1, trials: 3 }])).toThrow(/options.prior/);
    expect(() => empiricalBayesBetaBinomial([{ segment: 'a', successes: 4, trials: 3 }], { prior: { alpha: 1, beta: 1 } })).toThrow(
      /segment "a".*successes \(4\) > trials \(3\)/,
    );
  });
});
