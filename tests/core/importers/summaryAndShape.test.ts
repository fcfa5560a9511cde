/**
 * Shapes of real exports that double-count or drop data when read naively: an unlabelled summary row
 * (Ads Manager's "Include summary row": no campaign, the totals of the rows) and a breakdown's own total
 * (Gender "All"), blank and repeated column names in a file of no known layout, a currency written as a
 * symbol in the header (`Cost (€)`), and counts grouped with dots in a file with no decimal to tell the
 * format (`45.678` impressions). Fixtures in tests/fixtures/exports/, hand-written in the layouts of
 * /work/shared/exports.md with our own values; expected sums are added up by hand beside each assertion.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importExport, sumColumn } from '../../../src/core/importers/index.ts';

const load = (name: string) => importExport(new Uint8Array(readFileSync(new URL(`../../fixtures/exports/${name}`, import.meta.url))), name);

describe('summary rows that do not say "Total"', () => {
  it('a first row with no campaign that adds up the rest, and a Gender "All" row, are left out', () => {
    const r = load('meta_ads_summary_row.csv');
    expect(r.rows.map((x) => [x.age, x.gender])).toEqual([['18-24', 'female'], ['18-24', 'male'], ['25-34', 'female']]);
    expect(sumColumn(r.rows, 'spend')).toBe(600); // 200 + 150 + 250, not 1450 with the summary and "All" rows
    expect(sumColumn(r.rows, 'impressions')).toBe(60000); // 20000 + 15000 + 25000
    expect(sumColumn(r.rows, 'clicks')).toBe(900); // 300 + 250 + 350
    expect(r.skipped.map((s) => s.first)).toEqual([2, 6]);
    expect(r.totalsCheck.status).toBe('match');
  });

  it('a row without a campaign whose numbers are not the sum of the others stays a row', () => {
    const csv = 'Reporting starts,Reporting ends,Campaign name,Amount spent (USD),Impressions,Link clicks\n2025-06-01,2025-06-30,,50.00,4000,20\n2025-06-01,2025-06-30,A,10.00,1000,5\n2025-06-01,2025-06-30,B,20.00,2000,6\n';
    const r = importExport(new TextEncoder().encode(csv), 'meta.csv');
    expect(r.rows).toHaveLength(3);
    expect(sumColumn(r.rows, 'spend')).toBe(80); // 50 + 10 + 20
  });
});

describe('Excel traces and Ads Manager labels', () => {
  it('"Results from 2 campaigns" after the report range is a summary row', () => {
    const r = load('meta_ads_results_from.csv');
    expect(r.rows.map((x) => x.campaign)).toEqual(['Alpha', 'Beta']);
    expect(sumColumn(r.rows, 'spend')).toBe(30); // 10 + 20
    expect(r.totalsCheck).toMatchObject({ status: 'match', label: 'Results from 2 campaigns' });
  });

  it('a "sep=;" first line names the delimiter; "05-Jan-25" (Excel d-mmm-yy) is a date; CRLF line ends', () => {
    const r = load('meta_ads_sep_line.csv');
    expect([r.platform, r.detection.delimiter, r.detection.headerLine]).toEqual(['meta', ';', 2]);
    expect(r.rows.map((x) => [x.date, x.spend, x.impressions])).toEqual([['2025-01-05', 10.5, 1000], ['2025-01-06', 9.5, 900]]);
    expect(r.detection.preamble.title).toBeUndefined();
  });
});

describe('column names and number formats', () => {
  it('an unknown layout keeps a repeated "Clicks" and blank trailing columns under names of their own', () => {
    const r = load('generic_duplicate_columns.csv');
    expect(r.platform).toBeNull();
    expect(r.columns.map((c) => c.name)).toEqual(['Date', 'Campaign', 'Spend', 'Impressions', 'Clicks', 'Clicks_2', 'column_7', 'column_8']);
    expect(r.rows.map((x) => [x.Clicks, x.Clicks_2])).toEqual([['20', '25'], ['30', '33']]);
    expect(r.warnings.join('\n')).toContain('"Clicks" → Clicks_2');
  });

  it('"Cost (€)" gives the currency EUR', () => {
    const r = load('tiktok_cost_symbol.csv');
    expect([r.platform, sumColumn(r.rows, 'spend'), sumColumn(r.rows, 'impressions')]).toEqual(['tiktok', 20, 2000]); // 12.50 + 7.50; 1200 + 800
    expect(new Set(r.rows.map((x) => x.currency))).toEqual(new Set(['EUR']));
  });

  it('"45.678" impressions with whole-euro amounts: dots group thousands, said in a warning', () => {
    const r = load('meta_ads_thousand_dots.csv');
    expect(r.detection.numberFormat).toBe('comma');
    expect(r.rows.map((x) => [x.impressions, x.clicks, x.spend])).toEqual([[45678, 1234, 120], [12000, 800, 80]]);
    expect(r.rows.map((x) => x.date)).toEqual(['2025-03-01', '2025-03-01']);
    expect(r.warnings.join('\n')).toContain('counts such as "45.678" in "Impressions"');
  });

  it('DD-MM-YYYY with dashes is decided by a day above 12, like slashes', () => {
    const csv = 'Day,Campaign,Cost,Impressions,Clicks (destination)\n05-01-2025,A,1.5,100,3\n13-01-2025,A,2.5,200,4\n';
    const r = importExport(new TextEncoder().encode(csv), 'tiktok.csv');
    expect(r.rows.map((x) => x.date)).toEqual(['2025-01-05', '2025-01-13']);
  });
});

describe('cells that break naive readers', () => {
  it('doubled quotes and a line break inside a quoted campaign name stay in one cell; the line numbers after it stay right', () => {
    const csv = 'Reporting starts,Reporting ends,Campaign name,Amount spent (USD),Impressions,Link clicks\n2025-06-01,2025-06-30,"Summer ""Big"" Sale\nsecond line",10.00,1000,5\n2025-06-01,2025-06-30,Plain,20.00,2000,oops\n';
    const r = importExport(new TextEncoder().encode(csv), 'meta.csv');
    expect(r.rows.map((x) => x.campaign)).toEqual(['Summer "Big" Sale\nsecond line', 'Plain']);
    // The bad cell is on line 4 of the file: the quoted line break counts.
    expect(r.warnings.join('\n')).toContain('(first: "oops" on line 4)');
  });

  it('a date with no year is null, and the warning says why and what to do', () => {
    const csv = 'Date,Campaign name,Cost,Impressions,Clicks (destination)\nJanuary 5,A,1.5,100,3\nJanuary 6,A,2.5,200,4\n';
    const r = importExport(new TextEncoder().encode(csv), 'tiktok.csv');
    expect(r.rows.map((x) => x.date)).toEqual([null, null]);
    expect(r.warnings.join('\n')).toContain('column "Date": 2 value(s) are not DATE (first: "January 5" on line 2): these dates have no year');
  });
});

describe('ids a spreadsheet rounded', () => {
  it('German Excel writes "1,20253E+17" in Kampagnen-ID: warned, the column kept as text', () => {
    const csv = 'Berichtsbeginn;Berichtsende;Kampagnenname;Kampagnen-ID;Ausgegebener Betrag (EUR);Impressionen;Link-Klicks\n01.02.2025;28.02.2025;A;1,20253E+17;10,50;1000;5\n01.02.2025;28.02.2025;B;1,20253E+17;5,25;500;2\n';
    const r = importExport(new TextEncoder().encode(csv), 'meta_de.csv');
    expect(r.rows.map((x) => x.campaign_id)).toEqual(['1,20253E+17', '1,20253E+17']);
    expect(r.warnings.join('\n')).toContain('column "Kampagnen-ID" holds ids such as 1.20253E+17');
  });
});

describe('encodings', () => {
  // The same Meta export in three encodings spreadsheets and platforms write: the values must not change.
  const csv = 'Reporting starts\tReporting ends\tNom de la campagne\tMontant dépensé (EUR)\tImpressions\tClics sur un lien\n01/03/2025\t31/03/2025\tSoldes d’été\t1 234,56\t10 000\t250\n';
  const utf16 = (le: boolean) => {
    const out = new Uint8Array(2 + csv.length * 2);
    out.set(le ? [0xff, 0xfe] : [0xfe, 0xff]);
    for (let i = 0; i < csv.length; i++) {
      const c = csv.charCodeAt(i);
      out.set(le ? [c & 0xff, c >> 8] : [c >> 8, c & 0xff], 2 + 2 * i);
    }
    return out;
  };
  it.each([
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csv)]), 'utf-8'],
    ['UTF-16 LE with BOM', utf16(true), 'utf-16le'],
    ['UTF-16 BE with BOM', utf16(false), 'utf-16be'],
  ] as const)('%s: tabs, "1 234,56", an apostrophe ’ in the name', (_, bytes, encoding) => {
    const r = importExport(bytes, 'meta.csv');
    expect([r.platform, r.detection.encoding, r.detection.delimiter]).toEqual(['meta', encoding, '\t']);
    expect(r.rows.map((x) => [x.campaign, x.spend, x.impressions, x.clicks, x.date, x.date_end, x.currency])).toEqual([['Soldes d’été', 1234.56, 10000, 250, '2025-03-01', '2025-03-31', 'EUR']]);
  });
});
