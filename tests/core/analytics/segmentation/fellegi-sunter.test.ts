import { describe, expect, it } from 'vitest';
import { fieldWeights, pairScore, uFromCounts, uWithinWindow } from '../../../../src/core/analytics/segmentation/fellegi-sunter.ts';

// Fellegi & Sunter 1969: agreement weight log2(m/u), disagreement log2((1−m)/(1−u)). Values by hand.
describe('Fellegi–Sunter weights', () => {
  it('agreement and disagreement weights in bits', () => {
    const w = fieldWeights(0.9, 0.01);
    expect(w.agree).toBeCloseTo(Math.log2(90), 12);
    expect(w.disagree).toBeCloseTo(Math.log2(0.1 / 0.99), 12);
    // u = 0 (a value seen once) stays finite.
    expect(Number.isFinite(fieldWeights(0.9, 0).agree)).toBe(true);
    expect(() => fieldWeights(1, 0.1)).toThrow(/m must be in \(0, 1\)/);
  });
  it('u from frequencies is the chance two random records agree: Σ p²', () => {
    expect(uFromCounts([2, 1, 1])).toBe(0.375);
    expect(uFromCounts([5])).toBe(1);
    expect(uFromCounts([])).toBe(0);
  });
  it('u within a time window: same bucket always, adjacent half the time', () => {
    expect(uWithinWindow([[0, 1], [1, 1]])).toBe(0.75);
    expect(uWithinWindow([[0, 1], [5, 1]])).toBe(0.5);
  });
  it('a pair score sums the weights of the fields both records have', () => {
    const ws = [fieldWeights(0.9, 0.01), fieldWeights(0.9, 0.5), fieldWeights(0.9, 0.1)];
    expect(pairScore([true, false, null], ws)).toBeCloseTo(Math.log2(90) + Math.log2(0.2), 12);
  });
});
