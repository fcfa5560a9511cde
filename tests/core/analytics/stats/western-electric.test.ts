import { describe, expect, it } from 'vitest';
import { westernElectric } from '../../../../src/core/analytics/stats/western-electric.ts';

// Sequences built by hand from the rule definitions in the NIST/SEMATECH e-Handbook §6.3.2
// ("Western Electric rules") and Montgomery, Introduction to SQC, §5.3.6.
describe('westernElectric', () => {
  it('rule 1: one point beyond 3 sigma, either side', () => {
    expect(westernElectric([0, 3.2, -3.5, 0.4])).toEqual([[], [1], [1], []]);
  });

  it('rule 2: two of three beyond 2 sigma on the same side, flagged on the completing point', () => {
    expect(westernElectric([0, 2.5, 0.3, 2.1])).toEqual([[], [], [], [2]]);
    expect(westernElectric([0, -2.5, -2.1])).toEqual([[], [], [2]]);
    // Opposite sides do not combine.
    expect(westernElectric([0, 2.5, -2.5])).toEqual([[], [], []]);
    // A point inside 2 sigma does not complete the pattern.
    expect(westernElectric([2.5, 2.1, 0.3])).toEqual([[], [], []]);
  });

  it('rule 3: four of five beyond 1 sigma on the same side', () => {
    expect(westernElectric([1.5, 1.2, 0.5, 1.1, 1.3])).toEqual([[], [], [], [], [3]]);
    // Only three of the five beyond +1 sigma.
    expect(westernElectric([1.5, -1.2, 0.5, 1.1, 1.3])).toEqual([[], [], [], [], []]);
  });

  it('rule 4: eight in a row on the same side', () => {
    const z = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -0.5];
    expect(westernElectric(z)).toEqual([[], [], [], [], [], [], [], [4], [4], []]);
    expect(westernElectric([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0])).toEqual([[], [], [], [], [], [], [], []]);
  });

  it('lists every rule a point violates, in order', () => {
    // Last point: beyond 3 (rule 1); 2.5 and 3.5 beyond 2 in its window of three (rule 2);
    // five of five beyond 1 (rule 3); eight above the center (rule 4).
    const z = [1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 2.5, 3.5];
    expect(westernElectric(z)[7]).toEqual([1, 2, 3, 4]);
  });

  it('rule 1 follows the chart width', () => {
    expect(westernElectric([2.5], { limit: 2 })).toEqual([[1]]);
  });
});
