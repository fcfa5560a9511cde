import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { pulsePwa } from './src/pwa/vitePlugin.ts';
import { CSP, HEADER_CSP, pulseCsp, SECURITY_HEADERS } from './src/pwa/csp.ts';
import { kindNamesAsList } from './src/build/kindNames.ts';

/**
 * The Content-Security-Policy (src/pwa/csp.ts) goes out three ways: as headers from the dev and preview
 * servers (a module worker loaded from a URL gets the policy of its own response, so a header is the
 * stronger form), as `<meta>` in the built index.html for static hosts that send none (pulseCsp), and
 * as public/_headers for hosts that read that file.
 */
export { CSP };

/**
 * apache-arrow's builders compile their null check with `new Function` (builder/valid.mjs), which
 * `script-src` without 'unsafe-eval' refuses, so `vectorFromArray` and friends throw EvalError under
 * Pulse's CSP (page and worker). Swap in an equivalent closure (same `===` / NaN semantics).
 */
function arrowWithoutEval(): Plugin {
  return {
    name: 'pulse:arrow-without-eval',
    enforce: 'pre',
    transform(code, id) {
      if (!/apache-arrow[\\/]builder[\\/]valid\.mjs$/.test(id)) return null;
      const from = 'return new Function(`x`, `${fnBody}\\nreturn true;`);';
      if (!code.includes(from)) throw new Error('apache-arrow builder/valid.mjs changed: update the arrowWithoutEval plugin');
      const to = `const hasNaN = nullValues.length !== noNaNs.length; void fnBody;
    return function isValid(x) { if (hasNaN && x !== x) return false; for (const n of noNaNs) if (x === n) return false; return true; };`;
      return { code: code.replace(from, to), map: null };
    },
  };
}

export default defineConfig(({ command }) => ({
  // pulsePwa builds sw.js after the app and precaches the whole build (src/pwa/vitePlugin.ts).
  plugins: [svelte(), arrowWithoutEval(), kindNamesAsList(import.meta.dirname), pulseCsp(), pulsePwa()],
  worker: { format: 'es', plugins: () => [arrowWithoutEval()] },
  server: {
    // Vite's dev client connects back over a WebSocket to the same host.
    headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': command === 'serve' ? HEADER_CSP.replace("connect-src 'self'", "connect-src 'self' ws: wss:") : HEADER_CSP },
  },
  preview: { headers: { ...SECURITY_HEADERS } },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'] },
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
