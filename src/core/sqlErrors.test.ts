import { describe, expect, it } from 'vitest';
import { createTableAs } from './sqlGuard.ts';
import { userSqlError } from './sqlErrors.ts';

const wrapper = createTableAs('"top"', '');
const sql = 'SELECT campaing, sum(clicks)\nFROM ads\nGROUP BY 1';

describe('userSqlError', () => {
  // The shape DuckDB 1.x prints for a binder error in a CREATE TABLE … AS (message text copied from
  // a DuckDB-WASM run of this query); the caret sits under `campaing`.
  const duck = `Binder Error: Referenced column "campaing" not found in FROM clause!
Candidate bindings: "campaign", "campaign_id"

LINE 1: CREATE OR REPLACE TABLE "top" AS SELECT campaing, sum(clicks)
                                                ^`;
  it('drops the CREATE OR REPLACE TABLE wrapper and keeps the caret under the same word', () => {
    expect(userSqlError(duck, wrapper, sql)).toBe(`Binder Error: Referenced column "campaing" not found in FROM clause!
Candidate bindings: "campaign", "campaign_id"

LINE 1: SELECT campaing, sum(clicks)
               ^`);
  });
  it('handles an excerpt DuckDB cut with ... inside the wrapper', () => {
    const cutMsg = `Binder Error: x\n\nLINE 1: ...REPLACE TABLE "top" AS SELECT campaing, sum(clicks)\n${' '.repeat('LINE 1: ...REPLACE TABLE "top" AS SELECT '.length)}^`;
    expect(userSqlError(cutMsg, wrapper, sql)).toBe('Binder Error: x\n\nLINE 1: SELECT campaing, sum(clicks)\n               ^');
  });
  it('leaves lines past the first alone (the wrapper is only on line 1)', () => {
    const m = 'Binder Error: y\n\nLINE 2: FROM adz\n             ^';
    expect(userSqlError(m, wrapper, sql)).toBe(m);
  });
  it('turns a JSON error into its message, with the position shown in the user query', () => {
    const json = JSON.stringify({ exception_type: 'Catalog', exception_message: 'Table with name adz does not exist!\nDid you mean "ads"?', position: String(wrapper.length + 34) });
    expect(userSqlError(json, wrapper, 'SELECT campaign, sum(clicks)\nFROM adz')).toBe('Catalog Error: Table with name adz does not exist!\nDid you mean "ads"?\n\nLINE 2: FROM adz\n             ^');
  });
});
