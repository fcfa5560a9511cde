import { describe, expect, it } from 'vitest';
import { decomposeMixRate } from '../../../../src/core/analytics/change/mix-rate.ts';

// Hand-derived example. Period 0: video 400 impressions at 5 % (20 engagements), image 600 at 2 % (12):
// rate 32 / 1000 = 3.2 %. Period 1: video 200 at 6 % (12), image 800 at 1.5 % (12): rate 24 / 1000 = 2.4 %.
// Weights w0 = (0.4, 0.6), w1 = (0.2, 0.8); total change −0.8 pts.
// Shapley: rate = 0.3·(0.06 − 0.05) + 0.7·(0.015 − 0.02) = 0.003 − 0.0035 = −0.0005;
//          mix  = (0.2 − 0.4)·0.055 + (0.8 − 0.6)·0.0175 = −0.011 + 0.0035 = −0.0075.
// Sequential: rate = 0.4·0.01 + 0.6·(−0.005) = 0.001; mix = −0.2·0.06 + 0.2·0.015 = −0.009.
const rows = [
  { segment: 'video', numerator0: 20, denominator0: 400, numerator1: 12, denominator1: 200 },
  { segment: 'image', numerator0: 12, denominator0: 600, numerator1: 12, denominator1: 800 },
];

describe('decomposeMixRate', () => {
  it('shapley: hand-derived effects that sum to the total', () => {
    const d = decomposeMixRate(rows);
    expect(d.metric0).toBeCloseTo(0.032, 15);
    expect(d.metric1).toBeCloseTo(0.024, 15);
    expect(d.rateEffect).toBeCloseTo(-0.0005, 15);
    expect(d.mixEffect).toBeCloseTo(-0.0075, 15);
    expect(d.rateEffect + d.mixEffect).toBeCloseTo(d.total, 15);
    expect(d.segments[0]!.mixEffect).toBeCloseTo(-0.011, 15);
  });

  it('sequential: rate at old weights, mix at new rates', () => {
    const d = decomposeMixRate(rows, 'sequential');
    expect(d.rateEffect).toBeCloseTo(0.001, 15);
    expect(d.mixEffect).toBeCloseTo(-0.009, 15);
    expect(d.rateEffect + d.mixEffect).toBeCloseTo(-0.008, 15);
  });

  it('a segment new in period 1 is all mix: rate effect 0', () => {
    const d = decomposeMixRate([...rows, { segment: 'reel', numerator0: 0, denominator0: 0, numerator1: 30, denominator1: 500 }]);
    const reel = d.segments.find((s) => s.segment === 'reel')!;
    expect(reel.rate0).toBeNull();
    expect(reel.rateEffect).toBe(0);
    // w1 = 500 / 1500, r = 6 %: mix = (1/3)·0.06 = 0.02.
    expect(reel.mixEffect).toBeCloseTo(0.02, 15);
    expect(d.rateEffect + d.mixEffect).toBeCloseTo(d.total, 15);
  });

  it('refuses a period without denominator', () => {
    expect(() => decomposeMixRate([{ segment: 'x', numerator0: 1, denominator0: 0, numerator1: 1, denominator1: 5 }])).toThrow(/positive denominator/);
  });
});
