/**
 * Issue 11: exports as people download them. Each fixture under tests/fixtures/exports/ was written
 * for these tests in the platform's real layout (docs/schema.md, /work/shared/exports.md), with our
 * own values. Expected rows, sums and dates are computed here from the fixture text with a few lines
 * of plain code (`table()` below), not by the importer, or are hand constants explained beside them.
 */
import { readFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { ImportError, importExport, sumColumn } from '../../../src/core/importers/index.ts';
import { importAnyExport } from '../../../src/core/importers/excel.ts';
import { gaWeek } from '../../../src/core/importers/periods.ts';

const bytes = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/exports/${name}`, import.meta.url)));
const text = (name: string) => readFileSync(new URL(`../../fixtures/exports/${name}`, import.meta.url), 'utf8');
const load = (name: string, options = {}) => importExport(bytes(name), name, options);

/** Split one CSV line; a quoted field may hold commas (no fixture here has doubled quotes). */
function split(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|([^,]*)/g)) {
    if (m.index > 0 && line[m.index - 1] !== ',') continue;
    out.push(m[1] ?? m[2] ?? '');
  }
  return out;
}

/**
 * The fixture's rows under its header (the first line not starting with `#`, or the line starting
 * with `headerStartsWith`) up to the next `#` block, as objects.
 */
function table(name: string, headerStartsWith?: string): Record<string, string>[] {
  const lines = text(name).split('\n').filter((l) => l.trim() !== '');
  const at = headerStartsWith ? lines.findIndex((l) => l.startsWith(headerStartsWith)) : lines.findIndex((l) => !l.startsWith('#'));
  const header = split(lines[at]!);
  const body: Record<string, string>[] = [];
  for (const l of lines.slice(at + 1)) {
    if (l.startsWith('# ') || l === '#') break;
    body.push(Object.fromEntries(split(l).map((c, i) => [header[i]!, c])));
  }
  return body;
}
const sum = (rows: Record<string, string>[], col: string) => rows.reduce((s, r) => s + (r[col] ? Number(r[col]) : 0), 0);
const iso = (yyyymmdd: string) => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;

describe('TikTok Ads Manager download: "Impression", destination clicks, IDR without decimals, total row', () => {
  const all = table('tiktok_ads_idr.csv');
  const rows = all.filter((r) => !r['Campaign name']!.startsWith('Total of'));
  const totalRow = all.find((r) => r['Campaign name']!.startsWith('Total of'))!;

  it('is recognized, with destination clicks as link clicks and the currency kept', () => {
    const r = load('tiktok_ads_idr.csv');
    expect([r.platform, r.layout, r.table]).toEqual(['tiktok', 'tiktok_ads_manager', 'ad_daily']);
    expect(r.rows).toHaveLength(rows.length);
    expect(sumColumn(r.rows, 'impressions')).toBe(sum(rows, 'Impression'));
    expect(sumColumn(r.rows, 'clicks')).toBe(sum(rows, 'Clicks (Destination)'));
    expect(sumColumn(r.rows, 'spend')).toBe(sum(rows, 'Cost'));
    expect(sumColumn(r.rows, 'conversions')).toBe(sum(rows, 'Conversions'));
    expect(new Set(r.rows.map((x) => x.currency))).toEqual(new Set(['IDR']));
    expect(new Set(r.rows.map((x) => x.click_definition))).toEqual(new Set(['link_click']));
  });

  it('checks the "Total of 3 results" row against the sum of the rows, and lists it as left out', () => {
    const r = load('tiktok_ads_idr.csv');
    expect(r.totalsCheck).toMatchObject({ status: 'match', label: totalRow['Campaign name'] });
    const spend = r.totalsCheck.columns.find((c) => c.column === 'spend')!;
    expect(spend).toMatchObject({ fileTotal: Number(totalRow['Cost']), sumOfRows: sum(rows, 'Cost'), ok: true });
    expect(r.skipped).toEqual([{ first: 5, last: 5, reason: expect.stringContaining('summary row "Total of 3 results"') }]);
  });

  it('IDR amounts with thousands separators (1.250.000 or 1,250,000) read as whole amounts', () => {
    const header = 'Campaign name,Cost,Impression,Clicks (Destination),Currency';
    // Quoted so the comma-grouped amounts stay one cell; 1,250,000 + 980,000 = 2,230,000 either way.
    for (const [a, b] of [['"1.250.000"', '"980.000"'], ['"1,250,000"', '"980,000"']]) {
      const csv = `${header}\nA,${a},68000,580,IDR\nB,${b},60000,500,IDR\n`;
      expect(sumColumn(importExport(new TextEncoder().encode(csv), 'idr.csv').rows, 'spend')).toBe(2230000);
    }
  });

  it('with no date column, the range in TikTok\'s file name dates the rows, and says so', () => {
    const named = importExport(bytes('tiktok_ads_idr.csv'), 'Campaign Report(2024-05-01 to 2024-05-07).csv');
    expect(named.rows.every((x) => x.date === '2024-05-01' && x.date_end === '2024-05-07')).toBe(true);
    expect(named.warnings.join(' ')).toMatch(/report period 2024-05-01 to 2024-05-07 \(the range in the file name\)/);
    const bare = load('tiktok_ads_idr.csv');
    expect(bare.rows.every((x) => x.date === null)).toBe(true);
    expect(bare.warnings.join(' ')).toMatch(/no date column and no report range/);
  });
});

