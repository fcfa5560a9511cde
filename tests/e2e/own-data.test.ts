/**
 * Your own data end to end, and notes and names (issue 13, items 4 and 5), as a person sees them:
 * a CSV dropped on the home page starts a notebook on it (its first rows and a profile on screen), a
 * file added with "Add data…" is declared in the front matter and comes back after a reload, a
 * colleague opening the downloaded .pulse.md is asked for the file by name; notes are edited and added
 * in place (sanitized as prose), the title is set by the user and names the download, and "My
 * notebooks" says where they live, what they hold and when they were edited.
 * Screenshots go to $PULSE_SHOTS (default /tmp) and were looked at when this test was written.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { importExport } from '../../src/core/importers/index.ts';
import { parseNotebook } from '../../src/core/notebook/format.ts';
import { cellsThatCannotRun } from '../../src/core/notebook/datasetColumns.ts';
import type { Page } from 'playwright-core';
import { homeSession, openApp } from './support/browser';
import { cellLocator, download, editCode, runsSettled, savedNotebook } from './support/ui';

const SHOTS = process.env.PULSE_SHOTS ?? '/tmp';

/** 4 orders; amounts sum to 10.5 + 20 + 7.25 + 12 = 49.75; Paris appears twice. */
const ORDERS = 'order_id,city,amount\n1,Paris,10.5\n2,Lyon,20\n3,Paris,7.25\n4,Nice,12\n';
const CUSTOMERS = 'customer_id,segment\n1,new\n2,returning\n';

const s = homeSession();
let savedText = '';

/** Drop files on whatever is at `selector`, as a person dragging them from the desktop. */
async function dropFiles(page: Page, selector: string, files: { name: string; text: string }[]) {
  const dt = await page.evaluateHandle((fs) => {
    const dt = new DataTransfer();
    for (const f of fs) dt.items.add(new File([f.text], f.name, { type: 'text/csv' }));
    return dt;
  }, files);
  await page.dispatchEvent(selector, 'drop', { dataTransfer: dt });
}

const gridText = (page: Page, id: string) => cellLocator(page, id).getByTestId('result-grid').innerText();

