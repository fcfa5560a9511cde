/**
 * Data in and out: column profiles of a known CSV, an .xlsx import (fixture written with the same
 * SheetJS build), downloads of a result (CSV, Parquet), a chart (SVG, PNG), the notebook and its HTML
 * report, a 1,000,000-row CSV through the file input with its progress bar, and a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, type AppSession } from './support/browser';
import { cellLocator, download, openNotebookText, runsSettled } from './support/ui';

let s: AppSession;
const cell = (id: string) => cellLocator(s.page, id);
const table = (name: string) => s.page.locator(`[data-testid="catalog-table"][data-table="${name}"]`);

/** 6 rows; `clicks` has one empty value, `channel` 3 distinct values. */
const CSV = ['day,channel,clicks', '2024-06-01,email,5', '2024-06-02,search,7', '2024-06-03,social,', '2024-06-04,email,12', '2024-06-05,search,3', '2024-06-06,email,9'].join('\n') + '\n';

const NOTEBOOK = `---
pulse: 1
title: Data e2e
---

\`\`\`sql by_channel
SELECT channel, sum(clicks) AS clicks, min(day) AS first_day FROM ads GROUP BY channel ORDER BY channel
\`\`\`

\`\`\`plot chart
from: by_channel
mark: barY
x: channel
y: clicks
\`\`\`

\`\`\`plot clicks_shaded
from: by_channel
mark: barY
x: channel
y: clicks
fill: clicks
\`\`\`

\`\`\`plot clicks_by_channel
from: by_channel
mark: barY
x: channel
y: clicks
fill: channel
title: Clicks per channel
caption: Sum over the six days
\`\`\`
`;

