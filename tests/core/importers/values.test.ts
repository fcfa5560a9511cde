import { describe, expect, it } from 'vitest';
import { parseDate, parseNumber, sniffDateOrder } from '../../../src/core/importers/index.ts';

describe('parseNumber', () => {
  it.each([
    ['1,234', 'dot', 1234], ['1.234,5', 'comma', 1234.5], ['1 234,56', 'comma', 1234.56], ['2.35%', 'dot', 2.35],
    ['$1,234.50', 'dot', 1234.5], ['1234.50 USD', 'dot', 1234.5], ['1777.0', 'dot', 1777], ['--', 'dot', null], [' --', 'dot', null], ['', 'dot', null], ['> 90%', 'dot', null],
  ] as const)('%s (%s) → %s', (raw, fmt, value) => {
    expect(parseNumber(raw, fmt).value).toBe(value);
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
  it('reads times and offsets as UTC', () => {
    expect(parseDate('Jun 01, 2023 09:46 pm', 'mdy')?.timestamp).toBe('2023-06-01 21:46:00');
    expect(parseDate('2024-03-06 21:46 +0100', 'mdy')?.timestamp).toBe('2024-03-06 20:46:00');
  });
  it('says when the day/month order is ambiguous', () => {
    expect(sniffDateOrder(['3/1/2024', '3/2/2024'], 'mdy')).toEqual({ order: 'mdy', ambiguous: true });
    expect(sniffDateOrder(['13/1/2024'], 'mdy')).toEqual({ order: 'dmy', ambiguous: false });
  });
});
