/**
 * Issue 11, item 5: a user mapping sets constants for canonical columns a file lacks (platform,
 * currency, a report date), typed like a cell; the dialog's choices round-trip through a saved mapping.
 */
import { describe, expect, it } from 'vitest';
import { CONSTANT_CHOICE, choiceFromMapping, constantsFromMapping, toUserMapping } from '../../../src/app/imports.ts';
import { applyMapping, headerSignature, importExport } from '../../../src/core/importers/index.ts';

const HEADERS = ['Tag', 'Kosten', 'Impr', 'Klicks'];
const CSV = `${HEADERS.join(';')}\n01.04.2024;12,50;1000;30\n02.04.2024;14,75;1200;41\n`;

describe('mapping constants', () => {
  const choice = { date: 'Tag', spend: 'Kosten', impressions: 'Impr', clicks: 'Klicks', platform: CONSTANT_CHOICE, currency: CONSTANT_CHOICE, campaign: CONSTANT_CHOICE };
  const preview = [{ Tag: '01.04.2024', Kosten: '12,50', Impr: '1000', Klicks: '30' }];
  // campaign is chosen as a constant but left blank: it is not set.
  const mapping = toUserMapping('ad_daily', headerSignature(HEADERS), choice, preview, 'comma', { platform: 'meta', currency: ' EUR ', campaign: '' });

  it('toUserMapping keeps the filled constants (trimmed) apart from the column choices', () => {
    expect(mapping.columns).toEqual({ Tag: 'date', Kosten: 'spend', Impr: 'impressions', Klicks: 'clicks' });
    expect(mapping.constants).toEqual({ platform: 'meta', currency: 'EUR' });
  });

  it('every imported row gets the constants; the file\'s own cells keep their values', () => {
    const r = importExport(new TextEncoder().encode(CSV), 'agentur.csv', { mapping });
    expect(r.rows.map((x) => [x.date, x.spend, x.clicks, x.platform, x.currency])).toEqual([
      ['2024-04-01', 12.5, 30, 'meta', 'EUR'],
      ['2024-04-02', 14.75, 41, 'meta', 'EUR'],
    ]);
  });

  it('a constant is typed like a cell; a value of the wrong type or an unknown column is an error', () => {
    const rows = applyMapping([{ Klicks: '3' }], { signature: 's', table: 'ad_daily', columns: { Klicks: 'clicks' }, constants: { date: '2024-04-30', impressions: '1,000' } });
    expect(rows[0]).toMatchObject({ date: '2024-04-30', impressions: 1000, clicks: 3 });
    expect(() => applyMapping([{ Klicks: '3' }], { signature: 's', table: 'ad_daily', columns: {}, constants: { date: 'last week' } })).toThrow(/"last week" set for date is not a DATE/);
    expect(() => applyMapping([{ Klicks: '3' }], { signature: 's', table: 'ad_daily', columns: {}, constants: { country: 'DE' } })).toThrow(/targets country, which ad_daily does not have/);
  });

  it('the dialog reads a saved mapping back: constants as "same value for every row" with their values', () => {
    const back = choiceFromMapping('ad_daily', mapping, HEADERS);
    expect(back).toMatchObject({ date: 'Tag', clicks: 'Klicks', platform: CONSTANT_CHOICE, currency: CONSTANT_CHOICE, campaign: '' });
    expect(constantsFromMapping(mapping)).toEqual({ platform: 'meta', currency: 'EUR' });
  });
});
