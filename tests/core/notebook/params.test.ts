import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { bindSqlParams, bindYamlParams, ParamError, sqlLiteral, type ParamValue } from '../../../src/core/notebook/params.ts';

const params = new Map<string, ParamValue>([
  ['alpha', 0.05],
  ['name', "O'Brien; DROP TABLE ads; --"],
  ['day', { date: '2024-03-01' }],
  ['range', { start: '2024-01-01', end: '2024-01-31' }],
  ['flag', true],
  ['channels', ['email', 'social']],
]);

describe('bindSqlParams', () => {
  it('puts typed, quoted literals where ${name} stands', () => {
    expect(bindSqlParams('SELECT * FROM t WHERE p < ${alpha} AND who = ${name} AND d >= ${day}', params)).toBe(
      "SELECT * FROM t WHERE p < 0.05 AND who = 'O''Brien; DROP TABLE ads; --' AND d >= DATE '2024-03-01'",
    );
  });

  it('reads fields of a date range and lists', () => {
    expect(bindSqlParams('WHERE d BETWEEN ${range.start} AND ${range.end} AND c IN (SELECT unnest(${channels})) AND ${flag}', params)).toBe(
      "WHERE d BETWEEN DATE '2024-01-01' AND DATE '2024-01-31' AND c IN (SELECT unnest(['email', 'social'])) AND TRUE",
    );
  });

  it('leaves ${…} in comments alone and refuses it inside quotes', () => {
    expect(bindSqlParams('SELECT 1 -- ${nope}', params)).toBe('SELECT 1 -- ${nope}');
    expect(() => bindSqlParams("SELECT '${alpha}'", params)).toThrow(/inside quotes: write it without quotes/);
  });

  it('keeps a value one token whatever stands next to it: a negative number never opens a -- comment', async () => {
    const p = new Map<string, ParamValue>([['n', -1], ['a', 'x'], ['b', 'y']]);
    const bound = bindSqlParams("SELECT 3 -${n} AS x, 'kept' AS y", p);
    expect(bound).toBe("SELECT 3 - (-1) AS x, 'kept' AS y");
    expect(bindSqlParams('SELECT ${a}${b}', p)).toBe("SELECT 'x' 'y'");
    expect(bindSqlParams("SELECT 'x'${b}", p)).toBe("SELECT 'x' 'y'");
    expect(bindSqlParams('SELECT ${n}, [${n}]', p)).toBe('SELECT (-1), [(-1)]');
    // What DuckDB makes of it: 3 - (-1) = 4 and the rest of the line is still there (unbracketed,
    // `3 --1 AS x, 'kept' AS y` is `SELECT 3` and a comment); two literals side by side are an error,
    // not the one string x'y that `'x''y'` would be.
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      expect((await conn.runAndReadAll(bound)).getRowObjectsJS()).toEqual([{ x: 4, y: 'kept' }]);
      await expect(conn.runAndReadAll(bindSqlParams('SELECT ${a}${b} AS s', p))).rejects.toThrow(/syntax error/);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });

  it('names an unknown parameter and where it is', () => {
    try {
      bindSqlParams('SELECT ${missing}', params);
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(ParamError);
      expect((e as ParamError).message).toMatch(/unknown parameter `missing`/);
      expect((e as ParamError).offset).toBe(7);
    }
  });

  it('rejects values that cannot be literals', () => {
    expect(() => sqlLiteral(Number.NaN, 'x')).toThrow(/not a finite number/);
    expect(() => sqlLiteral({ date: '2024-13-45' }, 'd')).toThrow(/not a date written YYYY-MM-DD/);
    expect(() => sqlLiteral({ start: '2024-01-01', end: '2024-01-02' }, 'r')).toThrow(/\$\{r.start\}/);
  });
});

describe('bindYamlParams', () => {
  it('gives a whole-value template its typed value and fills templates inside text', () => {
    expect(bindYamlParams({ alpha: '${alpha}', title: 'Test at α=${alpha}', list: ['${flag}'] }, params)).toEqual({
      alpha: 0.05,
      title: 'Test at α=0.05',
      list: [true],
    });
  });
});