describe('your own data, end to end', () => {
  it('a CSV dropped on the home page opens a new notebook on it: first rows and a profile on screen', async () => {
    const { page } = s;
    // The home page says so: a card to pick a file, and that a drop anywhere works too.
    expect(await page.getByTestId('start-on-data').innerText()).toMatch(/\+ Notebook on my data…\s+Drop a data file anywhere on this page, or pick one: it opens with its first rows and a profile\.$/);
    await page.locator('section.start').screenshot({ path: `${SHOTS}/own-data-home-start.png` });
    await dropFiles(page, 'main.home', [{ name: 'orders.csv', text: ORDERS }]);
    await page.getByTestId('notebook-title').filter({ hasText: 'orders.csv' }).waitFor();
    await expect.poll(() => cellLocator(page, 'profile').getAttribute('data-status'), { timeout: 60_000 }).toBe('ok');
    await runsSettled(page);
    expect(await cellLocator(page, 'preview').getAttribute('data-status')).toBe('ok');
    await expect.poll(() => gridText(page, 'preview')).toContain('Paris');
    const preview = await gridText(page, 'preview');
    for (const v of ['order_id', 'city', 'amount', 'Paris', 'Lyon', 'Nice', '7.25']) expect(preview).toContain(v);
    // SUMMARIZE: one row per column of the file, with its type and distinct count (city: 3 cities).
    await expect.poll(() => gridText(page, 'profile')).toContain('VARCHAR');
    const profile = await gridText(page, 'profile');
    for (const v of ['column_name', 'order_id', 'city', 'amount', 'VARCHAR', 'DOUBLE']) expect(profile).toContain(v);
    // The dataset is declared in front matter and shown as the user's file.
    const binding = page.locator('[data-testid="dataset-binding"][data-dataset="orders"]');
    await expect.poll(() => binding.getAttribute('data-state')).toBe('user');
    expect(await binding.innerText()).toContain('orders.csv');
    await page.screenshot({ path: `${SHOTS}/own-data-dropped.png`, fullPage: true });
    savedText = await savedNotebook(page);
    expect(savedText).toMatch(/^---\ntitle: orders\.csv\ndatasets:\n {2}orders:\n {4}file: orders\.csv\n---\n/);
  });

  it('a file added with "Add data…" is declared as a dataset and comes back after a reload', async () => {
    const { page } = s;
    await page.getByTestId('file-input').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(CUSTOMERS) });
    await expect.poll(() => page.locator('[data-testid="dataset-binding"][data-dataset="customers"]').getAttribute('data-state'), { timeout: 30_000 }).toBe('user');
    const text = await savedNotebook(page);
    expect(text).toContain('datasets:\n  orders:\n    file: orders.csv\n  customers:\n    file: customers.csv\n');
    // Wait until the file is kept (Parquet in OPFS) and the text autosaved, then reload: both tables load from OPFS.
    await page.getByTestId('import-job').filter({ hasText: 'customers.csv' }).getByTestId('import-kept').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('save-status').innerText(), { timeout: 10_000 }).toMatch(/Saved/);
    await page.reload();
    await page.getByTestId('notebook-title').filter({ hasText: 'orders.csv' }).waitFor();
    for (const name of ['orders', 'customers']) {
      await expect.poll(async () => {
        const state = await page.locator(`[data-testid="dataset-binding"][data-dataset="${name}"]`).getAttribute('data-state');
        if (state === 'missing') await page.screenshot({ path: `${SHOTS}/own-data-reload-missing.png`, fullPage: true });
        return state;
      }, { timeout: 30_000 }).toBe('user');
      await expect.poll(() => page.locator(`[data-testid="dataset-binding"][data-dataset="${name}"]`).getAttribute('data-state'), { timeout: 30_000 }).toBe('user');
    }
    await page.getByTestId('run-all').click();
    await expect.poll(() => cellLocator(page, 'preview').getAttribute('data-status'), { timeout: 60_000 }).toBe('ok');
    await expect.poll(() => gridText(page, 'preview')).toContain('Nice');
  });

  it('a colleague opening the .pulse.md is asked for the file by name, and runs once it is added', async () => {
    const colleague = await openApp('/');
    try {
      const { page } = colleague;
      await page.getByTestId('open-notebook').setInputFiles({ name: 'orders.pulse.md', mimeType: 'text/markdown', buffer: Buffer.from(savedText) });
      await page.getByTestId('notebook-title').filter({ hasText: 'orders.csv' }).waitFor();
      const binding = page.locator('[data-testid="dataset-binding"][data-dataset="orders"]');
      await expect.poll(() => binding.getAttribute('data-state')).toBe('missing');
      expect(await binding.innerText()).toMatch(/file needed\s+orders\.csv/);
      expect(await binding.innerText()).toContain('Add orders.csv…');
      const ask = page.getByTestId('dataset-missing');
      expect(await ask.innerText()).toMatch(/made on the file orders\.csv, which is not in this browser\. Add it \(or a newer copy\) with Add orders\.csv… above: it becomes table orders/);
      await page.locator('[data-testid="notebook-datasets"]').screenshot({ path: `${SHOTS}/own-data-colleague-asked.png` });
      await binding.getByTestId('use-my-data').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(ORDERS) });
      await expect.poll(() => binding.getAttribute('data-state'), { timeout: 30_000 }).toBe('user');
      await expect.poll(() => page.getByTestId('dataset-missing').count()).toBe(0);
      await page.getByTestId('run-all').click();
      await expect.poll(() => cellLocator(page, 'preview').getAttribute('data-status'), { timeout: 60_000 }).toBe('ok');
      await expect.poll(() => gridText(page, 'preview')).toContain('Lyon');
    } finally {
      await colleague.close();
    }
  });
});

