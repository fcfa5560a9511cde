import type { FileFormat, SqlValue } from '../../core/engine';

/**
 * Render a bound value as a DuckDB literal. The WASM engine inlines parameters instead of using a
 * prepared statement because only a plain pending query can be polled and cancelled
 * (`startPendingQuery` / `pollPendingQuery`); prepared statements run to completion.
 */
export function sqlLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `CAST('${String(value)}' AS DOUBLE)`;
    // A negative in parentheses: `x -$1` must not become `x --1`, a comment.
    if (Number.isInteger(value)) return value < 0 ? `(${String(value)})` : String(value);
    return `CAST(${String(value)} AS DOUBLE)`;
  }
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value.date)) throw new Error(`Parameter date "${value.date}" is not YYYY-MM-DD.`);
  return `DATE '${value.date}'`;
}

/**
 * Replace `$1`, `$2` … placeholders with literals, leaving string literals, quoted identifiers and
 * comments untouched.
 *
 * @example bindParams("SELECT * FROM t WHERE d > $1 AND s = '$1'", [{ date: '2024-01-01' }])
 *   // "SELECT * FROM t WHERE d > DATE '2024-01-01' AND s = '$1'"
 */
export function bindParams(sql: string, params: readonly SqlValue[] = []): string {
  if (params.length === 0) return sql;
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = skipQuoted(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      const end = nl === -1 ? sql.length : nl;
      out += sql.slice(i, end);
      i = end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      const end = close === -1 ? sql.length : close + 2;
      out += sql.slice(i, end);
      i = end;
    } else if (c === '$' && /[0-9]/.test(sql[i + 1] ?? '') && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) {
      let j = i + 1;
      while (j < sql.length && /[0-9]/.test(sql[j])) j++;
      const n = Number(sql.slice(i + 1, j));
      if (n < 1 || n > params.length) throw new Error(`Parameter $${n} has no value (${params.length} given).`);
      out += sqlLiteral(params[n - 1]);
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** Guess a file's format from its name; null when the extension is not one Pulse imports. */
export function formatFromFileName(fileName: string): FileFormat | null {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  switch (ext) {
    case 'csv':
    case 'txt':
      return 'csv';
    case 'tsv':
    case 'tab':
      return 'tsv';
    case 'json':
      return 'json';
    case 'ndjson':
    case 'jsonl':
      return 'ndjson';
    case 'parquet':
    case 'pq':
      return 'parquet';
    default:
      return null;
  }
}

/** A table name made from a file name: `Meta Ads (May).csv` → `meta_ads_may`. */
export function tableNameFromFileName(fileName: string): string {
  const base = fileName.replace(/\.[^.]*$/, '').toLowerCase();
  const name = base.replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (name === '') return 'data';
  return /^[0-9]/.test(name) ? `t_${name}` : name;
}
