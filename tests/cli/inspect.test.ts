import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectCommand } from '../../src/cli/commands/inspect.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/exports/${name}`, import.meta.url));
async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await inspectCommand(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

// Expected objects: the hand-computed sums of each fixture (see tests/core/importers).
// Meta: no conversions total — the fixture has no Purchases / Leads column and its "Results" mix
// purchases and leads (issue 11, item 4), so conversions are null rather than 12+15+9+14+3.
const EXPECTED: Record<string, Record<string, unknown> & { totals: object }> = {
  'meta_ads_daily.csv': { platform: 'meta', layout: 'meta_ads_manager', table: 'ad_daily', rows: 6, dateRange: ['2024-03-01', '2024-03-03'], totals: { impressions: 54950, clicks: 764, spend: 665.03 } },
  'linkedin_campaigns.csv': { platform: 'linkedin', layout: 'linkedin_campaign_manager', table: 'ad_daily', rows: 5, dateRange: ['2024-03-01', '2024-03-03'], totals: { impressions: 32942, clicks: 282, spend: 1629.4, conversions: 14 } },
  'tiktok_ads.csv': { platform: 'tiktok', layout: 'tiktok_ads_manager', table: 'ad_daily', rows: 4, dateRange: ['2024-04-01', '2024-04-02'], totals: { impressions: 160093, clicks: 1838, spend: 351.2, conversions: 51 } },
  'google_ads_campaigns.csv': { platform: 'google_ads', layout: 'google_ads_campaign_report', table: 'ad_daily', rows: 3, dateRange: ['2025-07-08', '2025-07-31'], totals: { impressions: 271146, clicks: 5014, spend: 4210.55, conversions: 321.83 } },
  'x_ads.csv': { platform: 'x', layout: 'x_ads', table: 'ad_daily', rows: 3, dateRange: ['2024-03-14', '2024-03-15'], totals: { impressions: 399470, clicks: 3057, spend: 2266.75 } },
  'ga4_traffic_daily.csv': { platform: 'ga4', layout: 'ga4_report', table: 'web_daily', rows: 3, dateRange: ['2024-03-01', '2024-03-03'], totals: { conversions: 107 } },
  'mailchimp_campaigns.csv': { platform: 'mailchimp', layout: 'mailchimp_campaigns', table: 'email', rows: 3, dateRange: ['2024-03-05', '2024-03-12'], totals: { clicks: 1215 } },
  'klaviyo_campaigns.csv': { platform: 'klaviyo', layout: 'klaviyo_campaigns', table: 'email', rows: 3, dateRange: ['2024-03-07', '2024-03-14'], totals: { clicks: 1555, conversions: 305 } },
};

describe('pulse inspect', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`--json on ${name}`, async () => {
      const r = await run([fixture(name), '--json']);
      expect(r.code).toBe(0);
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
      const summary = JSON.parse(r.stdout);
      expect(summary).toMatchObject(expected);
      expect(summary.totals).toEqual(expected.totals);
      // Every warning the plain output prints is in the JSON, in the same order (issue 11, item 6).
      const plain = await run([fixture(name)]);
      const printed = plain.stdout.split('\n').filter((l) => l.startsWith('warning:')).map((l) => l.replace(/^warning:\s+/, ''));
      expect(summary.warnings).toEqual(printed);
    });
  }

  it('prints a readable summary', async () => {
    const r = await run([fixture('linkedin_campaigns.csv')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/platform: +linkedin/);
    expect(r.stdout).toMatch(/utf-16le with BOM/);
    expect(r.stdout).toMatch(/matches the rows/);
  });

  it('an unknown layout gives platform null', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-inspect-'));
    const file = join(dir, 'kag.csv');
    writeFileSync(file, 'ad_id,Spent,Impressions\n1,1.5,100\n');
    const r = await run([file, '--json']);
    expect(JSON.parse(r.stdout)).toEqual({ platform: null, layout: 'unknown', table: 'raw', rows: 1, dateRange: null, totals: {}, warnings: [], skipped: [] });
  });

  it('--json says which lines it left out and why: total rows, # blocks, other tables', async () => {
    // tiktok_ads.csv: header on line 1, four rows, "Total of 4 results" on line 6.
    const tiktok = JSON.parse((await run([fixture('tiktok_ads.csv'), '--json'])).stdout);
    expect(tiktok.skipped).toEqual([{ first: 6, last: 6, reason: expect.stringMatching(/^summary row "Total of 4 results"/) }]);
    // ga4_traffic_daily.csv: a 9-line # block, the header on line 11, a second table from line 16.
    const ga4 = JSON.parse((await run([fixture('ga4_traffic_daily.csv'), '--json'])).stdout);
    expect(ga4.skipped.map((x: { first: number; last: number }) => [x.first, x.last])).toEqual([[1, 9], [16, 22]]);
    expect(ga4.tables).toEqual([
      { index: 1, title: 'Traffic acquisition: Date', rows: 3 },
      { index: 2, title: 'Traffic acquisition: Session default channel group', rows: 1 },
    ]);
  });

  it('--table N|TITLE picks a table of a multi-table GA4 download; a wrong one is exit 2 listing the tables', async () => {
    const byNumber = JSON.parse((await run([fixture('ga4_acquisition_overview.csv'), '--json', '--table', '4'])).stdout);
    // Table 4: Organic Search 1210 + Paid Social 830 + Direct 512 + Email 230 sessions.
    expect(byNumber).toMatchObject({ tableIndex: 4, rows: 4 });
    expect(byNumber.tables).toHaveLength(9);
    const byTitle = JSON.parse((await run([fixture('ga4_traffic_daily.csv'), '--json', '--table=session default channel group'])).stdout);
    expect(byTitle).toMatchObject({ tableIndex: 2, rows: 1, dateRange: ['2024-03-01', '2024-03-03'] });
    const plain = await run([fixture('ga4_acquisition_overview.csv'), '--table', '5']);
    expect(plain.stdout).toMatch(/\* 5\. Acquisition overview \(Session campaign, Sessions\) \(5 rows\)/);
    const bad = await run([fixture('ga4_acquisition_overview.csv'), '--table', '10']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no table 10: the file holds 9 tables/);
    expect((await run([fixture('ga4_acquisition_overview.csv'), '--table'])).stderr).toMatch(/--table needs a table number or title/);
  });

  it('reads .xlsx: the first sheet unless --sheet names another', async () => {
    const first = JSON.parse((await run([fixture('tiktok_ads.xlsx'), '--json'])).stdout);
    // Cost 143.27 + 98.5 + 151.02 + 101.11 EUR; Impression 51203 + 40110 + 53880 + 41376.
    expect(first).toMatchObject({ platform: 'tiktok', sheet: 'Campaign report', rows: 4, currency: 'EUR', totals: { spend: 493.9, impressions: 186569 } });
    const notes = JSON.parse((await run([fixture('tiktok_ads.xlsx'), '--json', '--sheet', 'Read me'])).stdout);
    expect(notes).toMatchObject({ platform: null, sheet: 'Read me', rows: 2 });
    const plain = await run([fixture('tiktok_ads.xlsx')]);
    expect(plain.stdout).toMatch(/read as: +sheet "Campaign report" of 2/);
    const missing = await run([fixture('tiktok_ads.xlsx'), '--sheet', 'Nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no sheet "Nope"/);
  });

  it('exit 2 with a clear message for a missing file, bad args and a bad file', async () => {
    const missing = await run(['/nonexistent/x.csv']);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toMatch(/cannot read \/nonexistent\/x\.csv: no such file/);
    expect((await run([])).code).toBe(2);
    expect((await run(['a.csv', '--nope'])).stderr).toMatch(/unknown option --nope/);
    const dir = mkdtempSync(join(tmpdir(), 'pulse-inspect-'));
    const file = join(dir, 'header.csv');
    writeFileSync(file, 'By Day,Campaign name,Cost,Impressions,Clicks (Destination)\n');
    const bad = await run([file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(file);
    expect(bad.stderr).toMatch(/no data rows/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
