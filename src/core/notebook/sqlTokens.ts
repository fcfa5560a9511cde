/**
 * A small SQL tokenizer for DuckDB's dialect: enough to find table references and `${param}`
 * placeholders without being fooled by string literals, comments or quoted identifiers.
 * It follows DuckDB's lexer where a statement ends: dollar-quote tags, nested block comments, E''
 * strings. (DuckDB's own parser, json_serialize_sql, lives in the JSON extension, which DuckDB-WASM lacks.)
 */

export type SqlTokenType = 'word' | 'quoted' | 'string' | 'number' | 'punct' | 'template';

export interface SqlToken {
  type: SqlTokenType;
  /** Raw text as written. */
  text: string;
  /** For `word`/`quoted`: the identifier (lower-cased for words, exact for quoted). For `template`: the param name. */
  value: string;
  /** Offset of the first character in the SQL. */
  start: number;
  end: number;
}

export class SqlTokenError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

// As DuckDB's lexer (PostgreSQL's scan.l): any non-ASCII character may start or continue a word.
const WORD_START = /[A-Za-z_\u0080-\uFFFF]/;
const WORD_CHAR = /[A-Za-z0-9_$\u0080-\uFFFF]/;
/** A dollar-quote delimiter: `$$`, or `$tag$` where the tag is a word without `$` (`$a1$`, `$é$`, `$_x$`). */
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uFFFF][A-Za-z0-9_\u0080-\uFFFF]*)?\$/y;

/** Split SQL into tokens, dropping white space and comments. */
export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const n = sql.length;
  const push = (type: SqlTokenType, start: number, end: number, value = sql.slice(start, end)) =>
    tokens.push({ type, text: sql.slice(start, end), value, start, end });

  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && next === '-') {
      while (i < n && sql[i] !== '\n' && sql[i] !== '\r') i++;
    } else if (c === '/' && next === '*') {
      i = blockCommentEnd(sql, i);
    } else if (c === '$' && next === '{') {
      const end = sql.indexOf('}', i + 2);
      if (end < 0) throw new SqlTokenError(i, '`${` is never closed: write ${name}');
      push('template', i, end + 1, sql.slice(i + 2, end).trim());
      i = end + 1;
    } else if (c === "'" || ((c === 'E' || c === 'e') && next === "'")) {
      const start = i;
      const backslashEscapes = c !== "'";
      i += c === "'" ? 1 : 2;
      for (;;) {
        if (i >= n) throw new SqlTokenError(start, 'a string literal is never closed: add the closing quote');
        if (backslashEscapes && sql[i] === '\\') i += 2;
        else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
        else if (sql[i] === "'") break;
        else i++;
      }
      i++;
      push('string', start, i);
    } else if (c === '$' && dollarTagAt(sql, i)) {
      // Dollar-quoted string: $tag$ … $tag$ (a `$` inside a word, as in `a$b$`, is part of the word).
      const tag = dollarTagAt(sql, i)!;
      const end = sql.indexOf(tag, i + tag.length);
      if (end < 0) throw new SqlTokenError(i, `a ${tag} string is never closed`);
      push('string', i, end + tag.length);
      i = end + tag.length;
    } else if (c === '"') {
      const start = i;
      i++;
      let value = '';
      for (;;) {
        if (i >= n) throw new SqlTokenError(start, 'a quoted identifier is never closed: add the closing "');
        if (sql[i] === '"' && sql[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (sql[i] === '"') break;
        else value += sql[i++];
      }
      i++;
      push('quoted', start, i, value);
    } else if (WORD_START.test(c)) {
      const start = i;
      while (i < n && WORD_CHAR.test(sql[i]!)) i++;
      push('word', start, i, sql.slice(start, i).toLowerCase());
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next ?? ''))) {
      const start = i;
      while (i < n && /[0-9._eE]/.test(sql[i]!)) i++;
      push('number', start, i);
    } else {
      push('punct', i, i + 1);
      i++;
    }
  }
  return tokens;
}

function dollarTagAt(sql: string, i: number): string | null {
  DOLLAR_TAG.lastIndex = i;
  return DOLLAR_TAG.exec(sql)?.[0] ?? null;
}

/**
 * Where the block comment opening at `start` ends. Block comments nest in DuckDB, as in PostgreSQL:
 * `/* a /* b *\/ c *\/` is one comment; an unclosed one runs to the end.
 */
function blockCommentEnd(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return sql.length;
}
