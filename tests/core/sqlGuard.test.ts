/**
 * The statement gate both engines use (src/core/sqlGuard.ts) and the tokenizer under it. The reference
 * for where a statement ends is DuckDB 1.4.3's own parser (`extractStatements` of @duckdb/node-api, the
 * C API's duckdb_extract_statements), not this code: for every tricky text the tokenizer must count
 * exactly the statements DuckDB counts.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenizeSql } from '../../src/core/notebook/sqlTokens.ts';
import { assertQuery, NotAQueryError, OneStatementError, probeFailure, queryProbe, RefusedFunctionError } from '../../src/core/sqlGuard.ts';

/** Statements as the tokenizer splits them (non-empty runs between `;`). */
function tokenizerCount(sql: string): number {
  let count = 0;
  let open = false;
  for (const t of tokenizeSql(sql)) {
    if (t.text === ';') open = false;
    else if (!open) {
      open = true;
      count++;
    }
  }
  return count;
}

/** Texts where a lexer that is not DuckDB's would put a statement boundary elsewhere. */
const LEXER_CASES = [
  'SELECT 1',
  'SELECT 1; SELECT 2',
  "SELECT ';' AS s",
  "SELECT 'it''s; fine'",
  "SELECT E'\\'; SELECT 2 --'",
  "SELECT e'a\\\\'; SELECT 2",
  'SELECT "a;b" FROM (SELECT 1 AS "a;b")',
  'SELECT $$;$$',
  'SELECT $a$ ; $a$',
  // tags with digits, underscores and non-ASCII letters (DuckDB's dolq_start / dolq_cont)
  'SELECT $a1$ ; $a1$',
  'SELECT $_$ ; $_$',
  'SELECT $é$ ; $é$',
  'SELECT $日本$ ; $日本$',
  'SELECT $tag_2$ $$ ; $$ $tag_2$',
  // the smuggling shape: a $$ inside a tagged string, a closing $$ in a comment
  'SELECT $a1$ $$ $a1$; SELECT 2; SELECT 1 -- $$',
  'SELECT $é$ $$ $é$; SELECT 2; SELECT 1 -- $$',
  // `$` inside a word is part of it, and `$1` is a parameter, not a tag
  'SELECT a$b$c FROM (SELECT 1 AS a$b$c); SELECT 2',
  'SELECT $1a$x$1a$',
  // block comments nest, as in PostgreSQL
  'SELECT 1 /* a /* b */ c */',
  "SELECT 1 /* /* */ ' */ ; SELECT 2 ; SELECT 3 -- '",
  'SELECT 1 /* ; */ ; SELECT 2',
  'SELECT 1 -- ; SELECT 2',
  'SELECT 1 -- c\r; SELECT 2',
  'SELECT 1;;; SELECT 2;',
];

describe('tokenizeSql: statement boundaries', () => {
  let db: DuckDBInstance;
  let conn: DuckDBConnection;
  beforeAll(async () => {
    db = await DuckDBInstance.create(':memory:');
    conn = await db.connect();
  });
  afterAll(() => {
    conn.closeSync();
    db.closeSync();
  });

  for (const sql of LEXER_CASES) {
    it(`counts the statements DuckDB counts in ${JSON.stringify(sql)}`, async () => {
      const duck = (await conn.extractStatements(sql)).count;
      expect(tokenizerCount(sql)).toBe(duck);
    });
  }

  it('reads look-alikes of ; (Greek question mark U+037E, fullwidth U+FF1B) as word characters, as DuckDB does', async () => {
    for (const sql of ['SELECT 1 AS a\u037e SELECT 2', 'SELECT 1 AS a\uff1b SELECT 2']) {
      expect(tokenizerCount(sql)).toBe(1);
      // DuckDB reads `a;` as one identifier too, so the text is one (broken) statement, never two.
      await expect(conn.extractStatements(sql)).rejects.toThrow(/syntax error at or near "SELECT"/);
    }
  });

  it('reads a dollar-quoted string with a digit, an underscore or a non-ASCII tag as one string token', () => {
    for (const [sql, text] of [
      ['SELECT $a1$ x; y $a1$', '$a1$ x; y $a1$'],
      ['SELECT $é$;$é$', '$é$;$é$'],
      ['SELECT $_x9$ $x$ $_x9$', '$_x9$ $x$ $_x9$'],
    ] as const) {
      expect(tokenizeSql(sql).find((t) => t.type === 'string')?.text).toBe(text);
    }
  });
});

