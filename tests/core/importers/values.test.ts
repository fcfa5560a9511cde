import { describe, expect, it } from 'vitest';
import { parseDate, parseDateRange, parseNumber, sniffDateOrder, sniffNumberFormat } from '../../../src/core/importers/index.ts';

describe('parseNumber', () => {
  it.each([
    ['1,234', 'dot', 1234], ['1.234,5', 'comma', 1234.5], ['1 234,56', 'comma', 1234.56], ['2.35%', 'dot', 2.35],
    ['$1,234.50', 'dot', 1234.5], ['1234.50 USD', 'dot', 1234.5], ['1777.0', 'dot', 1777], ['--', 'dot', null], [' --', 'dot', null], ['', 'dot', null], ['> 90%', 'dot', null],
  ] as const)('%s (%s) → %s', (raw, fmt, value) => {
    expect(parseNumber(raw, fmt).value).toBe(value);
  });
  // Locale forms: narrow NBSP (fr), apostrophe (de-CH), R$ (pt-BR, not $), € after the number, a Unicode minus.
  it.each([
    ['2\u202f947,56', 'comma', 2947.56, undefined], ["1'234.56", 'dot', 1234.56, undefined], ['R$ 2.345,67', 'comma', 2345.67, 'BRL'],
    ['1.234,56 €', 'comma', 1234.56, 'EUR'], ['\u221212,5', 'comma', -12.5, undefined], ['US$1,234.50', 'dot', 1234.5, 'USD'], ['12,5 %', 'comma', 12.5, undefined],
  ] as const)('%s (%s) → %s %s', (raw, fmt, value, currency) => {
    const n = parseNumber(raw, fmt);
    expect([n.value, n.currency]).toEqual([value, currency]);
  });
  it('votes for the decimal mark through currency symbols and group spaces', () => {
    expect(sniffNumberFormat(['R$ 2.345,67'])).toBe('comma');
    expect(sniffNumberFormat(['2\u202f947,56'])).toBe('comma');
    expect(sniffNumberFormat(["1'234.56"])).toBe('dot');
  });
  it('keeps the currency and the censoring', () => {
    expect(parseNumber('€12,50', 'comma')).toMatchObject({ value: 12.5, currency: 'EUR' });
    expect(parseNumber('< 10%', 'dot').censored).toBe(true);
  });
});

describe('parseDate', () => {
  it.each([
    ['2024-03-01', 'mdy', '2024-03-01'], ['20240301', 'mdy', '2024-03-01'], ['03/01/2024', 'mdy', '2024-03-01'], ['3/1/2024', 'mdy', '2024-03-01'],
    ['01/03/2024', 'dmy', '2024-03-01'], ['01.03.2024', 'mdy', '2024-03-01'], ['July 8, 2025', 'mdy', '2025-07-08'], ['Jun 01, 2023 09:46 pm', 'mdy', '2023-06-01'],
  ] as const)('%s (%s) → %s', (raw, order, date) => {
    expect(parseDate(raw, order)?.date).toBe(date);
  });
  // Localised month names, weekday prefixes (Google Ads Day segment), Excel serials (45658 = 2025-01-01:
  // Excel counts days from 1899-12-30, so 2025-01-01 is 45658, https://support.microsoft.com "DATEVALUE").
  it.each([
    ['Sun, Jan 5, 2025', '2025-01-05'], ['1. Juli 2025', '2025-07-01'], ['1 juillet 2025', '2025-07-01'], ['31 de julio de 2025', '2025-07-31'],
    ['lun. 6 janv. 2025', '2025-01-06'], ['5 mrt. 2025', '2025-03-05'], ['Mar 5, 2025', '2025-03-05'], ['6 de jan. de 2025', '2025-01-06'],
    ['45658', '2025-01-01'], ['45662', '2025-01-05'], ['2025-01-05T23:30:00-02:00', '2025-01-06'],
  ] as const)('%s → %s', (raw, date) => {
    expect(parseDate(raw, 'mdy')?.date).toBe(date);
  });
  it('reads a period cell as its first and last day', () => {
    expect(parseDateRange('2025-01-05 - 2025-01-11', 'mdy')).toEqual({ start: '2025-01-05', end: '2025-01-11' });
    expect(parseDateRange('05/01/2025 – 11/01/2025', 'dmy')).toEqual({ start: '2025-01-05', end: '2025-01-11' });
    expect(parseDateRange('2025-01-11 - 2025-01-05', 'mdy')).toBeNull();
    expect(parseDateRange('2025-01-05', 'mdy')).toBeNull();
  });
  it('reads times and offsets as UTC', () => {
    expect(parseDate('Jun 01, 2023 09:46 pm', 'mdy')?.timestamp).toBe('2023-06-01 21:46:00');
    expect(parseDate('2024-03-06 21:46 +0100', 'mdy')?.timestamp).toBe('2024-03-06 20:46:00');
  });
  it('says when the day/month order is ambiguous', () => {
    expect(sniffDateOrder(['3/1/2024', '3/2/2024'], 'mdy')).toEqual({ order: 'mdy', ambiguous: true });
    expect(sniffDateOrder(['13/1/2024'], 'mdy')).toEqual({ order: 'dmy', ambiguous: false });
  });
});
