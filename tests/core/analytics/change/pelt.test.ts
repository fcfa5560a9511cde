import { describe, expect, it } from 'vitest';
import { peltMeanChanges, penaltyValue, robustNoiseSd } from '../../../../src/core/analytics/change/pelt.ts';
import { mulberry32, standardNormal } from '../../../../src/core/analytics/random.ts';

/** Optimal partitioning (Jackson et al. 2005) by brute force, O(n²), written independently of PELT's pruning. */
function optimalPartition(y: number[], beta: number, m: number, sigma: number, mbic: boolean): number[] {
  const n = y.length;
  const cost = (a: number, b: number) => {
    const seg = y.slice(a, b);
    const mean = seg.reduce((s, v) => s + v, 0) / seg.length;
    return seg.reduce((s, v) => s + (v - mean) ** 2, 0) / sigma ** 2 + (mbic ? Math.log(seg.length) : 0);
  };
  const F: number[] = [-beta];
  const prev: number[] = [0];
  for (let t = 1; t <= n; t++) {
    F[t] = Infinity;
    for (let s = 0; s <= t - m; s++) {
      if (s > 0 && s < m) continue;
      const c = F[s]! + cost(s, t) + beta;
      if (c < F[t]!) {
        F[t] = c;
        prev[t] = s;
      }
    }
  }
  const out: number[] = [];
  for (let t = n; t > 0; t = prev[t]!) if (prev[t]! > 0) out.unshift(prev[t]!);
  return out;
}

describe('penalties as R changepoint for cpt.mean', () => {
  it('MBIC for n = 200 is 3·log(200) = 15.89495 (the value cpt.mean prints for its 200-point example); BIC is 2·log n', () => {
    expect(penaltyValue('mbic', 200)).toBeCloseTo(15.89495, 5);
    expect(penaltyValue('bic', 200)).toBeCloseTo(2 * Math.log(200), 12);
    expect(penaltyValue(7, 200)).toBe(7);
  });
});

describe('peltMeanChanges', () => {
  it('a hand-made series with exact mean shifts: changes at 10 and 20, levels 1, 4, 2', () => {
    // ±0.1 alternating noise sums to zero over each even-length segment, so the segment means are exact.
    const y = Array.from({ length: 30 }, (_, i) => (i < 10 ? 1 : i < 20 ? 4 : 2) + (i % 2 ? 0.1 : -0.1));
    const r = peltMeanChanges(y, { penalty: 'mbic', minSegment: 2, sigma: 0.1 });
    expect(r.changes).toEqual([10, 20]);
    r.means.forEach((m, i) => expect(m).toBeCloseTo([1, 4, 2][i]!, 12));
  });

  it('the changepoint docs example shape: 100 draws of N(0,1) then 100 of N(10,1) → one change at 100 (with the sd estimated)', () => {
    const rand = mulberry32(1);
    const y = Array.from({ length: 200 }, (_, i) => (i < 100 ? 0 : 10) + standardNormal(rand));
    const r = peltMeanChanges(y, { penalty: 'mbic', minSegment: 2 });
    expect(r.changes).toEqual([100]);
    expect(r.sigma).toBeGreaterThan(0.8);
    expect(r.sigma).toBeLessThan(1.2);
  });

  it('no change in pure noise under MBIC', () => {
    const rand = mulberry32(5);
    const y = Array.from({ length: 300 }, () => standardNormal(rand));
    expect(peltMeanChanges(y, { penalty: 'mbic', minSegment: 2, sigma: 1 }).changes).toEqual([]);
  });

  it('pruning is exact: the same changes as brute-force optimal partitioning on noisy multi-level series', () => {
    const rand = mulberry32(9);
    for (const [beta, m, mbic] of [[3, 2, false], [8, 3, false], ['mbic', 2, true], [1.5, 4, false]] as const) {
      const y = Array.from({ length: 120 }, (_, i) => [0, 1.5, 0.5, 2][Math.floor(i / 30)]! + standardNormal(rand));
      const pen = beta === 'mbic' ? 'mbic' : beta;
      const pelt = peltMeanChanges(y, { penalty: pen, minSegment: m, sigma: 1 });
      expect(pelt.changes).toEqual(optimalPartition(y, penaltyValue(pen, y.length), m, 1, mbic));
    }
  });

  it('respects the minimum segment length: a 1-point spike is not two changes with minSegment 3', () => {
    const y = Array.from({ length: 20 }, (_, i) => (i === 10 ? 50 : 0) + (i % 2 ? 0.1 : -0.1));
    expect(peltMeanChanges(y, { penalty: 'mbic', minSegment: 3, sigma: 0.1 }).changes.every((c, i, a) => i === 0 || c - a[i - 1]! >= 3)).toBe(true);
  });

  it('robust sd: MAD of differences / √2 ignores a level shift', () => {
    const rand = mulberry32(3);
    const y = Array.from({ length: 2000 }, (_, i) => (i < 1000 ? 0 : 100) + 2 * standardNormal(rand));
    expect(robustNoiseSd(y)).toBeGreaterThan(1.85);
    expect(robustNoiseSd(y)).toBeLessThan(2.15);
  });
});
