/**
 * A cell runs exactly one read-only query. INSTALL, LOAD, ATTACH, COPY, SET, PRAGMA, EXPORT… would let
 * a shared notebook reach the network or the disk, and UPDATE, INSERT, CREATE MACRO… would change
 * another cell's table, so both engines refuse everything else, in two gates checked the same way:
 *
 * 1. {@link assertQuery}: Pulse's tokenizer (which follows DuckDB's lexer for where a statement ends)
 *    finds one statement that starts like a query.
 * 2. DuckDB's own parser prepares {@link queryProbe} — the statement as a subquery — as one statement
 *    without running it. Only a query parses there (an `UPDATE` or a `WITH … DELETE` does not), and a
 *    second statement the tokenizer missed makes the prepare fail. {@link probeFailure} words the error.
 *
 * Both engines have `prepare` (the JSON extension's json_serialize_sql is missing in DuckDB-WASM).
 */
import { tokenizeSql, type SqlToken } from './notebook/sqlTokens.ts';

const QUERY_START = new Set(['select', 'with', 'from', 'values', 'table', 'describe', 'summarize', 'pivot', 'unpivot', 'show']);

export class NotAQueryError extends Error {
  /** `word`: the statement's first word, or null when it starts like a query (`WITH … DELETE`). */
  constructor(word: string | null) {
    const what = word === null ? 'DuckDB reads this cell as a statement that changes data or settings' : `\`${word.toUpperCase()}\` statements are not allowed`;
    super(`Pulse runs queries only (SELECT, WITH, FROM, VALUES, PIVOT, SUMMARIZE, DESCRIBE): ${what} in a notebook`);
    this.name = 'NotAQueryError';
  }
}

/** More than one statement where a cell must hold one. */
export class OneStatementError extends Error {
  constructor(detail: string) {
    super(`A cell runs one query: ${detail}`);
    this.name = 'OneStatementError';
  }
}

/**
 * Table functions a query may not call. Called from a SELECT they still act, and `lock_configuration`
 * does not stop them: `enable_logging()` switches DuckDB's logging on for the whole engine (with
 * `storage = 'file'` every later query of the session failed), `disable_logging()` and
 * `truncate_duckdb_logs()` change it too, `checkpoint()` / `force_checkpoint()` write. `query()` and
 * `json_execute_serialized_sql()` run SQL held in a string, which no gate here can read, so any of the
 * above could hide inside one. Values: why, as the error says it.
 */
const REFUSED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['enable_logging', "changes DuckDB's logging settings"],
  ['disable_logging', "changes DuckDB's logging settings"],
  ['truncate_duckdb_logs', "deletes DuckDB's logs"],
  ['checkpoint', 'writes the database'],
  ['force_checkpoint', 'writes the database'],
  ['query', 'runs SQL held in a string, which Pulse cannot check: write that query in the cell itself'],
  ['json_execute_serialized_sql', 'runs SQL held in a string, which Pulse cannot check: write that query in the cell itself'],
]);

/** A cell calls a function a notebook may not use (see REFUSED_FUNCTIONS). */
export class RefusedFunctionError extends Error {
  constructor(fn: string, why: string, line: number) {
    super(`Pulse runs read-only queries: \`${fn}()\` ${why} (line ${line}); a notebook may not call it`);
    this.name = 'RefusedFunctionError';
  }
}

/**
 * The first call of a refused function among `tokens`: its name (unquoted, `"ENABLE_LOGGING"`, or
 * schema-qualified like `system.main.enable_logging`, as DuckDB matches names case-insensitively)
 * followed by `(`, comments between them already dropped by the tokenizer.
 */
function refusedCall(sql: string, tokens: readonly SqlToken[]): RefusedFunctionError | null {
  for (let k = 0; k + 1 < tokens.length; k++) {
    const t = tokens[k]!;
    if ((t.type !== 'word' && t.type !== 'quoted') || tokens[k + 1]!.text !== '(') continue;
    const name = t.value.toLowerCase();
    const why = REFUSED_FUNCTIONS.get(name);
    if (why) return new RefusedFunctionError(name, why, lineOf(sql, t.start));
  }
  return null;
}

/**
 * Check, with Pulse's tokenizer, that `sql` is one statement starting like a query, and return it
 * without its trailing semicolons (the text the engine then checks with DuckDB and runs).
 * Throws NotAQueryError, OneStatementError or RefusedFunctionError.
 */
export function assertQuery(sql: string): string {
  const tokens = tokenizeSql(sql);
  const statements: SqlToken[][] = [[]];
  for (const t of tokens) {
    if (t.text === ';') statements.push([]);
    else statements[statements.length - 1]!.push(t);
  }
  const nonEmpty = statements.filter((s) => s.length > 0);
  for (const s of nonEmpty) {
    const first = s.find((t) => t.text !== '(');
    if (!first || first.type !== 'word' || !QUERY_START.has(first.value)) throw new NotAQueryError(first?.text ?? s[0]!.text);
  }
  if (nonEmpty.length === 0) throw new OneStatementError('this cell has no SQL statement');
  if (nonEmpty.length > 1) {
    const second = nonEmpty[1]![0]!;
    throw new OneStatementError(`a second statement starts at \`${sql.slice(second.start, second.start + 40).split('\n')[0]}\` (line ${lineOf(sql, second.start)}); put it in a cell of its own`);
  }
  const only = nonEmpty[0]!;
  const refused = refusedCall(sql, only);
  if (refused) throw refused;
  if (statements.indexOf(only) > 0) {
    // `; SELECT 1`: the body below starts at the top of the cell, so its line numbers stay the user's.
    throw new OneStatementError(`remove the \`;\` before the query (line ${lineOf(sql, tokens[0]!.start)})`);
  }
  // Up to the last token: trailing semicolons and comments go.
  return sql.slice(0, only[only.length - 1]!.end);
}

/**
 * What an engine asks DuckDB to prepare (never run) for `body` (as {@link assertQuery} returns it):
 * the statement as a subquery. The newline keeps a trailing `--` comment from hiding the parenthesis.
 */
export function queryProbe(body: string): string {
  return `SELECT * FROM (\n${body}\n)`;
}

/**
 * The error for a body whose probe DuckDB would not prepare. `ownError` is DuckDB's message for
 * preparing the body alone (null when that succeeded, i.e. it is one statement but not a query).
 */
export function probeFailure(body: string, ownError: string | null): Error {
  if (ownError === null) {
    return new NotAQueryError(null);
  }
  if (/Cannot prepare multiple statements/i.test(ownError)) {
    if (tokenizeSql(body).some((t) => t.type === 'word' && t.value === 'pivot')) {
      return new OneStatementError('a PIVOT without an IN list is two statements for DuckDB; list the values: PIVOT t ON col IN (\'a\', \'b\')');
    }
    return new OneStatementError('DuckDB reads more than one statement here; put each in a cell of its own');
  }
  return new Error(ownError);
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split(/\r\n|\r|\n/).length;
}

/** Statements DuckDB can't take directly after `CREATE TABLE … AS`, but can as a subquery. */
const NEEDS_SUBQUERY = new Set(['describe', 'summarize', 'show']);

/** `CREATE OR REPLACE TABLE name AS …` for a cell's query, the same in both engines. */
export function createTableAs(quotedName: string, sql: string): string {
  const first = tokenizeSql(sql).find((t) => t.text !== '(');
  const body = first?.type === 'word' && NEEDS_SUBQUERY.has(first.value) ? `SELECT * FROM (\n${sql}\n)` : sql;
  return `CREATE OR REPLACE TABLE ${quotedName} AS ${body}`;
}
