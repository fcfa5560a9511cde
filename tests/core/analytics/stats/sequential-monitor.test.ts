import { describe, expect, it } from 'vitest';
import { sequentialMonitor } from '../../../../src/core/analytics/stats/sequential-monitor.ts';

const week1 = { label: 'w1', controlSuccesses: 50, controlTrials: 10000, treatmentSuccesses: 90, treatmentTrials: 10000 };

describe('sequentialMonitor', () => {
  it('guardrail toward an increase: z = 0.004 / sqrt(0.007 · 0.993 · 2 / 10000) = 3.3925 (hand) crosses the first Pocock-type boundary', () => {
    const rows = sequentialMonitor([week1], { looks: 5, alpha: 0.05, spending: 'pocock', mode: 'guardrail', sides: 1, direction: 'increase' });
    expect(rows).toHaveLength(5);
    expect(rows[0]!.z).toBeCloseTo(3.3925, 4);
    expect(rows[0]!.stop).toBe(true);
    expect(rows.slice(1).map((r) => r.decision)).toEqual(Array(4).fill('not needed (stopped)'));
  });

  it('guardrail toward a decrease uses the lower boundary: the same rise is no harm', () => {
    const rows = sequentialMonitor([week1], { looks: 5, alpha: 0.05, spending: 'pocock', mode: 'guardrail', sides: 1, direction: 'decrease' });
    expect(rows[0]!.upper).toBeNull();
    expect(rows[0]!.lower!).toBeCloseTo(-2.1762, 3);
    expect(rows[0]!.crossed).toBe(false);
    expect(rows[0]!.decision).toBe('continue');
  });

  it('an arm without trials yet gives no z and does not stop', () => {
    const rows = sequentialMonitor([{ ...week1, treatmentTrials: 0, treatmentSuccesses: 0 }], { looks: 2, alpha: 0.05, spending: 'obf', mode: 'efficacy', sides: 2, direction: 'increase' });
    expect(rows[0]!.z).toBeNull();
    expect(rows[0]!.decision).toBe('continue (an arm has no trials yet)');
  });

  it('rejects a plan whose last fraction is not 1', () => {
    expect(() => sequentialMonitor([], { looks: 2, fractions: [0.5, 0.9], alpha: 0.05, spending: 'obf', mode: 'efficacy', sides: 2, direction: 'increase' })).toThrow(/last information fraction must be 1/);
  });
});
