import { describe, expect, it } from 'vitest';
import { adjustPValues } from '../../../../src/core/analytics/stats/adjust-p-values.ts';

const close = (actual: number[], expected: number[], digits = 10) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v, `index ${i}`).toBeCloseTo(expected[i]!, digits));
};

describe('adjustPValues (R p.adjust)', () => {
  // stdlib @stdlib/stats/padjust docs (values documented as R's p.adjust results).
  it('bh: [0.008, 0.03, 0.123, 0.6, 0.2] → [0.04, 0.075, 0.205, 0.6, 0.25] (stdlib padjust docs)', () => {
    close(adjustPValues([0.008, 0.03, 0.123, 0.6, 0.2], 'bh'), [0.04, 0.075, 0.205, 0.6, 0.25]);
  });

  it('holm and bh on [0.319, 0.201, 0.4, 0.374, 0.113] (stdlib padjust docs: holm ~0.957, 0.804, …, ~0.565; bh all 0.4)', () => {
    close(adjustPValues([0.319, 0.201, 0.4, 0.374, 0.113], 'holm'), [0.957, 0.804, 0.957, 0.957, 0.565]);
    close(adjustPValues([0.319, 0.201, 0.4, 0.374, 0.113], 'bh'), [0.4, 0.4, 0.4, 0.4, 0.4]);
  });

  it('bonferroni: [0.1496, 0.0275, 0.3053, 0.1599, 0.2061] → [0.748, 0.1375, 1, 0.7995, 1] (stdlib padjust docs)', () => {
    close(adjustPValues([0.1496, 0.0275, 0.3053, 0.1599, 0.2061], 'bonferroni'), [0.748, 0.1375, 1, 0.7995, 1]);
  });

  it('holm: Wikipedia "Holm–Bonferroni method" example rejects H1 and H4 only at α = 0.05', () => {
    // p = 0.01, 0.04, 0.03, 0.005; Holm multiplies the sorted p by 4, 3, 2, 1 and takes running maxima.
    const adjusted = adjustPValues([0.01, 0.04, 0.03, 0.005], 'holm');
    close(adjusted, [0.03, 0.06, 0.06, 0.02]);
    expect(adjusted.map((p) => p < 0.05)).toEqual([true, false, false, true]);
  });

  it('bh: Benjamini & Hochberg (1995) §4 example of 15 p-values rejects the 4 smallest at q = 0.05', () => {
    const p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1];
    const adjusted = adjustPValues(p, 'bh');
    expect(adjusted.filter((v) => v <= 0.05)).toHaveLength(4);
    // Step-up formula: p_(i) · m / i, then running minima from the top: 0.0095 · 15/4 = 0.035625.
    expect(adjusted[3]).toBeCloseTo(0.035625, 12);
    expect(adjusted[4]).toBeCloseTo(0.0201 * 15 / 5, 12);
  });

  it('none returns a copy; bad p-values are explained', () => {
    const p = [0.2, 0.01];
    const out = adjustPValues(p, 'none');
    expect(out).toEqual(p);
    expect(out).not.toBe(p);
    expect(adjustPValues([], 'holm')).toEqual([]);
    expect(() => adjustPValues([0.2, 1.5], 'holm')).toThrow(/p\[1\] is 1.5/);
    expect(() => adjustPValues([0.2, Number.NaN], 'bh')).toThrow(/p\[1\]/);
  });
});