describe('notes and names', () => {
  it('a note is edited in place and rendered through the sanitizer', async () => {
    const { page } = s;
    const note = page.getByTestId('prose').filter({ hasText: 'from your file' });
    await note.dblclick();
    const area = page.getByTestId('note-text');
    // The note is all the Markdown between the front matter and the first cell: heading and text.
    expect(await area.inputValue()).toBe('# orders.csv\n\nTable `orders`, from your file. The first rows:');
    await area.fill('# orders.csv\n\nOrders from the **shop**, one row per order. <img src=x onerror="window.__pwned=1">');
    await page.getByTestId('note-done').click();
    const edited = page.getByTestId('prose').filter({ hasText: 'one row per order' });
    expect(await edited.locator('strong').innerText()).toBe('shop');
    expect(await edited.innerHTML()).not.toContain('onerror');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await savedNotebook(page)).toContain('\nOrders from the **shop**, one row per order. <img src=x onerror="window.__pwned=1">\n\n```sql preview\n');
  });

  it('"+ Add note" writes a Markdown note at the end; a fence in it is refused with the reason', async () => {
    const { page } = s;
    await page.getByTestId('add-note').click();
    await page.getByTestId('note-text').fill('## Findings\n\n- Paris placed **2** of the 4 orders');
    await page.getByTestId('note-text').press('Shift+Enter');
    const findings = page.getByTestId('prose').filter({ hasText: 'Findings' });
    expect(await findings.locator('h2').innerText()).toBe('Findings');
    expect(await findings.locator('li').innerText()).toBe('Paris placed 2 of the 4 orders');
    await findings.dblclick();
    await page.getByTestId('note-text').fill('```sql sneaky\nSELECT 1\n```');
    await page.getByTestId('note-done').click();
    expect(await page.locator('.edit-error').innerText()).toContain('A note cannot hold a ``` fence line');
    await page.getByTestId('note-text').press('Escape');
    expect(await page.getByTestId('prose').filter({ hasText: 'Findings' }).count()).toBe(1);
    expect(await cellLocator(page, 'sneaky').count()).toBe(0);
    // With a cell selected, the note goes right below it, between two cells.
    await editCode(page, cellLocator(page, 'preview'));
    await page.getByTestId('add-note').click();
    await page.getByTestId('note-text').fill('Between the two queries.');
    await page.getByTestId('note-done').click();
    const order = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="cell"], [data-testid="prose"]')].map((e) => e.getAttribute('data-cell-id') ?? (e.textContent ?? '').trim().slice(0, 24)),
    );
    expect(order.indexOf('Between the two queries.')).toBe(order.indexOf('preview') + 1);
    expect(order.indexOf('profile')).toBe(order.indexOf('preview') + 2);
    expect(await savedNotebook(page)).toContain('LIMIT 100\n```\n\nBetween the two queries.\n\n');
    await page.screenshot({ path: `${SHOTS}/own-data-notes.png`, fullPage: true });
  });

  it('the title is set by the user: it names the download and the notebook in "My notebooks"', async () => {
    const { page } = s;
    await page.getByTestId('notebook-title').click();
    await page.getByTestId('title-input').fill('Orders review, June');
    await page.getByTestId('title-input').press('Enter');
    await page.getByTestId('notebook-title').filter({ hasText: 'Orders review, June' }).waitFor();
    const dl = await download(page, () => page.getByTestId('download-notebook').click());
    expect(dl.name).toBe('orders-review-june.pulse.md');
    expect(dl.text).toMatch(/^---\ntitle: Orders review, June\n/);
    await expect.poll(() => page.getByTestId('save-status').innerText(), { timeout: 10_000 }).toMatch(/Saved/);
    await page.locator('a.brand').click();
    const mine = page.getByTestId('my-notebooks');
    await mine.waitFor();
    expect(await page.getByTestId('my-notebooks-where').innerText()).toMatch(/^1 notebook saved in this browser, most recently edited first\. They stay here between visits/);
    const row = page.getByTestId('my-notebook').filter({ hasText: 'Orders review, June' });
    // 2 cells; notes: the heading with the edited text, "Between the two queries." (one block with the
    // profile's note: nothing but blank lines separates them), Findings; data: both files.
    expect(await row.innerText()).toMatch(/Orders review, June\s+2 cells · 3 notes · data: orders, customers · edited (just now|1 min ago)/);
    await page.getByTestId('home-my-notebooks').screenshot({ path: `${SHOTS}/own-data-my-notebooks.png` });
  });
});

