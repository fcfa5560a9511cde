/// <reference lib="webworker" />
/**
 * The Pulse worker's API ({@link PulseWorkerApi}): owns DuckDB-WASM (eh bundle, synchronous bindings).
 * Results leave as Arrow IPC bytes in the transfer list. `worker.ts` loads this module and exposes it
 * with Comlink.
 */
import * as Comlink from 'comlink';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import ehWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { BROWSER_RUNTIME, VoidLogger, createDuckDB, getPlatformFeatures } from './duckdb';
import { WasmEngine } from './wasmEngine';
import { ipcRowCount } from './ipcRows';
import { quoteIdent } from '../../core/engine';
import { isNumericType } from '../../core/csvCells';
import type { EngineInfo, PulseWorkerApi, QueryResult, RowPage } from './protocol';

let extrasReady: Promise<typeof import('./workerExtras')> | null = null;

/** The runner, importers, Excel, profile and export: a separate chunk, fetched on first use. */
function extras(): Promise<typeof import('./workerExtras')> {
  extrasReady ??= import('./workerExtras');
  return extrasReady;
}

let engine: WasmEngine | null = null;
let starting: Promise<EngineInfo> | null = null;
let runCancelled = false;

let parquetReady: Promise<typeof import('parquet-wasm/esm')> | null = null;

/** parquet-wasm, loaded and instantiated once, on first use. */
function parquet(): Promise<typeof import('parquet-wasm/esm')> {
  parquetReady ??= import('parquet-wasm/esm').then(async (pq) => {
    await pq.default({ module_or_path: parquetWasmUrl });
    return pq;
  });
  return parquetReady;
}

async function parquetToIPC(bytes: Uint8Array): Promise<Uint8Array> {
  return (await parquet()).readParquet(bytes).intoIPCStream();
}

async function ipcToParquet(ipc: Uint8Array): Promise<Uint8Array> {
  const pq = await parquet();
  return pq.writeParquet(pq.Table.fromIPCStream(ipc));
}

