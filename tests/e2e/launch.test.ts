/**
 * The PWA file handler (issue 5, item 4): launched as the opener of a .pulse.md file, Pulse opens it.
 * Headless Chromium has no installed app, so the test stands in for `window.launchQueue` exactly as
 * the File Handling API defines it and hands the app a file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppSession } from './support/browser';

let s: AppSession;

beforeAll(async () => {
  s = await openApp();
  await s.page.addInitScript(() => {
    // Chromium has a native (getter-only) launchQueue; shadow it on the window object.
    Object.defineProperty(window, 'launchQueue', {
      configurable: true,
      value: {
        setConsumer(consumer: (p: unknown) => void) {
          (window as unknown as { __launch: unknown }).__launch = consumer;
        },
      },
    });
  });
  await s.page.reload();
});

afterAll(async () => {
  expect(s?.foreignRequests() ?? []).toEqual([]);
  await s?.close();
});

describe('PWA file handler', () => {
  it('opens a .pulse.md file the app was launched with', async () => {
    await s.page.waitForFunction(() => typeof (window as unknown as { __launch?: unknown }).__launch === 'function');
    await s.page.evaluate(() => {
      const text = '---\ntitle: Launched from the file system\n---\n\n# Launched\n\n```sql one\nSELECT 1 AS x\n```\n';
      const file = new File([text], 'launched.pulse.md', { type: 'text/markdown' });
      (window as unknown as { __launch: (p: unknown) => void }).__launch({ files: [{ kind: 'file', getFile: async () => file }] });
    });
    await expect.poll(async () => s.page.getByText('Launched from the file system').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  });
});
