import { describe, expect, it } from 'vitest';
import { sampleSizeTwoProportions } from '../../../../src/core/analytics/stats/sample-size-two-proportions.ts';
import { expectPrinted } from './helpers.ts';

describe('sampleSizeTwoProportions', () => {
  it('matches R ?power.prop.test: power.prop.test(p1 = .50, p2 = .75, power = .90) → n = 76.7', () => {
    const r = sampleSizeTwoProportions({ baseline: 0.5, mde: 0.25, mdeType: 'absolute', power: 0.9 });
    expectPrinted(r.n_exact, 76.7, 1);
    expect(r.n_per_group).toBe(77);
    expect(r.target).toBeCloseTo(0.75, 12);
  });

  it('a relative mde of 50% on 0.5 is the same test', () => {
    const r = sampleSizeTwoProportions({ baseline: 0.5, mde: 0.5, mdeType: 'relative', power: 0.9 });
    expectPrinted(r.n_exact, 76.7, 1);
    expect(r.relative_mde).toBeCloseTo(0.5, 12);
    expect(r.absolute_mde).toBeCloseTo(0.25, 12);
  });

  it('one-sided uses z(1 - alpha): the power.prop.test formula with qnorm(0.95) = 1.644854, qnorm(0.8) = 0.8416212', () => {
    const p1 = 0.02;
    const p2 = 0.025;
    const pbar = (p1 + p2) / 2;
    const n = (1.6448536269514722 * Math.sqrt(2 * pbar * (1 - pbar)) + 0.8416212335729143 * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p2 - p1) ** 2;
    const r = sampleSizeTwoProportions({ baseline: 0.02, mde: 0.25, mdeType: 'relative', alternative: 'one-sided' });
    expect(r.n_exact).toBeCloseTo(n, 6);
    expect(r.n_per_group).toBe(Math.ceil(n));
  });

  it('explains impossible targets', () => {
    expect(() => sampleSizeTwoProportions({ baseline: 0.9, mde: 0.2, mdeType: 'absolute' })).toThrow(/outside \(0, 1\)/);
    expect(() => sampleSizeTwoProportions({ baseline: 0.1, mde: 0, mdeType: 'relative' })).toThrow(/non-zero effect/);
    expect(() => sampleSizeTwoProportions({ baseline: 0, mde: 0.1, mdeType: 'relative' })).toThrow(/baseline/);
  });
});
