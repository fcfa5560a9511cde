/**
 * A cell's code as coloured text, for the moment before its CodeMirror editor mounts (CodeEditor.svelte).
 * Opening a notebook draws every cell: ~35 editors at once took seconds on two cores, so an editor is
 * built only when its cell comes near the screen or is clicked, and the code shows as this until then.
 * A small SQL tokenizer gives the same colours as the editor's highlighting for the common tokens
 * (keywords, strings, numbers, comments); YAML cells have no highlighting in the editor either.
 */

export type TokenKind = 'keyword' | 'string' | 'number' | 'comment' | 'text';
export interface Token {
  text: string;
  kind: TokenKind;
}

const KEYWORDS = new Set(
  (
    'select from where group by order having limit offset as and or not in is null like ilike between case when then else end ' +
    'join left right inner outer full cross on using union all distinct with over partition rows range preceding following ' +
    'current row unbounded asc desc nulls first last create replace table view insert into values update set delete ' +
    'exists any some true false cast interval date timestamp qualify filter window within lateral except intersect ' +
    'recursive pivot unpivot describe summarize'
  ).split(' '),
);

/** One token at a time, from a sticky regex: comment, string, quoted name, number, word, or other. */
const TOKEN = /(--[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|('(?:[^']|'')*'?)|("(?:[^"]|"")*"?)|(\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)|([\s\S])/y;

/** The code split into tokens whose texts, joined, are exactly the code. */
export function codeTokens(code: string, language: 'sql' | 'yaml'): Token[] {
  if (language !== 'sql') return code === '' ? [] : [{ text: code, kind: 'text' }];
  const out: Token[] = [];
  const push = (text: string, kind: TokenKind) => {
    const last = out.at(-1);
    if (last && last.kind === kind && kind === 'text') last.text += text;
    else out.push({ text, kind });
  };
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < code.length && (m = TOKEN.exec(code))) {
    if (m[1] !== undefined) push(m[1], 'comment');
    else if (m[2] !== undefined) push(m[2], 'string');
    else if (m[3] !== undefined) push(m[3], 'text');
    else if (m[4] !== undefined) push(m[4], 'number');
    else if (m[5] !== undefined) push(m[5], KEYWORDS.has(m[5].toLowerCase()) ? 'keyword' : 'text');
    else push(m[6]!, 'text');
  }
  return out;
}
