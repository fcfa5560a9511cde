/**
 * Text from data (cell values, column names, error messages, titles) placed in Markdown so that every
 * renderer shows it as the same plain text: no HTML element, no link, image, autolink or emphasis can
 * come out of it. CommonMark lets any ASCII punctuation be backslash-escaped (spec §2.4) and reads
 * entities (§2.5); HTML's own characters become entities, so even a renderer that passes raw HTML
 * through shows `<img onerror=…>` as text.
 */

/** Characters that start Markdown inline syntax: code, emphasis, strikethrough, links, images, tables, escapes. */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]()!|~#{}]/g;

/**
 * One line of inline Markdown that renders as exactly `text`.
 * @example markdownText('[x](javascript:alert(1))') // '\\[x\\]\\(javascript:alert\\(1\\)\\)'
 */
export function markdownText(text: string): string {
  return text
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
    .replace(MARKDOWN_PUNCTUATION, '\\$&')
    // GFM autolinks plain `scheme://…`, `www.…` and e-mail addresses: break each with an escape.
    .replace(/:\/\//g, '\\://')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/@/g, '\\@')
    .replace(/\r\n?|\n/g, ' ');
}

/** The longest run of `char` in `text`. */
function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * A fenced code block holding `text` verbatim: the fence is one backtick longer than any run of
 * backticks inside (at least three), so no line of the text can close it (CommonMark §4.5).
 */
export function fencedBlock(text: string, info = 'text'): string {
  const body = text.replace(/\r\n?/g, '\n');
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

/** An inline code span holding `text` (CommonMark §6.1): delimiters longer than any backtick run inside. */
export function codeSpan(text: string): string {
  const one = text.replace(/\r\n?|\n/g, ' ');
  const ticks = '`'.repeat(longestRun(one, '`') + 1);
  const pad = one.startsWith('`') || one.endsWith('`') || (one.startsWith(' ') && one.endsWith(' ') && one.trim() !== '') ? ' ' : '';
  return `${ticks}${pad}${one}${pad}${ticks}`;
}
