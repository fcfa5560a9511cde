import { afterAll, beforeAll, expect, inject } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export interface AppSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  baseURL: string;
  /** Every request this context made (page, workers), in order. */
  requests: string[];
  /** Requests whose origin is not the app's. */
  foreignRequests(): string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
  close(): Promise<void>;
}

/** Connect to the run's Chromium, open a fresh context on the app and record its traffic. */
export async function openApp(path = '/'): Promise<AppSession> {
  const baseURL = inject('baseURL');
  const browser = await chromium.connect(inject('wsEndpoint'));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`[${expect.getState().currentTestName ?? ''}] console: ${m.text()} at ${m.location().url}:${m.location().lineNumber}:${m.location().columnNumber}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const t = e.target as Element | null;
      console.warn(`CSP ${e.violatedDirective} blocked ${e.blockedURI} sample=${e.sample} target=${t && 'outerHTML' in t ? t.outerHTML.slice(0, 200) : String(t)}`);
    });
  });
  page.on('console', (m) => {
    if (m.type() === 'warning' && m.text().startsWith('CSP ')) errors.push(`[${expect.getState().currentTestName ?? ''}] ${m.text()}`);
  });
  await page.goto(baseURL + path);
  const origin = new URL(baseURL).origin;
  return {
    browser,
    context,
    page,
    baseURL,
    requests,
    errors,
    foreignRequests: () =>
      requests.filter((u) => {
        if (u.startsWith('data:') || u.startsWith('blob:')) return false;
        return new URL(u).origin !== origin;
      }),
    async close() {
      await context.close();
      await browser.close();
    },
  };
}

/**
 * For a test file that works from the home page: opens the app at / before its tests and waits for the
 * home page; after them closes the session and expects no request left the app's origin. Returns a view
 * of the session whose fields read it when a test asks (it throws before the app is open).
 */
export function homeSession(): AppSession {
  let session: AppSession | undefined;
  const open = () => {
    if (!session) throw new Error('the home session is not open yet: use it inside a test or a hook, not while the file is collected');
    return session;
  };
  beforeAll(async () => {
    session = await openApp('/');
    await session.page.getByTestId('home-my-notebooks').waitFor();
  });
  afterAll(async () => {
    const foreign = session?.foreignRequests() ?? [];
    await session?.close();
    expect(foreign).toEqual([]);
  });
  return {
    get browser() { return open().browser; },
    get context() { return open().context; },
    get page() { return open().page; },
    get baseURL() { return open().baseURL; },
    get requests() { return open().requests; },
    get errors() { return open().errors; },
    foreignRequests: () => open().foreignRequests(),
    close: () => open().close(),
  };
}

/** Wait until the DuckDB worker reports ready; returns its start-up info. */
export async function engineReady(page: Page): Promise<{ duckdbVersion: string; startMs: number }> {
  return page.evaluate(async () => {
    const w = globalThis as unknown as { __pulse: { client: { start(): Promise<{ duckdbVersion: string; startMs: number }> } } };
    return w.__pulse.client.start();
  });
}
