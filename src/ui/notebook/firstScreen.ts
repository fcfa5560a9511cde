/**
 * A copy of a notebook page's first screen, kept so that the next visit to the notebook draws it
 * before any of the app's code has loaded (public/first-screen.js; docs/performance.md, open with
 * results). The copy is the page as drawn, changed to what a reopened page shows while DuckDB starts:
 * the engine starting, the results marked as kept from the last visit, nothing in progress. It holds
 * no ids and no `data-testid` (the live page below has those), no download buttons, no data panel
 * content (that is reloaded), no banners, and only the blocks the live page mounts first.
 */
import DOMPurify from 'dompurify';
import { RESULT_LIMITS } from '../../core/notebook/resultLimits';
import { computedWhen } from '../cells/computedAt';

/** Blocks a notebook page mounts before its first frame; the copy keeps as many. */
export const FIRST_BLOCKS = 6;
/** A copy larger than this (mostly large charts) is not kept: localStorage is small and shared. */
const MAX_CHARS = 1_500_000;

export interface FirstScreenShot {
  v: 1;
  /** The notebook's address key (`#/nb/<key>`). */
  key: string;
  /** The stylesheet the markup's classes belong to; another build's copy is not drawn. */
  css: string;
  /** When the copy was taken (ms since the epoch). */
  takenAt: number;
  html: string;
  /** Styles added from script (the editors'), as CSS text. */
  styles: string;
}

const purify = DOMPurify(window);
/** Attributes a second copy of the page must not carry: ids (and labels' references to them), focus, editing. */
const UNKEPT_ATTRS = ['id', 'for', 'contenteditable', 'tabindex', 'autofocus'];
/** The copy is the app's own markup, whose prose was sanitized when drawn; this is a second line. */
const PURIFY = {
  FORBID_TAGS: ['script', 'link', 'meta', 'base', 'iframe', 'frame', 'frameset', 'object', 'embed', 'form', 'portal', 'template', 'noscript'],
  FORBID_ATTR: [...UNKEPT_ATTRS, 'srcset', 'action', 'formaction', 'ping'],
};

/** The line above a notebook whose results on screen were kept from the last visit. */
export function keptResultsLine(count: number): string {
  return (
    `${count} ${count === 1 ? 'result is' : 'results are'} from your last visit, checked against the code and data as the engine starts ` +
    `(Pulse keeps the first ${RESULT_LIMITS.rows.toLocaleString('en-US')} rows of each table, up to ${RESULT_LIMITS.notebookBytes / 1024 / 1024} MB a notebook, in this browser).`
  );
}

/** What the copy says of the results it shows: how many the next visit restores, and when each was computed. */
export interface KeptOnScreen {
  count: number;
  /** Cell id → when its result was computed (ms since the epoch). */
  computedAt: Record<string, number>;
}

/**
 * The first screen of the notebook page in `doc` (the app's `#app`), or null when there is nothing
 * worth drawing early: no notebook page, no result kept, a cell still queued or running (its result
 * is not kept yet), or a copy too large to keep.
 */
export function captureFirstScreen(doc: Document, key: string, kept: KeptOnScreen, now = Date.now()): FirstScreenShot | null {
  const app = doc.getElementById('app');
  const css = doc.querySelector('link[rel="stylesheet"]')?.getAttribute('href');
  if (!app || !css || !app.querySelector('main.notebook')) return null;
  if (kept.count === 0 || app.querySelector('[data-testid="cell"][data-status="queued"], [data-testid="cell"][data-status="running"]')) return null;

  const copy = cloneFirstScreen(app);
  const main = copy.querySelector('main.notebook')!;
  // Gone on a reopened page: the add row, downloads, alerts, the history panel, the bundle form left
  // open (with its passphrase field), and any file or password field (their values are never kept).
  for (const el of copy.querySelectorAll(
    '.add-row, .kind-help, .downloads, [role="alert"], [data-testid="history-panel"], [data-testid="tab-banner"], [data-testid="template-offer-note"], [data-testid="bundle-form"], input[type="password" i], input[type="file" i]',
  ))
    el.remove();
  // A reopened page opens with the history closed, no cell selected, nothing dragged over it: the
  // copy is laid out the same (the history's column would narrow the notebook until the swap).
  for (const el of copy.querySelectorAll('.with-history, .dragging, .selected')) el.classList.remove('with-history', 'dragging', 'selected');
  // The data panel is filled again as the tables load: keep what it always shows, not its last state.
  const panel = copy.querySelector('[data-testid="data-panel"]');
  if (panel) for (const el of [...panel.children].slice(3)) el.remove();
  // What the reopened page shows while DuckDB starts.
  const engine = copy.querySelector('[data-testid="engine-status"]');
  if (engine) {
    engine.setAttribute('data-state', 'starting');
    engine.textContent = 'Starting DuckDB…';
  }
  // Errors, and results of this visit that went out of date, are not kept: the reopened page shows
  // those cells not run, so the copy does too (an error's text would vanish at the swap).
  for (const cell of copy.querySelectorAll('[data-testid="cell"]')) {
    const status = cell.getAttribute('data-status');
    const notKept = status === 'error' || status === 'skipped' || (status === 'stale' && !cell.querySelector('[data-testid="computed-at"]'));
    if (!notKept) continue;
    cell.setAttribute('data-status', 'idle');
    cell.querySelector('[data-testid="cell-error"]')?.remove();
    const state = cell.querySelector('[data-testid="cell-state"]');
    if (state) state.textContent = 'not run';
  }
  for (const grid of copy.querySelectorAll('[data-testid="result-grid"]')) if (grid.querySelector('.row')) grid.parentElement?.setAttribute('data-testid', 'kept-result');
  // Each result says when it was computed, as on a reopened page.
  for (const cell of copy.querySelectorAll<HTMLElement>('[data-testid="cell"][data-status="ok"]')) {
    const at = kept.computedAt[cell.dataset.cellId ?? ''];
    const state = cell.querySelector('[data-testid="cell-state"]');
    if (at === undefined || !state || state.querySelector('[data-testid="computed-at"]')) continue;
    const stamp = doc.createElement('span');
    stamp.className = 'kept-when';
    stamp.textContent = ` · computed ${computedWhen(at, now)}`;
    state.insertBefore(stamp, state.querySelector(':scope > [data-testid="cell-note"]'));
  }
  if (!copy.querySelector('[data-testid="kept-results-line"]')) {
    const line = doc.createElement('p');
    line.className = 'kept-line';
    line.textContent = keptResultsLine(kept.count);
    const after = main.querySelector('[data-testid="notebook-datasets"]') ?? [...main.querySelectorAll('.toolbar')].at(-1);
    if (after) after.after(line);
    else main.prepend(line);
  }
  // Test and script hooks stay on the live page only: the copy is found by its own names. Nothing in
  // it takes focus or input (the sanitizer drops these too; the copy must not depend on its settings).
  for (const el of copy.querySelectorAll('[data-testid]')) {
    el.setAttribute('data-shot', el.getAttribute('data-testid')!);
    el.removeAttribute('data-testid');
  }
  for (const el of copy.querySelectorAll('[id], [for], [contenteditable], [tabindex], [autofocus]')) for (const a of UNKEPT_ATTRS) el.removeAttribute(a);
  const html = purify.sanitize(copy.innerHTML, PURIFY) as string;
  const styles = scriptStyles(doc);
  if (html.length + styles.length > MAX_CHARS) return null;
  return { v: 1, key, css, takenAt: now, html, styles };
}

