/**
 * Engines run queries, not commands: INSTALL, LOAD, ATTACH, COPY, SET, PRAGMA, EXPORT… would let a
 * shared notebook reach the network or the disk, so `query` and `materialize` refuse them.
 */
import { tokenizeSql } from './notebook/sqlTokens.ts';

const QUERY_START = new Set(['select', 'with', 'from', 'values', 'table', 'describe', 'summarize', 'pivot', 'unpivot', 'show', 'explain']);

export class NotAQueryError extends Error {
  constructor(word: string) {
    super(`Pulse runs queries only (SELECT, WITH, FROM, VALUES, PIVOT, SUMMARIZE, DESCRIBE): \`${word.toUpperCase()}\` statements are not allowed in a notebook`);
    this.name = 'NotAQueryError';
  }
}

/** Throw NotAQueryError unless every statement in `sql` is a query. */
export function assertQuery(sql: string): void {
  let expectStart = true;
  for (const t of tokenizeSql(sql)) {
    if (t.text === ';') {
      expectStart = true;
      continue;
    }
    if (!expectStart) continue;
    expectStart = false;
    if (t.text === '(') continue;
    if (t.type !== 'word' || !QUERY_START.has(t.value)) throw new NotAQueryError(t.text);
  }
}

/** Statements DuckDB can't take directly after `CREATE TABLE … AS`, but can as a subquery. */
const NEEDS_SUBQUERY = new Set(['describe', 'summarize', 'show']);

/** `CREATE OR REPLACE TABLE name AS …` for a cell's query, the same in both engines. */
export function createTableAs(quotedName: string, sql: string): string {
  const first = tokenizeSql(sql).find((t) => t.text !== '(');
  const body = first?.type === 'word' && NEEDS_SUBQUERY.has(first.value) ? `SELECT * FROM (${sql})` : sql;
  return `CREATE OR REPLACE TABLE ${quotedName} AS ${body}`;
}
