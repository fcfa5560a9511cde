/**
 * DuckDB-WASM's synchronous ("blocking") browser bindings. Pulse runs them inside its own Web Worker,
 * the way duckdb-wasm's own worker does, so one worker owns DuckDB and the cell runner and no second
 * worker hop sits between them.
 *
 * The package's `exports` map points `./blocking` at a Node-only file and does not export
 * `dist/duckdb-browser-blocking.mjs`, so it is imported by relative path (Vite resolves `.mjs`; the
 * type checker reads the matching `.d.ts`).
 */
export * from '../../../node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking';
