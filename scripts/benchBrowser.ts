/**
 * Browser half of `npm run bench`: the same workloads in headless Chromium (Debian's /usr/bin/chromium,
 * never a downloaded browser), once through Pulse's own worker engine (the app built with `vite build`
 * and served with its CSP, as the e2e harness does) and once through bare DuckDB-WASM (bench/, no Pulse
 * code). Times are taken inside the page with performance.now(), so Playwright's round trips are not
 * counted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { serveStatic } from '../tests/e2e/support/staticServer.ts';

const ROOT = join(import.meta.dirname, '..');
export const CHROMIUM = process.env.PULSE_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export type Target = 'pulse' | 'bare';

export interface BrowserSite {
  urls: Record<Target, string>;
  close(): Promise<void>;
}

/** Build Pulse and the bare page into temporary folders and serve both on 127.0.0.1 with Pulse's CSP. */
export async function serveBoth(): Promise<BrowserSite> {
  const pulseDir = mkdtempSync(join(tmpdir(), 'pulse-bench-app-'));
  const bareDir = mkdtempSync(join(tmpdir(), 'pulse-bench-bare-'));
  await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: pulseDir, emptyOutDir: true } });
  await build({
    root: join(ROOT, 'bench'),
    configFile: false,
    base: './',
    logLevel: 'warn',
    worker: { format: 'es' },
    optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
    build: { outDir: bareDir, emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0, chunkSizeWarningLimit: 5000 },
  });
  const pulse = await serveStatic(pulseDir);
  const bare = await serveStatic(bareDir);
  return {
    urls: { pulse: pulse.url, bare: `${bare.url}/index.html` },
    async close() {
      pulse.server.close();
      bare.server.close();
      rmSync(pulseDir, { recursive: true, force: true });
      rmSync(bareDir, { recursive: true, force: true });
    },
  };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** Wait until the page's hook exists, then run `body` in the page and return its result. */
async function ready(page: Page, target: Target): Promise<void> {
  await page.waitForFunction((t) => (t === 'pulse' ? '__pulse' : '__bare') in globalThis, target, { polling: 5, timeout: 60_000 });
}

export interface WorkloadTimes {
  ingestMs: number;
  aggregateMs: number;
  windowMs: number;
  arrowMs: number;
  rowsLoaded: number;
}

/**
 * One run of the workloads on a fresh context (fresh engine; for Pulse, once the app has settled): ingest the CSV picked in a file input,
 * materialize the aggregate and the window query, then bring a 100k-row result to the main thread as an
 * Arrow table.
 */
