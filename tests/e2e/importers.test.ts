/**
 * Platform exports in the browser (issue 3, items 1 and 3): a CSV goes through the same detection
 * and import code as `pulse inspect` / `pulse run` (src/core/importers, in the worker). A recognized
 * export lands in its canonical table with the file's own numbers; a notebook dataset refuses an
 * export of another table; a file of no known layout is mapped by hand, and the mapping is reused
 * for the next file with the same headers after a reload; an unreadable file changes nothing;
 * canonical text columns stay VARCHAR; "Back to sample" drops the user's kept copy.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, type AppSession } from './support/browser';
import { openNotebookText } from './support/ui';
import { importExport, sumColumn } from '../../src/core/importers';
import { importAnyExport } from '../../src/core/importers/excel';

const SHOTS = process.env.PULSE_SHOTS ?? '/tmp';

const NOTEBOOK = `---
pulse: 1
title: Importers e2e
datasets:
  ads: { schema: ad_daily, sample: ad_daily.csv }
  users: { schema: users, sample: users.csv }
---

# Ad rows

\`\`\`sql ad_rows
SELECT count(*) AS n FROM ads
\`\`\`
`;

/** A spreadsheet an agency sends: no platform's layout. */
const AGENCY_HEADER = 'Date,Campaign,Impr.,Clicks on link,Cost EUR,Notes';
const AGENCY_1 = [AGENCY_HEADER, '2025-03-01,Spring Push,1200,34,12.5,first', '2025-03-02,Spring Push,1500,41,14.25,', '2025-03-03,Brand,900,12,8,'].join('\n') + '\n';
/** Same headers, another order and other rows: the saved mapping applies. */
const AGENCY_2 = ['Notes,Cost EUR,Clicks on link,Impr.,Campaign,Date', ',20,50,2000,Summer,2025-06-01', ',21,52,2100,Summer,2025-06-02'].join('\n') + '\n';

let s: AppSession;
let page: Page;

type Row = Record<string, unknown>;

/** Run SQL in the worker and return the rows (numbers as JS numbers: cast sums to DOUBLE). */
function query(p: Page, sql: string): Promise<Row[]> {
  return p.evaluate(async (q) => {
    const w = globalThis as unknown as {
      __pulse: {
        client: { call<T>(fn: (api: { query(sql: string): Promise<{ ipc: Uint8Array }> }) => Promise<T>): Promise<T> };
        arrow(): Promise<{ tableFromIPC(b: Uint8Array): { toArray(): { toJSON(): Row }[] } }>;
      };
    };
    const { ipc } = await w.__pulse.client.call((api) => api.query(q));
    return (await w.__pulse.arrow()).tableFromIPC(ipc).toArray().map((r) => r.toJSON());
  }, sql);
}

function describeTable(p: Page, name: string): Promise<{ columns: { name: string; type: string }[]; rowCount: number } | null> {
  return p.evaluate(async (n) => {
    const w = globalThis as unknown as { __pulse: { client: { call<T>(fn: (api: { describe(n: string): Promise<T> }) => Promise<T>): Promise<T> } } };
    return w.__pulse.client.call((api) => api.describe(n));
  }, name) as Promise<{ columns: { name: string; type: string }[]; rowCount: number } | null>;
}

/** Names of the datasets kept in this browser's IndexedDB catalogue. */
function keptDatasets(p: Page): Promise<string[]> {
  return p.evaluate(
    () =>
      new Promise<string[]>((ok, fail) => {
        const r = indexedDB.open('pulse');
        r.onerror = () => fail(r.error);
        r.onsuccess = () => {
          const db = r.result;
          const q = db.transaction('datasets').objectStore('datasets').getAllKeys();
          q.onsuccess = () => {
            db.close();
            ok(q.result.map(String));
          };
        };
      }),
  );
}

const binding = (p: Page, name: string) => p.locator(`[data-testid="dataset-binding"][data-dataset="${name}"]`);