describe('"Use my data" on a module', () => {
  it('checks a Meta export against CTR module 1 before running: the columns it lacks and the sections that cannot run', async () => {
    const { page } = s;
    const bytes = readFileSync('tests/fixtures/exports/meta_ads_daily.csv');
    // The reference: the export as the importers read it (columns holding a value) against the module's cells.
    const imported = importExport(new Uint8Array(bytes), 'meta_ads_daily.csv');
    const withValues = imported.columns.map((c) => c.name).filter((c) => imported.rows.some((r) => r[c] !== null && r[c] !== undefined));
    const module1 = parseNotebook(readFileSync('notebooks/ctr/01-defining-and-measuring-ctr.pulse.md', 'utf8'));
    const expected = cellsThatCannotRun(module1, 'ads', 'ad_daily', withValues);
    expect(expected.map((b) => b.id)).toContain('kpis'); // it reads sum(conversions), which this export lacks

    await page.locator('a.brand').click();
    await page.locator('[data-testid="module-card"][data-module="ctr-01"]').click();
    const ads = page.locator('[data-testid="dataset-binding"][data-dataset="ads"]');
    await expect.poll(() => ads.getAttribute('data-state'), { timeout: 30_000 }).toBe('sample');
    await ads.getByTestId('use-my-data').setInputFiles({ name: 'meta_ads_daily.csv', mimeType: 'text/csv', buffer: bytes });
    const fit = ads.getByTestId('dataset-fit');
    await fit.waitFor({ timeout: 30_000 });
    expect(await fit.getAttribute('data-fit')).toBe('partial');
    const lacks = [...new Set(expected.flatMap((b) => b.missing))];
    const text = await fit.innerText();
    expect(text).toContain(`Checked before running: your file has no values for ${lacks.join(', ')}, so ${expected.length} cells cannot run.`);
    for (const b of expected) expect(text).toContain(b.via ? `${b.id} builds on ${b.via}` : `${b.id} needs ${b.missing.join(', ')}`);
    for (const section of new Set(expected.map((b) => b.section).filter(Boolean))) expect(text).toContain(section!);
    // Said before running: none of those cells has run (or failed) yet.
    for (const b of expected) expect(await cellLocator(page, b.id).getAttribute('data-status')).toBe('idle');
    // The import kept the columns ad_daily does not name and said which metrics the export lacks.
    const notes = await ads.getByTestId('dataset-import-notes').innerText();
    expect(notes).toContain('kept 7 column(s) the ad_daily schema does not name, as extra columns: "Ad delivery" as ad_delivery, "Frequency" as frequency');
    expect(notes).toContain('the export has no values for engagements, video_views, video_autoplays, conversions, conversion_value');
    await page.locator('[data-testid="notebook-datasets"]').screenshot({ path: `${SHOTS}/own-data-use-my-data-check.png` });
    await ads.getByTestId('back-to-sample').click();
    await expect.poll(() => ads.getAttribute('data-state'), { timeout: 30_000 }).toBe('sample');
    expect(await ads.getByTestId('dataset-fit').count()).toBe(0);
  });
});
