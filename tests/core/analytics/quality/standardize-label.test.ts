import { describe, expect, it } from 'vitest';
import { jaroWinkler } from '../../../../src/core/analytics/quality/jaro-winkler.ts';
import { ageBracket, bracketOfAge, foldedKey, genderLabel, labelKey } from '../../../../src/core/analytics/quality/standardize-label.ts';

describe('label rules', () => {
  it('reads age brackets written the ways platforms and forms write them', () => {
    for (const s of ['25-34', '25 to 34', '25–34 years', ' 25 — 34 yrs', 'Age 25-34', '25 - 34']) expect(ageBracket(s)?.label, s).toBe('25-34');
    for (const s of ['65+', '65 and over', '65 or older', '65 plus', '65+ years']) expect(ageBracket(s)?.label, s).toBe('65+');
    expect(ageBracket('under 18')).toEqual({ label: 'under 18', low: 0, high: 17 });
    expect(ageBracket('29')).toEqual({ label: '29', low: 29, high: 29 });
    for (const s of ['over 65', '34-25', 'adults', '']) expect(ageBracket(s), s).toBeNull();
    const brackets = ['18-24', '25-34', '65+'].map((b) => ageBracket(b)!);
    expect(bracketOfAge(29, brackets)?.label).toBe('25-34');
    expect(bracketOfAge(70, brackets)?.label).toBe('65+');
    expect(bracketOfAge(40, brackets)).toBeNull();
  });
  it('maps gender synonyms and compares labels by trimmed, case-, dash- and accent-folded keys', () => {
    expect(['M', 'male', 'Man', ' MEN '].map(genderLabel)).toEqual(['male', 'male', 'male', 'male']);
    expect(['F', 'Female', 'woman'].map(genderLabel)).toEqual(['female', 'female', 'female']);
    expect(['Non-binary', 'nonbinary', 'Prefer not to say', 'robot'].map(genderLabel)).toEqual(['non-binary', 'non-binary', 'unknown', null]);
    expect(labelKey('  25 – 34  Years ')).toBe('25 - 34 years');
    expect(foldedKey('São  Paulo.')).toBe('sao paulo');
    expect(foldedKey('München')).toBe(foldedKey('munchen'));
  });
  it('Jaro–Winkler matches Winkler (1990) / the textbook examples', () => {
    // MARTHA/MARHTA: Jaro 0.944, JW 0.961; DWAYNE/DUANE: 0.840; DIXON/DICKSONX: 0.813 (Winkler 1990, Table 1 pairs).
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 3);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'abc')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });
});