describe('assertQuery', () => {
  it('lets one query through and returns it without trailing semicolons and comments', () => {
    for (const q of ['SELECT 1', 'with a as (select 1) select * from a', 'FROM t', '(SELECT 1) UNION (SELECT 2)', 'SUMMARIZE t', 'DESCRIBE t', 'PIVOT t ON a IN (1)', 'SHOW TABLES', 'VALUES (1)', 'TABLE t']) {
      expect(assertQuery(q)).toBe(q);
    }
    expect(assertQuery('SELECT 1;')).toBe('SELECT 1');
    expect(assertQuery('SELECT 1 -- note\n;  ;\n')).toBe('SELECT 1');
    expect(assertQuery("-- lead\nSELECT $$;$$ ; /* end */")).toBe("-- lead\nSELECT $$;$$");
  });

  it('refuses commands and writes, in any statement', () => {
    for (const q of [
      "INSTALL httpfs FROM 'http://127.0.0.1:1'",
      'LOAD httpfs',
      "ATTACH 'x.db'",
      "SELECT 1; COPY t TO 'x.csv'",
      'SET threads = 1',
      'PRAGMA version',
      'UPDATE ads SET clicks = 0',
      'INSERT INTO ads VALUES (1)',
      'DELETE FROM ads',
      'CREATE MACRO m(x) AS x',
      "EXPORT DATABASE '/tmp/x'",
      'CALL pragma_version()',
      'EXPLAIN ANALYZE UPDATE ads SET clicks = 0',
      'RESET lock_configuration',
    ]) {
      expect(() => assertQuery(q), q).toThrow(NotAQueryError);
    }
  });

  it('refuses a second query, naming where it starts', () => {
    expect(() => assertQuery('SUMMARIZE t; DESCRIBE t')).toThrow(OneStatementError);
    expect(() => assertQuery('SELECT 1;\nSELECT 2')).toThrow(/a second statement starts at `SELECT 2` \(line 2\)/);
    // the smuggling shapes DuckDB reads as three statements (see LEXER_CASES)
    expect(() => assertQuery('SELECT $a1$ $$ $a1$; SELECT 2; SELECT 1 -- $$')).toThrow(OneStatementError);
    expect(() => assertQuery("SELECT 1 /* /* */ ' */ ; SELECT 2 ; SELECT 3 -- '")).toThrow(OneStatementError);
    expect(() => assertQuery('   ')).toThrow(/no SQL statement/);
    expect(() => assertQuery('; SELECT 1')).toThrow(/remove the `;` before the query/);
  });
});

describe('assertQuery: table functions that act from inside a query', () => {
  it('DuckDB lets enable_logging() change a locked configuration from a SELECT (why Pulse refuses it)', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      await conn.run('SET enable_external_access = false');
      await conn.run('SET lock_configuration = true');
      await conn.run("SELECT * FROM query('SELECT * FROM enable' || '_logging()')");
      expect((await conn.runAndReadAll("SELECT current_setting('enable_logging')::BOOLEAN")).getRowsJS()).toEqual([[true]]);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });

  it('refuses them however the name is written, naming the function and its line', () => {
    for (const q of [
      'SELECT * FROM enable_logging()',
      "FROM enable_logging(storage = 'file', storage_path = '/tmp/x')",
      'SELECT * FROM system.main.enable_logging()',
      'SELECT * FROM "ENABLE_LOGGING"()',
      'SELECT * FROM Enable_Logging /* c */ ()',
      'SELECT * FROM t, LATERAL disable_logging()',
      'WITH a AS (FROM truncate_duckdb_logs()) FROM a',
      'SELECT * FROM checkpoint()',
      'SELECT (SELECT 1 FROM force_checkpoint())',
      "SELECT * FROM query('SELECT 1')",
      'SELECT * FROM query($$SELECT 1$$)',
      "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))",
    ]) {
      expect(() => assertQuery(q), q).toThrow(RefusedFunctionError);
    }
    expect(() => assertQuery('SELECT 1 AS a,\n  2 AS b\nFROM enable_logging()')).toThrow(/`enable_logging\(\)` changes DuckDB's logging settings \(line 3\); a notebook may not call it/);
    expect(() => assertQuery("FROM query('SELECT 1')")).toThrow(/`query\(\)` runs SQL held in a string, which Pulse cannot check/);
  });

  it('leaves the same words alone where they are not a call: columns, strings, comments, aliases', () => {
    for (const q of [
      'SELECT query, checkpoint FROM t',
      'SELECT upper(query) AS query FROM t',
      "SELECT 'query(1)' AS s, $$enable_logging()$$ AS d",
      'SELECT 1 /* enable_logging() */ + 1',
      'SELECT "query" FROM t AS checkpoint',
      'SELECT * FROM query_table(\'t\')',
    ]) {
      expect(assertQuery(q), q).toBe(q);
    }
  });
});

describe('queryProbe and probeFailure', () => {
  it('wraps the query as a subquery on its own lines, so a trailing -- comment cannot hide the parenthesis', () => {
    expect(queryProbe('SELECT 1 -- x')).toBe('SELECT * FROM (\nSELECT 1 -- x\n)');
  });
  it('words DuckDB refusals: a non-query, a dynamic PIVOT, a second statement, any other error as it is', () => {
    expect(probeFailure('WITH x AS (SELECT 1) DELETE FROM t', null)).toBeInstanceOf(NotAQueryError);
    expect(probeFailure('PIVOT t ON a', 'Invalid Input Error: Cannot prepare multiple statements at once!').message).toMatch(/PIVOT without an IN list.*PIVOT t ON col IN/);
    expect(probeFailure('SELECT 1', 'Invalid Input Error: Cannot prepare multiple statements at once!').message).toMatch(/more than one statement/);
    expect(probeFailure('SELECT nope', 'Binder Error: x').message).toBe('Binder Error: x');
  });
});
