/**
 * `pulse:pwa`: builds the service worker (src/pwa/sw.ts) after the app and injects the precache
 * manifest into it, workbox's injectManifest done by hand in a few lines so that nothing limits file
 * sizes (the DuckDB wasm is 34 MB) and nothing else is pulled into the build.
 *
 * - Every file of the finished build is precached except `sw.js` itself, source maps and `_headers`
 *   (instructions to the static host, never fetched by the app).
 * - Files Vite named with a content hash under `assets/` get `revision: null` (their URL is their
 *   version, and the install may reuse the HTTP cache, so the wasm the page has just fetched is not
 *   fetched again); every other file gets a SHA-256 content revision.
 * - In dev, `/sw.js` is a kill switch: a service worker left by `npm start` on the same port would
 *   otherwise keep serving the built app in place of the dev server's.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin, type ResolvedConfig } from 'vite';

export interface PrecacheEntry {
  url: string;
  revision: string | null;
}

export const SW_FILE = 'sw.js';
/** public/_headers: the security headers for Netlify / Cloudflare Pages (src/pwa/csp.ts). */
const HOST_HEADERS_FILE = '_headers';
const SW_SOURCE = fileURLToPath(new URL('./sw.ts', import.meta.url));
const MANIFEST_TOKEN = 'self.__WB_MANIFEST';

/** A name Vite gave from the content hash: `name-XXXXXXXX.ext`. */
const HASHED = /-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
}

/** The precache manifest of a finished build in `outDir`, sorted by URL. */
export function precacheManifest(outDir: string, assetsDir = 'assets'): { entries: PrecacheEntry[]; bytes: number } {
  let bytes = 0;
  const entries = walk(outDir)
    .map((file) => ({ file, url: relative(outDir, file).split(sep).join('/') }))
    .filter(({ url }) => url !== SW_FILE && url !== HOST_HEADERS_FILE && !url.endsWith('.map') && !url.split('/').some((p) => p.startsWith('.')))
    .map(({ file, url }) => {
      const data = readFileSync(file);
      bytes += data.length;
      const versionedByName = url.startsWith(`${assetsDir}/`) && HASHED.test(url);
      return { url, revision: versionedByName ? null : createHash('sha256').update(data).digest('hex').slice(0, 20) };
    })
    .sort((a, b) => (a.url < b.url ? -1 : 1));
  return { entries, bytes };
}

/** Served as `/sw.js` by the dev server: replaces a production worker, clears its caches, leaves. */
export const DEV_KILL_SWITCH = `// Pulse dev server: no service worker in development.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil((async () => {
  for (const key of await caches.keys()) if (key.startsWith('workbox-precache')) await caches.delete(key);
  await self.registration.unregister();
  for (const client of await self.clients.matchAll({ type: 'window' })) client.navigate(client.url);
})()));
`;

export function pulsePwa(): Plugin {
  let config: ResolvedConfig;
  let written = false;
  return {
    name: 'pulse:pwa',
    config(_, { command }) {
      // Read by src/pwa/register.ts: register sw.js only where this plugin writes one.
      return { define: { __PULSE_SERVICE_WORKER__: JSON.stringify(command === 'build') } };
    },
    configResolved(c) {
      config = c;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0] !== `${server.config.base}${SW_FILE}`) return next();
        res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        res.setHeader('Cache-Control', 'no-cache');
        res.end(DEV_KILL_SWITCH);
      });
    },
    writeBundle() {
      written = true;
    },
    async closeBundle() {
      if (config.command !== 'build' || !written || config.build.ssr) return;
      written = false;
      const outDir = resolve(config.root, config.build.outDir);
      const { entries, bytes } = precacheManifest(outDir, config.build.assetsDir);
      await build({
        configFile: false,
        root: config.root,
        base: config.base,
        mode: 'production',
        logLevel: 'warn',
        publicDir: false,
        define: { 'process.env.NODE_ENV': JSON.stringify('production') },
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          target: 'es2022',
          minify: true,
          sourcemap: false,
          lib: { entry: SW_SOURCE, formats: ['iife'], name: 'pulseServiceWorker', fileName: () => SW_FILE },
        },
      });
      const file = join(outDir, SW_FILE);
      const code = readFileSync(file, 'utf8');
      const at = code.indexOf(MANIFEST_TOKEN);
      if (at < 0 || code.indexOf(MANIFEST_TOKEN, at + 1) >= 0) {
        throw new Error(`pulse:pwa: expected ${MANIFEST_TOKEN} exactly once in the built ${SW_FILE}`);
      }
      writeFileSync(file, code.replace(MANIFEST_TOKEN, JSON.stringify(entries)));
      config.logger.info(`pulse:pwa: ${SW_FILE} precaches ${entries.length} files, ${(bytes / 1048576).toFixed(1)} MB`);
    },
  };
}
