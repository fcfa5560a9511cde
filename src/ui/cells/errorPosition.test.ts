import { describe, expect, it } from 'vitest';
import { errorPosition } from './errorPosition';

// Messages as DuckDB 1.4.3 (native and WASM) prints them for a cell materialized with CREATE … AS.
const binder = `Binder Error: Referenced column "no_such_column" not found in FROM clause!
Candidate bindings: "day", "channel"

LINE 1: CREATE OR REPLACE TABLE "broken" AS SELECT no_such_column FROM ads
                                                   ^`;

describe('errorPosition', () => {
  it('finds the column of a binder error on the first line, past the CREATE prefix', () => {
    expect(errorPosition(binder, 'SELECT no_such_column FROM ads', 1)).toEqual({ line: 1, column: 8, length: 14 });
  });
  it('finds it on a later line', () => {
    const msg = 'Binder Error: x\n\nLINE 3:   AND nope > 1\n              ^';
    expect(errorPosition(msg, 'SELECT *\nFROM ads\nWHERE 1 = 1\n  AND nope > 1', 4)).toEqual({ line: 4, column: 7, length: 4 });
  });
  it('handles a snippet DuckDB cut with ...', () => {
    const msg = 'Parser Error: syntax error at or near "FORM"\n\nLINE 1: ...AS SELECT a FORM t\n                       ^';
    expect(errorPosition(msg, 'SELECT a FORM t', 1)).toEqual({ line: 1, column: 10, length: 4 });
  });
  it('gives the line alone when the message has no caret', () => {
    expect(errorPosition('Catalog Error: Table with name x does not exist!', 'SELECT 1', 1)).toEqual({ line: 1 });
    expect(errorPosition('whatever', 'SELECT 1', undefined)).toBeNull();
  });
});
