import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { pulsePwa } from './src/pwa/vitePlugin.ts';

/**
 * Content-Security-Policy for every response, dev and preview alike. It must travel as a header, not
 * only as a meta tag: a module worker loaded from a URL gets the policy of its own response.
 */
export const CSP = [
  "default-src 'self'",
  "connect-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

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
  plugins: [svelte(), arrowWithoutEval(), pulsePwa()],
  worker: { format: 'es', plugins: () => [arrowWithoutEval()] },
  server: {
    // Vite's dev client connects back over a WebSocket to the same host.
    headers: { 'Content-Security-Policy': command === 'serve' ? CSP.replace("connect-src 'self'", "connect-src 'self' ws: wss:") : CSP },
  },
  preview: { headers: { 'Content-Security-Policy': CSP } },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'] },
  build: {
    target: 'es2022',
    // The DuckDB wasm is 34 MB and is fetched, never inlined.
    assetsInlineLimit: 0,
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
