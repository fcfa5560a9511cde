import { describe, expect, it } from 'vitest';
import { psiInterpretation, psiTerm } from '../../../../src/core/analytics/models/population-stability-index.ts';
import { chiSquareGoodnessOfFit, jensenShannonDivergence, totalVariationDistance } from '../../../../src/core/analytics/stats/distribution-distance.ts';

describe('distribution distances', () => {
  it('chi-square goodness of fit matches the scipy.stats.chisquare docs examples', () => {
    // scipy.stats.chisquare([16, 18, 16, 14, 12, 12]) → statistic 2.0, pvalue 0.84914503608460956
    const a = chiSquareGoodnessOfFit([16, 18, 16, 14, 12, 12]);
    expect(a.statistic).toBeCloseTo(2, 12);
    expect(a.p).toBeCloseTo(0.84914503608460956, 10);
    // f_exp=[16, 16, 16, 16, 16, 8] → statistic 3.5, pvalue 0.62338762774958223
    const b = chiSquareGoodnessOfFit([16, 18, 16, 14, 12, 12], [16, 16, 16, 16, 16, 8]);
    expect(b.statistic).toBeCloseTo(3.5, 12);
    expect(b.p).toBeCloseTo(0.62338762774958223, 10);
    // ddof=1 → df 4, pvalue 0.73575888234288467
    expect(chiSquareGoodnessOfFit([16, 18, 16, 14, 12, 12], undefined, 1).p).toBeCloseTo(0.73575888234288467, 10);
    expect(chiSquareGoodnessOfFit([3, 1], [1, 0])).toEqual({ statistic: Infinity, df: 1, p: 0 });
  });

  it('Jensen–Shannon: the square root matches scipy.spatial.distance.jensenshannon docs examples', () => {
    expect(Math.sqrt(jensenShannonDivergence([1, 0, 0], [0, 1, 0], 2))).toBeCloseTo(1, 12);
    expect(Math.sqrt(jensenShannonDivergence([1, 0], [0.5, 0.5], Math.E))).toBeCloseTo(0.46450140402245893, 12);
    expect(jensenShannonDivergence([1, 0, 0], [1, 0, 0])).toBe(0);
    // Counts are normalized as scipy does: [2, 0] ~ [1, 0].
    expect(jensenShannonDivergence([2, 0], [1, 1], Math.E)).toBeCloseTo(0.46450140402245893 ** 2, 12);
  });

  it('total variation distance and PSI terms, derived by hand', () => {
    expect(totalVariationDistance([0.5, 0.5], [0.9, 0.1])).toBeCloseTo(0.4, 12);
    expect(totalVariationDistance([5, 5], [9, 1])).toBeCloseTo(0.4, 12);
    // Reference 0.5 / 0.5, actual 0.9 / 0.1: PSI = 0.4 ln(1.8) + (−0.4) ln(0.2) = 0.23511 + 0.64378 = 0.87889.
    expect(psiTerm(0.5, 0.9) + psiTerm(0.5, 0.1)).toBeCloseTo(0.4 * Math.log(1.8) - 0.4 * Math.log(0.2), 12);
    expect(psiTerm(0.5, 0.9) + psiTerm(0.5, 0.1)).toBeCloseTo(0.87889, 5);
    // An empty bin is floored at 0.0001: e = 0.2, a = 0 → (0.0001 − 0.2) ln(0.0005) = 0.1999 × 7.60090 = 1.51942.
    expect(psiTerm(0.2, 0)).toBeCloseTo((0.0001 - 0.2) * Math.log(0.0001 / 0.2), 12);
    expect(psiTerm(0.2, 0)).toBeCloseTo(1.51942, 5);
    expect([0.05, 0.1, 0.25, 0.3].map((x) => psiInterpretation(x))).toEqual(['stable', 'moderate shift', 'moderate shift', 'major shift']);
  });
});
