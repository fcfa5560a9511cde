import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../../../src/core/analytics/segmentation/adjusted-rand-index.ts';

describe('adjustedRandIndex (sklearn.metrics.adjusted_rand_score docs examples)', () => {
  it('identical partitions score 1 whatever the label names', () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 1])).toBe(1);
    expect(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    expect(adjustedRandIndex(['a', 'a', 'b'], [7, 7, 3])).toBe(1);
  });

  it('[0, 0, 1, 2] vs [0, 0, 1, 1] is 0.57…: hand, Σ C(n_ij, 2) = 1, Σ C(a, 2) = 1, Σ C(b, 2) = 2, E = 2/6, ARI = (1 − 1/3) / (3/2 − 1/3) = 4/7', () => {
    expect(adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(4 / 7, 14);
  });

  it('one cluster against all singletons is 0', () => {
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
  });

  it('explains mismatched lengths', () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(/2 and 1 items/);
  });
});
