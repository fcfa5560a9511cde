/**
 * Local-first storage in the browser (issue 5, item 7): a notebook, its history, an imported dataset
 * (OPFS) and checklist ticks come back after a reload; an old version is restored; a module notebook is
 * reset to its template; two tabs on one notebook keep both texts; a bundle (plain and encrypted)
 * opens in a fresh profile with the same results; bad files change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { openApp, type AppSession } from './support/browser';
import { cellLocator, download, editCode, runsSettled, shownCode } from './support/ui';

let s: AppSession;
let page: Page;

const CSV = ['day,channel,clicks', '2024-06-01,email,5', '2024-06-02,search,7', '2024-06-03,social,1', '2024-06-04,email,12', '2024-06-05,search,3', '2024-06-06,email,9'].join('\n') + '\n';
const SUMMARY = 'email=26;search=10;social=1';

const NOTEBOOK = `---
pulse: 1
title: Storage e2e
---

# Storage

\`\`\`sql totals
SELECT string_agg(channel || '=' || clicks, ';' ORDER BY channel) AS summary FROM (SELECT channel, sum(clicks) AS clicks FROM ads GROUP BY channel)
\`\`\`

\`\`\`sql note
SELECT 'first' AS note
\`\`\`

\`\`\`checklist steps
- [ ] Import the data
- [ ] Check the totals
\`\`\`
`;

/** Record counts of Pulse's IndexedDB stores, read straight from the database. */
function counts(p: Page): Promise<Record<string, number>> {
  return p.evaluate(
    () =>
      new Promise<Record<string, number>>((ok, fail) => {
        const r = indexedDB.open('pulse');
        r.onerror = () => fail(r.error);
        r.onsuccess = () => {
          const db = r.result;
          const stores = ['notebooks', 'versions', 'datasets'];
          const tx = db.transaction(stores);
          const out: Record<string, number> = {};
          for (const name of stores) {
            const q = tx.objectStore(name).count();
            q.onsuccess = () => (out[name] = q.result);
          }
          tx.oncomplete = () => {
            db.close();
            ok(out);
          };
        };
      }),
  );
}

const cell = (p: Page, id: string) => cellLocator(p, id);

async function openFile(p: Page, name: string, buffer: Buffer): Promise<void> {
  await p.getByTestId('open-file').setInputFiles({ name, mimeType: name.endsWith('.zip') ? 'application/zip' : 'text/markdown', buffer });
}

async function setCode(p: Page, id: string, code: string): Promise<void> {
  await editCode(p, cell(p, id));
  await p.keyboard.press('ControlOrMeta+a');
  await p.keyboard.type(code);
  await p.keyboard.press('Escape');
}