describe('a data row starting with # is data', () => {
  it('Meta: "#SALE SPRING" campaigns in the middle of the file keep every row after them', () => {
    const expected = table('meta_adsets_results.csv');
    const r = load('meta_adsets_results.csv');
    expect(r.rows).toHaveLength(expected.length);
    expect(r.rows.map((x) => x.campaign)).toEqual(expected.map((x) => x['Campaign name']));
    expect(r.rows.filter((x) => x.campaign === '#SALE SPRING')).toHaveLength(2);
    expect(r.warnings.join(' ')).not.toMatch(/table/);
  });

  it('GA4: a campaign "#spring_sale" inside a table is a row, not the start of the next table', () => {
    const r = load('ga4_acquisition_overview.csv', { table: 5 });
    const expected = table('ga4_acquisition_overview.csv', 'Session campaign,');
    expect(r.rows.map((x) => x.dimension_value)).toEqual(expected.map((x) => x['Session campaign']));
    expect(r.rows.map((x) => x.dimension_value)).toContain('#spring_sale');
    expect(sumColumn(r.rows, 'sessions')).toBe(sum(expected, 'Sessions'));
  });

  it('a # line with other cells in an unknown layout stays a row', () => {
    const r = importExport(new TextEncoder().encode('tag,count\nspring,3\n#promo,4\nsummer,5\n'), 'tags.csv');
    expect(r.rows.map((x) => x.tag)).toEqual(['spring', '#promo', 'summer']);
  });
});

