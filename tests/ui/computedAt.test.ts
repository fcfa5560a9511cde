import { describe, expect, it } from 'vitest';
import { computedWhen } from '../../src/ui/cells/computedAt';

describe('when a kept result was computed', () => {
  const now = new Date(2026, 11, 5, 16, 30).getTime();
  it('says the time for today, in 24-hour time', () => {
    expect(computedWhen(new Date(2026, 11, 5, 9, 5).getTime(), now)).toBe('09:05');
  });
  it('adds the day for an earlier day', () => {
    expect(computedWhen(new Date(2026, 11, 3, 14, 5).getTime(), now)).toBe('3 Dec, 14:05');
  });
});