/**
 * `app` cloned down to the notebook's first blocks: the rest of a module (~35 blocks, with their grids
 * and editors) is never cloned. Form controls carry their live state into the markup.
 */
function cloneFirstScreen(app: HTMLElement): HTMLElement {
  const deep = (el: Element): Element => {
    const clone = el.cloneNode(true) as Element;
    const live = [...el.querySelectorAll<FormControl>('input, select, textarea')];
    clone.querySelectorAll<FormControl>('input, select, textarea').forEach((c, i) => formState(live[i], c));
    const grids = [...el.querySelectorAll('[data-testid="result-grid"]')];
    clone.querySelectorAll('[data-testid="result-grid"]').forEach((c, i) => unscrolled(grids[i], c));
    return clone;
  };
  const shallow = (el: Element, children: (child: Element) => Element | null): Element => {
    const clone = el.cloneNode(false) as Element;
    for (const child of el.children) {
      const c = children(child);
      if (c) clone.append(c);
    }
    return clone;
  };
  let blocks = 0;
  // Only the first blocks, as the live page mounts them; nothing below them.
  const mainChildren = (child: Element): Element | null => {
    if (blocks >= FIRST_BLOCKS) return null;
    if (child.matches('[data-testid="cell"], .note')) blocks++;
    return deep(child);
  };
  const path = (el: Element): Element =>
    el.matches('main.notebook') ? shallow(el, mainChildren) : el.querySelector('main.notebook') ? shallow(el, path) : deep(el);
  return path(app) as HTMLElement;
}

/**
 * A result grid draws only the rows near its scroll position, placed at their offset. Scrolled down,
 * its copy (never scrolled) would show an empty grid: the rows drawn are moved to its top instead.
 */
function unscrolled(live: Element | undefined, copy: Element): void {
  if (!live || !(live.scrollTop > 0)) return;
  const rows = [...copy.querySelectorAll<HTMLElement>(':scope > div > .row')];
  const tops = rows.map((r) => parseFloat(r.style.top));
  const first = Math.min(...tops);
  if (!Number.isFinite(first) || first <= 0) return;
  rows.forEach((r, i) => (r.style.top = `${tops[i]! - first}px`));
}

type FormControl = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** Input types whose value is not the notebook's to keep. */
const SECRET_INPUTS = new Set(['password', 'file']);

/** Copy a form control's live state into its clone's markup. */
function formState(from: FormControl | undefined, to: FormControl): void {
  if (!from || from.tagName !== to.tagName) return;
  // A passphrase or a picked file's path never goes into the copy, which lies in localStorage as text.
  if (from instanceof HTMLInputElement && SECRET_INPUTS.has(from.type)) return;
  if (from instanceof HTMLInputElement && (from.type === 'checkbox' || from.type === 'radio')) to.toggleAttribute('checked', from.checked);
  else if (from instanceof HTMLSelectElement) [...to.querySelectorAll('option')].forEach((o, i) => o.toggleAttribute('selected', from.options[i]?.selected ?? false));
  else if (from instanceof HTMLTextAreaElement) to.textContent = from.value;
  else to.setAttribute('value', from.value);
}

/** CSS added from script: constructed sheets (CodeMirror's) and `<style>` elements in the head. */
function scriptStyles(doc: Document): string {
  const rules: string[] = [];
  const sheets = [...(doc.adoptedStyleSheets ?? []), ...[...doc.head.querySelectorAll('style')].map((s) => s.sheet).filter((s): s is CSSStyleSheet => s !== null)];
  for (const sheet of sheets) {
    try {
      for (const rule of sheet.cssRules) rules.push(rule.cssText);
    } catch {
      // A sheet whose rules cannot be read adds nothing.
    }
  }
  return rules.join('\n');
}
