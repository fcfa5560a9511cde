import { describe, expect, it } from 'vitest';
import { chiSquareTest } from '../../../../src/core/analytics/stats/chi-square-test.ts';
import { expectPrinted, expectSignificant } from './helpers.ts';

describe('chiSquareTest', () => {
  it('matches R ?chisq.test example (Agresti 2007 p. 39, party identification): X-squared = 30.07, df = 2, p = 2.954e-07', () => {
    const r = chiSquareTest([
      [762, 327, 468],
      [484, 239, 477],
    ]);
    expectPrinted(r.statistic, 30.07, 2);
    expect(r.df).toBe(2);
    expectSignificant(r.pValue, 2.954e-7, 4);
  });

  it('matches R ?prop.test smokers example (4 groups): X-squared = 12.6, df = 3, p = 0.005585', () => {
    const smokers = [83, 90, 129, 70];
    const patients = [86, 93, 136, 82];
    const r = chiSquareTest(smokers.map((s, i) => [s, patients[i]! - s]));
    expectPrinted(r.statistic, 12.6, 1);
    expect(r.df).toBe(3);
    expectSignificant(r.pValue, 0.005585, 4);
  });

  it('applies Yates on 2x2 as R prop.test(c(490, 400), c(500, 500)) does: X-squared = 80.909 (STHDA)', () => {
    const table = [
      [490, 10],
      [400, 100],
    ];
    expectPrinted(chiSquareTest(table, { correction: true }).statistic, 80.909, 3);
    // Without correction the statistic is larger: N(ad - bc)² / (r1 r2 c1 c2), the 2 x 2 shortcut.
    const plain = (1000 * (490 * 100 - 10 * 400) ** 2) / (500 * 500 * 890 * 110);
    expect(chiSquareTest(table).statistic).toBeCloseTo(plain, 8);
  });

  it("caps Yates' shift at |O - E| like R (a table equal to its expectation stays at 0, p = 1)", () => {
    const r = chiSquareTest(
      [
        [1, 1],
        [1, 1],
      ],
      { correction: true },
    );
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBe(1);
  });

  it('explains malformed tables', () => {
    expect(() => chiSquareTest([[1, 2]])).toThrow(/at least 2 rows/);
    expect(() => chiSquareTest([[1, 2], [3]])).toThrow(/row 2 has 1 cells/);
    expect(() => chiSquareTest([[0, 2], [0, 3]])).toThrow(/column 1 sums to 0/);
    expect(() => chiSquareTest([[-1, 2], [1, 3]])).toThrow(/cell \[1, 1\]/);
  });
});