async function ready(p: Page): Promise<void> {
  await p.waitForSelector('[data-testid="engine-status"][data-state="ready"]', { timeout: 60_000 });
}

async function addData(p: Page, name: string, buffer: Buffer): Promise<void> {
  await p.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/csv', buffer });
}

async function useMyData(p: Page, dataset: string, name: string, buffer: Buffer): Promise<void> {
  await binding(p, dataset).getByTestId('use-my-data').setInputFiles({ name, mimeType: 'text/csv', buffer });
}

const sampleAdRows = readFileSync('public/sample/ad_daily.csv', 'utf8').trim().split('\n').length - 1;

beforeAll(async () => {
  s = await openApp('/');
  page = s.page;
  await ready(page);
  await openNotebookText(page, 'importers.pulse.md', NOTEBOOK, 'Importers e2e');
  await page.waitForFunction(
    () => ['ads', 'users'].every((d) => document.querySelector(`[data-testid="dataset-binding"][data-dataset="${d}"]`)?.getAttribute('data-state') === 'sample'),
    null,
    { timeout: 60_000 },
  );
});

afterAll(async () => {
  await s?.close();
});

describe('platform exports in the browser', () => {
  it('users.ga_client_id of the sample is VARCHAR (canonical text columns stay text, as in pulse run)', async () => {
    const info = await describeTable(page, 'users');
    expect(info?.columns.find((c) => c.name === 'ga_client_id')?.type).toBe('VARCHAR');
    expect(info?.columns.find((c) => c.name === 'crm_id')?.type).toBe('VARCHAR');
    const [row] = await query(page, "SELECT ga_client_id FROM users WHERE user_id = 'u000001'");
    expect(row!.ga_client_id).toBe('439380327.1719644073');
  });

  it('meta_ads.csv is recognized: Meta Ads Manager → ad_daily, with the canonical columns and the rows\' sum of clicks', async () => {
    const bytes = readFileSync('public/sample/meta_ads.csv');
    const expected = importExport(new Uint8Array(bytes), 'meta_ads.csv');
    await addData(page, 'meta_ads.csv', bytes);
    const job = page.locator('[data-testid="import-job"]', { hasText: 'meta_ads.csv' });
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    expect(await job.getByTestId('import-summary').textContent()).toBe(`Meta Ads Manager export → ad_daily, ${expected.rows.length} rows`);
    const info = await describeTable(page, 'meta_ads');
    expect(info?.columns.map((c) => c.name)).toEqual(expected.columns.map((c) => c.name));
    expect(info?.columns.find((c) => c.name === 'clicks')?.type).toBe('BIGINT');
    expect(info?.rowCount).toBe(expected.rows.length);
    const [row] = await query(page, 'SELECT sum(clicks)::DOUBLE AS clicks, sum(spend)::DOUBLE AS spend FROM meta_ads');
    expect(row!.clicks).toBe(sumColumn(expected.rows, 'clicks'));
    expect(row!.spend).toBeCloseTo(sumColumn(expected.rows, 'spend')!, 6);
    expect(await query(page, "SELECT DISTINCT platform, click_definition FROM meta_ads")).toEqual([{ platform: 'meta', click_definition: 'link_click' }]);
  });

  it('the UTF-16 LinkedIn export imports with its total row excluded, and the totals match', async () => {
    const bytes = readFileSync('public/sample/linkedin_campaigns.csv');
    const expected = importExport(new Uint8Array(bytes), 'linkedin_campaigns.csv');
    expect(expected.totalsCheck.status).toBe('match');
    await addData(page, 'linkedin_campaigns.csv', bytes);
    const job = page.locator('[data-testid="import-job"]', { hasText: 'linkedin_campaigns.csv' });
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    const summary = job.getByTestId('import-summary');
    expect(await summary.textContent()).toBe(`LinkedIn Campaign Manager export → ad_daily, ${expected.rows.length} rows, totals match`);
    expect(await summary.getAttribute('data-totals')).toBe('match');
    const [row] = await query(page, "SELECT count(*)::DOUBLE AS n, sum(clicks)::DOUBLE AS clicks, count(*) FILTER (WHERE lower(campaign) LIKE 'total%' OR campaign IS NULL)::DOUBLE AS totals FROM linkedin_campaigns");
    expect(row).toEqual({ n: expected.rows.length, clicks: sumColumn(expected.rows, 'clicks'), totals: 0 });
    const fileTotal = expected.totalsCheck.columns.find((c) => c.column === 'clicks')!.fileTotal;
    expect(row!.clicks).toBe(fileTotal);
  });

  it('a GA4 overview download lists its tables by title; the first is imported and another can be chosen in place', async () => {
    const bytes = readFileSync('tests/fixtures/exports/ga4_acquisition_overview.csv');
    const first = importExport(new Uint8Array(bytes), 'ga4_acquisition_overview.csv');
    const fifth = importExport(new Uint8Array(bytes), 'ga4_acquisition_overview.csv', { table: 5 });
    await addData(page, 'ga4_acquisition_overview.csv', bytes);
    const job = page.locator('[data-testid="import-job"]', { hasText: 'ga4_acquisition_overview.csv' });
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    expect(await job.getByTestId('import-summary').textContent()).toBe(`Google Analytics 4 export (table 1 of 9: ${first.detection.tables[0]!.title}) → web_daily, ${first.rows.length} rows`);
    const select = job.getByTestId('import-table-select');
    expect(await select.locator('option').allTextContents()).toEqual(first.detection.tables.map((t) => `${t.index}. ${t.title} (${t.rows} ${t.rows === 1 ? 'row' : 'rows'})`));
    await select.selectOption('5');
    await expect.poll(() => job.getByTestId('import-summary').textContent(), { timeout: 30_000 }).toContain('table 5 of 9');
    const rows = await query(page, 'SELECT dimension_value, sessions::DOUBLE AS sessions FROM ga4_acquisition_overview');
    expect(rows).toEqual(fifth.rows.map((r) => ({ dimension_value: r.dimension_value, sessions: r.sessions })));
    expect(rows.map((r) => r.dimension_value)).toContain('#spring_sale');
  });

  it('a TikTok .xlsx export goes through the importers after the sheet is chosen, like pulse run reads it', async () => {
    const bytes = readFileSync('tests/fixtures/exports/tiktok_ads.xlsx');
    const expected = importAnyExport(new Uint8Array(bytes), 'tiktok_ads.xlsx');
    await page.getByTestId('file-input').setInputFiles({ name: 'tiktok_ads.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });
    const job = page.locator('[data-testid="import-job"]', { hasText: 'tiktok_ads.xlsx' });
    const select = job.getByTestId('sheet-select');
    await select.waitFor({ timeout: 30_000 });
    expect(await select.locator('option').allTextContents()).toEqual(['Campaign report', 'Read me']);
    await job.getByTestId('sheet-import').click();
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    expect(await job.getByTestId('import-summary').textContent()).toBe(`TikTok Ads Manager export → ad_daily, ${expected.rows.length} rows, totals match`);
    const [row] = await query(page, 'SELECT count(*)::DOUBLE AS n, sum(clicks)::DOUBLE AS clicks, min(date)::VARCHAR AS first, any_value(currency) AS currency FROM tiktok_ads');
    expect(row).toEqual({ n: expected.rows.length, clicks: sumColumn(expected.rows, 'clicks'), first: '2024-05-06', currency: 'EUR' });
  });

  it('a notebook dataset declared ad_daily refuses mailchimp_campaigns.csv with a message naming both tables, and keeps the sample', async () => {
    await useMyData(page, 'ads', 'mailchimp_campaigns.csv', readFileSync('public/sample/mailchimp_campaigns.csv'));
    const err = binding(page, 'ads').getByTestId('dataset-import-error');
    await expect.poll(() => err.textContent(), { timeout: 30_000 }).toContain('Mailchimp');
    const text = (await err.textContent())!;
    expect(text).toContain('canonical table email');
    expect(text).toContain('dataset ads expects ad_daily');
    expect(await binding(page, 'ads').getAttribute('data-state')).toBe('sample');
    expect((await describeTable(page, 'ads'))?.rowCount).toBe(sampleAdRows);
  });

  it('an unreadable export (a header-only Meta export) shows the importer\'s message in place and changes nothing', async () => {
    const headerOnly = '"Day","Campaign name","Ad set name","Ad name","Amount spent (USD)",Impressions,Reach,"Link clicks"\n';
    await useMyData(page, 'ads', 'meta_empty.csv', Buffer.from(headerOnly));
    const err = binding(page, 'ads').getByTestId('dataset-import-error');
    await expect.poll(() => err.textContent(), { timeout: 30_000 }).toContain('meta_empty.csv, line 2: the file has a header but no data rows');
    expect(await err.textContent()).toContain('widen them and export again');
    expect(await binding(page, 'ads').getAttribute('data-state')).toBe('sample');
    expect((await describeTable(page, 'ads'))?.rowCount).toBe(sampleAdRows);
    expect(await page.locator('[data-testid="import-job"]', { hasText: 'meta_empty.csv' }).getByTestId('import-error').textContent()).toContain('no data rows');
    await page.screenshot({ path: `${SHOTS}/importers-error-in-place.png` });
  });

  it('a file of no known layout opens the column mapping dialog; the applied mapping imports it', async () => {
    await useMyData(page, 'ads', 'agency report.csv', Buffer.from(AGENCY_1));
    const dialog = page.getByTestId('mapping-dialog');
    await dialog.waitFor({ timeout: 30_000 });
    const select = (col: string) => dialog.locator(`[data-testid="mapping-row"][data-column="${col}"] select`);
    // Pre-filled by name, case-insensitively; the rest waits for the user.
    expect(await select('date').inputValue()).toBe('Date');
    expect(await select('campaign').inputValue()).toBe('Campaign');
    expect(await select('clicks').inputValue()).toBe('');
    expect(await dialog.getByTestId('mapping-apply').isDisabled()).toBe(true);
    expect(await dialog.getByTestId('mapping-missing').textContent()).toContain('impressions, clicks');
    expect(await dialog.locator('[data-testid="mapping-row"][data-column="clicks"]').textContent()).toContain('required');
    await select('impressions').selectOption('Impr.');
    await select('clicks').selectOption('Clicks on link');
    await select('spend').selectOption('Cost EUR');
    // Columns the file lacks get one value for every row (issue 11, item 5).
    await select('currency').selectOption({ label: '— same value for every row —' });
    await dialog.locator('[data-testid="mapping-row"][data-column="currency"] [data-testid="mapping-constant"]').fill('EUR');
    await select('platform').selectOption({ label: '— same value for every row —' });
    await dialog.locator('[data-testid="mapping-row"][data-column="platform"] [data-testid="mapping-constant"]').fill('meta');
    const preview = dialog.getByTestId('mapping-preview');
    await expect.poll(() => preview.locator("tbody tr").count()).toBe(3);
    expect(await preview.locator('thead').textContent()).toContain('clicks');
    expect(await preview.locator('tbody tr').first().textContent()).toContain('2025-03-01');
    await page.screenshot({ path: `${SHOTS}/importers-mapping-dialog.png` });
    await dialog.getByTestId('mapping-apply').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => binding(page, 'ads').getAttribute('data-state'), { timeout: 30_000 }).toBe('user');
    const rows = await query(page, 'SELECT date::VARCHAR AS date, campaign, impressions::DOUBLE AS impressions, clicks::DOUBLE AS clicks, spend FROM ads ORDER BY date');
    expect(rows).toEqual([
      { date: '2025-03-01', campaign: 'Spring Push', impressions: 1200, clicks: 34, spend: 12.5 },
      { date: '2025-03-02', campaign: 'Spring Push', impressions: 1500, clicks: 41, spend: 14.25 },
      { date: '2025-03-03', campaign: 'Brand', impressions: 900, clicks: 12, spend: 8 },
    ]);
    expect(await query(page, 'SELECT DISTINCT platform, currency FROM ads')).toEqual([{ platform: 'meta', currency: 'EUR' }]);
    const columns = (await describeTable(page, 'ads'))!.columns;
    expect(columns.find((c) => c.name === 'date')?.type).toBe('DATE');
    expect(columns.map((c) => c.name)).toContain('click_definition');
    expect(await binding(page, 'ads').getByTestId('dataset-import-note').textContent()).toContain('Mapped with your column mapping → ad_daily, 3 rows');
    await expect.poll(() => keptDatasets(page), { timeout: 20_000 }).toContain('ads');
  });

  it('after a reload, a second file with the same headers is mapped automatically, with a notice and a way to edit the mapping', async () => {
    await page.reload();
    await ready(page);
    await page.locator("h1", { hasText: "Importers e2e" }).first().waitFor();
    // The kept (mapped) table is the notebook's ads, not the sample.
    await expect.poll(() => binding(page, 'ads').getAttribute('data-state'), { timeout: 30_000 }).toBe('user');
    await useMyData(page, 'ads', 'agency report june.csv', Buffer.from(AGENCY_2));
    const note = binding(page, 'ads').getByTestId('dataset-import-note');
    await expect.poll(() => note.textContent(), { timeout: 30_000 }).toContain('Mapped with the column mapping you saved');
    expect(await page.getByTestId('mapping-dialog').count()).toBe(0);
    const rows = await query(page, 'SELECT date::VARCHAR AS date, campaign, clicks::DOUBLE AS clicks, spend FROM ads ORDER BY date');
    expect(rows).toEqual([
      { date: '2025-06-01', campaign: 'Summer', clicks: 50, spend: 20 },
      { date: '2025-06-02', campaign: 'Summer', clicks: 52, spend: 21 },
    ]);
    // The saved mapping keeps its constants.
    expect(await query(page, 'SELECT DISTINCT platform, currency FROM ads')).toEqual([{ platform: 'meta', currency: 'EUR' }]);
    // Edit mapping reopens the dialog with the saved choice.
    await binding(page, 'ads').getByTestId('edit-mapping').click();
    const dialog = page.getByTestId('mapping-dialog');
    await dialog.waitFor();
    expect(await dialog.locator('[data-testid="mapping-row"][data-column="clicks"] select').inputValue()).toBe('Clicks on link');
    expect(await dialog.locator('[data-testid="mapping-row"][data-column="currency"] [data-testid="mapping-constant"]').inputValue()).toBe('EUR');
    await page.screenshot({ path: `${SHOTS}/importers-edit-mapping.png` });
    await dialog.getByTestId('mapping-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await binding(page, 'ads').getAttribute('data-state')).toBe('user');
  });

  it('"Back to sample" loads the sample and drops the kept copy, so the next visit has the sample', async () => {
    await binding(page, 'ads').getByTestId('back-to-sample').click();
    await expect.poll(() => binding(page, 'ads').getAttribute('data-state'), { timeout: 30_000 }).toBe('sample');
    await expect.poll(() => keptDatasets(page), { timeout: 20_000 }).not.toContain('ads');
    await page.reload();
    await ready(page);
    await page.locator("h1", { hasText: "Importers e2e" }).first().waitFor();
    await expect.poll(() => binding(page, 'ads').getAttribute('data-state'), { timeout: 60_000 }).toBe('sample');
    expect((await describeTable(page, 'ads'))?.rowCount).toBe(sampleAdRows);
  });

  it('brought no console errors and no request to another origin', () => {
    expect(s.errors.filter((e) => !/CSP script-src blocked eval/.test(e))).toEqual([]);
    expect(s.foreignRequests()).toEqual([]);
  });
});
