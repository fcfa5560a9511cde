/**
 * scikit-learn's default word tokens (CountVectorizer / TfidfVectorizer): the text lower-cased with
 * Python's `str.lower()`, then every run of two or more word characters, `(?u)\b\w\w+\b`. Python's
 * `\w` on text is a letter, a number or `_` (`str.isalnum()` or `_`; combining marks are not word
 * characters), which is `[\p{L}\p{N}_]` here. JavaScript's `toLowerCase()` follows the same Unicode
 * special casing as Python's (final sigma: `ΟΔΟΣ` → `οδος`; `İ` → `i̇`), which DuckDB's `lower()`
 * does not, so tokens are made here rather than in SQL.
 *
 * @example
 * wordTokens('This is the first document.') // ['this', 'is', 'the', 'first', 'document']
 * wordTokens('A café, 2 x 42!')             // ['café', '42']
 */
export function wordTokens(text: string, lowercase = true): string[] {
  return (lowercase ? text.toLowerCase() : text).match(WORD_RUN) ?? [];
}

/** Two or more word characters (letters, numbers, underscore), as Python's `\w\w+` on str. */
const WORD_RUN = /[\p{L}\p{N}_]{2,}/gu;

/**
 * Term counts of one text, terms in first-seen order.
 *
 * @example
 * termCounts('This document is the second document.').get('document') // 2
 */
export function termCounts(text: string, lowercase = true): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of wordTokens(text, lowercase)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}
