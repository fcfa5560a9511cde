/**
 * Reading a module's results in the browser, for the module tests: every row of a result grid as text,
 * a cell's row count, and the shape of one module's planted-value check.
 */
import type { Page } from 'playwright-core';
import { cellLocator } from './ui';

/** One value a module's sample was planted to show, read from the page after Run all. */
export interface ModuleCheck {
  what: string;
  check: (page: Page) => Promise<void>;
}

export type Row = Record<string, string>;

/** Every row of a cell's result grid as text, scrolling the (virtualized) grid to render them all. */
export async function gridRows(page: Page, cellId: string): Promise<Row[]> {
  const grid = cellLocator(page, cellId).getByTestId('result-grid');
  await grid.waitFor();
  const header = (await grid.locator('.head span').allTextContents()).slice(1);
  const rows = new Map<number, Row>();
  for (let pass = 0; pass < 200; pass++) {
    await page.waitForFunction((el) => !el!.querySelector('.loading'), await grid.elementHandle(), { timeout: 10_000 });
    const seen = await grid.locator('.row').evaluateAll((els) =>
      els.map((e) => ({ i: Number(e.getAttribute('data-row')), cells: [...e.querySelectorAll('span:not(.rn)')].map((s) => s.getAttribute('title') ?? s.textContent ?? '') })),
    );
    for (const r of seen) rows.set(r.i, Object.fromEntries(header.map((h, j) => [h, r.cells[j] ?? ''])));
    const done = await grid.evaluate((el) => {
      const before = el.scrollTop;
      el.scrollTop = before + el.clientHeight - 30;
      return el.scrollTop === before;
    });
    if (done) break;
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, r]) => r);
}

/** The row count a cell's status line shows. */
export async function rowCount(page: Page, cellId: string): Promise<number> {
  return Number((await cellLocator(page, cellId).getByTestId('row-count').textContent())!.replace(/,/g, ''));
}

