import { describe, expect, it } from 'vitest';
import { columnFormat, formatNumber, formatValue, fullValue, isNumberFormat, withRowCurrency } from './numbers.ts';

// Expected strings are written out by hand from the rules in numbers.ts (en-US grouping, half-away
// rounding as Number.prototype.toLocaleString does it).
describe('formatNumber', () => {
  it('keeps the cents of money and groups thousands (the report used to print 49988)', () => {
    expect(formatNumber(49987.97, 'money')).toBe('49,987.97');
    expect(formatNumber(1234567.5, 'money:USD')).toBe('1,234,567.50 USD');
    expect(formatNumber(49987.97)).toBe('49,987.97');
  });
  it('shows rates as percentages with precision where small rates need it', () => {
    expect(formatNumber(0.012345, 'percent')).toBe('1.23 %');
    expect(formatNumber(0.1234, 'percent')).toBe('12.3 %');
    expect(formatNumber(0.00042, 'percent')).toBe('0.042 %');
    expect(formatNumber(-0.0512, 'percent')).toBe('-5.12 %');
  });
  it('groups counts and rounds long decimals for display only', () => {
    expect(formatNumber(1234567, 'count')).toBe('1,234,567');
    expect(formatNumber(12.345, 'count')).toBe('12.3');
    expect(formatNumber(0.0031234567)).toBe('0.00312');
    expect(formatNumber(3.14159265)).toBe('3.14');
    expect(formatNumber(0.00001234)).toBe('1.23e-5');
    expect(fullValue(0.0031234567)).toBe('0.0031234567');
    // A date's epoch number is not a value to show on hover.
    expect(fullValue(1738540800000, 'DATE')).toBeUndefined();
    expect(fullValue(1738540800000, 'TIMESTAMP WITH TIME ZONE')).toBeUndefined();
  });
  it('says what is not a number', () => {
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatNumber(Number.NaN, 'percent')).toBe('NaN');
  });
});

describe('columnFormat', () => {
  it('prefers what the cell declared, then the canonical schema units, then the type', () => {
    expect(columnFormat('ctr', 'DOUBLE', { ctr: 'percent' })).toBe('percent');
    expect(columnFormat('spend', 'DOUBLE')).toBe('money');
    expect(columnFormat('total_spend', 'DOUBLE')).toBe('money');
    expect(columnFormat('impressions', 'DOUBLE')).toBe('count');
    expect(columnFormat('n', 'BIGINT')).toBe('count');
    expect(columnFormat('campaign_id', 'BIGINT')).toBe('plain');
    expect(columnFormat('year', 'INTEGER')).toBe('plain');
    expect(columnFormat('ratio', 'DOUBLE')).toBe('number');
    // A declared format that is not one is ignored, not trusted.
    expect(columnFormat('ratio', 'DOUBLE', { ratio: 'fancy' })).toBe('number');
  });
  it('accepts money with an ISO currency code only', () => {
    expect(isNumberFormat('money:EUR')).toBe(true);
    expect(isNumberFormat('money:euro')).toBe(false);
  });
});

describe('formatValue', () => {
  it('formats by column type and format', () => {
    expect(formatValue(null, 'DOUBLE')).toBe('∅');
    expect(formatValue(12345678901n, 'BIGINT')).toBe('12,345,678,901');
    expect(formatValue(2024n, 'BIGINT', 'plain')).toBe('2024');
    expect(formatValue(Date.UTC(2024, 0, 31), 'DATE')).toBe('2024-01-31');
    expect(formatValue(0.5, 'DOUBLE', 'percent')).toBe('50.0 %');
    expect(formatValue('x', 'VARCHAR')).toBe('x');
  });
});

describe('withRowCurrency', () => {
  it("names a money value's currency from the row's currency column", () => {
    expect(formatNumber(1234.5, withRowCurrency('money', { currency: 'EUR' }))).toBe('1,234.50 EUR');
    expect(withRowCurrency('money', { currency: 'euros' })).toBe('money');
    expect(withRowCurrency('money:USD', { currency: 'EUR' })).toBe('money:USD');
    expect(withRowCurrency('count', { currency: 'EUR' })).toBe('count');
  });
});