export async function runWorkloads(browser: Browser, site: BrowserSite, target: Target, csv: string, sql: { aggregate: string; window: string; arrow: string }): Promise<WorkloadTimes> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(site.urls[target]);
    await ready(page, target);
    if (target === 'pulse') {
      await page.evaluate(async () => {
        const { client } = (globalThis as any).__pulse;
        await client.start();
        // Measure the engine in a settled app, as a user meets it: the first visit's offline install
        // (~50 MB precached once DuckDB has been idle 2 s) and the UI's start-up work are done. Cold
        // start is measured separately, from navigation.
        await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 30_000))]);
        await client.idle(1000);
        // Pulse's UI has its own import button; the benchmark adds a plain input so it does not depend on the UI.
        const input = document.createElement('input');
        input.type = 'file';
        input.id = 'bench-file';
        document.body.append(input);
      });
      await page.setInputFiles('#bench-file', csv);
      return await page.evaluate(async (sql) => {
        const { client } = (globalThis as any).__pulse;
        const arrow = await (globalThis as any).__pulse.arrow();
        const file = (document.getElementById('bench-file') as HTMLInputElement).files![0]!;
        let t = performance.now();
        const info = await client.importFile('events', file, () => undefined);
        const ingestMs = performance.now() - t;
        const api = await client.api();
        t = performance.now();
        await api.materialize('bench_aggregate', sql.aggregate);
        const aggregateMs = performance.now() - t;
        t = performance.now();
        await api.materialize('bench_window', sql.window);
        const windowMs = performance.now() - t;
        t = performance.now();
        const res = await api.query(sql.arrow, [], 100_000);
        const table = arrow.tableFromIPC(res.ipc);
        const arrowMs = performance.now() - t;
        if (table.numRows !== 100_000) throw new Error(`expected 100000 rows on the main thread, got ${table.numRows}`);
        return { ingestMs, aggregateMs, windowMs, arrowMs, rowsLoaded: info.rowCount };
      }, sql);
    }
    await page.evaluate(() => (globalThis as any).__bare.start());
    await page.setInputFiles('#file', csv);
    return await page.evaluate(async (sql) => {
      const bare = (globalThis as any).__bare;
      let t = performance.now();
      const rowsLoaded = await bare.ingest();
      const ingestMs = performance.now() - t;
      t = performance.now();
      await bare.exec(`CREATE OR REPLACE TABLE bench_aggregate AS ${sql.aggregate}`);
      const aggregateMs = performance.now() - t;
      t = performance.now();
      await bare.exec(`CREATE OR REPLACE TABLE bench_window AS ${sql.window}`);
      const windowMs = performance.now() - t;
      t = performance.now();
      const n = await bare.arrow(sql.arrow);
      const arrowMs = performance.now() - t;
      if (n !== 100_000) throw new Error(`expected 100000 rows on the main thread, got ${n}`);
      return { ingestMs, aggregateMs, windowMs, arrowMs, rowsLoaded };
    }, sql);
  } finally {
    await context.close();
  }
}

/** Navigation start to the first query result, in the page's own clock (performance.now() = ms since navigation). */
async function firstResult(context: BrowserContext, url: string, target: Target): Promise<number> {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  await ready(page, target);
  return page.evaluate(async (t) => {
    if (t === 'pulse') {
      const { client } = (globalThis as any).__pulse;
      const res = await (await client.api()).query('SELECT 42 AS x');
      const arrow = await (globalThis as any).__pulse.arrow();
      if (arrow.tableFromIPC(res.ipc).get(0).x !== 42) throw new Error('wrong answer');
    } else {
      if ((await (globalThis as any).__bare.arrow('SELECT 42 AS x')) !== 1) throw new Error('wrong answer');
    }
    return performance.now();
  }, target);
}

/**
 * Cold start on a fresh browser profile (first visit), then with the same profile after the browser was
 * closed and started again (repeat visit: HTTP cache and Chromium's compiled-wasm cache on disk).
 */
