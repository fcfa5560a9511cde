import { describe, expect, it } from 'vitest';
import { authenticityScore, bandOf, duplicateComponent, engagementComponent, growthComponent, median } from '../../../../src/core/analytics/vetting/authenticity.ts';

describe('authenticity components and score (hand-derived)', () => {
  it('components: z 5.5 → (5.5 − 3)/5 = 0.5; ratio 0.625 → (1 − 0.625)/0.75 = 0.5; 20 % repeats → 0.2/0.5 = 0.4; clamped to [0, 1]', () => {
    expect(growthComponent(5.5)).toBeCloseTo(0.5, 15);
    expect(growthComponent(2)).toBe(0);
    expect(growthComponent(40)).toBe(1);
    expect(engagementComponent(0.625)).toBeCloseTo(0.5, 15);
    expect(engagementComponent(1.8)).toBe(0);
    expect(duplicateComponent(0.2)).toBeCloseTo(0.4, 15);
    expect(growthComponent(null)).toBeNull();
  });

  it('score: 100·(0.4·0.5 + 0.3·0.5 + 0.3·0.4) = 47; without engagement 100·(0.2 + 0.12)/0.7 = 45.714…', () => {
    expect(authenticityScore({ growth: 0.5, engagement: 0.5, duplicates: 0.4 })).toBeCloseTo(47, 12);
    expect(authenticityScore({ growth: 0.5, engagement: null, duplicates: 0.4 })).toBeCloseTo(32 / 0.7, 12);
    expect(authenticityScore({ growth: null, engagement: null, duplicates: null })).toBeNull();
  });

  it('size bands at their edges; median', () => {
    expect([9_999, 10_000, 99_999, 100_000, 500_000, 1_000_000].map(bandOf)).toEqual(['nano', 'micro', 'micro', 'mid', 'macro', 'mega']);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
