/// <reference lib="webworker" />
/**
 * Pulse's service worker. Built on its own by the `pulse:pwa` Vite plugin (src/pwa/vitePlugin.ts) into
 * `sw.js` at the root of the build, after the app, with `self.__WB_MANIFEST` replaced by the precache
 * manifest: every file of the build (HTML, JS, CSS, the DuckDB-WASM and parquet-wasm binaries, the
 * worker, the manifest, icons and the bundled sample data), each with a revision.
 *
 * - Cache first: a precached URL is answered from the cache, never from the network.
 * - No mixing: a new worker installs the new files beside the old ones and then waits. It becomes
 *   active only when the page sends SKIP_WAITING (the user accepted "A new version is ready"), and the
 *   page reloads as soon as the new worker controls it. Until then the old worker serves the old files.
 * - Same origin only: the manifest holds relative URLs of the build; nothing else is fetched.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// On the very first install there is no older version to mix with: take the open page at once, so it
// works offline without a reload. On an update the worker waits for SKIP_WAITING (above) first.
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

// Pulse routes with the hash, so every navigation is the app shell. Paths that name a file (a dot in
// the last segment) are left to the precache route or the network.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/\/[^/?#]*\.[^/?#]*$/] }));
