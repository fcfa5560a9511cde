/**
 * The WASM engine inlines `$n` parameters as literals (src/engines/wasm/sqlText.ts). A negative value
 * written right after a minus must stay a value: `3 -$1` with -1 is 3 - (-1) = 4, never `3 --1`, which
 * DuckDB reads as `3` and a comment swallowing the rest of the line.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { bindParams } from '../../../src/engines/wasm/sqlText.ts';

describe('bindParams (WASM engine)', () => {
  it('puts a negative integer in parentheses, so a minus before it cannot open a comment', async () => {
    const sql = bindParams("SELECT 3 -$1 AS x, 'kept' AS y", [-1]);
    expect(sql).toBe("SELECT 3 -(-1) AS x, 'kept' AS y");
    expect(bindParams('SELECT $1 + $2', [2, -1.5])).toBe('SELECT 2 + CAST(-1.5 AS DOUBLE)');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      expect((await conn.runAndReadAll(sql)).getRowObjectsJS()).toEqual([{ x: 4, y: 'kept' }]);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });
});
