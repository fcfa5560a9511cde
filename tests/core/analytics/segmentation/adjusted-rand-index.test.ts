import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, randIndices } from '../../../../src/core/analytics/segmentation/adjusted-rand-index.ts';

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

describe('randIndices from contingency counts (sklearn adjusted_rand_score / rand_score docs)', () => {
  const table = (a: number[], b: number[]) => {
    const m = new Map<string, { a: number; b: number; count: number }>();
    a.forEach((x, i) => {
      const k = `${x}|${b[i]}`;
      m.set(k, { a: x, b: b[i]!, count: (m.get(k)?.count ?? 0) + 1 });
    });
    return [...m.values()];
  };
  it('adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.5714285714285715 and rand_score = 0.83…', () => {
    // Rand by hand: 6 pairs; agree on (0,1) together-together, (0,2) (0,3) (1,2) (1,3) apart-apart → 5/6.
    const r = randIndices(table([0, 0, 1, 1], [0, 0, 1, 2]));
    expect(r.adjusted).toBeCloseTo(0.5714285714285715, 15);
    expect(r.rand).toBeCloseTo(5 / 6, 15);
    expect(r.n).toBe(4);
  });
  it('adjusted_rand_score([0, 0, 1, 1], [0, 1, 0, 1]) = −0.5: ARI is negative when worse than chance', () => {
    // Hand: Σ C(n_ij, 2) = 0, Σ C(a, 2) = Σ C(b, 2) = 2, E = 4/6, ARI = (0 − 2/3) / (2 − 2/3) = −0.5.
    expect(randIndices(table([0, 0, 1, 1], [0, 1, 0, 1])).adjusted).toBeCloseTo(-0.5, 15);
  });
});
