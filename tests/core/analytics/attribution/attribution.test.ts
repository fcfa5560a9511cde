import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  firstTouchAttribution,
  lastTouchAttribution,
  linearAttribution,
  markovAttribution,
  positionBasedAttribution,
  timeDecayAttribution,
  type ChannelCredit,
  type TouchpointPath,
} from '../../../../src/core/analytics/attribution/index.ts';

const credit = <T extends ChannelCredit>(cs: T[], ch: string): T => cs.find((c) => c.channel === ch)!;

// Model definitions as documented for Google Analytics' attribution models (position-based
// 40/20/40, time decay with a 7-day half-life) and the ChannelAttribution / Anderl et al. (2016)
// removal effect; expected numbers below are worked by hand from those definitions.
const paths: TouchpointPath[] = [
  { path: ['social', 'display', 'search', 'email'], conversions: 10, value: 1000 },
  { path: ['search'], conversions: 4, value: 200 },
  { path: ['social', 'email'], conversions: 6, value: 300, times: [7, 0] },
];

describe('rule-based attribution', () => {
  it('first touch', () => {
    const r = firstTouchAttribution(paths);
    expect(credit(r, 'social').conversions).toBe(16);
    expect(credit(r, 'search').conversions).toBe(4);
    expect(credit(r, 'email').conversions).toBe(0);
    expect(credit(r, 'social').value).toBe(1300);
  });

  it('last touch', () => {
    const r = lastTouchAttribution(paths);
    expect(credit(r, 'email').conversions).toBe(16);
    expect(credit(r, 'search').conversions).toBe(4);
    expect(credit(r, 'email').share).toBeCloseTo(0.8, 12);
  });

  it('linear', () => {
    const r = linearAttribution(paths);
    // social: 10/4 + 6/2 = 5.5; search: 10/4 + 4 = 6.5; email 5.5; display 2.5
    expect(credit(r, 'social').conversions).toBeCloseTo(5.5, 12);
    expect(credit(r, 'search').conversions).toBeCloseTo(6.5, 12);
    expect(credit(r, 'display').conversions).toBeCloseTo(2.5, 12);
    expect(credit(r, 'search').value).toBeCloseTo(1000 / 4 + 200, 12);
  });

  it('position based 40/20/40 and its 1- and 2-touch rules', () => {
    const r = positionBasedAttribution(paths);
    // 4-touch: social 4, display 1, search 1, email 4; 1-touch: search 4; 2-touch: social 3, email 3
    expect(credit(r, 'social').conversions).toBeCloseTo(7, 12);
    expect(credit(r, 'display').conversions).toBeCloseTo(1, 12);
    expect(credit(r, 'search').conversions).toBeCloseTo(5, 12);
    expect(credit(r, 'email').conversions).toBeCloseTo(7, 12);
    const custom = positionBasedAttribution([{ path: ['a', 'b'], conversions: 10 }], { first: 0.3, last: 0.6 });
    expect(credit(custom, 'a').conversions).toBeCloseTo(10 / 3, 12);
  });

  it('time decay halves the weight every half-life', () => {
    const r = timeDecayAttribution([{ path: ['social', 'email'], conversions: 6, times: [7, 0] }], { halfLifeDays: 7 });
    // weights 1/2 and 1 -> social 2, email 4
    expect(credit(r, 'social').conversions).toBeCloseTo(2, 12);
    expect(credit(r, 'email').conversions).toBeCloseTo(4, 12);
    // Without times: touches one day apart, last at 0 -> weights 2^(-2/1), 2^(-1/1), 1 with half-life 1 day
    const r2 = timeDecayAttribution([{ path: ['a', 'b', 'c'], conversions: 7 }], { halfLifeDays: 1 });
    expect(credit(r2, 'a').conversions).toBeCloseTo(1, 12);
    expect(credit(r2, 'b').conversions).toBeCloseTo(2, 12);
    expect(credit(r2, 'c').conversions).toBeCloseTo(4, 12);
  });
});

