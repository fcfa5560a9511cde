/**
 * Once per e2e run: build the app, serve it on 127.0.0.1 with the CSP header, start Debian's Chromium
 * (never a downloaded browser) behind an egress-recording proxy, and hand the endpoints to the tests.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { build } from 'vite';
import { chromium, type BrowserServer } from 'playwright-core';
import { serveStatic } from './support/staticServer';
import { appEgress, startEgressProxy } from './support/egressProxy';

export const CHROMIUM = process.env.PULSE_CHROMIUM ?? '/usr/bin/chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    /** The same build from a server that sends no security headers (only the meta CSP protects it). */
    bareURL: string;
    wsEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's package with "apt-get install -y chromium" (the suite never downloads a browser).`);
  }
  const outDir = mkdtempSync(join(tmpdir(), 'pulse-e2e-'));
  const t0 = Date.now();
  await build({ configFile: join(import.meta.dirname, '../../vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  console.log(`[e2e] built app in ${Date.now() - t0} ms`);
  const { server, url } = await serveStatic(outDir);
  const bare = await serveStatic(outDir, { securityHeaders: false });
  const proxy = await startEgressProxy();
  const browser: BrowserServer = await chromium.launchServer({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      `--proxy-server=http://127.0.0.1:${proxy.port}`,
      // Loopback would bypass the proxy by default; the app's origin is the only thing that may.
      `--proxy-bypass-list=<-loopback>;${new URL(url).host};${new URL(bare.url).host}`,
    ],
  });
  project.provide('baseURL', url);
  project.provide('bareURL', bare.url);
  project.provide('wsEndpoint', browser.wsEndpoint());

  return async () => {
    await browser.close();
    server.close();
    bare.server.close();
    proxy.server.close();
    rmSync(outDir, { recursive: true, force: true });
    const egress = appEgress(proxy.attempts);
    console.log(`[e2e] requests to other origins, all refused: ${proxy.attempts.length} (Chromium's own services: ${proxy.attempts.length - egress.length})`);
    if (egress.length > 0) {
      throw new Error(`The browser tried to reach other origins during the e2e run:\n  ${egress.join('\n  ')}`);
    }
  };
}
