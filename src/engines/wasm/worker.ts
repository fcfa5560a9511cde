/// <reference lib="webworker" />
/**
 * The Pulse worker's entry, kept tiny on purpose: its first act is to fetch and compile DuckDB's 34 MB
 * wasm (off the main thread, streamed), and only then does it load the 1.4 MB of bindings and engine
 * code (`workerApi.ts`), so parsing that script overlaps the download and compile instead of preceding
 * them. It also opens DuckDB without waiting for the page's first message. See docs/performance.md.
 * `loaded` is awaited by every call, so a message that arrives early simply waits.
 */
import * as Comlink from 'comlink';
import ehWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import type { PulseWorkerApi } from './protocol';

/**
 * `compileStreaming` needs `Content-Type: application/wasm`; a server that sends anything else gets the
 * slower path rather than a failed start.
 */
async function compileDuckDB(): Promise<WebAssembly.Module> {
  const response = await fetch(ehWasmUrl, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`Could not load DuckDB (${ehWasmUrl}: HTTP ${response.status}).`);
  if (response.headers.get('Content-Type')?.startsWith('application/wasm')) return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}

const duckdbWasm = compileDuckDB();
duckdbWasm.catch(() => undefined); // reported by start()

const loaded = import('./workerApi');
const api = loaded.then((m) => m.createWorkerApi(duckdbWasm));
// A failed start is reported to the page by its own start() call. The rest of the worker's code
// (workerExtras) loads on first use: loading it eagerly here slowed an import started right away.
void api.then((a) => a.start()).catch(() => undefined);

/** Calls running now, and when the last one ended: what `whenIdle` watches. */
let running = 0;
let lastEnded = performance.now();

async function whenIdle(quietMs: number): Promise<void> {
  await api.then((a) => a.start()).catch(() => undefined);
  for (;;) {
    const wait = running > 0 ? quietMs : lastEnded + quietMs - performance.now();
    if (running === 0 && wait <= 0) return;
    await new Promise((r) => setTimeout(r, Math.max(wait, 50)));
  }
}

/**
 * Exposed at once, so no message from the page is missed while `workerApi` loads; every call waits for
 * it. Comlink only reads method names and calls them, which this forwarding object answers.
 */
const forwarding = new Proxy({} as PulseWorkerApi, {
  get: (_, method: string) =>
    method === 'whenIdle'
      ? whenIdle
      : async (...args: unknown[]) => {
          const a = (await api) as unknown as Record<string, (...xs: unknown[]) => unknown>;
          running++;
          try {
            return await a[method]!(...args);
          } finally {
            running--;
            lastEnded = performance.now();
          }
        },
});

Comlink.expose(forwarding);
