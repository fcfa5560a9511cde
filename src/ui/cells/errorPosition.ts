/**
 * Where in a cell an error points. DuckDB ends its messages with the query line and a caret:
 *
 *     LINE 1: ...OR REPLACE TABLE "t" AS SELECT no_such_column FROM ads
 *                                               ^
 * The query it ran is the cell's SQL wrapped in `CREATE OR REPLACE TABLE … AS`, with `${…}` filled in and
 * long lines cut with `...`, so the column is found by locating the quoted text in the cell's line.
 */
export interface ErrorPosition {
  /** 1-based line in the cell body. */
  line: number;
  /** 1-based column, when the message points at one. */
  column?: number;
  /** Length of the token there. */
  length?: number;
}

export function errorPosition(message: string, code: string, bodyLine: number | undefined): ErrorPosition | null {
  if (bodyLine === undefined) return null;
  const lines = code.split(/\r\n|\n|\r/);
  const text = lines[bodyLine - 1];
  if (text === undefined) return null;
  const m = /^(LINE \d+: )(.*)\r?\n( *)\^/m.exec(message);
  if (!m) return { line: bodyLine };
  let snippet = m[2]!;
  let caret = m[3]!.length - m[1]!.length;
  if (snippet.startsWith('...')) {
    snippet = snippet.slice(3);
    caret -= 3;
  }
  if (snippet.endsWith('...')) snippet = snippet.slice(0, -3);
  if (caret < 0 || caret > snippet.length) return { line: bodyLine };
  const tokenLength = (at: number) => /^[A-Za-z0-9_$"'.]+/.exec(text.slice(at))?.[0].length ?? 1;
  // The part of the snippet from the caret on, shortened until the cell's line holds it.
  const tail = snippet.slice(caret);
  const head = snippet.slice(0, caret);
  // The caret past the end: the query ended too early (e.g. a missing operand).
  if (tail.trim() === '') return { line: bodyLine, column: text.trimEnd().length + 1, length: 1 };
  for (let k = tail.length; k >= Math.min(3, tail.length); k--) {
    const piece = tail.slice(0, k);
    let at = text.indexOf(piece);
    // Several matches: prefer the one whose preceding text agrees with the snippet's.
    for (let i = at; i >= 0; i = text.indexOf(piece, i + 1)) {
      const before = text.slice(0, i);
      if (head.endsWith(before.slice(-Math.min(before.length, 12)))) {
        at = i;
        break;
      }
    }
    if (at >= 0) return { line: bodyLine, column: at + 1, length: tokenLength(at) };
  }
  return { line: bodyLine };
}
