import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { auc } from '../../../../src/core/analytics/models/auc.ts';
import { logLoss } from '../../../../src/core/analytics/models/log-loss.ts';
import { populationStabilityIndex } from '../../../../src/core/analytics/models/population-stability-index.ts';
import { permutationImportance } from '../../../../src/core/analytics/models/permutation-importance.ts';
import { standardizedCoefficients } from '../../../../src/core/analytics/models/standardized-coefficients.ts';
import { timeSplit } from '../../../../src/core/analytics/models/time-split.ts';
import { mtcars } from './datasets.ts';

describe('auc', () => {
  it('reproduces Hanley & McNeil (1982) Table 1: 5-point ratings of 109 CT images, area 0.893', () => {
    // Radiology 143:29-36. Ratings 1..5 (definitely normal .. definitely abnormal):
    // truly normal n=58: 33, 6, 6, 11, 2; truly abnormal n=51: 3, 2, 2, 11, 33.
    const normal = [33, 6, 6, 11, 2];
    const abnormal = [3, 2, 2, 11, 33];
    const labels: number[] = [];
    const scores: number[] = [];
    normal.forEach((n, k) => { for (let i = 0; i < n; i++) { labels.push(0); scores.push(k + 1); } });
    abnormal.forEach((n, k) => { for (let i = 0; i < n; i++) { labels.push(1); scores.push(k + 1); } });
    expect(auc(labels, scores)).toBeCloseTo(0.893, 3);
  });

  it('counts ties as one half and is invariant to monotone transforms (property)', () => {
    expect(auc([0, 1], [0.5, 0.5])).toBe(0.5);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 5 })), { minLength: 2, maxLength: 40 }), (rows) => {
        const labels = rows.map(([b]) => (b ? 1 : 0));
        if (!labels.includes(0) || !labels.includes(1)) return;
        const s = rows.map(([, v]) => v);
        // Brute-force definition: P(score_pos > score_neg) + 0.5 P(tie)
        let num = 0;
        let den = 0;
        rows.forEach(([a, va]) => rows.forEach(([b, vb]) => {
          if (a && !b) { den++; num += va > vb ? 1 : va === vb ? 0.5 : 0; }
        }));
        expect(auc(labels, s)).toBeCloseTo(num / den, 12);
        expect(auc(labels, s.map((v) => Math.exp(v)))).toBeCloseTo(num / den, 12);
      }),
    );
  });
});

describe('logLoss', () => {
  it('matches the scikit-learn log_loss documentation example (0.21616...)', () => {
    // sklearn.metrics.log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]])
    expect(logLoss([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65])).toBeCloseTo(0.21616, 5);
  });
  it('is ln 2 for a coin-flip forecast', () => {
    expect(logLoss([0, 1, 1], [0.5, 0.5, 0.5])).toBeCloseTo(Math.LN2, 12);
  });
});

describe('populationStabilityIndex', () => {
  it('applies the published formula to quartile bins (hand-computed)', () => {
    const expected = Array.from({ length: 100 }, (_, i) => i + 1);
    // Actual: 10 values in Q1, 20 in Q2, 30 in Q3, 40 in Q4 of the expected distribution.
    const actual = [
      ...Array.from({ length: 10 }, () => 5),
      ...Array.from({ length: 20 }, () => 40),
      ...Array.from({ length: 30 }, () => 60),
      ...Array.from({ length: 40 }, () => 90),
    ];
    const r = populationStabilityIndex(expected, actual, 4);
    // sum (a - e) ln(a / e) with e = 0.25: -0.15 ln 0.4 - 0.05 ln 0.8 + 0.05 ln 1.2 + 0.15 ln 1.6 = 0.228238...
    const hand = -0.15 * Math.log(0.4) - 0.05 * Math.log(0.8) + 0.05 * Math.log(1.2) + 0.15 * Math.log(1.6);
    expect(r.psi).toBeCloseTo(hand, 12);
    expect(r.psi).toBeCloseTo(0.2282, 4);
    expect(r.interpretation).toBe('moderate shift');
    expect(r.bins.map((b) => b.expected_share)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(populationStabilityIndex(expected, expected, 10).interpretation).toBe('stable');
  });
});

describe('standardizedCoefficients', () => {
  it('gives the lm.beta weights of lm(mpg ~ wt + hp) from R\'s published coefficients and mtcars SDs', () => {
    // R: coef(lm(mpg ~ wt + hp, mtcars)) = wt -3.87783, hp -0.03177; sd(wt) 0.9784574, sd(hp) 68.56287,
    // sd(mpg) 6.026948 -> beta weights wt -0.6296, hp -0.3614 (QuantPsyc::lm.beta).
    const r = standardizedCoefficients(
      [{ term: '(Intercept)', estimate: 37.22727 }, { term: 'wt', estimate: -3.87783 }, { term: 'hp', estimate: -0.03177 }],
      { wt: mtcars.wt, hp: mtcars.hp },
      mtcars.mpg,
    );
    expect(r[0]!.term).toBe('wt');
    expect(r[0]!.standardized).toBeCloseTo((-3.87783 * 0.9784574) / 6.026948, 5);
    expect(r[1]!.standardized).toBeCloseTo((-0.03177 * 68.56287) / 6.026948, 5);
  });
});

describe('permutationImportance', () => {
  it('gives exactly zero to a feature the model ignores, and is reproducible by seed', () => {
    const X = { a: [0, 1, 0, 1, 1, 0, 1, 0], b: [1, 1, 0, 0, 1, 0, 0, 1] };
    const y = [0, 1, 0, 1, 1, 0, 1, 0];
    const predict = (Z: Record<string, number[]>) => Z.a!.map((v) => 0.1 + 0.8 * v);
    const r = permutationImportance(predict, X, y, logLoss, { repeats: 10, seed: 3 });
    expect(r[0]!.feature).toBe('a');
    expect(r[0]!.importance).toBeGreaterThan(0);
    expect(r.find((f) => f.feature === 'b')!.importance).toBe(0);
    expect(permutationImportance(predict, X, y, logLoss, { repeats: 10, seed: 3 })).toEqual(r);
  });
});

describe('timeSplit', () => {
  it('puts the latest rows in the test set and never splits a timestamp', () => {
    const rows = ['2024-01-03', '2024-01-01', '2024-01-02', '2024-01-04'].map((d) => ({ d }));
    const s = timeSplit(rows, 'd', 0.25);
    expect(s.train.map((r) => r.d)).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect(s.test.map((r) => r.d)).toEqual(['2024-01-04']);
    const tied = [1, 2, 3, 3, 3].map((t) => ({ t }));
    const s2 = timeSplit(tied, 't', 0.2);
    expect(s2.train.map((r) => r.t)).toEqual([1, 2]);
    expect(s2.test).toHaveLength(3);
  });
});
