import { describe, expect, it } from 'vitest';
import { betaSample, gammaSample, probabilityBBeatsA, thompsonAllocation } from '../../../../src/core/analytics/bandit/thompson.ts';
import { mulberry32 } from '../../../../src/core/analytics/random.ts';

const opts = { draws: 20000, seed: 7, floor: 0, priorAlpha: 1, priorBeta: 1 };

describe('Evan Miller\'s closed form for P(B > A)', () => {
  it('hand-derived: A ~ Beta(1, 1), B ~ Beta(2, 1) gives ∫ 2b·b db = 2/3; equal posteriors give 1/2', () => {
    expect(probabilityBBeatsA(1, 1, 2, 1)).toBeCloseTo(2 / 3, 12);
    expect(probabilityBBeatsA(5, 9, 5, 9)).toBeCloseTo(0.5, 12);
  });
});

describe('samplers', () => {
  it('Gamma and Beta draws have the right means (shape 0.4, 3.5; Beta(3, 7) → 0.3), within 4 SE', () => {
    const rand = mulberry32(1);
    const n = 40000;
    for (const shape of [0.4, 3.5]) {
      const m = Array.from({ length: n }, () => gammaSample(rand, shape)).reduce((a, b) => a + b, 0) / n;
      expect(Math.abs(m - shape)).toBeLessThan(4 * Math.sqrt(shape / n));
    }
    const b = Array.from({ length: n }, () => betaSample(rand, 3, 7)).reduce((a, x) => a + x, 0) / n;
    // Var Beta(3, 7) = 3·7 / (10²·11) = 0.0191.
    expect(Math.abs(b - 0.3)).toBeLessThan(4 * Math.sqrt(0.0191 / n));
  });
});

describe('thompsonAllocation', () => {
  it('two arms: P(B best) matches the exact closed form within Monte Carlo error (A 40/1,000, B 55/1,000)', () => {
    const [a, b] = thompsonAllocation([{ arm: 'A', successes: 40, trials: 1000 }, { arm: 'B', successes: 55, trials: 1000 }], opts);
    const exact = probabilityBBeatsA(41, 961, 56, 946);
    const se = Math.sqrt((exact * (1 - exact)) / opts.draws);
    expect(Math.abs(b!.probabilityBest - exact)).toBeLessThan(4 * se);
    expect(a!.probabilityBest + b!.probabilityBest).toBe(1);
    expect(b!.posteriorMean).toBeCloseTo(56 / 1002, 15);
    expect([b!.alpha, b!.beta]).toEqual([56, 946]);
  });

  it('expected loss: with near-certain rates 10 % and 20 %, choosing A loses 0.1, choosing B ~0', () => {
    const [a, b] = thompsonAllocation([{ arm: 'A', successes: 1e6, trials: 1e7 }, { arm: 'B', successes: 2e6, trials: 1e7 }], { ...opts, draws: 2000 });
    expect(a!.expectedLoss).toBeCloseTo(0.1, 3);
    expect(b!.expectedLoss).toBeCloseTo(0, 6);
    expect(b!.probabilityBest).toBe(1);
  });

  it('a floor: share = floor + (1 − arms·floor)·P(best); the same seed gives the same draws', () => {
    const arms = [{ arm: 'A', successes: 10, trials: 500 }, { arm: 'B', successes: 30, trials: 500 }, { arm: 'C', successes: 12, trials: 500 }];
    const r = thompsonAllocation(arms, { ...opts, floor: 0.05 });
    r.forEach((x) => expect(x.suggestedShare).toBeCloseTo(0.05 + 0.85 * x.probabilityBest, 15));
    expect(r.reduce((s, x) => s + x.suggestedShare, 0)).toBeCloseTo(1, 12);
    expect(thompsonAllocation(arms, { ...opts, floor: 0.05 })).toEqual(r);
    expect(() => thompsonAllocation(arms, { ...opts, floor: 0.4 })).toThrow(/exceeds 100 %/);
  });
});
