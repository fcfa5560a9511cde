/// <reference types="vite/client" />
/**
 * The benchmark's baseline page: DuckDB-WASM 1.32 as its README shows it (AsyncDuckDB, the eh bundle and
 * its own worker, served from this origin), with no Pulse code. `npm run bench` builds it with Vite into a
 * temporary folder, serves it next to Pulse, and drives `window.__bare` with Playwright.
 */
import { AsyncDuckDB, DuckDBDataProtocol, VoidLogger, type AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

let db: AsyncDuckDB | null = null;
let conn: AsyncDuckDBConnection | null = null;
let starting: Promise<AsyncDuckDBConnection> | null = null;

async function start(): Promise<AsyncDuckDBConnection> {
  const worker = new Worker(ehWorker);
  db = new AsyncDuckDB(new VoidLogger(), worker);
  await db.instantiate(ehWasm);
  await db.open({ maximumThreads: 1 });
  conn = await db.connect();
  return conn;
}

const bare = {
  start: () => (starting ??= start()),
  /** Register the picked file in place and load it as table `events`. */
  async ingest(): Promise<number> {
    const c = await bare.start();
    const file = (document.getElementById('file') as HTMLInputElement).files![0]!;
    await db!.registerFileHandle('events.csv', file, DuckDBDataProtocol.BROWSER_FILEREADER, true);
    await c.query(`CREATE OR REPLACE TABLE events AS SELECT * FROM read_csv('events.csv', header = true, auto_detect = true)`);
    const n = await c.query('SELECT count(*)::DOUBLE AS n FROM events');
    return Number(n.get(0)!.n);
  },
  async exec(sql: string): Promise<void> {
    await (await bare.start()).query(sql);
  },
  /** A query's whole result as an Arrow table on the main thread; returns its row count. */
  async arrow(sql: string): Promise<number> {
    const t = await (await bare.start()).query(sql);
    return t.numRows;
  },
};

(globalThis as { __bare?: unknown }).__bare = bare;