describe('markovAttribution', () => {
  it('matches the removal effects worked by hand from the transition matrix', () => {
    // Transitions: start->A 2/3, start->B 1/3, A->B 1/2, A->null 1/2, B->conv 1.
    // P(conv) = 2/3 * 1/2 + 1/3 = 2/3. Without A: 1/3 -> RE_A = 1/2. Without B: 0 -> RE_B = 1.
    // Credits of the 2 conversions: A = 2 * 0.5/1.5 = 2/3, B = 2 * 1/1.5 = 4/3.
    const r = markovAttribution([
      { path: ['A', 'B'], conversions: 1, nonConversions: 0, value: 30 },
      { path: ['B'], conversions: 1, nonConversions: 0, value: 30 },
      { path: ['A'], conversions: 0, nonConversions: 1 },
    ]);
    expect(r.conversion_probability).toBeCloseTo(2 / 3, 12);
    expect(r.transitions['(start)']!.A).toBeCloseTo(2 / 3, 12);
    expect(credit(r.credits, 'A').removal_effect).toBeCloseTo(0.5, 12);
    expect(credit(r.credits, 'B').removal_effect).toBeCloseTo(1, 12);
    expect(credit(r.credits, 'A').conversions).toBeCloseTo(2 / 3, 12);
    expect(credit(r.credits, 'B').conversions).toBeCloseTo(4 / 3, 12);
    expect(credit(r.credits, 'B').value).toBeCloseTo(40, 12);
  });

  it('handles branching and a second hand-worked chain', () => {
    // start->C 4/6, start->A 2/6; C->A 1/2, C->B 1/2; A->B 1/2, A->conv 1/4, A->null 1/4; B->conv 1/2, B->null 1/2.
    // x_B = 1/2, x_A = 1/2, x_C = 1/2, P = 1/2; removing any one channel gives P = 1/6 -> every RE = 2/3.
    const r = markovAttribution([
      { path: ['C', 'A', 'B'], conversions: 2 },
      { path: ['C', 'B'], conversions: 0, nonConversions: 2 },
      { path: ['A'], conversions: 1, nonConversions: 1 },
    ]);
    expect(r.conversion_probability).toBeCloseTo(0.5, 12);
    for (const c of r.credits) {
      expect(c.removal_effect).toBeCloseTo(2 / 3, 12);
      expect(c.conversions).toBeCloseTo(1, 12);
    }
  });

  it('is unchanged by repeated touches of the same channel (self-loops)', () => {
    const a = markovAttribution([{ path: ['A', 'B'], conversions: 3, nonConversions: 1 }, { path: ['A'], conversions: 0, nonConversions: 2 }]);
    const b = markovAttribution([{ path: ['A', 'A', 'B'], conversions: 3, nonConversions: 1 }, { path: ['A'], conversions: 0, nonConversions: 2 }]);
    expect(credit(b.credits, 'A').conversions).toBeCloseTo(credit(a.credits, 'A').conversions, 12);
  });
});

describe('every model gives credits that sum to the total conversions (property)', () => {
  const channel = fc.constantFrom('search', 'social', 'email', 'display', 'video');
  const pathArb = fc.record({
    path: fc.array(channel, { minLength: 1, maxLength: 6 }),
    conversions: fc.integer({ min: 0, max: 50 }),
    nonConversions: fc.integer({ min: 0, max: 50 }),
    value: fc.integer({ min: 0, max: 1000 }),
  });
  const arb = fc.array(pathArb, { minLength: 1, maxLength: 12 }).filter((ps) => ps.some((p) => p.conversions > 0));
  const sum = (cs: ChannelCredit[], k: 'conversions' | 'value') => cs.reduce((a, c) => a + c[k], 0);

  it('holds for first, last, linear, time decay, position based and Markov', () => {
    fc.assert(
      fc.property(arb, fc.double({ min: 0.1, max: 60, noNaN: true }), (ps, halfLife) => {
        const total = ps.reduce((a, p) => a + p.conversions, 0);
        const models = [
          firstTouchAttribution(ps),
          lastTouchAttribution(ps),
          linearAttribution(ps),
          timeDecayAttribution(ps, { halfLifeDays: halfLife }),
          positionBasedAttribution(ps),
          positionBasedAttribution(ps, { first: 0.2, last: 0.5 }),
          markovAttribution(ps).credits,
        ];
        for (const m of models) {
          expect(sum(m, 'conversions')).toBeCloseTo(total, 8);
          for (const c of m) expect(c.conversions).toBeGreaterThanOrEqual(-1e-12);
        }
        // Value is credited from converting paths only, and all of it is credited.
        const totalValue = ps.filter((p) => p.conversions > 0).reduce((a, p) => a + p.value, 0);
        for (const m of models) expect(sum(m, 'value')).toBeCloseTo(totalValue, 6);
      }),
      { numRuns: 200 },
    );
  });
});
