/**
 * The page's first script. It spawns the DuckDB worker before the UI bundle is even fetched, so the
 * worker's download and the 34 MB wasm compile overlap the UI's download and parse instead of
 * following them (docs/performance.md, cold start). Kept tiny: Comlink and the client, nothing else.
 */
import { PulseWorkerClient, spawnPulseWorker } from './engines/wasm/client';

export const client = new PulseWorkerClient(spawnPulseWorker);
void client.start().catch(() => undefined);

// Test and console hook (the e2e suite and the benchmark use it). `arrow()` loads apache-arrow on
// demand: the library page has no use for it; `sanitize()` loads the prose sanitizer for the hostile-corpus test.
(globalThis as { __pulse?: unknown }).__pulse = { client, arrow: () => import('apache-arrow'), sanitize: () => import('./ui/notebook/sanitize') };

// A reopened notebook's first screen was drawn from its kept copy (public/first-screen.js): let that
// frame be painted before the UI's chunks are evaluated, which hold the main thread for a while.
// (A tab opened in the background gets no frames: 100 ms at most.)
const painted = document.getElementById('first-screen')
  ? new Promise<void>((ok) => {
      requestAnimationFrame(() => setTimeout(ok));
      setTimeout(ok, 100);
    })
  : Promise.resolve();
void painted.then(() => {
  void import('./main');
  // Opened at a notebook's address (a reopened notebook shows its kept results first): fetch and compile
  // the notebook page's chunk (it carries the cell kinds) beside the UI's, which opens storage, instead
  // of after it (docs/performance.md, open with results).
  if (location.hash.startsWith('#/nb/')) void import('./ui/notebookView');
});
