import { describe, expect, it } from 'vitest';
import { termCounts, wordTokens } from '../../../../src/core/analytics/text/word-tokens.ts';

describe('wordTokens (scikit-learn token_pattern (?u)\\b\\w\\w+\\b, lowercase=True)', () => {
  it('splits the user guide corpus as CountVectorizer does', () => {
    // scikit-learn user guide, "Common Vectorizer usage": analyze("This is a text document to analyze.")
    // == ['this', 'is', 'text', 'document', 'to', 'analyze'] (one-letter "a" dropped).
    expect(wordTokens('This is a text document to analyze.')).toEqual(['this', 'is', 'text', 'document', 'to', 'analyze']);
  });
  it('is Unicode-aware as Python 3 str patterns are', () => {
    // Python: re.findall(r'(?u)\b\w\w+\b', 'Héllo wörld_1 x 42 ça Привет 日本語 a١٢'.lower())
    // letters, digits of any script and '_' are word characters.
    expect(wordTokens('Héllo wörld_1 x 42 ça Привет 日本語 a١٢')).toEqual(['héllo', 'wörld_1', '42', 'ça', 'привет', '日本語', 'a١٢']);
    // Combining marks are not \w in Python (str.isalnum() is false for U+0947, U+094D): टेस्ट has no two-letter run.
    expect(wordTokens('टेस्ट')).toEqual([]);
    // Python's str.lower() applies the final-sigma rule; DuckDB's lower() does not (why tokens are made in TS).
    expect(wordTokens('ΟΔΟΣ')).toEqual(['οδος']);
  });
  it('counts terms per text', () => {
    expect([...termCounts('This document is the second document.')]).toEqual([['this', 1], ['document', 2], ['is', 1], ['the', 1], ['second', 1]]);
  });
});
