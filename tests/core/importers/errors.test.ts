import { describe, expect, it } from 'vitest';
import { ImportError, applyMapping, headerSignature, importExport } from '../../../src/core/importers/index.ts';

const enc = (s: string) => new TextEncoder().encode(s);
function importError(bytes: Uint8Array, opts = {}): ImportError {
  try {
    importExport(bytes, 'bad.csv', opts);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error('expected an ImportError');
}

describe('bad files get a clear ImportError', () => {
  it('truncated inside a quoted field', () => {
    const e = importError(enc('Campaign,Impr.,Cost,Avg. CPC\n"Brand,100,5.00,0.5\n'));
    expect(e.message).toMatch(/truncated/);
    expect(e.file).toBe('bad.csv');
    expect(e.line).toBe(2);
  });
  it('truncated mid-row', () => {
    const e = importError(enc('Campaign,Impr.,Cost,Avg. CPC,Clicks\nBrand,100,5.00,0.5,3\nGeneric,2'));
    expect(e.message).toMatch(/truncated/);
    expect(e.line).toBe(3);
  });
  it('binary garbage', () => {
    const bytes = new Uint8Array(2000).map((_, i) => (i * 7919) % 251);
    expect(importError(bytes).message).toMatch(/binary/);
  });
  it('an Excel file', () => {
    expect(importError(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])).message).toMatch(/Excel/);
  });
  it('declared UTF-8 but Windows-1252 bytes', () => {
    const e = importError(new Uint8Array([...enc('Title,Send Date\nCaf'), 0xe9, ...enc(',x\n')]), { encoding: 'utf-8' });
    expect(e.message).toMatch(/declared UTF-8/);
    expect(e.line).toBe(2);
  });
  it('a UTF-16 byte-order mark on UTF-8 content', () => {
    expect(importError(new Uint8Array([0xff, 0xfe, ...enc('Campaign,Impressions,Clicks,Spend,Day\nA,1,2,3,2024-01-01\n')])).message).toMatch(/declared wrong|not UTF-16/);
  });
  it('a header only', () => {
    const e = importError(enc('By Day,Campaign name,Cost,Impressions,Clicks (Destination)\n'));
    expect(e.message).toMatch(/no data rows/);
    expect(e.line).toBe(2);
  });
  it('a 200-column sheet', () => {
    const header = Array.from({ length: 200 }, (_, i) => `c${i}`).join(',');
    const e = importError(enc(`${header}\n${header.replace(/c/g, '1')}\n`));
    expect(e.message).toMatch(/200 columns/);
    expect(e.line).toBe(1);
  });
  it('an empty file', () => {
    expect(importError(new Uint8Array()).message).toMatch(/empty/);
  });
});

describe('unknown layouts', () => {
  const csv = 'ad_id,Spent,Impressions,Clicks,reporting_day\n1,"1,234.50",1000,10,03/14/2024\n2,5.5,200,1,03/15/2024\n';
  it('come back with platform null and text rows', () => {
    const r = importExport(enc(csv), 'kag.csv');
    expect([r.platform, r.table, r.rows.length]).toEqual([null, 'raw', 2]);
    expect(r.rows[0]!.Spent).toBe('1,234.50');
  });
  it('a saved user mapping keyed by the header signature is applied', () => {
    const signature = headerSignature(['ad_id', 'Spent', 'Impressions', 'Clicks', 'reporting_day']);
    expect(signature).toBe(headerSignature(['Clicks', 'impressions ', 'spent', 'AD_ID', 'reporting_day']));
    const mapping = { signature, table: 'ad_daily' as const, columns: { ad_id: 'ad', Spent: 'spend', Impressions: 'impressions', Clicks: 'clicks', reporting_day: 'date' }, constants: { platform: 'meta' } };
    const r = importExport(enc(csv), 'kag.csv', { mapping });
    expect(r.table).toBe('ad_daily');
    expect(r.rows[0]).toMatchObject({ ad: '1', spend: 1234.5, impressions: 1000, clicks: 10, date: '2024-03-14', platform: 'meta' });
    expect(() => applyMapping([{ a: '1' }], { ...mapping, columns: { a: 'nope' } })).toThrow(/does not have/);
  });
});

describe('Windows-1252 exports (Excel on Windows)', () => {
  it('a few accented letters and € are text, decoded as Windows-1252 means them', async () => {
    const { decodeExport } = await import('../../../src/core/importers/decode.ts');
    // "campaign,spend\nPromo €,3\nCafé,4\n" in Windows-1252: € is 0x80, é is 0xE9.
    const bytes = new Uint8Array([...enc('campaign,spend\nPromo '), 0x80, ...enc(',3\nCaf'), 0xe9, ...enc(',4\n')]);
    const d = decodeExport(bytes, 'latin.csv');
    expect(d.encoding).toBe('windows-1252');
    expect(d.text).toBe('campaign,spend\nPromo €,3\nCafé,4\n');
    expect(d.warnings[0]).toMatch(/read as Windows-1252/);
  });
  it('a declared Windows-1252 file maps 0x80-0x9F to its letters (’ is 0x92)', async () => {
    const { decodeExport } = await import('../../../src/core/importers/decode.ts');
    const d = decodeExport(new Uint8Array([...enc('a\nit'), 0x92, ...enc('s\n')]), 'x.csv', 'windows-1252');
    expect(d.text).toBe('a\nit\u2019s\n');
  });
});
