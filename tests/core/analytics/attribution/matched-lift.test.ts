import { describe, expect, it } from 'vitest';
import { balanceTable, matchedLift } from '../../../../src/core/analytics/attribution/matched-lift.ts';
import { nearestNeighbourMatch, type MatchUnit } from '../../../../src/core/analytics/attribution/nearest-neighbour-match.ts';

// Hand-derived case, one covariate x. Treated t1 (x 1, y 10), t2 (3, 14), t3 (6, 20), t4 (6.5, 19);
// controls c1 (0, 6), c2 (2, 9), c3 (3.2, 10), c4 (7, 15), c5 (10, 30).
const T: MatchUnit[] = [['t1', 1, 10], ['t2', 3, 14], ['t3', 6, 20], ['t4', 6.5, 19]].map(([id, x, y]) => ({ id: id as string, x: [x as number], outcome: y as number }));
const C: MatchUnit[] = [['c1', 0, 6], ['c2', 2, 9], ['c3', 3.2, 10], ['c4', 7, 15], ['c5', 10, 30]].map(([id, x, y]) => ({ id: id as string, x: [x as number], outcome: y as number }));
const outcome = new Map([...T, ...C].map((u) => [u.id, u.outcome]));
const pairsOf = (p: { treated: string; control: string }[]) => p.map((x) => `${x.treated}-${x.control}`);

describe('nearestNeighbourMatch', () => {
  it('matches greedily in treated id order, ties by control id, without replacement', () => {
    // t1: c1 and c2 both at 1 → c1 (id). t2: c3 at 0.2. t3: c4 at 1. t4: c4 taken; c5 at 3.5 beats c2 at 4.5.
    expect(pairsOf(nearestNeighbourMatch(T, C))).toEqual(['t1-c1', 't2-c3', 't3-c4', 't4-c5']);
    // With replacement t4 takes c4 (0.5) too.
    expect(pairsOf(nearestNeighbourMatch(T, C, { replacement: true }))).toEqual(['t1-c1', 't2-c3', 't3-c4', 't4-c4']);
    // A caliper of 3 leaves t4 unmatched (its best available control is 3.5 away).
    expect(pairsOf(nearestNeighbourMatch(T, C, { caliper: 3 }))).toEqual(['t1-c1', 't2-c3', 't3-c4']);
    // 1:2 with replacement: t1 → c1, c2 (both 1); t2 → c3 (0.2), c2 (1).
    expect(pairsOf(nearestNeighbourMatch(T.slice(0, 2), C, { ratio: 2, replacement: true }))).toEqual(['t1-c1', 't1-c2', 't2-c3', 't2-c2']);
  });
});

describe('matchedLift', () => {
  it('gives the paired difference and its t interval (hand-derived)', () => {
    // Caliper 3: differences t1 10 − 6 = 4, t2 14 − 10 = 4, t3 20 − 15 = 5. ATT = 13/3 = 4.3333;
    // sd = √((1/9 + 1/9 + 4/9) / 2) = 0.57735, se = 0.33333; t(0.975, 2) = 4.302653 → CI 4.3333 ± 1.43422.
    const r = matchedLift(nearestNeighbourMatch(T, C, { caliper: 3 }), outcome)!;
    expect(r.att).toBeCloseTo(13 / 3, 12);
    expect(r.stdError).toBeCloseTo(1 / 3, 12);
    expect(r.ciLow).toBeCloseTo(13 / 3 - 4.302652729749464 / 3, 9);
    expect(r.ciHigh).toBeCloseTo(13 / 3 + 4.302652729749464 / 3, 9);
    expect(r.controlMean).toBeCloseTo(31 / 3, 12);
    expect(r.lift).toBeCloseTo(13 / 31, 12);
    expect(r.incremental).toBeCloseTo(13, 12);
    // Without a caliper t4 − c5 = 19 − 30 = −11: ATT = (4 + 4 + 5 − 11) / 4 = 0.5; with replacement t4 − c4 = 4: ATT = 17/4.
    expect(matchedLift(nearestNeighbourMatch(T, C), outcome)!.att).toBeCloseTo(0.5, 12);
    expect(matchedLift(nearestNeighbourMatch(T, C, { replacement: true }), outcome)!.att).toBeCloseTo(4.25, 12);
  });
});

describe('balanceTable', () => {
  it('gives standardized mean differences before and after (hand-derived)', () => {
    // Before: treated x̄ = 16.5/4 = 4.125, s² = (9.765625 + 1.265625 + 3.515625 + 5.640625)/3 = 6.729167;
    // controls x̄ = 4.44, s² = 64.672/4 = 16.168. Pooled sd = √((6.729167 + 16.168)/2) = 3.383580.
    // SMD before = (4.125 − 4.44) / 3.383580 = −0.093096. After (caliper 3): treated 1, 3, 6 (x̄ 3.3333), controls 0, 3.2, 7 (x̄ 3.4):
    // SMD after = (3.3333 − 3.4) / 3.383580 = −0.019703.
    const x = new Map([...T, ...C].map((u) => [u.id, u.x[0]!]));
    const [row] = balanceTable(['x'], (id) => x.get(id)!, T.map((u) => u.id), C.map((u) => u.id), nearestNeighbourMatch(T, C, { caliper: 3 }));
    const sd = Math.sqrt((20.1875 / 3 + 16.168) / 2);
    expect(row!.smdBefore).toBeCloseTo((4.125 - 4.44) / sd, 12);
    expect(row!.smdAfter).toBeCloseTo((10 / 3 - 3.4) / sd, 12);
    expect(row!.controlMeanAfter).toBeCloseTo(3.4, 12);
  });
});