async function saved(p: Page): Promise<void> {
  await expect.poll(() => p.getByTestId('save-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('saved');
}

async function gridText(p: Page, id: string): Promise<string> {
  await expect.poll(() => cell(p, id).getAttribute('data-status'), { timeout: 60_000 }).toBe('ok');
  // The cell's result table, read through the worker (the grid draws only the visible part).
  return p.evaluate(async (table) => {
    const w = globalThis as unknown as { __pulse: { client: { call<T>(fn: (api: { query(sql: string): Promise<{ ipc: Uint8Array }> }) => Promise<T>): Promise<T> }; arrow(): Promise<{ tableFromIPC(b: Uint8Array): { toArray(): Record<string, unknown>[] } }> } };
    const { ipc } = await w.__pulse.client.call((api) => api.query(`SELECT * FROM "${table}"`));
    return JSON.stringify((await w.__pulse.arrow()).tableFromIPC(ipc).toArray());
  }, id);
}

async function ready(p: Page): Promise<void> {
  await p.waitForSelector('[data-testid="engine-status"][data-state="ready"]', { timeout: 60_000 });
}

async function history(p: Page): Promise<{ kind: string; message: string }[]> {
  if ((await p.getByTestId('history-panel').count()) === 0) await p.getByTestId('history-toggle').click();
  await p.getByTestId('version').first().waitFor();
  return p.getByTestId('version').evaluateAll((rows) =>
    rows.map((r) => ({ kind: r.getAttribute('data-kind') ?? '', message: r.querySelector('[data-testid="version-message-text"]')?.textContent?.trim() ?? '' })),
  );
}

/** A fresh profile (no IndexedDB, no OPFS) in the same browser: "clear site data". */
async function freshContext(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await s.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const p = await context.newPage();
  p.on('pageerror', (e) => s.errors.push(`pageerror (fresh context): ${e.message}`));
  await p.goto(s.baseURL + '/');
  await ready(p);
  return { context, page: p };
}

let notebookUrl = '';
let bundlePlain: Buffer;

beforeAll(async () => {
  s = await openApp('/');
  page = s.page;
  await ready(page);
});
afterAll(async () => {
  const foreign = s?.foreignRequests() ?? [];
  await s?.close();
  expect(foreign).toEqual([]);
});

describe('local-first storage', () => {
  it('edit, reload, everything is back: notebook text, versions, the imported dataset rows, checklist ticks', async () => {
    await openFile(page, 'storage.pulse.md', Buffer.from(NOTEBOOK));
    await page.locator('h1', { hasText: 'Storage e2e' }).waitFor();
    expect(page.url()).toMatch(/#\/nb\/[0-9a-f-]{36}$/);
    notebookUrl = page.url();

    await page.getByTestId('file-input').setInputFiles({ name: 'ads.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByTestId('import-kept').waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await page.getByTestId('storage-usage').textContent()) ?? '').toMatch(/Browser storage: [\d.]+ (B|KB|MB|GB) of [\d.]+ (KB|MB|GB|TB) used/);

    await page.getByTestId('run-all').click();
    await runsSettled(page);
    expect(await gridText(page, 'totals')).toContain(SUMMARY);

    await setCode(page, 'note', "SELECT 'second' AS note");
    await cell(page, 'steps').getByTestId('checklist-item').first().check();
    await saved(page);
    await page.getByTestId('history-toggle').click();
    await page.getByTestId('version-message').fill('ticked the import step');
    await page.getByTestId('save-version').click();
    await expect.poll(async () => (await history(page)).map((v) => v.message)).toContain('ticked the import step');

    // A new visit: start-up does not load the kept dataset; the notebook is listed under My notebooks.
    await page.goto(s.baseURL + '/#/');
    await page.reload();
    await ready(page);
    const tables = await page.evaluate(() => (globalThis as unknown as { __pulse: { client: { call<T>(fn: (api: { listTables(): Promise<string[]> }) => Promise<T>): Promise<T> } } }).__pulse.client.call((api) => api.listTables()));
    expect(tables).not.toContain('ads');
    await page.getByTestId('my-notebook-link').filter({ hasText: 'Storage e2e' }).click();
    await page.locator('h1', { hasText: 'Storage e2e' }).waitFor();
    expect(page.url()).toBe(notebookUrl);
    expect(await shownCode(cell(page, 'note'))).toBe("SELECT 'second' AS note");
    const ticks = await cell(page, 'steps').getByTestId('checklist-item').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked));
    expect(ticks).toEqual([true, false]);
    const versions = await history(page);
    expect(versions[0]).toEqual({ kind: 'named', message: 'ticked the import step' });
    expect(versions.at(-1)).toEqual({ kind: 'named', message: 'Opened from storage.pulse.md' });
    // Opening the notebook that reads it loads it from OPFS.
    await page.locator('[data-testid="catalog-table"][data-table="ads"]').waitFor();
    expect(await page.locator('[data-testid="catalog-table"][data-table="ads"] summary').textContent()).toContain('6 rows');
    await page.getByTestId('run-all').click();
    await runsSettled(page);
    expect(await gridText(page, 'totals')).toContain(SUMMARY);
    expect(await counts(page)).toMatchObject({ notebooks: 1, datasets: 1 });
    await page.screenshot({ path: '/tmp/storage-reload.png', fullPage: false });
  });

  it('restores an old version as a new version, with a readable diff between them', async () => {
    await setCode(page, 'note', "SELECT 'third' AS note");
    await saved(page);
    await page.getByTestId('version-message').fill('third note');
    await page.getByTestId('save-version').click();
    await expect.poll(async () => (await history(page))[0]?.message).toBe('third note');

    // Compare "ticked the import step" (second) with "third note".
    const row = (message: string) => page.getByTestId('version').filter({ has: page.getByTestId('version-message-text').getByText(message, { exact: true }) });
    await row('ticked the import step').getByTestId('diff-from').check();
    await row('third note').getByTestId('diff-to').check();
    const diff = page.getByTestId('version-diff');
    await expect.poll(async () => diff.getByTestId('diff-line').evaluateAll((ls) => ls.filter((l) => l.getAttribute('data-op') !== '=').map((l) => l.textContent))).toEqual([
      "− SELECT 'second' AS note",
      "+ SELECT 'third' AS note",
    ]);
    await page.screenshot({ path: '/tmp/storage-history.png' });

    await row('ticked the import step').getByTestId('restore-version').click();
    await expect.poll(() => shownCode(cell(page, 'note'))).toBe("SELECT 'second' AS note");
    const versions = await history(page);
    expect(versions[0]!.kind).toBe('restore');
    expect(versions[0]!.message).toMatch(/^Restored version \d+ \(ticked the import step/);
    expect(versions.map((v) => v.message)).toContain('third note');
    await page.reload();
    await page.locator('h1', { hasText: 'Storage e2e' }).waitFor();
    expect(await shownCode(cell(page, 'note'))).toBe("SELECT 'second' AS note");
  });

  it('two tabs on the same notebook keep both texts', async () => {
    const other = await s.context.newPage();
    await other.goto(notebookUrl);
    await other.locator('h1', { hasText: 'Storage e2e' }).waitFor();
    await page.bringToFront();
    // Both tabs edit before either saves (autosave waits 1 s after typing).
    await setCode(page, 'note', "SELECT 'tab one' AS note");
    await setCode(other, 'note', "SELECT 'tab two' AS note");
    await saved(page);
    await saved(other);
    // One tab saved over the other: whichever, both texts are stored (working copy and a conflict version).
    const texts = await page.evaluate(
      (id) =>
        new Promise<string[]>((ok) => {
          const r = indexedDB.open('pulse');
          r.onsuccess = () => {
            const db = r.result;
            const tx = db.transaction(['notebooks', 'versions']);
            const out: string[] = [];
            tx.objectStore('notebooks').get(id).onsuccess = (e) => out.push(((e.target as IDBRequest).result as { text: string }).text);
            tx.objectStore('versions').getAll(IDBKeyRange.bound([id, 0], [id, Infinity])).onsuccess = (e) => {
              for (const v of (e.target as IDBRequest).result as { text: string }[]) out.push(v.text);
            };
            tx.oncomplete = () => ok(out);
          };
        }),
      notebookUrl.split('/').pop()!,
    );
    expect(texts.some((t) => t.includes("SELECT 'tab one' AS note"))).toBe(true);
    expect(texts.some((t) => t.includes("SELECT 'tab two' AS note"))).toBe(true);
    const banners = [...(await page.getByTestId('tab-banner').allTextContents()), ...(await other.getByTestId('tab-banner').allTextContents())].join('\n');
    expect(banners).toMatch(/another tab/);
    await other.screenshot({ path: '/tmp/storage-two-tabs.png' });
    await page.screenshot({ path: '/tmp/storage-two-tabs-1.png' });
    await other.close();
  });

  it('resets a module notebook to its template; the edits stay in history', async () => {
    await page.goto(s.baseURL + '/#/nb/quick-start');
    await page.getByTestId('run-all').waitFor();
    const first = (await page.locator('[data-testid="cell"]').first().getAttribute('data-cell-id'))!;
    const original = await shownCode(cell(page, first));
    await setCode(page, first, 'SELECT 42 AS edited');
    await saved(page);
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('history-toggle').click();
    await page.getByTestId('reset-template').click();
    await expect.poll(() => shownCode(cell(page, first))).toBe(original);
    const versions = await history(page);
    expect(versions[0]!.kind).toBe('template-reset');
    expect(versions[0]!.message).toMatch(/^Reset to template quick-start v1/);
    expect(versions.at(-1)!.message).toBe('Created from template quick-start v1');
    // The edited text is one of the versions before the reset.
    const editedRow = page.getByTestId('version').nth(1);
    await editedRow.getByTestId('restore-version').click();
    await expect.poll(() => shownCode(cell(page, first))).toBe('SELECT 42 AS edited');
  });

  it('exports a bundle, and a fresh profile opens it with the same results', async () => {
    await page.goto(notebookUrl);
    await page.locator('h1', { hasText: 'Storage e2e' }).waitFor();
    await page.getByTestId('bundle-export').click();
    await expect.poll(() => page.getByTestId('bundle-form').textContent()).toContain('ads');
    const dl = await download(page, () => page.getByTestId('bundle-download').click());
    expect(dl.name).toBe('storage-e2e.pulse.zip');
    expect(dl.bytes.subarray(0, 2).toString()).toBe('PK');
    bundlePlain = dl.bytes;

    const fresh = await freshContext();
    try {
      expect(await counts(fresh.page)).toMatchObject({ notebooks: 0, datasets: 0 });
      await openFile(fresh.page, dl.name, dl.bytes);
      await fresh.page.locator('h1', { hasText: 'Storage e2e' }).waitFor();
      await fresh.page.getByTestId('run-all').click();
      await runsSettled(fresh.page);
      expect(await gridText(fresh.page, 'totals')).toContain(SUMMARY);
      expect(await counts(fresh.page)).toMatchObject({ notebooks: 1, datasets: 1 });
    } finally {
      await fresh.context.close();
    }
  });

  it('an encrypted bundle: a wrong passphrase says so and stores nothing; the right one opens it', async () => {
    await page.getByTestId('bundle-export').click();
    await page.getByTestId('bundle-encrypt').check();
    await page.getByTestId('bundle-passphrase').fill('Correct Horse 7');
    const dl = await download(page, () => page.getByTestId('bundle-download').click());
    const fresh = await freshContext();
    try {
      await openFile(fresh.page, dl.name, dl.bytes);
      await fresh.page.getByTestId('passphrase-prompt').waitFor();
      await fresh.page.getByTestId('passphrase-input').fill('correct horse 7');
      await fresh.page.getByTestId('passphrase-open').click();
      await expect.poll(() => fresh.page.getByTestId('passphrase-error').textContent(), { timeout: 30_000 }).toMatch(/That passphrase does not open this bundle/);
      await fresh.page.screenshot({ path: '/tmp/storage-wrong-passphrase.png' });
      expect(await counts(fresh.page)).toMatchObject({ notebooks: 0, versions: 0, datasets: 0 });
      await fresh.page.getByTestId('passphrase-input').fill('Correct Horse 7');
      await fresh.page.getByTestId('passphrase-open').click();
      await fresh.page.locator('h1', { hasText: 'Storage e2e' }).waitFor({ timeout: 30_000 });
      await fresh.page.getByTestId('run-all').click();
      await runsSettled(fresh.page);
      expect(await gridText(fresh.page, 'totals')).toContain(SUMMARY);
    } finally {
      await fresh.context.close();
    }
  });

  it('a file that is not a notebook, or a truncated bundle, gets a clear message and changes nothing', async () => {
    await page.goto(s.baseURL + '/#/');
    const before = await counts(page);
    await openFile(page, 'README.md', Buffer.from('# Just a readme\n\nNo cells here.\n'));
    await expect.poll(() => page.getByTestId('open-error').textContent()).toMatch(/README\.md is not a Pulse notebook: it has no "pulse:" front matter and no cells/);
    await page.screenshot({ path: '/tmp/storage-bad-file.png' });
    await openFile(page, 'cut.pulse.zip', bundlePlain.subarray(0, Math.floor(bundlePlain.length / 2)));
    await expect.poll(() => page.getByTestId('open-error').textContent()).toMatch(/cut short|truncated|damaged/i);
    expect(await counts(page)).toEqual(before);
    expect(page.url()).toBe(s.baseURL + '/#/');
  });

  it('full storage: the message says what to do, the text stays in memory and is saved once there is room', async () => {
    await page.goto(notebookUrl);
    await page.locator('h1', { hasText: 'Storage e2e' }).waitFor();
    await saved(page);
    // Every IndexedDB write now fails as a full disk does.
    await page.evaluate(() => {
      const w = globalThis as unknown as { __full?: boolean };
      w.__full = true;
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if (w.__full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, args);
      };
    });
    await setCode(page, 'note', "SELECT 'written while full' AS note");
    const error = page.getByTestId('save-error');
    await expect.poll(() => error.textContent(), { timeout: 15_000 }).toMatch(/Browser storage is full while saving the notebook\. Your notebook stays open in this tab/);
    expect(await error.getAttribute('data-kind')).toBe('quota');
    await page.screenshot({ path: '/tmp/storage-quota.png' });
    expect(await shownCode(cell(page, 'note'))).toBe("SELECT 'written while full' AS note");
    await page.evaluate(() => ((globalThis as unknown as { __full?: boolean }).__full = false));
    await page.getByTestId('save-retry').click();
    await saved(page);
    await page.reload();
    await page.locator('h1', { hasText: 'Storage e2e' }).waitFor();
    expect(await shownCode(cell(page, 'note'))).toBe("SELECT 'written while full' AS note");
  });

  it('logged no page errors', () => {
    const unexpected = s.errors.filter((e) => !/CSP script-src blocked eval/.test(e));
    expect(unexpected.map((e) => e.slice(0, 600))).toEqual([]);
  });
});
