/**
 * The exercise checks. Tolerance follows numpy.isclose's definition (numpy docs:
 * absolute(a - b) <= atol + rtol * absolute(b), b the expected value); the expected verdicts below are
 * worked out by hand from that rule.
 */
import { describe, expect, it } from 'vitest';
import { checkRows, checkSet, checkValue, readNumber } from '../../../src/core/cells/course/exerciseCheck.ts';

const abs = (absolute: number) => ({ absolute, relative: 0 });
const rel = (relative: number) => ({ absolute: 0, relative });

describe('checkValue: numbers within a tolerance', () => {
  it('passes exactly at the absolute tolerance and fails just past it', () => {
    // |1.01 − 1| = 0.01 in decimal; in binary it is 0.010000000000000009, which must still pass.
    expect(checkValue(1.01, 1, abs(0.01)).status).toBe('passed');
    expect(checkValue(0.99, 1, abs(0.01)).status).toBe('passed');
    expect(checkValue(1.0101, 1, abs(0.01)).status).toBe('failed');
  });

  it('relative tolerance scales with the expected value: 1 % of 200 is 2', () => {
    expect(checkValue(202, 200, rel(0.01)).status).toBe('passed');
    expect(checkValue(202.1, 200, rel(0.01)).status).toBe('failed');
    // Both stated: the allowances add up (0.5 + 1 % of 200 = 2.5).
    expect(checkValue(202.5, 200, { absolute: 0.5, relative: 0.01 }).status).toBe('passed');
    expect(checkValue(202.6, 200, { absolute: 0.5, relative: 0.01 }).status).toBe('failed');
  });

  it('with no tolerance stated only float noise is forgiven', () => {
    expect(checkValue(0.1 + 0.2, 0.3).status).toBe('passed');
    expect(checkValue(0.3001, 0.3).status).toBe('failed');
  });

  it('says whether a wrong number is too high or too low, by how much in %, and the tolerance', () => {
    const v = checkValue(0.0131, 0.0125, abs(0.0005));
    expect(v.status).toBe('failed');
    expect(v.message).toBe('yours, 0.0131, is too high, about 4.8 % above the expected value (tolerance ±0.0005)');
    expect(checkValue(90, 100, rel(0.05)).message).toBe('yours, 90, is too low, about 10 % below the expected value (tolerance ±5 %)');
  });

  it('reads numbers typed as text, with thousands separators or a percent sign', () => {
    expect(readNumber('1,234.5')).toBe(1234.5);
    expect(readNumber(' 1.25 % ')).toBeCloseTo(0.0125, 12);
    expect(readNumber('abc')).toBeNull();
    expect(checkValue('1.25%', 0.0125, abs(0.0001)).status).toBe('passed');
  });

  it('names a type mismatch: text where a number is expected, a number where text is', () => {
    expect(checkValue('spring sale', 0.5).message).toBe("yours is text ('spring sale'), expected a number");
    expect(checkValue(3, 'Spring sale').message).toBe('yours is a number (3), expected text');
  });

  it('text compares trimmed and case-insensitively', () => {
    expect(checkValue(' spring SALE ', 'Spring sale').status).toBe('passed');
    expect(checkValue('Summer', 'Spring sale').status).toBe('failed');
  });

  it('NULL equals only NULL, and the message says which side is empty', () => {
    expect(checkValue(null, null).status).toBe('passed');
    expect(checkValue(null, 3).message).toBe('yours is empty (NULL), expected a value');
    expect(checkValue(3, null).message).toBe('yours is 3, expected empty (NULL)');
  });
});

const t = (columns: string[], rows: unknown[][]) => ({ columns, rows });

describe('checkRows', () => {
  const expected = t(['campaign', 'ctr'], [['Spring', 0.02], ['Summer', 0.03], ['Autumn', null]]);

  it('is order-insensitive by default and matches numbers within the tolerance', () => {
    const yours = t(['c', 'rate'], [['Summer', 0.0301], ['Autumn', null], ['Spring', 0.0199]]);
    expect(checkRows(yours, expected, abs(0.0005))).toEqual({ status: 'passed', message: 'right: all 3 rows match (in any order)' });
  });

  it('with order: true, the same rows in another order fail at the first row that differs', () => {
    const yours = t(['c', 'rate'], [['Summer', 0.03], ['Spring', 0.02], ['Autumn', null]]);
    const v = checkRows(yours, expected, abs(0), true);
    expect(v.status).toBe('failed');
    expect(v.message).toBe("row 1 differs in column 1 (`campaign`): yours is 'Summer', not the expected value");
    expect(checkRows(t(['c', 'r'], expected.rows), expected, abs(0), true).status).toBe('passed');
  });

  it('names a row count and a column count that differ', () => {
    expect(checkRows(t(['c', 'r'], expected.rows.slice(0, 2)), expected).message).toBe('your query returns 2 rows, expected 3');
    expect(checkRows(t(['c'], [['Spring'], ['Summer'], ['Autumn']]), expected).message).toBe('your query returns 1 column, expected 2 (`campaign`, `ctr`)');
  });

  it('names the unmatched expected row by its text columns and the column where your nearest row differs', () => {
    const yours = t(['c', 'r'], [['Spring', 0.02], ['Summer', 0.05], ['Autumn', null]]);
    const v = checkRows(yours, expected, abs(0.001));
    expect(v.status).toBe('failed');
    expect(v.message).toBe(
      "an expected row has no match in yours (the row with campaign = 'Summer'); your nearest row ('Summer', 0.05) differs in column 2 (`ctr`): yours, 0.05, is too high, about 67 % above the expected value (tolerance ±0.001)",
    );
  });

  it('a NULL where a value is expected is a difference', () => {
    const yours = t(['c', 'r'], [['Spring', 0.02], ['Summer', 0.03], ['Autumn', 0]]);
    expect(checkRows(yours, expected).message).toContain('differs in column 2 (`ctr`): yours is 0, expected empty (NULL)');
  });

  it('a duplicated row cannot stand in for a missing one', () => {
    const two = t(['x'], [[1], [2]]);
    expect(checkRows(t(['x'], [[1], [1]]), two).status).toBe('failed');
  });
});

describe('checkSet', () => {
  const expected = t(['campaign'], [['Spring'], ['Summer'], ['Summer']]);

  it('ignores order and duplicates', () => {
    expect(checkSet(t(['c'], [['Summer'], ['Spring'], ['Spring']]), expected)).toEqual({ status: 'passed', message: 'right: all 2 values and nothing else' });
  });

  it('counts what is missing (without naming it) and lists what should not be there', () => {
    const v = checkSet(t(['c'], [['Summer'], ['Winter']]), expected);
    expect(v.status).toBe('failed');
    expect(v.message).toBe("1 expected value missing; not expected: 'Winter' (1 of your 2 values are right, of 2 expected)");
  });

  it('matches numbers in a set within the tolerance', () => {
    expect(checkSet(t(['x'], [[0.1001], [0.2]]), t(['x'], [[0.2], [0.1]]), abs(0.001)).status).toBe('passed');
  });

  it('a different number of columns is named', () => {
    expect(checkSet(t(['a', 'b'], [[1, 2]]), expected).message).toBe('your answer has 2 columns, expected 1 (`campaign`)');
  });
});
