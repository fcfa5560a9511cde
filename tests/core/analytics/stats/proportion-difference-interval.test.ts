import { describe, expect, it } from 'vitest';
import { proportionDifferenceInterval } from '../../../../src/core/analytics/stats/proportion-difference-interval.ts';
import { expectPrinted } from './helpers.ts';

describe('proportionDifferenceInterval (Newcombe hybrid score)', () => {
  // Newcombe RG (1998), "Interval estimation for the difference between independent proportions:
  // comparison of eleven methods", Stat Med 17:873–890, Table II, method 10 (score, no CC).
  it.each([
    ['a', 56, 70, 48, 80, 0.0524, 0.3339],
    ['b', 9, 10, 3, 10, 0.1705, 0.809],
    ['c', 6, 7, 2, 7, 0.0582, 0.8062],
    ['d', 5, 56, 0, 29, -0.0381, 0.1926],
    ['e', 0, 10, 0, 20, -0.1611, 0.2775],
    ['f', 10, 10, 0, 20, 0.6791, 1.0],
  ])('Newcombe 1998 Table II example (%s): %i/%i vs %i/%i', (_, x1, n1, x2, n2, low, high) => {
    const ci = proportionDifferenceInterval(x1, n1, x2, n2);
    expectPrinted(ci.low, low, 4);
    expectPrinted(ci.high, high, 4);
  });

  it('is antisymmetric when the groups swap', () => {
    const ab = proportionDifferenceInterval(56, 70, 48, 80);
    const ba = proportionDifferenceInterval(48, 80, 56, 70);
    expect(ba.low).toBeCloseTo(-ab.high, 12);
    expect(ba.high).toBeCloseTo(-ab.low, 12);
  });

  it('names the bad group', () => {
    expect(() => proportionDifferenceInterval(1, 10, 11, 10)).toThrow(/group 2.*successes \(11\) > trials \(10\)/);
  });
});
