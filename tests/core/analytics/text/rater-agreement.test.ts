import { describe, expect, it } from 'vitest';
import { cohensKappa, fleissKappa } from '../../../../src/core/analytics/text/rater-agreement.ts';

describe("cohensKappa", () => {
  it("matches Wikipedia's worked example and the hand-computed asymptotic SE", () => {
    // Wikipedia "Cohen's kappa", example: yes/yes 20, A yes B no 5, A no B yes 10, no/no 15 → pₒ 0.7, pₑ 0.5, κ 0.4.
    const r = cohensKappa([[20, 5], [10, 15]]);
    expect(r.observed).toBeCloseTo(0.7, 12);
    expect(r.expected).toBeCloseTo(0.5, 12);
    expect(r.kappa).toBeCloseTo(0.4, 12);
    // Fleiss, Cohen & Everitt (1969) variance by hand: margins A 0.5 / 0.5, B 0.6 / 0.4.
    // Σ pᵢᵢ(1 − (pᵢ. + p.ᵢ)(1 − κ))² = 0.4(1 − 1.1·0.6)² + 0.3(1 − 0.9·0.6)² = 0.04624 + 0.06348 = 0.10972
    // (1 − κ)² Σ pᵢⱼ(p.ᵢ + pⱼ.)² = 0.36 (0.1·1.1² + 0.2·0.9²) = 0.36 · 0.283 = 0.10188; (κ − pₑ(1 − κ))² = 0.1² = 0.01
    // Var = (0.10972 + 0.10188 − 0.01) / (50 · 0.25) = 0.016128; SE = 0.126997.
    expect(r.stdError).toBeCloseTo(Math.sqrt(0.016128), 12);
    expect(r.ciLow).toBeCloseTo(0.4 - 1.959963984540054 * Math.sqrt(0.016128), 10);
  });
  it('is 1 for perfect agreement and 0 for agreement at chance', () => {
    expect(cohensKappa([[10, 0], [0, 5]]).kappa).toBe(1);
    // Independent raters: every cell the product of margins (A 50/50, B 50/50) → pₒ = pₑ = 0.5.
    expect(cohensKappa([[25, 25], [25, 25]]).kappa).toBe(0);
  });
});

describe('fleissKappa', () => {
  it("matches Wikipedia's worked example (10 items, 14 raters, 5 categories)", () => {
    const counts = [
      [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ];
    const r = fleissKappa(counts);
    // Wikipedia: P̄ = 0.378, P̄ₑ = 0.213, κ = 0.210 (printed to three decimals).
    expect(r.observed).toBeCloseTo(0.378, 3);
    expect(r.expected).toBeCloseTo(0.213, 3);
    expect(r.kappa).toBeCloseTo(0.21, 3);
    expect(() => fleissKappa([[1, 1], [2, 1]])).toThrow(/item 1 has 3 ratings, the first has 2/);
  });
});
