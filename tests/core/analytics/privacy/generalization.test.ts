import { describe, expect, it } from 'vitest';
import {
  evaluateNode, generalizeValue, minimalGeneralizations, numericWidths, type EquivalenceClass, type Hierarchy,
} from '../../../../src/core/analytics/privacy/generalization.ts';

/**
 * Sweeney 2002 ("k-anonymity: a model for protecting privacy", IJUFKS 10(5), Figure 2): a table that
 * is 2-anonymous over QI = {Race, Birth, Gender, ZIP}. Eleven rows, as equivalence classes.
 */
const SWEENEY: EquivalenceClass[] = [
  { values: ['black', 1965, 'm', '0214*'], size: 2 },
  { values: ['black', 1965, 'f', '0213*'], size: 2 },
  { values: ['black', 1964, 'f', '0213*'], size: 2 },
  { values: ['white', 1964, 'm', '0213*'], size: 3 },
  { values: ['white', 1967, 'm', '0213*'], size: 2 },
];
const H: Hierarchy[] = [
  { kind: 'suppress' },
  { kind: 'numeric', widths: [5, 10, 20] },
  { kind: 'suppress' },
  { kind: 'prefix', length: 5, steps: 3 },
];

describe('generalization hierarchies', () => {
  it('brackets numbers, cuts codes, coarsens dates, keeps null, and suppresses at the top', () => {
    expect(generalizeValue(37, { kind: 'numeric', widths: [5, 10, 20] }, 1)).toBe('35-39');
    expect(generalizeValue(37, { kind: 'numeric', widths: [5, 10, 20] }, 2)).toBe('30-39');
    expect(generalizeValue(37, { kind: 'numeric', widths: [5, 10, 20] }, 3)).toBe('20-39');
    expect(generalizeValue(37, { kind: 'numeric', widths: [5, 10, 20] }, 4)).toBe('*');
    expect(generalizeValue(2.5, { kind: 'numeric', widths: [5] }, 1)).toBe('[0, 5)');
    expect(generalizeValue('02138', { kind: 'prefix', length: 5, steps: 3 }, 1)).toBe('0213*');
    expect(generalizeValue('02138', { kind: 'prefix', length: 5, steps: 3 }, 3)).toBe('02***');
    expect(generalizeValue('2024-03-17', { kind: 'date' }, 1)).toBe('2024-03');
    expect(generalizeValue('2024-03-17 10:00:00', { kind: 'date' }, 2)).toBe('2024');
    expect(generalizeValue(null, { kind: 'date' }, 2)).toBeNull();
    expect(generalizeValue('FR', { kind: 'suppress' }, 1)).toBe('*');
  });
  it('bracket widths follow the range: ages 5/10/20, incomes in thousands 5,000/10,000/20,000', () => {
    expect(numericWidths(18, 90)).toEqual([5, 10, 20]);
    expect(numericWidths(12_000, 95_000)).toEqual([5_000, 10_000, 20_000]);
  });
});

describe('k-anonymity on Sweeney\'s Figure 2 table', () => {
  it('is 2-anonymous as published: smallest class 2, no class below 2', () => {
    const node = evaluateNode(SWEENEY, H, [0, 0, 0, 0], 2);
    expect(node).toMatchObject({ classes: 5, classesBelowK: 0, smallestClass: 2, kAchieved: 2 });
    expect(minimalGeneralizations(SWEENEY, H, 2).nodes[0]!.levels).toEqual([0, 0, 0, 0]);
  });

  it('for k = 3 the least generalizations have height 5, found by hand (see the derivation)', () => {
    // Four classes of 2 (8 rows) are below 3. The only 0214* class can merge only when ZIP is cut to
    // 021** (2 levels); from there every node of height 3 and 4 leaves a class of 2 (e.g. ZIP + gender
    // + race leaves white 1967 m alone). At height 5 exactly three nodes work [race, birth, gender, zip]:
    // [0, 2, 1, 2] → black 1960-69 (6), white 1960-69 (5); [1, 1, 1, 2] → 1965-69 (6), 1960-64 (5);
    // [1, 2, 0, 2] → m (7), f (4). All have 2 classes; ties are listed in level order.
    expect(evaluateNode(SWEENEY, H, [0, 0, 0, 0], 3)).toMatchObject({ classesBelowK: 4, rowsBelowK: 8 });
    const { nodes } = minimalGeneralizations(SWEENEY, H, 3);
    expect(nodes.map((n) => n.levels)).toEqual([[0, 2, 1, 2], [1, 1, 1, 2], [1, 2, 0, 2]]);
    expect(nodes.map((n) => n.kAchieved)).toEqual([5, 5, 4]);
    expect(nodes.every((n) => n.classes === 2 && n.rowsBelowK === 0)).toBe(true);
  });

  it('with 2 rows allowed to be suppressed, k = 3 needs only 10-year birth brackets (height 2)', () => {
    // Birth → 1960-69 gives black m 0214* (2, suppressed), black f 0213* (4), white m 0213* (5). Every
    // height-1 node leaves more than one class of 2 (e.g. race * keeps black 1965 f and white 1967 m),
    // and the other height-2 nodes leave 6 or more rows below 3 (race + gender *: 1965 0214*, 1965
    // 0213*, 1967 0213*), so this node is the only answer.
    const { nodes } = minimalGeneralizations(SWEENEY, H, 3, { maxSuppressedRows: 2 });
    expect(nodes.map((n) => n.levels)).toEqual([[0, 2, 0, 0]]);
    expect(nodes[0]).toMatchObject({ classes: 3, rowsBelowK: 2, kAchieved: 4 });
  });

  it('fewer rows than k: no generalization works', () => {
    expect(minimalGeneralizations([{ values: ['a'], size: 2 }], [{ kind: 'suppress' }], 3).nodes).toEqual([]);
  });
});
