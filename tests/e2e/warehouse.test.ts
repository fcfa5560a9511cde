/**
 * Warehouse data in the browser (docs/warehouse.md): the app never connects. A notebook with a
 * warehouse dataset and a warehouse cell, opened as text, says where the data comes from and how to
 * pull it; the bundle `pulse pull` wrote for it (tests/fixtures/warehouse/ctr.pulse.zip, checked
 * against a fresh pull by tests/warehouse/notebook.test.ts) opens in a fresh profile and runs on the
 * pulled tables, with no request leaving the app's origin.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { engineReady, openApp, type AppSession } from './support/browser';
import { cellLocator, runsSettled } from './support/ui';

const FIXTURES = fileURLToPath(new URL('../fixtures/warehouse/', import.meta.url));
const NOTEBOOK = readFileSync(`${FIXTURES}ctr.pulse.md`, 'utf8');
const BUNDLE = readFileSync(`${FIXTURES}ctr.pulse.zip`);
/**
 * Computed by PostgreSQL on the 20,000 generated events (scripts/pg-test-cluster.ts eventsSql) when
 * the fixture was pulled: see tests/fixtures/warehouse/expected.json.
 */
const EXPECTED = JSON.parse(readFileSync(`${FIXTURES}expected.json`, 'utf8')) as {
  totals: { clicks: number; events: number; campaign_days: number };
  channel_ctr: Array<{ channel: string; ctr: number }>;
};

let s: AppSession;
let page: Page;

beforeAll(async () => {
  s = await openApp('/');
  page = s.page;
  await engineReady(page);
});
afterAll(async () => {
  const foreign = s?.foreignRequests() ?? [];
  await s?.close();
  expect(foreign).toEqual([]);
});

async function rows(p: Page, table: string): Promise<Record<string, unknown>[]> {
  await expect.poll(() => cellLocator(p, table).getAttribute('data-status'), { timeout: 60_000 }).toBe('ok');
  return p.evaluate(async (t) => {
    const w = globalThis as unknown as { __pulse: { client: { call<T>(fn: (api: { query(sql: string): Promise<{ ipc: Uint8Array }> }) => Promise<T>): Promise<T> }; arrow(): Promise<{ tableFromIPC(b: Uint8Array): { toArray(): { toJSON(): Record<string, unknown> }[] } }> } };
    const { ipc } = await w.__pulse.client.call((api) => api.query(`SELECT * FROM "${t}"`));
    return (await w.__pulse.arrow()).tableFromIPC(ipc).toArray().map((r) => JSON.parse(JSON.stringify(r.toJSON(), (_k, v) => (typeof v === 'bigint' ? Number(v) : v))));
  }, table);
}

describe('warehouse notebooks in the browser', () => {
  it('opened as text, says the table comes from the warehouse and how to pull it', async () => {
    await page.goto(new URL('/#/', page.url()).href);
    await page.getByTestId('open-notebook').setInputFiles({ name: 'ctr.pulse.md', mimeType: 'text/markdown', buffer: Buffer.from(NOTEBOOK) });
    // The notebook's title and its prose's first heading are the same text.
    await page.locator('h1', { hasText: 'CTR from the warehouse' }).first().waitFor();
    const missing = page.getByTestId('dataset-missing');
    await expect.poll(() => missing.textContent(), { timeout: 30_000 }).toMatch(/Table\s+daily\s+comes from the warehouse connection\s+analytics, and Pulse in the browser never connects to a\s+warehouse\. Pull it on the command line with\s+pulse pull NOTEBOOK\.pulse\.md --out daily\.pulse\.zip/);
  });

  it('a warehouse cell opened without its bundle says it runs on the warehouse, on the cell', async () => {
    const onlyCell = NOTEBOOK.replace(/^datasets:\n.*\n/m, '').replace('title: CTR from the warehouse', 'title: Warehouse cell only');
    expect(onlyCell).not.toContain('datasets:');
    await page.goto(new URL('/#/', page.url()).href);
    await page.getByTestId('open-notebook').setInputFiles({ name: 'cell.pulse.md', mimeType: 'text/markdown', buffer: Buffer.from(onlyCell) });
    await page.locator('h1', { hasText: 'Warehouse cell only' }).first().waitFor();
    await page.getByTestId('run-all').click();
    await runsSettled(page);
    await expect.poll(() => cellLocator(page, 'by_channel').getByTestId('cell-error').textContent()).toMatch(/runs on the warehouse connection `analytics`, which only the command line reaches/);
    // and the cells reading it are skipped, not failed with a missing table
    await expect.poll(() => cellLocator(page, 'channel_ctr').getAttribute('data-status')).toBe('skipped');
  });

  it('the bundle pulse pull wrote opens in a fresh profile and runs on the pulled tables', async () => {
    const fresh = await s.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    fresh.on('request', (r) => requests.push(r.url()));
    try {
      const p = await fresh.newPage();
      await p.goto(s.baseURL + '/');
      await engineReady(p);
      await p.getByTestId('open-file').setInputFiles({ name: 'ctr.pulse.zip', mimeType: 'application/zip', buffer: BUNDLE });
      await p.locator('h1', { hasText: 'CTR from the warehouse' }).first().waitFor();
      // Run all queues the cells at once, also while the bundle's tables are still being restored.
      await p.getByTestId('run-all').click();
      await runsSettled(p);
      const statuses = await p.locator('[data-testid="cell"]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-cell-id')}=${e.getAttribute('data-status')} ${e.querySelector('[data-testid="cell-error"]')?.textContent ?? ''}`.trim()));
      expect(statuses).toEqual(['by_channel=ok', 'totals=ok', 'channel_ctr=ok']);
      expect(await rows(p, 'totals')).toEqual([EXPECTED.totals]);
      const ctr = await rows(p, 'channel_ctr');
      expect(ctr.map((r) => r.channel)).toEqual(EXPECTED.channel_ctr.map((r) => r.channel));
      for (const [k, r] of ctr.entries()) expect(r.ctr as number).toBeCloseTo(EXPECTED.channel_ctr[k]!.ctr, 6);
      expect(requests.filter((u) => !u.startsWith(s.baseURL) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});
