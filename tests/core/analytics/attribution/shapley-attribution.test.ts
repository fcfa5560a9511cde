import { describe, expect, it } from 'vitest';
import { shapleyAttribution } from '../../../../src/core/analytics/attribution/shapley-attribution.ts';
import type { TouchpointPath } from '../../../../src/core/analytics/attribution/types.ts';

const credit = (paths: TouchpointPath[]) => Object.fromEntries(shapleyAttribution(paths).map((c) => [c.channel, c.conversions]));

/** The textbook definition, enumerating every coalition: an independent check of the unanimity shortcut. */
function shapleyByCoalitions(paths: TouchpointPath[]): Record<string, number> {
  const players = [...new Set(paths.flatMap((p) => p.path))].sort();
  const n = players.length;
  const v = (mask: number) => paths.filter((p) => p.path.every((c) => mask & (1 << players.indexOf(c)))).reduce((a, p) => a + p.conversions, 0);
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const out: Record<string, number> = {};
  players.forEach((player, i) => {
    let phi = 0;
    for (let s = 0; s < 1 << n; s++) {
      if (s & (1 << i)) continue;
      const size = s.toString(2).split('1').length - 1;
      phi += ((fact(size) * fact(n - size - 1)) / fact(n)) * (v(s | (1 << i)) - v(s));
    }
    out[player] = phi;
  });
  return out;
}

describe('shapleyAttribution (coalition value = conversions of paths within the coalition)', () => {
  it('splits a 2-channel game as derived by hand', () => {
    // v(∅) = 0, v(A) = 10, v(B) = 20, v(AB) = 10 + 20 + 40 = 70.
    // φ_A = ½ [v(A) − v(∅)] + ½ [v(AB) − v(B)] = ½·10 + ½·50 = 30; φ_B = ½·20 + ½·60 = 40; 30 + 40 = 70.
    const paths = [{ path: ['A'], conversions: 10 }, { path: ['B'], conversions: 20 }, { path: ['A', 'B'], conversions: 25 }, { path: ['B', 'A', 'B'], conversions: 15 }];
    expect(credit(paths)).toEqual({ A: 30, B: 40 });
  });

  it('splits a 3-channel game as derived by hand', () => {
    // Conversions by exact channel set: {A} 6, {C} 3, {A,B} 12, {A,C} 6, {B,C} 9, {A,B,C} 18 (and a path of B that never converts).
    // v(A) = 6, v(B) = 0, v(C) = 3, v(AB) = 18, v(AC) = 15, v(BC) = 12, v(ABC) = 54. Weights: 1/3 for |S| = 0 and 2, 1/6 for |S| = 1.
    // φ_A = ⅓·6 + ⅙·(18 − 0) + ⅙·(15 − 3) + ⅓·(54 − 12) = 2 + 3 + 2 + 14 = 21
    // φ_B = ⅓·0 + ⅙·(18 − 6) + ⅙·(12 − 3) + ⅓·(54 − 15) = 0 + 2 + 1.5 + 13 = 16.5
    // φ_C = ⅓·3 + ⅙·(15 − 6) + ⅙·(12 − 0) + ⅓·(54 − 18) = 1 + 1.5 + 2 + 12 = 16.5; sum 54.
    const paths: TouchpointPath[] = [
      { path: ['A'], conversions: 6 }, { path: ['C'], conversions: 3 }, { path: ['A', 'B'], conversions: 12 }, { path: ['C', 'A'], conversions: 6 },
      { path: ['B', 'C', 'B'], conversions: 9 }, { path: ['A', 'B', 'C'], conversions: 10 }, { path: ['C', 'B', 'A'], conversions: 8 }, { path: ['B'], conversions: 0, nonConversions: 50 },
    ];
    const c = credit(paths);
    expect(c.A).toBeCloseTo(21, 12);
    expect(c.B).toBeCloseTo(16.5, 12);
    expect(c.C).toBeCloseTo(16.5, 12);
    const brute = shapleyByCoalitions(paths);
    for (const k of ['A', 'B', 'C']) expect(c[k]).toBeCloseTo(brute[k]!, 12);
  });

  it('has the Shapley properties: efficiency, symmetry, null player (checked against the coalition definition)', () => {
    const paths: TouchpointPath[] = [
      { path: ['social', 'email'], conversions: 7, value: 70 }, { path: ['email', 'social'], conversions: 3, value: 30 }, { path: ['search'], conversions: 4, value: 80 },
      { path: ['social', 'search', 'email', 'display'], conversions: 2, value: 10 }, { path: ['video'], conversions: 0, nonConversions: 9 },
    ];
    const credits = shapleyAttribution(paths);
    const c = Object.fromEntries(credits.map((x) => [x.channel, x]));
    // Efficiency: credits (and value) sum to the totals.
    expect(credits.reduce((a, x) => a + x.conversions, 0)).toBeCloseTo(16, 12);
    expect(credits.reduce((a, x) => a + x.value, 0)).toBeCloseTo(190, 12);
    // Symmetry: social and email appear in exactly the same paths.
    expect(c.social!.conversions).toBeCloseTo(c.email!.conversions, 12);
    // Null player: video is in no converting path.
    expect(c.video!.conversions).toBe(0);
    const brute = shapleyByCoalitions(paths);
    for (const x of credits) expect(x.conversions).toBeCloseTo(brute[x.channel]!, 12);
  });
});
