import { describe, expect, it } from 'vitest';
import { daysNeeded } from '../../../../src/core/analytics/stats/days-needed.ts';

describe('daysNeeded', () => {
  it('rounds up whole days for all groups', () => {
    // 77 per group (R power.prop.test n = 76.7, rounded up) x 2 groups = 154 at 50/day → 3.08 → 4 days.
    expect(daysNeeded(77, 2, 50)).toBe(4);
    expect(daysNeeded(76.7, 2, 154)).toBe(1);
    expect(daysNeeded(1000, 3, 1000)).toBe(3);
  });

  it('explains bad input', () => {
    expect(() => daysNeeded(100, 1, 10)).toThrow(/at least 2 groups/);
    expect(() => daysNeeded(100, 2, 0)).toThrow(/dailyImpressions/);
    expect(() => daysNeeded(0, 2, 10)).toThrow(/nPerGroup/);
  });
});