type InstantiateWasm = (imports: WebAssembly.Imports, success: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => unknown;

async function startEngine(duckdbWasm: Promise<WebAssembly.Module>): Promise<EngineInfo> {
  const t0 = performance.now();
  const features = await getPlatformFeatures();
  if (!features.wasmExceptions) {
    throw new Error('This browser lacks WebAssembly exception handling, which Pulse\'s DuckDB build needs: use a current Chrome, Edge or Firefox.');
  }
  // The blocking bindings run in this worker, so the bundle's own worker script is never loaded. The
  // wasm is not fetched from `mainModule` here: worker.ts started compiling it before this script loaded.
  const bundle = { mainModule: ehWasmUrl, mainWorker: '' };
  const db = await createDuckDB({ mvp: bundle, eh: bundle }, new VoidLogger(), BROWSER_RUNTIME);
  // Emscripten hands the imports to `instantiateWasm` and waits for `success`; a failure must fail start().
  let failed!: (e: unknown) => void;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  (db as unknown as { instantiateWasm: InstantiateWasm }).instantiateWasm = (imports, success) => {
    (globalThis as { DUCKDB_RUNTIME?: unknown }).DUCKDB_RUNTIME = BROWSER_RUNTIME; // as duckdb-wasm's own does
    duckdbWasm
      .then((module) => WebAssembly.instantiate(module, imports).then((instance) => success(instance, module)))
      .catch(failed);
    return {};
  };
  await Promise.race([db.instantiate(() => undefined), failure]);
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

/**
 * The worker API over DuckDB compiled from `duckdbWasm`. Its first `start()` call opens DuckDB; the rest
 * of the worker's code (runner, importers…) is fetched once DuckDB is up.
 */
export function createWorkerApi(duckdbWasm: Promise<WebAssembly.Module>): Omit<PulseWorkerApi, 'whenIdle'> {
  return { ...api, start: () => (starting ??= startEngine(duckdbWasm)) };
}

const api: Omit<PulseWorkerApi, 'start' | 'whenIdle'> = {
  importFile(name, file, fileName, format, onProgress, options) {
    return need().loadFile(
      name,
      fileName,
      { blob: file },
      format,
      (p) => onProgress?.({ table: name, ...p, phase: 'reading' }),
      options,
    );
  },
  registerFile(name, file, format, options) {
    return need().registerFile(name, file, format, options);
  },
  async query(sql, params, maxRows = 1000): Promise<QueryResult> {
    const t0 = performance.now();
    const ipc = await need().checkedQueryIPC(sql, params);
    const durationMs = performance.now() - t0;
    const rowCount = ipcRowCount(ipc);
    if (rowCount <= maxRows) return withTransfer({ ipc, rowCount, durationMs });
    return withTransfer({ ipc: tableToIPC(tableFromIPC(ipc).slice(0, maxRows), 'stream'), rowCount, durationMs });
  },
  materialize(name, sql, params) {
    return need().materialize(name, sql, params);
  },
  async sniffExport(file, fileName) {
    return (await extras()).sniffFile(file, fileName);
  },
  async importExport(name, file, fileName, options) {
    const e = need();
    const { parsePlatformExport } = await extras();
    const { table, summary } = await parsePlatformExport(file, fileName, options ?? {});
    const info = await e.registerArrow(name, table);
    return { info, ...summary };
  },
  registerArrowIPC(name, ipc) {
    return need().registerArrowIPC(name, ipc);
  },
  async fetchRows(table, offset, limit, orderBy): Promise<RowPage> {
    const ipc = await need().pageIPC(table, offset, limit, orderBy);
    return withTransfer({ ipc, offset, rowCount: ipcRowCount(ipc) });
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
    const { parseNotebook, runNotebook } = await extras();
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
          note: r.result?.note,
        });
      },
    });
  },
  cancel() {
    runCancelled = true;
    return engine?.cancel() ?? false;
  },
  async profile(table) {
    const e = need();
    const info = await e.describe(table);
    if (!info) throw new Error(`No table "${table}" to profile.`);
    return (await extras()).profileTable(table, info.columns, (sql) => e.browse(sql));
  },
  async exportTable(table, format, options = {}) {
    const e = need();
    const info = await e.describe(table);
    if (!info) throw new Error(`No table "${table}" to download: run its cell first.`);
    const { csvFromTextTable, textSelectSql } = await extras();
    const bytes =
      format === 'csv'
        ? new TextEncoder().encode(csvFromTextTable(await e.browse(textSelectSql(table, info.columns)), info.columns.map((c) => isNumericType(c.type)), options))
        : await ipcToParquet(await e.browseIPC(`SELECT * FROM ${quoteIdent(table)}`));
    return Comlink.transfer({ bytes }, [bytes.buffer as ArrayBuffer]);
  },
  async excelSheets(file) {
    return (await extras()).excelSheetNames(new Uint8Array(await file.arrayBuffer()));
  },
  async importExcel(name, file, sheet, options) {
    const { excelToArrow, parseWorkbookExport } = await extras();
    const fileName = (file as File).name || 'workbook.xlsx';
    const platform = await parseWorkbookExport(file, fileName, { ...(sheet !== undefined ? { sheet } : {}), ...(options?.expectTable ? { expectTable: options.expectTable } : {}) });
    if (platform) {
      const info = await need().registerArrow(name, platform.table);
      return { info, export: platform.summary };
    }
    let table;
    try {
      ({ table } = await excelToArrow(new Uint8Array(await file.arrayBuffer()), sheet));
    } catch (e) {
      throw new Error(`Could not read the workbook: ${e instanceof Error ? e.message : String(e)}`);
    }
    return { info: await need().registerArrowIPC(name, tableToIPC(table, 'stream')) };
  },
  async memoryUsage() {
    const t = await need().browse('SELECT coalesce(sum(memory_usage_bytes), 0)::DOUBLE AS b FROM duckdb_memory()');
    return Number(t.get(0)?.b ?? 0);
  },
  crashForTest() {
    setTimeout(() => {
      throw new WebAssembly.RuntimeError('simulated crash (crashForTest)');
    });
  },
};


