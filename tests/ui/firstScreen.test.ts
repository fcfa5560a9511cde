/**
 * captureFirstScreen (src/ui/notebook/firstScreen.ts) on a page shaped like the app's notebook page,
 * in linkedom's DOM. What it must do is stated in docs/storage.md ("The first screen, drawn before the
 * app loads"): the first six blocks only, no ids or test hooks, nothing that takes focus or input, form
 * state carried, the kept line and each result's "computed" time, nothing while a cell runs.
 *
 * Not covered here: the DOMPurify pass (linkedom has no `document.implementation`, so DOMPurify reports
 * itself unsupported and leaves markup as it is); tests/e2e/security.test.ts ("a hostile notebook
 * reopened") checks the stored copy of a hostile notebook in Chromium.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';

type Capture = typeof import('../../src/ui/notebook/firstScreen');
let fs: Capture;
let win: ReturnType<typeof parseHTML>;

beforeAll(async () => {
  win = parseHTML('<!doctype html><html><head></head><body></body></html>');
  // The module builds its sanitizer from `window` and checks controls with the DOM's classes.
  const g = globalThis as Record<string, unknown>;
  for (const k of ['window', 'HTMLInputElement', 'HTMLSelectElement', 'HTMLTextAreaElement']) g[k] ??= (win as unknown as Record<string, unknown>)[k];
  fs = await import('../../src/ui/notebook/firstScreen');
});

const CSS = '/assets/index-Abc123.css';

/** A cell as CellView draws it: status line, a grid with rows when it has a result, downloads. */
function cellHtml(id: string, status: string, rows = 0): string {
  const grid = rows > 0 ? `<div><div class="grid" data-testid="result-grid">${Array.from({ length: rows }, (_, i) => `<div class="row" data-row="${i}"><span>${id}-${i}</span></div>`).join('')}</div></div><div class="downloads">Download <button data-testid="download-csv">CSV</button></div>` : '';
  return (
    `<section class="cell" role="group" tabindex="-1" data-testid="cell" data-cell-id="${id}" data-kind="sql" data-status="${status}">` +
    `<div class="bar"><button class="id" data-testid="cell-id">${id}</button><span class="state" data-testid="cell-state">${status}<span data-testid="cell-note">note</span></span></div>` +
    `<div class="cm-content" contenteditable="true" tabindex="0">SELECT 1</div>${grid}</section>`
  );
}

/** The app's DOM: header, data panel, toolbars (the bundle form open), datasets, then `blocks`. */
function page(blocks: string[]): Document {
  const { document } = parseHTML(
    `<!doctype html><html><head><link rel="stylesheet" href="${CSS}"></head><body><div id="app">` +
      `<header class="top"><a class="brand" href="#/">Pulse</a><span data-testid="engine-status" data-state="ready">DuckDB ready</span>` +
      `<label class="open-file">Open…<input type="file" data-testid="open-file"></label></header>` +
      `<div class="page" role="region"><aside class="data" data-testid="data-panel"><h2>Data</h2><label class="add">Add data…<input type="file" data-testid="file-input"></label><p class="hint">Files stay here.</p>` +
      `<p class="hint" data-testid="storage-usage">Browser storage: 3 MB</p><div class="job" data-testid="import-job">orders.csv 1,204 rows</div></aside>` +
      `<main class="notebook"><div class="toolbar"><h1><button class="title" data-testid="notebook-title">Module 1</button></h1><button data-testid="run-all">Run all</button>` +
      `<label><input type="checkbox" data-testid="reactive"> re-run dependents</label></div>` +
      `<div class="toolbar secondary"><span class="bundle"><button data-testid="bundle-export">Bundle (.pulse.zip)</button><form class="pop" data-testid="bundle-form">` +
      `<label><input type="checkbox" data-testid="bundle-encrypt"> Encrypt</label><input type="password" data-testid="bundle-passphrase" id="pp"></form></span></div>` +
      `<div data-testid="notebook-datasets">ads: sample data</div>` +
      `<p class="edit-error" role="alert">Could not rename.</p>` +
      blocks.join('') +
      `<div class="add-row"><select data-testid="new-kind"><option>sql</option></select></div><p class="kind-help">A SQL query.</p>` +
      `</main></div></div></body></html>`,
  );
  return document as unknown as Document;
}