export async function coldStart(site: BrowserSite, target: Target): Promise<{ firstMs: number; repeatMs: number }> {
  const profile = mkdtempSync(join(tmpdir(), 'pulse-bench-profile-'));
  const open = () => chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    let ctx = await open();
    const firstMs = await firstResult(ctx, site.urls[target], target);
    // Let the browser write its caches (code cache is written after the page used the module).
    await new Promise((r) => setTimeout(r, 1500));
    await ctx.close();
    ctx = await open();
    const repeatMs = await firstResult(ctx, site.urls[target], target);
    await ctx.close();
    return { firstMs, repeatMs };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

export interface ReopenTimes {
  /** Navigation to the first kept result's rows on screen (the frame that holds them painted), on a repeat visit (browser restarted). */
  resultsMs: number;
  /** Navigation to those rows in the DOM (what earlier runs of this benchmark measured). */
  resultsInDomMs: number;
  /** Navigation to DuckDB ready, on the same visit. */
  engineReadyMs: number;
  /** Which drew those rows: 'first screen copy' (public/first-screen.js, before the app loaded) or 'app'. */
  drawnBy: string;
  /** Navigation to the app's own page's kept rows on screen (what this benchmark measured before the copy existed). */
  appResultsMs: number;
  /** The app's engine status when the results were drawn ('starting', or 'app not drawn yet'). */
  engineAtResults: string;
  /** The app's own marks on the way (storage open, notebook record read, view chunk loaded, results read), ms. */
  marks: Record<string, number>;
  /**
   * The same on the visit after (browser restarted again). Chromium compiles the scripts the offline
   * install stored on the first visit served from it and keeps their code cache only then, so this
   * visit is the first to start from compiled code (docs/performance.md).
   */
  later: Omit<ReopenTimes, 'marks' | 'later'>;
}

/**
 * "Open with results": on a fresh profile, open CTR module 1 and run it (its results are kept), close
 * the browser, start it again on the same profile and open the module's address directly; time, in the
 * page's clock, until the first kept result's rows are on screen, and until DuckDB is ready.
 */
export async function reopenResults(site: BrowserSite): Promise<ReopenTimes> {
  const profile = mkdtempSync(join(tmpdir(), 'pulse-bench-reopen-'));
  const open = () => chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const ctx = await open();
    const page = await ctx.newPage();
    await page.goto(site.urls.pulse);
    const card = page.locator('[data-testid="module-card"][data-module="ctr-01"]');
    const href = (await card.getAttribute('href'))!;
    await card.click();
    await page.waitForSelector('[data-testid="engine-status"][data-state="ready"]', { timeout: 120_000 });
    await page.getByTestId('run-all').click();
    await page.waitForFunction(() => !(document.querySelector('[data-testid="run-all"]') as HTMLButtonElement).disabled, null, { timeout: 180_000 });
    await page.waitForFunction(() => !document.querySelector('[data-testid="cell"][data-status="queued"], [data-testid="cell"][data-status="running"]'), null, { timeout: 180_000 });
    // Results are written half a second after the run settles (rows fetched cell by cell): wait until
    // the kept record has the module's results, then leave the browser time to write its caches.
    await page.waitForFunction(
      () =>
        new Promise<boolean>((ok) => {
          const r = indexedDB.open('pulse');
          r.onsuccess = () => {
            const q = r.result.transaction('results').objectStore('results').getAll();
            q.onsuccess = () => {
              r.result.close();
              ok((q.result as { cells: Record<string, unknown> }[]).some((x) => Object.keys(x.cells).length >= 30));
            };
          };
          r.onerror = () => ok(false);
        }),
      null,
      { timeout: 60_000, polling: 500 },
    );
    // The first visit's offline install (service worker) is done too, so the repeat visit is served by it.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 3000));
    await ctx.close();
    const first = await reopenOnce(open, new URL(href, site.urls.pulse).href);
    const { marks: _, ...later } = await reopenOnce(open, new URL(href, site.urls.pulse).href);
    return { ...first, later };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Start the browser on the profile, open `url` and time the kept results and DuckDB; close it. */
async function reopenOnce(open: () => Promise<BrowserContext>, url: string): Promise<Omit<ReopenTimes, 'later'>> {
  const ctx = await open();
  const page = await ctx.newPage();
  // tsx names the functions below with esbuild's __name helper, which the page does not have.
  await page.addInitScript('globalThis.__name ??= (f) => f;');
  await page.addInitScript(() => {
    // The rows are in the DOM at `domAt`; they are on screen once that frame is painted: the task
    // after the next animation frame (rAF runs just before the paint) is the first moment after it.
    // Two sightings: the first kept rows of any kind (the first screen's copy that
    // public/first-screen.js draws while the page is parsed, or the app's own page), which is what a
    // person sees, and the app's own page's, for comparison with the runs before the copy existed.
    type Seen = { engine: string; domAt: number; at: number; from: string };
    const g = globalThis as { __keptSeen?: Seen; __appKeptSeen?: Seen };
    // The copy is in a closed shadow root that first-screen.js hands over as `firstScreenRoot`.
    const copyRows = () => (document.getElementById('first-screen') as { firstScreenRoot?: ShadowRoot } | null)?.firstScreenRoot?.querySelector('[data-shot="kept-result"] [data-shot="result-grid"] .row');
    const APP = '#app [data-testid="kept-result"] [data-testid="result-grid"] .row';
    const sight = (name: '__keptSeen' | '__appKeptSeen', from: string) => {
      const engine = document.querySelector('#app [data-testid="engine-status"]')?.getAttribute('data-state') ?? 'app not drawn yet';
      const domAt = performance.now();
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => (g[name] = { engine, domAt, at: performance.now(), from });
        ch.port2.postMessage(null);
      });
    };
    let first = false;
    const look = () => {
      if (!first) {
        const from = copyRows() ? 'first screen copy' : document.querySelector(APP) ? 'app' : null;
        if (from) {
          first = true;
          sight('__keptSeen', from);
        }
      }
      if (document.querySelector(APP)) {
        seen.disconnect();
        sight('__appKeptSeen', 'app');
      }
    };
    // From the document's start: the copy is inserted while the page is parsed, before DOMContentLoaded.
    const seen = new MutationObserver(look);
    seen.observe(document, { childList: true, subtree: true });
  });
  await page.goto(url, { waitUntil: 'commit' });
  try {
    await page.waitForFunction(() => (globalThis as { __appKeptSeen?: unknown }).__appKeptSeen !== undefined, null, { timeout: 60_000, polling: 5 });
  } catch (e) {
    // Say what the page showed instead.
    await page.screenshot({ path: join(tmpdir(), 'pulse-bench-reopen-failed.png') });
    const stored = await page.evaluate(async () => {
      const rec = await new Promise<unknown>((ok) => {
        const r = indexedDB.open('pulse');
        r.onsuccess = () => {
          const q = r.result.transaction('results').objectStore('results').getAll();
          q.onsuccess = () => ok((q.result as { notebookKey: string; cells: Record<string, { rowsPath?: string }> }[]).map((x) => ({ key: x.notebookKey, n: Object.keys(x.cells).length, first: Object.values(x.cells)[0]?.rowsPath })));
        };
      });
      const files: string[] = [];
      const walk = async (d: FileSystemDirectoryHandle, prefix: string) => {
        for await (const [name, h] of (d as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
          if (h.kind === 'directory') await walk(h as FileSystemDirectoryHandle, `${prefix}${name}/`);
          else files.push(prefix + name);
        }
      };
      await walk(await navigator.storage.getDirectory(), '');
      return { rec, files: files.slice(0, 5), nFiles: files.length };
    });
    console.log(JSON.stringify(stored));
    const state = await page.evaluate(() => ({ url: location.href, h1: document.querySelector('h1')?.textContent, cells: [...document.querySelectorAll('[data-testid="cell"]')].slice(0, 5).map((c) => `${c.getAttribute('data-cell-id')}:${c.getAttribute('data-status')}`), kept: document.querySelector('[data-testid="kept-results-line"]')?.textContent }));
    throw new Error(`no kept result on screen after reopening: ${JSON.stringify(state)} (screenshot in ${tmpdir()}/pulse-bench-reopen-failed.png)`, { cause: e });
  }
  await page.waitForSelector('[data-testid="engine-status"][data-state="ready"]', { timeout: 120_000 });
  const t = await page.evaluate(() => {
    type Seen = { engine: string; domAt: number; at: number; from: string };
    const g = globalThis as unknown as { __keptSeen: Seen; __appKeptSeen: Seen };
    const ready = Number(document.querySelector('[data-testid="ready-ms"]')?.textContent?.match(/(\d+) ms/)?.[1] ?? NaN);
    const marks = Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('pulse:')).map((m) => [m.name.slice(6), Math.round(m.startTime)]));
    // The browser's own first contentful paint, beside the bench's frame-after-the-rows estimate.
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    if (fcp) marks['first-contentful-paint'] = Math.round(fcp.startTime);
    return {
      resultsMs: Math.round(g.__keptSeen.at),
      resultsInDomMs: Math.round(g.__keptSeen.domAt),
      drawnBy: g.__keptSeen.from,
      appResultsMs: Math.round(g.__appKeptSeen.at),
      engineReadyMs: ready,
      engineAtResults: g.__keptSeen.engine,
      marks,
    };
  });
  await ctx.close();
  return t;
}
