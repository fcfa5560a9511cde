import { describe, it } from 'vitest';
import { powerTwoProportions } from '../../../../src/core/analytics/stats/power-two-proportions.ts';
import { expectSignificant } from './helpers.ts';

describe('powerTwoProportions', () => {
  it('matches R ?power.prop.test: power.prop.test(n = 50, p1 = .50, p2 = .75) → power = 0.7401659', () => {
    expectSignificant(powerTwoProportions(50, 0.5, 0.75), 0.7401659, 7);
    expectSignificant(powerTwoProportions(50, 0.75, 0.5), 0.7401659, 7);
  });
});
