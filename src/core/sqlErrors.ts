/**
 * DuckDB's error about a cell's query, told against the cell's own text. Engines run a cell as
 * `CREATE OR REPLACE TABLE "id" AS <query>` (sqlGuard.ts createTableAs); a message must not show that
 * wrapper, nor the JSON some builds of DuckDB throw instead of a message.
 */

interface DuckDbJsonError {
  exception_type?: string;
  exception_message?: string;
  position?: string | number;
}

/** The readable message, with a `LINE n:` excerpt of the user's query when the error has a position. */
export function userSqlError(message: string, wrapper: string, sql: string): string {
  const json = parseJsonError(message);
  if (json) {
    const type = json.exception_type ? `${json.exception_type} Error: ` : '';
    const text = `${type}${json.exception_message ?? message}`;
    const pos = json.position === undefined ? NaN : Number(json.position) - wrapper.length;
    return Number.isInteger(pos) && pos >= 0 && pos <= sql.length ? `${text}\n\n${excerpt(sql, pos)}` : text;
  }
  return stripWrapper(message, wrapper);
}

function parseJsonError(message: string): DuckDbJsonError | null {
  const t = message.trim();
  if (!t.startsWith('{')) return null;
  try {
    const v = JSON.parse(t) as unknown;
    return v && typeof v === 'object' && 'exception_message' in v ? (v as DuckDbJsonError) : null;
  } catch {
    return null;
  }
}

/** `LINE n: text` and a caret under character `offset` of `sql`, as DuckDB prints them. */
function excerpt(sql: string, offset: number): string {
  const before = sql.slice(0, offset);
  const lineNo = before.split(/\r\n|\n|\r/).length;
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  const lineEnd = sql.slice(lineStart).search(/\r|\n/);
  const text = lineEnd < 0 ? sql.slice(lineStart) : sql.slice(lineStart, lineStart + lineEnd);
  const head = `LINE ${lineNo}: `;
  return `${head}${text}\n${' '.repeat(head.length + offset - lineStart)}^`;
}

/**
 * Remove the wrapper from the first line's excerpt and move the caret with it. DuckDB cuts long lines
 * to a window around the caret with `...`, so the excerpt may begin anywhere inside the wrapper.
 */
function stripWrapper(message: string, wrapper: string): string {
  const m = /^(LINE 1: )(.*)\r?\n( *)\^/m.exec(message);
  if (!m) return message;
  const head = m[1]!;
  let snippet = m[2]!;
  let caret = m[3]!.length - head.length;
  if (snippet.startsWith('...')) {
    snippet = snippet.slice(3);
    caret -= 3;
  }
  let cut = 0;
  for (let k = wrapper.length; k > 0; k--) {
    if (snippet.startsWith(wrapper.slice(wrapper.length - k))) {
      cut = k;
      break;
    }
  }
  if (cut === 0) return message;
  // With the wrapper gone the excerpt starts where the user's line starts: no leading `...`.
  snippet = snippet.slice(cut);
  caret -= cut;
  const replacement = caret >= 0 ? `${head}${snippet}\n${' '.repeat(head.length + caret)}^` : `${head}${snippet}`;
  return message.slice(0, m.index) + replacement + message.slice(m.index + m[0].length);
}
