import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from './esSupport.ts';

describe('adjustedRandIndex', () => {
  it('matches scikit-learn adjusted_rand_score on its documented examples', () => {
    // scikit-learn docs (sklearn.metrics.adjusted_rand_score): relabelled perfect match → 1.0;
    // [0,0,1,2] vs [0,0,1,1] → 0.5714285714285714; [0,0,1,1] vs [0,1,0,1] → -0.5.
    expect(adjustedRandIndex(['0', '0', '1', '1'], ['1', '1', '0', '0'])).toBe(1);
    expect(adjustedRandIndex(['0', '0', '1', '2'], ['0', '0', '1', '1'])).toBeCloseTo(0.5714285714285714, 12);
    expect(adjustedRandIndex(['0', '0', '1', '1'], ['0', '1', '0', '1'])).toBeCloseTo(-0.5, 12);
  });
});