/** A live control's property, which (as in a browser) the markup does not show. */
function live(el: Element | null, prop: 'value' | 'checked', value: string | boolean) {
  Object.defineProperty(el, prop, { value, configurable: true });
}

const note = (text: string) => `<div class="note"><div class="prose" data-testid="prose"><p>${text}</p></div></div>`;
const NOW = new Date(2026, 11, 5, 14, 30).getTime();
const AT = new Date(2026, 11, 5, 14, 5).getTime();

/** The stored markup parsed back, as public/first-screen.js lays it into its shadow root. */
function drawn(html: string): HTMLElement {
  const { document } = parseHTML(`<!doctype html><html><body><div id="root">${html}</div></body></html>`);
  return document.getElementById('root') as unknown as HTMLElement;
}

describe('captureFirstScreen', () => {
  it('keeps the header, the fixed part of the data panel and the first six blocks, without hooks, ids or anything focusable', () => {
    const blocks = [note('Goal'), cellHtml('kpis', 'ok', 3), note('How to read it'), cellHtml('by_day', 'ok', 2), cellHtml('chart', 'ok'), note('Sixth'), cellHtml('seventh', 'ok', 2), note('Eighth')];
    const shot = fs.captureFirstScreen(page(blocks), 'segments/01-x.pulse.md', { count: 4, computedAt: { kpis: AT } }, NOW)!;
    expect(shot).toMatchObject({ v: 1, key: 'segments/01-x.pulse.md', css: CSS, takenAt: NOW });
    const copy = drawn(shot.html);
    const main = copy.querySelector('main.notebook')!;
    // Six blocks (FIRST_BLOCKS), in order; the seventh and eighth are not in the copy.
    expect(fs.FIRST_BLOCKS).toBe(6);
    expect([...main.querySelectorAll('[data-shot="cell"], .note')].map((b) => b.getAttribute('data-cell-id') ?? b.textContent)).toEqual(['Goal', 'kpis', 'How to read it', 'by_day', 'chart', 'Sixth']);
    expect(shot.html).not.toContain('seventh');
    expect(shot.html).not.toContain('Eighth');
    // The add row, kind help, downloads and alerts are not on a reopened page.
    expect(copy.querySelectorAll('.add-row, .kind-help, .downloads, [role="alert"]').length).toBe(0);
    // The data panel keeps its heading, its "Add data" and its hint; storage use and imports are filled again as tables load.
    expect([...copy.querySelector('[data-shot="data-panel"]')!.children].map((c) => c.tagName)).toEqual(['H2', 'LABEL', 'P']);
    // No test hooks (renamed data-shot), no ids, nothing editable or focusable.
    expect(copy.querySelectorAll('[data-testid], [id], [contenteditable], [tabindex]').length).toBe(0);
    expect(copy.querySelectorAll('[data-shot="cell"]').length).toBe(3);
    // The engine is shown starting, as on a reopened page.
    const engine = copy.querySelector('[data-shot="engine-status"]')!;
    expect([engine.getAttribute('data-state'), engine.textContent]).toEqual(['starting', 'Starting DuckDB…']);
    // Grids with rows are marked as kept results.
    expect(copy.querySelectorAll('[data-shot="kept-result"] [data-shot="result-grid"] .row').length).toBe(5);
  });

  it('adds the kept-results line after the datasets and each result\'s "computed" time before its note', () => {
    const shot = fs.captureFirstScreen(page([cellHtml('kpis', 'ok', 1), cellHtml('other', 'ok', 1)]), 'nb', { count: 2, computedAt: { kpis: AT } }, NOW)!;
    const copy = drawn(shot.html);
    const line = copy.querySelector('.kept-line')!;
    expect(line.previousElementSibling?.getAttribute('data-shot')).toBe('notebook-datasets');
    expect(line.textContent).toBe(fs.keptResultsLine(2));
    expect(line.textContent).toMatch(/^2 results are from your last visit/);
    // 14:05 local time on the day of `now`: the time alone (computedAt.ts), two-digit hour and minute.
    const state = copy.querySelector('[data-cell-id="kpis"] [data-shot="cell-state"]')!;
    const stamp = state.querySelector('.kept-when')!;
    expect(stamp.textContent).toBe(' · computed 14:05');
    expect(stamp.nextElementSibling?.getAttribute('data-shot')).toBe('cell-note');
    // A result with no time known gets no stamp.
    expect(copy.querySelector('[data-cell-id="other"] .kept-when')).toBeNull();
  });

  it('carries what the controls hold now, not what their markup says', () => {
    const doc = page([cellHtml('kpis', 'ok', 1)]);
    const main = doc.querySelector('main')!;
    main.insertAdjacentHTML(
      'afterbegin',
      '<div class="toolbar"><input type="text" data-testid="inp" value="from markup"><textarea data-testid="ta">old</textarea>' +
        '<select data-testid="sel"><option>EU</option><option selected>US</option></select></div>',
    );
    live(doc.querySelector('[data-testid="inp"]'), 'value', 'Spring sale');
    live(doc.querySelector('[data-testid="ta"]'), 'value', 'my answer');
    live(doc.querySelector('[data-testid="reactive"]'), 'checked', true);
    const select = doc.querySelector('[data-testid="sel"]') as unknown as { options: { selected: boolean }[] };
    live(select as unknown as Element, 'options' as 'value', [{ selected: true }, { selected: false }] as unknown as string);
    const copy = drawn(fs.captureFirstScreen(doc, 'nb', { count: 1, computedAt: {} }, NOW)!.html);
    expect(copy.querySelector('[data-shot="inp"]')!.getAttribute('value')).toBe('Spring sale');
    expect(copy.querySelector('[data-shot="ta"]')!.textContent).toBe('my answer');
    expect(copy.querySelector('[data-shot="reactive"]')!.hasAttribute('checked')).toBe(true);
    expect([...copy.querySelectorAll('[data-shot="sel"] option')].map((o) => o.hasAttribute('selected'))).toEqual([true, false]);
  });

  it('is laid out as a reopened page opens: history closed, no cell selected', () => {
    const doc = page([cellHtml('kpis', 'ok', 1)]);
    doc.querySelector('.page')!.classList.add('with-history', 'dragging');
    doc.querySelector('[data-cell-id="kpis"]')!.classList.add('selected');
    const copy = drawn(fs.captureFirstScreen(doc, 'nb', { count: 1, computedAt: {} }, NOW)!.html);
    expect(copy.querySelector('.page')!.getAttribute('class')).toBe('page');
    expect(copy.querySelector('[data-cell-id="kpis"]')!.getAttribute('class')).toBe('cell');
  });

  it('shows cells whose result is not kept (an error, a result of this visit gone out of date) as the reopened page does: not run', () => {
    const failed = cellHtml('broken', 'error').replace('</section>', '<pre class="error" data-testid="cell-error">Line 3: no table ads</pre></section>');
    const keptStale = cellHtml('old', 'stale', 1).replace('<span data-testid="cell-note">', '<span class="when" data-testid="computed-at">· result computed 09:12, out of date</span><span data-testid="cell-note">');
    const doc = page([cellHtml('kpis', 'ok', 1), failed, cellHtml('edited', 'stale'), keptStale]);
    const copy = drawn(fs.captureFirstScreen(doc, 'nb', { count: 2, computedAt: {} }, NOW)!.html);
    const shown = (id: string) => [copy.querySelector(`[data-cell-id="${id}"]`)!.getAttribute('data-status'), copy.querySelector(`[data-cell-id="${id}"] [data-shot="cell-state"]`)!.textContent];
    expect(shown('broken')).toEqual(['idle', 'not run']);
    expect(shown('edited')).toEqual(['idle', 'not run']);
    expect(copy.querySelector('[data-shot="cell-error"]')).toBeNull();
    // A result kept from the last visit and now out of date is restored (dimmed) on the next one: it stays.
    expect(shown('old')[0]).toBe('stale');
    expect(shown('kpis')[0]).toBe('ok');
  });

  it('moves the rows of a grid scrolled down to its top, where the copy (never scrolled) shows them', () => {
    // ResultGrid draws the rows near the scroll position at top = row × 26 px; scrolled to row 100, it drew rows 95….
    const rows = [95, 96, 97].map((i) => `<div class="row" style="top: ${i * 26}px" data-row="${i}"><span>${i + 1}</span></div>`).join('');
    const grid = `<div class="grid" data-testid="result-grid"><div class="head"></div><div style="height: 26000px; position: relative">${rows}</div></div>`;
    const scrolled = `<section class="cell" data-testid="cell" data-cell-id="long" data-status="ok"><span data-testid="cell-state">ok</span><div>${grid}</div></section>`;
    const doc = page([scrolled, scrolled.replace('"long"', '"top"')]);
    live(doc.querySelector('[data-cell-id="long"] [data-testid="result-grid"]'), 'scrollTop' as 'value', 2600 as unknown as string);
    const copy = drawn(fs.captureFirstScreen(doc, 'nb', { count: 2, computedAt: {} }, NOW)!.html);
    const tops = (id: string) => [...copy.querySelectorAll(`[data-cell-id="${id}"] .row`)].map((r) => [r.getAttribute('data-row'), (r as HTMLElement).style.top]);
    expect(tops('long')).toEqual([['95', '0px'], ['96', '26px'], ['97', '52px']]);
    // A grid at its top is copied as drawn.
    expect(tops('top')).toEqual([['95', '2470px'], ['96', '2496px'], ['97', '2522px']]);
  });

  it('never keeps a passphrase or a picked file, nor the bundle form left open', () => {
    const doc = page([cellHtml('kpis', 'ok', 1)]);
    live(doc.querySelector('[data-testid="bundle-passphrase"]'), 'value', 'correct horse battery');
    live(doc.querySelector('[data-testid="file-input"]'), 'value', 'C:\\fakepath\\salaries-2026.csv');
    live(doc.querySelector('[data-testid="bundle-encrypt"]'), 'checked', true);
    const html = fs.captureFirstScreen(doc, 'nb', { count: 1, computedAt: {} }, NOW)!.html;
    expect(html).not.toContain('correct horse battery');
    expect(html).not.toContain('salaries-2026');
    const copy = drawn(html);
    expect(copy.querySelectorAll('input[type="password"], input[type="file"], form, .pop').length).toBe(0);
    // The button that opens the form is still there, as on a reopened page.
    expect(copy.querySelector('[data-shot="bundle-export"]')?.textContent).toBe('Bundle (.pulse.zip)');
  });

  it('takes nothing while a cell is queued or running, when no result is kept, or off a notebook page', () => {
    expect(fs.captureFirstScreen(page([cellHtml('kpis', 'ok', 1), cellHtml('slow', 'running')]), 'nb', { count: 1, computedAt: {} }, NOW)).toBeNull();
    expect(fs.captureFirstScreen(page([cellHtml('kpis', 'queued')]), 'nb', { count: 1, computedAt: {} }, NOW)).toBeNull();
    expect(fs.captureFirstScreen(page([cellHtml('kpis', 'ok', 1)]), 'nb', { count: 0, computedAt: {} }, NOW)).toBeNull();
    const library = parseHTML(`<!doctype html><html><head><link rel="stylesheet" href="${CSS}"></head><body><div id="app"><main class="home">Modules</main></div></body></html>`).document;
    expect(fs.captureFirstScreen(library as unknown as Document, 'nb', { count: 1, computedAt: {} }, NOW)).toBeNull();
  });

  it('does not keep a copy larger than a localStorage entry can reasonably hold', () => {
    const huge = cellHtml('big', 'ok', 1).replace('SELECT 1', 'x'.repeat(1_600_000));
    expect(fs.captureFirstScreen(page([huge]), 'nb', { count: 1, computedAt: {} }, NOW)).toBeNull();
  });
});
