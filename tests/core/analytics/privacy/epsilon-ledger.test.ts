import { describe, expect, it } from 'vitest';
import { epsilonLedger } from '../../../../src/core/analytics/privacy/epsilon-ledger.ts';

// Basic sequential composition (Dwork & Roth 2014, Theorem 3.16): epsilons add up. Sums by hand.
describe('epsilon ledger', () => {
  it('adds epsilons in order and flags the release that passes the budget', () => {
    const l = epsilonLedger([{ id: 'a', epsilon: 0.5 }, { id: 'b', epsilon: 0.25 }, { id: 'c', epsilon: 0.5 }], 1);
    expect(l.map((e) => [e.id, e.spent, e.remaining, e.withinBudget])).toEqual([
      ['a', 0.5, 0.5, true],
      ['b', 0.75, 0.25, true],
      ['c', 1.25, -0.25, false],
    ]);
  });
  it('a budget met exactly is within budget despite float rounding (0.1 + 0.2 = 0.3)', () => {
    const l = epsilonLedger([{ id: 'a', epsilon: 0.1 }, { id: 'b', epsilon: 0.2 }], 0.3);
    expect(l[1]).toMatchObject({ spent: 0.3, remaining: 0, withinBudget: true });
  });
});
