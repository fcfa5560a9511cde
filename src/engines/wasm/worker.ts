/// <reference lib="webworker" />
/**
 * The Pulse worker: owns DuckDB-WASM (eh bundle, synchronous bindings) and exposes {@link PulseWorkerApi}
 * with Comlink. Results leave as Arrow IPC bytes in the transfer list.
 */
import * as Comlink from 'comlink';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import ehWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { BROWSER_RUNTIME, VoidLogger, createDuckDB, getPlatformFeatures } from './duckdb';
import { WasmEngine } from './wasmEngine';
import { parseNotebook } from '../../core/notebook/format';
import { runNotebook } from '../../core/notebook/runner';
import type { EngineInfo, PulseWorkerApi, QueryResult, RowPage } from './protocol';

let engine: WasmEngine | null = null;
let starting: Promise<EngineInfo> | null = null;
let runCancelled = false;

async function parquetToIPC(bytes: Uint8Array): Promise<Uint8Array> {
  const pq = await import('parquet-wasm/esm');
  await pq.default({ module_or_path: parquetWasmUrl });
  return pq.readParquet(bytes).intoIPCStream();
}

async function startEngine(): Promise<EngineInfo> {
  const t0 = performance.now();
  const features = await getPlatformFeatures();
  if (!features.wasmExceptions) {
    throw new Error('This browser lacks WebAssembly exception handling, which Pulse\'s DuckDB build needs: use a current Chrome, Edge or Firefox.');
  }
  // The blocking bindings run in this worker, so the bundle's own worker script is never loaded.
  const bundle = { mainModule: ehWasmUrl, mainWorker: '' };
  const db = await createDuckDB({ mvp: bundle, eh: bundle }, new VoidLogger(), BROWSER_RUNTIME);
  await db.instantiate(() => undefined);
  // DECIMAL and HUGEINT come out as doubles so results display as numbers.
  db.open({ maximumThreads: 1, query: { castDecimalToDouble: true } });
  const e = new WasmEngine(db, parquetToIPC);
  await e.lockDown();
  engine = e;
  return { duckdbVersion: db.getVersion(), bundle: 'eh', startMs: Math.round(performance.now() - t0) };
}

function need(): WasmEngine {
  if (!engine) throw new Error('The DuckDB engine is not started yet.');
  return engine;
}

function withTransfer<T extends { ipc: Uint8Array }>(value: T): T {
  return Comlink.transfer(value, [value.ipc.buffer as ArrayBuffer]);
}

const api: PulseWorkerApi = {
  start() {
    starting ??= startEngine();
    return starting;
  },
  importFile(name, file, fileName, format, onProgress) {
    return need().loadFile(name, fileName, { blob: file }, format, (p) =>
      onProgress?.({ table: name, ...p, phase: 'reading' }),
    );
  },
  registerFile(name, file, format) {
    return need().registerFile(name, file, format);
  },
  async query(sql, params, maxRows = 1000): Promise<QueryResult> {
    const t0 = performance.now();
    const ipc = await need().queryIPC(sql, params);
    const durationMs = performance.now() - t0;
    const table = tableFromIPC(ipc);
    if (table.numRows <= maxRows) return withTransfer({ ipc, rowCount: table.numRows, durationMs });
    return withTransfer({ ipc: tableToIPC(table.slice(0, maxRows), 'stream'), rowCount: table.numRows, durationMs });
  },
  materialize(name, sql, params) {
    return need().materialize(name, sql, params);
  },
  registerArrowIPC(name, ipc) {
    return need().registerArrowIPC(name, ipc);
  },
  async fetchRows(table, offset, limit, orderBy): Promise<RowPage> {
    const ipc = await need().pageIPC(table, offset, limit, orderBy);
    return withTransfer({ ipc, offset, rowCount: tableFromIPC(ipc).numRows });
  },
  describe(name) {
    return need().describe(name);
  },
  listTables() {
    return need().listTables();
  },
  catalog() {
    return need().catalog();
  },
  drop(name) {
    return need().drop(name);
  },
  async runNotebook(req, onCell) {
    const e = need();
    runCancelled = false;
    const notebook = parseNotebook(req.text);
    await runNotebook(notebook, e, {
      params: req.params,
      only: req.only,
      datasets: req.datasets,
      previewRows: 0,
      cancelled: () => runCancelled,
      onCell: (ev) => {
        if (ev.phase === 'start') {
          onCell({ id: ev.id, kind: '', phase: 'start' });
          return;
        }
        const r = ev.run;
        const hasTable = r.status === 'ok' && r.kind !== 'plot' && r.result !== undefined;
        onCell({
          id: r.id,
          kind: r.kind,
          phase: 'done',
          status: r.status,
          error: r.error,
          errorLine: r.errorLine,
          durationMs: r.durationMs,
          rowCount: r.result?.rowCount,
          columns: r.result?.columns,
          table: hasTable ? r.id : undefined,
          output: r.result?.output.type === 'table' ? undefined : r.result?.output,
        });
      },
    });
  },
  cancel() {
    runCancelled = true;
    return engine?.cancel() ?? false;
  },
  crashForTest() {
    setTimeout(() => {
      throw new WebAssembly.RuntimeError('simulated crash (crashForTest)');
    });
  },
};

Comlink.expose(api);
