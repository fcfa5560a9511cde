/**
 * The code a cell shows before its editor is built (src/ui/cells/staticCode.ts): the tokens must
 * join back to the exact text (the caret offset of a click is counted in it), and colour what the
 * editor's SQL highlighting colours.
 */
import { describe, expect, it } from 'vitest';
import { codeTokens } from '../../src/ui/cells/staticCode.ts';

const join = (code: string, lang: 'sql' | 'yaml') => codeTokens(code, lang).map((t) => t.text).join('');
const kinds = (code: string) => codeTokens(code, 'sql').filter((t) => t.kind !== 'text').map((t) => `${t.kind}:${t.text}`);

describe('codeTokens', () => {
  it('joins back to the exact code, line ends, quotes and unclosed strings included', () => {
    for (const code of [
      "SELECT channel, sum(clicks) / nullif(sum(impressions), 0) AS ctr\nFROM ads\r\nWHERE day >= DATE '2026-01-01' -- the year\nGROUP BY 1",
      "SELECT 'it''s', \"Odd name\" FROM t /* note */ WHERE x = ${min_impressions}",
      "SELECT 'never closed\nFROM t",
      '/* unclosed comment',
      '',
    ]) {
      expect(join(code, 'sql')).toBe(code);
      expect(join(code, 'yaml')).toBe(code);
    }
  });

  it('marks keywords (any case), strings, numbers and comments, not names or quoted identifiers', () => {
    expect(kinds("select a, 1.5e3 AS \"from\" FROM t -- x\nWHERE s = 'it''s' /* y */")).toEqual([
      'keyword:select',
      'number:1.5e3',
      'keyword:AS',
      'keyword:FROM',
      'comment:-- x',
      'keyword:WHERE',
      "string:'it''s'",
      'comment:/* y */',
    ]);
    // A word containing a keyword, or a number inside a name, is not one.
    expect(kinds('SELECT from_date, col2 FROM selected')).toEqual(['keyword:SELECT', 'keyword:FROM']);
  });

  it('leaves YAML as plain text, as the editor does', () => {
    expect(codeTokens('from: variants\ngroup: variant', 'yaml')).toEqual([{ text: 'from: variants\ngroup: variant', kind: 'text' }]);
  });
});
