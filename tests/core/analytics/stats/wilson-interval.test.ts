import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../../../src/core/analytics/stats/wilson-interval.ts';
import { expectPrinted } from './helpers.ts';

describe('wilsonInterval', () => {
  // Newcombe RG (1998), "Two-sided confidence intervals for the single proportion: comparison of
  // seven methods", Stat Med 17:857–872, Table I, method 3 (Wilson score, no continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0.0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('Newcombe 1998 Table I: %i/%i', (x, n, low, high) => {
    const ci = wilsonInterval(x, n);
    expectPrinted(ci.low, low, 4);
    expectPrinted(ci.high, high, 4);
  });

  it('pins 0 successes to a lower limit of exactly 0 and n successes to an upper limit of exactly 1', () => {
    expect(wilsonInterval(0, 20).low).toBe(0);
    const all = wilsonInterval(20, 20);
    expect(all.high).toBe(1);
    // Symmetry of the score interval: x/n and (n-x)/n mirror each other (Wilson 1927).
    expectPrinted(all.low, 1 - 0.1611, 4);
  });

  it('widens with the confidence level (Wilson 1927 formula with z = qnorm(0.995) = 2.575829)', () => {
    const z = 2.5758293035489004;
    const n = 263;
    const p = 81 / n;
    const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
    const ci = wilsonInterval(81, 263, 0.99);
    expect(ci.low).toBeCloseTo(centre - half, 10);
    expect(ci.high).toBeCloseTo(centre + half, 10);
  });

  it('rejects impossible counts with a message saying what to fix', () => {
    expect(() => wilsonInterval(5, 0)).toThrow(/at least one trial/);
    expect(() => wilsonInterval(12, 10)).toThrow(/successes \(12\) > trials \(10\)/);
    expect(() => wilsonInterval(1, 10, 95)).toThrow(/between 0 and 1/);
  });
});