function workbook(): Buffer {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['note'], ['the data is on the next sheet']]), 'About');
  XLSX.utils.book_append_sheet(
    wb,
    XLSX.utils.aoa_to_sheet([
      ['day', 'campaign', 'spend', 'active'],
      [new Date('2024-06-01T00:00:00Z'), 'spring', 12.5, true],
      [new Date('2024-06-02T00:00:00Z'), 'summer', 30, false],
      [new Date('2024-06-03T00:00:00Z'), 'spring', null, true],
    ]),
    'Spend',
  );
  return Buffer.from(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

beforeAll(async () => {
  s = await openApp('/');
  await openNotebookText(s.page, 'data.pulse.md', NOTEBOOK, 'Data e2e');
});
afterAll(async () => {
  const foreign = s?.foreignRequests() ?? [];
  await s?.close();
  expect(foreign).toEqual([]);
});

describe('data panel and downloads', () => {
  it("profiles a CSV's columns: type, nulls, distinct, min / max, histogram or top values", async () => {
    await s.page.getByTestId('file-input').setInputFiles({ name: 'ads.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await table('ads').waitFor({ timeout: 30_000 });
    await table('ads').locator('summary').click();
    const col = (name: string) => table('ads').locator(`[data-testid="column-profile"][data-column="${name}"]`);
    await col('clicks').waitFor({ timeout: 20_000 });
    const stat = async (name: string, what: string) => (await col(name).getByTestId(`profile-${what}`).textContent())?.trim();
    expect(await col('clicks').locator('.type').textContent()).toBe('BIGINT');
    expect(await stat('clicks', 'nulls')).toBe('1');
    expect(await stat('clicks', 'distinct')).toBe('5');
    expect(await stat('clicks', 'min')).toBe('3');
    expect(await stat('clicks', 'max')).toBe('12');
    expect(await col('clicks').getByTestId('profile-histogram').getAttribute('aria-label')).toBe('Histogram of clicks: 1, 0, 1, 0, 1, 0, 1, 0, 0, 1');
    expect(await stat('day', 'min')).toBe('2024-06-01');
    expect(await stat('day', 'max')).toBe('2024-06-06');
    expect(await stat('channel', 'nulls')).toBe('0');
    expect(await stat('channel', 'distinct')).toBe('3');
    expect((await col('channel').getByTestId('profile-top').locator('li').first().textContent())?.replace(/\s+/g, ' ').trim()).toBe('email 3');
    await s.page.screenshot({ path: '/tmp/ui-data-profile.png' });
  });

  it('imports the chosen sheet of an .xlsx workbook with typed columns', async () => {
    await s.page.getByTestId('file-input').setInputFiles({ name: 'Spend Report.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: workbook() });
    const select = s.page.getByTestId('sheet-select');
    await select.waitFor({ timeout: 20_000 });
    expect(await select.locator('option').allTextContents()).toEqual(['About', 'Spend']);
    await s.page.screenshot({ path: '/tmp/ui-data-sheet.png' });
    await select.selectOption('Spend');
    await s.page.getByTestId('sheet-import').click();
    await table('spend_report').waitFor({ timeout: 20_000 });
    expect(await table('spend_report').locator('summary').textContent()).toContain('3 rows');
    await table('spend_report').locator('summary').click();
    await table('spend_report').locator('[data-column="active"]').waitFor({ timeout: 20_000 });
    const types = await table('spend_report').locator('[data-testid="column-profile"] .type').allTextContents();
    expect(types).toEqual(['DATE', 'VARCHAR', 'DOUBLE', 'BOOLEAN']);
    const spend = table('spend_report').locator('[data-column="spend"]');
    expect(await spend.getByTestId('profile-nulls').textContent()).toBe('1');
    expect(await spend.getByTestId('profile-max').textContent()).toBe('30.0');
    // A one-sheet workbook goes straight in.
    const one = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(one, XLSX.utils.aoa_to_sheet([['a', 'b'], [1, 'x'], [2, 'y']]), 'Only');
    await s.page.getByTestId('file-input').setInputFiles({ name: 'one.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(XLSX.write(one, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer) });
    await table('one').waitFor({ timeout: 20_000 });
    expect(await table('one').locator('summary').textContent()).toContain('2 rows');
  });

  it('downloads a result as CSV and Parquet with the expected content', async () => {
    await s.page.getByTestId('run-all').click();
    await runsSettled(s.page);
    expect(await cell('by_channel').getAttribute('data-status')).toBe('ok');
    const csv = await download(s.page, () => cell('by_channel').getByTestId('download-csv').click());
    expect(csv.name).toBe('by_channel.csv');
    expect(csv.text).toBe('channel,clicks,first_day\r\nemail,26,2024-06-01\r\nsearch,10,2024-06-02\r\nsocial,,2024-06-03\r\n');

    const pq = await download(s.page, () => cell('by_channel').getByTestId('download-parquet').click());
    expect(pq.name).toBe('by_channel.parquet');
    expect(pq.bytes.subarray(0, 4).toString()).toBe('PAR1');
    // Read it back with native DuckDB: another Parquet reader agrees on the rows.
    const dir = mkdtempSync(join(tmpdir(), 'pulse-ui-pq-'));
    writeFileSync(join(dir, 'r.parquet'), pq.bytes);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (await conn.runAndReadAll(`SELECT channel, clicks::INTEGER AS clicks FROM '${join(dir, 'r.parquet')}' ORDER BY channel`)).getRowObjectsJson();
    conn.closeSync();
    expect(rows).toEqual([
      { channel: 'email', clicks: 26 },
      { channel: 'search', clicks: 10 },
      { channel: 'social', clicks: null },
    ]);
  });

  it('downloads a chart as SVG and PNG', async () => {
    // A chart is drawn as it comes near the screen.
    await cell('chart').scrollIntoViewIfNeeded();
    await cell('chart').locator('[data-testid="plot"] svg').first().waitFor();
    const svg = await download(s.page, () => cell('chart').getByTestId('download-svg').click());
    expect(svg.name).toBe('chart.svg');
    expect(svg.text).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((svg.text.match(/<rect/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(svg.text).toMatch(/email[\s\S]*search/);
    const png = await download(s.page, () => cell('chart').getByTestId('download-png').click());
    expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(png.bytes.length).toBeGreaterThan(1000);
  });

  it('downloads a chart with its title, legend and caption as one standalone SVG, and the PNG from it', async () => {
    const titled = cell('clicks_by_channel');
    await titled.scrollIntoViewIfNeeded();
    await titled.locator('[data-testid="plot"] figure').waitFor();
    const svg = await download(s.page, () => titled.getByTestId('download-svg').click());
    expect(svg.name).toBe('clicks_by_channel.svg');
    // Parsed as an SVG document (not HTML): no parser error, the SVG namespace and a size a viewer can use.
    const doc = await s.page.evaluate((text) => {
      const d = new DOMParser().parseFromString(text, 'image/svg+xml');
      const root = d.documentElement;
      return {
        error: d.querySelector('parsererror')?.textContent ?? null,
        name: root.localName,
        ns: root.namespaceURI,
        width: Number(root.getAttribute('width')),
        height: Number(root.getAttribute('height')),
        texts: [...root.querySelectorAll(':scope > text')].map((t) => t.textContent),
        swatchFills: [...root.querySelectorAll(':scope > svg')].filter((e) => Number(e.getAttribute('width')) < 50).map((e) => e.getAttribute('fill')),
        nestedSvgs: root.querySelectorAll(':scope > svg').length,
      };
    }, svg.text);
    expect(doc.error).toBeNull();
    expect(doc).toMatchObject({ name: 'svg', ns: 'http://www.w3.org/2000/svg' });
    expect(svg.text).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(doc.width).toBeGreaterThan(100);
    expect(doc.height).toBeGreaterThan(100);
    // Title, caption and the three legend labels (the channels) are text in the file.
    expect(doc.texts).toEqual(expect.arrayContaining(['Clicks per channel', 'email', 'search', 'social']));
    expect(doc.texts.join(' ')).toContain('Sum over the six days');
    // One small coloured swatch per channel, three distinct colours, plus the chart itself.
    expect(new Set(doc.swatchFills).size).toBe(3);
    expect(doc.nestedSvgs).toBe(4);
    const png = await download(s.page, () => titled.getByTestId('download-png').click());
    expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
    // The PNG is the composed SVG at 2×: its size (IHDR width, height) is twice the SVG's.
    expect([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)]).toEqual([doc.width * 2, doc.height * 2]);

    // A number as fill: the ramp legend comes along as its embedded PNG.
    const shaded = await download(s.page, async () => {
      await cell('clicks_shaded').scrollIntoViewIfNeeded();
      await cell('clicks_shaded').locator('[data-testid="plot"] figure').waitFor();
      await cell('clicks_shaded').getByTestId('download-svg').click();
    });
    expect(shaded.text).toMatch(/-ramp"[\s\S]*<image [^>]*href="data:image\/png;base64,/);
    expect(shaded.text).toMatch(/>clicks</);
  });

  it('downloads the notebook and a static HTML report with its chart and table', async () => {
    const nb = await download(s.page, () => s.page.getByTestId('download-notebook').click());
    expect(nb.name).toBe('data-e2e.pulse.md');
    // The files added in this session are declared in the front matter, so a colleague knows what data it needs.
    expect(nb.text).toBe(
      NOTEBOOK.replace('title: Data e2e\n', 'title: Data e2e\ndatasets:\n  ads:\n    file: ads.csv\n  spend_report:\n    file: Spend Report.xlsx\n  one:\n    file: one.xlsx\n'),
    );
    const report = await download(s.page, () => s.page.getByTestId('download-report').click());
    expect(report.name).toBe('data-e2e.html');
    expect(report.text).toMatch(/<svg/);
    expect(report.text).not.toMatch(/<script/i);
    expect(report.text).toMatch(/<td>email<\/td><td class="n">26<\/td>/);
    // A number as fill: the colour legend is a ramp the browser paints on a canvas, kept as a PNG.
    const shaded = /<section class="cell" id="cell-clicks_shaded">([\s\S]*?)<\/section>/.exec(report.text)?.[1] ?? '';
    expect(shaded).toMatch(/-ramp"[\s\S]*<image [^>]*href="data:image\/png;base64,/);
    expect(shaded).toMatch(/>clicks</);
  });

  it('imports a 1,000,000-row CSV through the file input: the progress bar reaches 100 % and the row count shows', async () => {
    const lines = ['id,value'];
    for (let i = 0; i < 1_000_000; i++) lines.push(`${i},${i % 97}`);
    const big = Buffer.from(lines.join('\n') + '\n');
    await s.page.getByTestId('file-input').setInputFiles({ name: 'million.csv', mimeType: 'text/csv', buffer: big });
    const job = s.page.locator('[data-testid="import-job"]', { hasText: 'million.csv' });
    await job.waitFor();
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    const bar = job.getByTestId('import-progress');
    expect(await bar.getAttribute('value')).toBe(await bar.getAttribute('max'));
    expect(Number(await bar.getAttribute('max'))).toBe(big.length);
    expect(await job.getByTestId('import-progress-text').textContent()).toMatch(/^\s*100 %/);
    expect(await job.getByTestId('import-rows').textContent()).toBe('1,000,000');
    await table('million').waitFor();
    expect(await table('million').locator('summary').textContent()).toContain('1,000,000 rows');
  });

  it('"Clear finished imports" empties the list of finished imports, and their tables stay', async () => {
    const jobs = s.page.getByTestId('import-job');
    expect(await jobs.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('ads.csv'), expect.stringContaining('million.csv')]));
    await s.page.getByTestId('clear-imports').click();
    await expect.poll(() => jobs.count()).toBe(0);
    expect(await s.page.getByTestId('clear-imports').count()).toBe(0);
    expect(await table('ads').count()).toBe(1);
    expect(await table('million').locator('summary').textContent()).toContain('1,000,000 rows');
    // A new import is listed again.
    await s.page.getByTestId('file-input').setInputFiles({ name: 'again.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await expect.poll(() => s.page.locator('[data-testid="import-job"][data-state="done"]').allTextContents(), { timeout: 30_000 }).toEqual([expect.stringContaining('again.csv')]);
  });

  it('comes back after a reload: the notebook page and the bundled notebooks', async () => {
    const url = s.page.url();
    await s.page.reload();
    // A notebook opened from a file lives in this session only (storage is another issue): the page
    // says so and links back; the library still lists the bundled notebooks.
    await s.page.waitForSelector('[data-testid="engine-status"][data-state="ready"]', { timeout: 30_000 });
    expect(s.page.url()).toBe(url);
    await s.page.goto(new URL('/#/', url).href);
    await expect.poll(async () => (await s.page.getByTestId('notebook-link').locator('.title').allTextContents()).map((t) => t.trim())).toContain('Quick start');
    await s.page.getByTestId('notebook-link').first().click();
    await s.page.getByTestId('run-all').waitFor();
    await s.page.reload();
    await s.page.getByTestId('run-all').waitFor({ timeout: 30_000 });
    await s.page.waitForSelector('[data-testid="engine-status"][data-state="ready"]', { timeout: 30_000 });
    expect(await s.page.locator('[data-testid="cell"]').count()).toBeGreaterThan(0);
  });

  it('logged no page errors', () => {
    const unexpected = s.errors.filter((e) => !/CSP script-src blocked eval/.test(e));
    expect(unexpected.map((e) => e.slice(0, 600))).toEqual([]);
  });
});