describe('GA4 downloads', () => {
  it('a Date column after the dimension: every row gets its own date, never the report start', () => {
    const expected = table('ga4_channel_by_date.csv');
    const r = load('ga4_channel_by_date.csv');
    expect(r.rows.map((x) => x.date)).toEqual(expected.map((x) => iso(x['Date']!)));
    expect(r.rows.map((x) => x.dimension)).toEqual(expected.map(() => 'Session default channel group'));
    expect(r.rows.map((x) => x.dimension_value)).toEqual(expected.map((x) => x['Session default channel group']));
    expect(r.rows.every((x) => x.grain === 'day' && x.date_end === x.date)).toBe(true);
    expect(sumColumn(r.rows, 'sessions')).toBe(sum(expected, 'Sessions'));
    expect(sumColumn(r.rows, 'conversions')).toBe(sum(expected, 'Key events'));
    expect(sumColumn(r.rows, 'revenue')).toBeCloseTo(sum(expected, 'Total revenue'), 6);
  });

  it('a Data API file: ISO dates first, camelCase names, Ecommerce purchases as conversions', () => {
    const expected = table('ga4_data_api.csv');
    const r = load('ga4_data_api.csv');
    expect([r.platform, r.table]).toEqual(['ga4', 'web_daily']);
    expect(r.rows.map((x) => x.date)).toEqual(expected.map((x) => x['date']));
    expect(r.rows.map((x) => x.dimension_value)).toEqual(expected.map((x) => x['sessionDefaultChannelGroup']));
    expect(sumColumn(r.rows, 'sessions')).toBe(sum(expected, 'sessions'));
    expect(sumColumn(r.rows, 'users')).toBe(sum(expected, 'activeUsers'));
    expect(sumColumn(r.rows, 'conversions')).toBe(sum(expected, 'ecommercePurchases'));
  });

  it('Week: GA4 weeks (Sunday start, 1 January in week 01) cut to the report range, grain "week", said in a warning', () => {
    // 1 January 2024 is a Monday, so week 01 is 1–6 January, week 02 starts Sunday 7 January, and
    // week 05 (28 January – 3 February) is cut at the report end, 31 January.
    expect(new Date(Date.UTC(2024, 0, 1)).getUTCDay()).toBe(1);
    const r = load('ga4_weekly.csv');
    expect(r.rows.map((x) => [x.date, x.date_end])).toEqual([
      ['2024-01-01', '2024-01-06'],
      ['2024-01-07', '2024-01-13'],
      ['2024-01-14', '2024-01-20'],
      ['2024-01-21', '2024-01-27'],
      ['2024-01-28', '2024-01-31'],
    ]);
    expect(new Set(r.rows.map((x) => x.grain))).toEqual(new Set(['week']));
    expect(r.warnings.join(' ')).toMatch(/rows are weeks \(GA4 "Week"\)/);
    expect(sumColumn(r.rows, 'conversions')).toBe(sum(table('ga4_weekly.csv'), 'Key events'));
  });

  it('GA4 week numbers across a year end are placed in the year the range holds them', () => {
    // 2023-12-31 is a Sunday: GA4 week 53 of 2023 is that one day; 2024's week 01 is 1–6 January.
    expect(gaWeek(2023, 53)).toEqual({ start: Date.UTC(2023, 11, 31), end: Date.UTC(2023, 11, 31) });
    const csv = '# Start date: 20231225\n# End date: 20240106\nWeek,Sessions\n52,10\n53,4\n01,12\n';
    const r = importExport(new TextEncoder().encode(csv), 'weeks.csv');
    expect(r.rows.map((x) => [x.date, x.date_end])).toEqual([
      ['2023-12-25', '2023-12-30'],
      ['2023-12-31', '2023-12-31'],
      ['2024-01-01', '2024-01-06'],
    ]);
  });

  it('Month with Ecommerce purchases: months of the report range, purchases as conversions', () => {
    const expected = table('ga4_monthly.csv');
    const r = load('ga4_monthly.csv');
    // 2024 is a leap year: February ends on the 29th.
    expect(r.rows.map((x) => [x.date, x.date_end, x.grain])).toEqual([
      ['2024-01-01', '2024-01-31', 'month'],
      ['2024-02-01', '2024-02-29', 'month'],
      ['2024-03-01', '2024-03-31', 'month'],
    ]);
    expect(sumColumn(r.rows, 'conversions')).toBe(sum(expected, 'Ecommerce purchases'));
    expect(sumColumn(r.rows, 'revenue')).toBeCloseTo(sum(expected, 'Purchase revenue'), 6);
  });

  it('Year month, and a Month column holding 202401-style values, are calendar months', () => {
    for (const header of ['Year month', 'Month']) {
      const r = importExport(new TextEncoder().encode(`${header},Sessions\n202312,9\n202402,4\n`), 'ym.csv');
      expect(r.rows.map((x) => [x.date, x.date_end, x.grain])).toEqual([
        ['2023-12-01', '2023-12-31', 'month'],
        ['2024-02-01', '2024-02-29', 'month'],
      ]);
    }
  });

  it('Nth week counts weeks from the report start', () => {
    const csv = '# Start date: 20240305\n# End date: 20240320\nNth week,Sessions\n0000,70\n0001,81\n0002,40\n';
    const r = importExport(new TextEncoder().encode(csv), 'nth.csv');
    // 5 March + 7 days per week; the third week is cut at 20 March.
    expect(r.rows.map((x) => [x.date, x.date_end])).toEqual([
      ['2024-03-05', '2024-03-11'],
      ['2024-03-12', '2024-03-18'],
      ['2024-03-19', '2024-03-20'],
    ]);
  });

  it('a report without a date dimension says its rows cover the report period; without a range, that the date is null', () => {
    const r = load('ga4_channels_excel.csv');
    expect(r.rows.every((x) => x.grain === 'report' && x.date === '2024-03-01' && x.date_end === '2024-03-31')).toBe(true);
    expect(r.warnings.join(' ')).toMatch(/no date dimension: each row covers the whole report period, 2024-03-01 to 2024-03-31/);
    const bare = importExport(new TextEncoder().encode('Session default channel group,Sessions\nDirect,10\nEmail,4\n'), 'bare.csv');
    expect(bare.rows.every((x) => x.date === null)).toBe(true);
    expect(bare.warnings.join(' ')).toMatch(/no date column and no report range/);
  });

  it('a title line without # above the # block stays out of the table and is listed as left out', () => {
    const csv = 'Traffic report\n# Start date: 20240401\n# End date: 20240402\nDate,Sessions\n20240401,5\n20240402,7\n';
    const r = importExport(new TextEncoder().encode(csv), 'titled.csv');
    expect([r.platform, r.detection.tables.length, r.rows.length, sumColumn(r.rows, 'sessions')]).toEqual(['ga4', 1, 2, 12]);
    expect(r.skipped).toEqual([{ first: 1, last: 3, reason: expect.stringMatching(/^preamble above the header/) }]);
  });

  it('a bad date cell is reported with its line, never replaced by the report start', () => {
    const csv = '# Start date: 20240401\n# End date: 20240402\nDate,Sessions\n20240401,5\n2024-13-45,6\n';
    const r = importExport(new TextEncoder().encode(csv), 'bad.csv');
    expect(r.rows.map((x) => x.date)).toEqual(['2024-04-01', null]);
    expect(r.warnings.join(' ')).toMatch(/column "Date": 1 value\(s\) are not DATE \(first: "2024-13-45" on line 5\)/);
  });

  describe('an Acquisition overview: nine tables, each importable by number or title', () => {
    const titles = text('ga4_acquisition_overview.csv').split('\n').filter((l, i, all) => !l.startsWith('#') && l !== '' && (i === 0 || all[i - 1]!.startsWith('# ')));

    it('lists every table with its rows; the first is read by default', () => {
      const r = load('ga4_acquisition_overview.csv');
      expect(r.detection.tables).toHaveLength(9);
      expect(titles).toHaveLength(9);
      expect(r.detection.tables.map((t) => t.headers.join(','))).toEqual(titles);
      // Every table repeats the report's title, so the headers tell them apart.
      expect(r.detection.tables[2]!.title).toBe('Acquisition overview (First user primary channel group (Default Channel Group), New users)');
      expect(r.detection.tables.map((t) => t.rows)).toEqual(titles.map((h) => table('ga4_acquisition_overview.csv', h).length));
      expect(r.detection.tableIndex).toBe(1);
      expect(r.skipped.filter((s) => /another table/.test(s.reason))).toHaveLength(8);
    });

    it('Nth day rows are dated from the report start', () => {
      const r = load('ga4_acquisition_overview.csv', { table: 8 });
      const expected = table('ga4_acquisition_overview.csv', 'Nth day,Key events');
      expect(r.rows.map((x) => x.date)).toEqual(expected.map((x) => new Date(Date.UTC(2024, 3, 1 + Number(x['Nth day']))).toISOString().slice(0, 10)));
      expect(sumColumn(r.rows, 'conversions')).toBe(sum(expected, 'Key events'));
    });

    it('by title, and an empty table or a wrong choice is a clear error', () => {
      const r = load('ga4_acquisition_overview.csv', { table: 'session source / medium' });
      expect(r.detection.tableIndex).toBe(7);
      expect(sumColumn(r.rows, 'engaged_sessions')).toBe(sum(table('ga4_acquisition_overview.csv', 'Session source / medium'), 'Engaged sessions'));
      expect(() => load('ga4_acquisition_overview.csv', { table: 6 })).toThrow(/header but no data rows/);
      expect(() => load('ga4_acquisition_overview.csv', { table: 12 })).toThrow(/no table 12: the file holds 9 tables \(1 "Acquisition overview/);
      expect(() => load('ga4_acquisition_overview.csv', { table: 'Sessions' })).toThrow(ImportError);
    });
  });
});

describe('Meta Ads Manager: Results is not conversions', () => {
  const expected = table('meta_adsets_results.csv');

  it('an ad-set report without Amount spent and with only Clicks (all): conversions from Purchases, Results kept with its indicator', () => {
    const r = load('meta_adsets_results.csv');
    expect(r.platform).toBe('meta');
    expect(r.rows.map((x) => x.results)).toEqual(expected.map((x) => Number(x['Results'])));
    expect(r.rows.map((x) => x.result_indicator)).toEqual(expected.map((x) => x['Result indicator']));
    expect(sumColumn(r.rows, 'conversions')).toBe(sum(expected, 'Purchases'));
    expect(r.rows[0]!.conversions).toBeNull(); // the reach ad set has no purchases cell
    expect(sumColumn(r.rows, 'conversion_value')).toBeCloseTo(sum(expected, 'Purchases conversion value'), 6);
    expect(sumColumn(r.rows, 'spend')).toBeNull();
    expect(sumColumn(r.rows, 'clicks')).toBe(sum(expected, 'Clicks (all)'));
    expect(new Set(r.rows.map((x) => x.click_definition))).toEqual(new Set(['all_clicks']));
    expect(r.rows.every((x) => x.date === '2024-04-01' && x.date_end === '2024-04-30')).toBe(true);
    expect(r.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['results', 'result_indicator']));
    expect(r.warnings.join(' ')).toMatch(/no spend column/);
  });

  it('mixed result types and no purchase or lead column: conversions null, with a warning naming the types', () => {
    const r = load('meta_ads_daily.csv');
    expect(r.rows.every((x) => x.conversions === null)).toBe(true);
    expect(r.warnings.join(' ')).toMatch(/conversions are null\. "Results" counts a different thing per row \(actions:offsite_conversion\.fb_pixel_purchase, actions:lead\); it is kept/);
  });

  it('Results whose every indicator is one purchase type are conversions, and it says so', () => {
    const csv = 'Day,Campaign name,Results,Result indicator,Amount spent (USD),Impressions\n2024-03-01,A,4,actions:offsite_conversion.fb_pixel_purchase,10,100\n2024-03-01,B,6,actions:offsite_conversion.fb_pixel_purchase,12,150\n2024-03-02,B,0,,3,40\n';
    const r = importExport(new TextEncoder().encode(csv), 'meta.csv');
    expect(r.rows.map((x) => x.conversions)).toEqual([4, 6, 0]);
    expect(r.warnings.join(' ')).toMatch(/conversions are the "Results" column/);
  });
});

describe('header matching tolerates underscores and case', () => {
  it('Mailchimp with Unique_Opens, UNIQUE CLICKS, SEND_DATE', () => {
    const expected = table('mailchimp_underscores.csv');
    const r = load('mailchimp_underscores.csv');
    expect(r.platform).toBe('mailchimp');
    expect(sumColumn(r.rows, 'opens')).toBe(sum(expected, 'Unique_Opens'));
    expect(sumColumn(r.rows, 'clicks')).toBe(sum(expected, 'UNIQUE CLICKS'));
    expect(sumColumn(r.rows, 'bounces')).toBe(sum(expected, 'Soft_Bounces') + sum(expected, 'Hard_Bounces'));
    expect(r.rows.map((x) => x.send_time)).toEqual(['2024-04-02 10:00:00', '2024-04-09 18:30:00', '2024-04-16 09:15:00']);
  });
});

describe('.xlsx exports', () => {
  // Expected values read straight from the workbook's cells with SheetJS, without the importer.
  const wb = XLSX.read(bytes('tiktok_ads.xlsx'), { type: 'array', cellDates: true });
  const cells = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Campaign report']!);
  const rows = cells.filter((r) => !String(r['By Day']).startsWith('Total of'));
  const total = (col: string) => rows.reduce((s, r) => s + (r[col] as number), 0);

  it('the first sheet is a TikTok export: recognized, dated, summed, total row checked', () => {
    const r = importAnyExport(bytes('tiktok_ads.xlsx'), 'tiktok_ads.xlsx');
    expect([r.platform, r.detection.encoding, r.detection.sheet]).toEqual(['tiktok', 'xlsx', { name: 'Campaign report', names: ['Campaign report', 'Read me'] }]);
    expect(r.rows).toHaveLength(rows.length);
    expect(r.rows.map((x) => x.date)).toEqual(rows.map((x) => (x['By Day'] as Date).toISOString().slice(0, 10)));
    expect(sumColumn(r.rows, 'spend')).toBeCloseTo(total('Cost'), 6);
    expect(sumColumn(r.rows, 'impressions')).toBe(total('Impression'));
    expect(sumColumn(r.rows, 'clicks')).toBe(total('Clicks (Destination)'));
    expect(r.totalsCheck.status).toBe('match');
    expect(r.warnings.join(' ')).toMatch(/the workbook has 2 sheets \("Campaign report", "Read me"\); read "Campaign report"/);
  });

  it('another sheet by name is a plain table with typed columns; a missing sheet lists the sheets', () => {
    const r = importAnyExport(bytes('tiktok_ads.xlsx'), 'tiktok_ads.xlsx', { sheet: 'Read me' });
    expect([r.platform, r.table]).toEqual([null, 'raw']);
    expect(r.rows).toEqual(XLSX.utils.sheet_to_json(wb.Sheets['Read me']!));
    expect(() => importAnyExport(bytes('tiktok_ads.xlsx'), 'tiktok_ads.xlsx', { sheet: 'Nope' })).toThrow(/no sheet "Nope"; its sheets: "Campaign report", "Read me"/);
  });
});
