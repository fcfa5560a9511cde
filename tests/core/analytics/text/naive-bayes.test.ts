import { describe, expect, it } from 'vitest';
import { NaiveBayesCounts, fitNaiveBayes, predictNaiveBayes } from '../../../../src/core/analytics/text/naive-bayes.ts';
import { wordTokens } from '../../../../src/core/analytics/text/word-tokens.ts';

/**
 * Manning, Raghavan & Schütze, Introduction to Information Retrieval (2008), ch. 13, Example 13.1 / Table 13.1:
 * training docs 1–3 in class c = China ("Chinese Beijing Chinese", "Chinese Chinese Shanghai", "Chinese Macao"),
 * doc 4 not ("Tokyo Japan Chinese"); test doc 5 "Chinese Chinese Chinese Tokyo Japan".
 * The book: P̂(c) = 3/4, P̂(Chinese|c) = (5+1)/(8+6) = 3/7, P̂(Tokyo|c) = P̂(Japan|c) = (0+1)/(8+6) = 1/14,
 * P̂(Chinese|c̄) = (1+1)/(3+6) = 2/9, P̂(Tokyo|c̄) = P̂(Japan|c̄) = (1+1)/(3+6) = 2/9;
 * P̂(c|d5) ∝ 3/4 · (3/7)³ · 1/14 · 1/14 ≈ 0.0003 and P̂(c̄|d5) ∝ 1/4 · (2/9)³ · 2/9 · 2/9 ≈ 0.0001: d5 is China.
 */
function iirModel() {
  const counts = new NaiveBayesCounts();
  counts.add('china', wordTokens('Chinese Beijing Chinese'));
  counts.add('china', wordTokens('Chinese Chinese Shanghai'));
  counts.add('china', wordTokens('Chinese Macao'));
  counts.add('not_china', wordTokens('Tokyo Japan Chinese'));
  return fitNaiveBayes(counts);
}

describe('multinomial naive Bayes (IIR Example 13.1)', () => {
  it('estimates the priors and smoothed conditional probabilities of Table 13.1', () => {
    const m = iirModel();
    expect(m.classes).toEqual(['china', 'not_china']);
    expect(m.logPrior.map(Math.exp)).toEqual([expect.closeTo(3 / 4, 14), expect.closeTo(1 / 4, 14)]);
    const p = (t: string) => m.logLikelihood.get(t)!.map(Math.exp);
    expect(p('chinese')[0]).toBeCloseTo(3 / 7, 14);
    expect(p('tokyo')[0]).toBeCloseTo(1 / 14, 14);
    expect(p('japan')[0]).toBeCloseTo(1 / 14, 14);
    expect(p('chinese')[1]).toBeCloseTo(2 / 9, 14);
    expect(p('tokyo')[1]).toBeCloseTo(2 / 9, 14);
    expect(m.logLikelihood.size).toBe(6);
  });

  it('classifies d5 as China with the book\'s unnormalized scores, normalized to posteriors', () => {
    const d5 = predictNaiveBayes(iirModel(), wordTokens('Chinese Chinese Chinese Tokyo Japan'));
    const china = (3 / 4) * (3 / 7) ** 3 * (1 / 14) ** 2; // ≈ 0.000301
    const other = (1 / 4) * (2 / 9) ** 5; // ≈ 0.000135
    expect(china).toBeCloseTo(0.0003, 4);
    expect(other).toBeCloseTo(0.0001, 4);
    expect(d5.label).toBe('china');
    expect(d5.probability).toBeCloseTo(china / (china + other), 12);
    expect(d5.probabilities[1]).toBeCloseTo(other / (china + other), 12);
    expect(d5.tokens).toBe(5);
    expect(d5.unknownTokens).toBe(0);
    // Only "chinese" favours China: 3 · ln((3/7) / (2/9)); Tokyo and Japan favour the other class.
    expect(d5.evidence).toEqual([{ term: 'chinese', weight: expect.closeTo(3 * Math.log(27 / 14), 12) }]);
  });

  it('ignores and counts words never seen in training; an all-unknown text falls back to the priors', () => {
    const m = iirModel();
    const a = predictNaiveBayes(m, wordTokens('Chinese Osaka Kyoto'));
    expect(a.unknownTokens).toBe(2);
    const b = predictNaiveBayes(m, wordTokens('Osaka Kyoto'));
    expect(b.label).toBe('china');
    expect(b.probability).toBeCloseTo(3 / 4, 12);
    expect(b.evidence).toEqual([]);
  });

  it('uniform priors without fitPrior, and rejects a smoothing of 0', () => {
    const counts = new NaiveBayesCounts();
    counts.add('a', ['x']);
    counts.add('a', ['x']);
    counts.add('b', ['y']);
    const m = fitNaiveBayes(counts, 1, false);
    expect(m.logPrior.map(Math.exp)).toEqual([0.5, 0.5]);
    // Unknown word only: equal posteriors, the tie goes to the class that sorts first.
    expect(predictNaiveBayes(m, ['z']).label).toBe('a');
    expect(() => fitNaiveBayes(counts, 0)).toThrow(/above 0/);
  });
});
