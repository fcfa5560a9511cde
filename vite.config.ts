import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { pulsePwa } from './src/pwa/vitePlugin.ts';
import { CSP, HEADER_CSP, pulseCsp, SECURITY_HEADERS } from './src/pwa/csp.ts';
import { kindNamesAsList } from './src/build/kindNames.ts';
import { arrowWithoutEval } from './src/build/arrowWithoutEval.ts';

/**
 * The Content-Security-Policy (src/pwa/csp.ts) goes out three ways: as headers from the dev and preview
 * servers (a module worker loaded from a URL gets the policy of its own response, so a header is the
 * stronger form), as `<meta>` in the built index.html for static hosts that send none (pulseCsp), and
 * as public/_headers for hosts that read that file.
 */
export { CSP };

export default defineConfig(({ command }) => ({
  // pulsePwa builds sw.js after the app and precaches the whole build (src/pwa/vitePlugin.ts).
  plugins: [svelte(), arrowWithoutEval(), kindNamesAsList(import.meta.dirname), pulseCsp(), pulsePwa()],
  worker: { format: 'es', plugins: () => [arrowWithoutEval()] },
  server: {
    // Vite's dev client connects back over a WebSocket to the same host.
    headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': command === 'serve' ? HEADER_CSP.replace("connect-src 'self'", "connect-src 'self' ws: wss:") : HEADER_CSP },
  },
  preview: { headers: { ...SECURITY_HEADERS } },
  optimizeDeps: {
    exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'],
    // The dev server pre-bundles apache-arrow without the app's plugins: patch it there too, or every
    // cell built in JS fails under `npm run dev` with an 'unsafe-eval' EvalError (tests/build/devServer.test.ts).
    rolldownOptions: { plugins: [arrowWithoutEval()] },
  },
  build: {
    target: 'es2022',
    // The DuckDB wasm is 34 MB and is fetched, never inlined.
    assetsInlineLimit: 0,
    // One stylesheet, linked from index.html: a reopened notebook's first screen (public/first-screen.js)
    // is drawn from kept markup before any chunk loads, and needs the notebook page's styles with it.
    cssCodeSplit: false,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // duckdb-wasm's Emscripten glue uses direct eval in paths Pulse never calls (and CSP forbids).
      onLog(level, log, handler) {
        if (log.code === 'EVAL' && log.id?.includes('@duckdb/duckdb-wasm')) return;
        handler(level, log);
      },
    },
  },
}));
