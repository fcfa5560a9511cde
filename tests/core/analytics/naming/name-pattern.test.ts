import { describe, expect, it } from 'vitest';
import { compilePattern, parseName, partNames } from '../../../../src/core/analytics/naming/name-pattern.ts';

const tokens = compilePattern('{brand}_{market}_{objective}_{yyyymm}');
const rules = { values: { market: ['UK', 'DE', 'FR'], objective: ['awareness', 'traffic', 'conversion'] } };

describe('compilePattern', () => {
  it('splits parts and literals', () => {
    expect(tokens).toEqual([{ part: 'brand' }, { literal: '_' }, { part: 'market' }, { literal: '_' }, { part: 'objective' }, { literal: '_' }, { part: 'yyyymm' }]);
    expect(partNames(compilePattern('[{brand}] {market} - {yyyymmdd}'))).toEqual(['brand', 'market', 'yyyymmdd']);
  });

  it('refuses patterns that cannot be parsed', () => {
    expect(() => compilePattern('{brand}{market}')).toThrow(/nothing between them/);
    expect(() => compilePattern('{brand}_{brand}')).toThrow(/appears twice/);
    expect(() => compilePattern('{bad name}_x')).toThrow(/not a part name/);
    expect(() => compilePattern('plain')).toThrow(/has no \{part\}/);
  });
});

describe('parseName', () => {
  it('a conforming name gives its parts (allowed values compared case-insensitively)', () => {
    expect(parseName('acme_uk_awareness_202403', tokens, rules)).toEqual({ ok: true, parts: { brand: 'acme', market: 'uk', objective: 'awareness', yyyymm: '202403' } });
  });

  it('says which part failed, where (1-based character) and why', () => {
    // a c m e _ U S: "US" starts at character 6.
    expect(parseName('acme_US_awareness_202403', tokens, rules)).toMatchObject({ ok: false, part: 'market', partIndex: 2, position: 6, reason: '{market} `US` is not one of UK, DE, FR' });
    // Month 13 at character 19.
    expect(parseName('acme_UK_traffic_202413', tokens, rules)).toMatchObject({ ok: false, part: 'yyyymm', position: 17, reason: '{yyyymm} `202413` is not a month written YYYYMM' });
    // Missing separator after the objective: only 3 of 4 parts.
    expect(parseName('acme_UK_traffic-202403', tokens, rules)).toMatchObject({ ok: false, part: 'objective', partIndex: 3, position: 9, reason: 'no `_` after {objective}: the name has 3 of 4 parts' });
    // An extra part at the end, from character 23.
    expect(parseName('acme_UK_traffic_202403_v2', tokens, rules)).toMatchObject({ ok: false, part: 'yyyymm', position: 23, reason: 'extra text `_v2` after {yyyymm}: the name has more parts than the pattern' });
    expect(parseName('acme__traffic_202403', tokens, rules)).toMatchObject({ ok: false, part: 'market', position: 6, reason: '{market} is empty' });
  });

  it('leading and trailing literals, dates and regular expressions', () => {
    const t = compilePattern('[{brand}] {campaign} ({yyyymmdd})');
    expect(parseName('[acme] spring sale (20240229)', t)).toEqual({ ok: true, parts: { brand: 'acme', campaign: 'spring sale', yyyymmdd: '20240229' } });
    expect(parseName('[acme] spring sale (20230229)', t)).toMatchObject({ ok: false, part: 'yyyymmdd', reason: '{yyyymmdd} `20230229` is not a date written YYYYMMDD' });
    expect(parseName('acme spring', t)).toMatchObject({ ok: false, part: '(start)', position: 1, reason: 'expected `[` at the start, found `a`' });
    expect(parseName('ACME_UK_traffic_202403', tokens, { ...rules, patterns: { brand: /^[a-z]+$/ } })).toMatchObject({ ok: false, part: 'brand', reason: '{brand} `ACME` does not match ^[a-z]+$' });
    expect(parseName('acme_uk_traffic_202403', tokens, { ...rules, caseSensitive: true })).toMatchObject({ ok: false, part: 'market' });
  });
});
