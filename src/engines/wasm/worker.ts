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
import { quoteIdent } from '../../core/engine';
import { parseNotebook } from '../../core/notebook/format';
import { runNotebook } from '../../core/notebook/runner';
import type { EngineInfo, PulseWorkerApi, QueryResult, RowPage } from './protocol';
import { profileTable } from './profile';
import { csvFromTextTable, textSelectSql } from './export';
import { excelSheetNames, excelToArrow } from './excel';
import { parsePlatformExport, sniffFile } from './exportImport';

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
    const ipc = await need().queryIPC(sql, params);
    const durationMs = performance.now() - t0;
    const table = tableFromIPC(ipc);
    if (table.numRows <= maxRows) return withTransfer({ ipc, rowCount: table.numRows, durationMs });
    return withTransfer({ ipc: tableToIPC(table.slice(0, maxRows), 'stream'), rowCount: table.numRows, durationMs });
  },
  materialize(name, sql, params) {
    return need().materialize(name, sql, params);
  },
  sniffExport(file, fileName) {
    return sniffFile(file, fileName);
  },
  async importExport(name, file, fileName, options) {
    const e = need();
    const { table, summary } = await parsePlatformExport(file, fileName, options ?? {});
    const info = await e.registerArrow(name, table);
    return { info, ...summary };
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
  async profile(table) {
    const e = need();
    const info = await e.describe(table);
    if (!info) throw new Error(`No table "${table}" to profile.`);
    return profileTable(table, info.columns, (sql) => e.browse(sql));
  },
  async exportTable(table, format) {
    const e = need();
    const info = await e.describe(table);
    if (!info) throw new Error(`No table "${table}" to download: run its cell first.`);
    const bytes =
      format === 'csv'
        ? new TextEncoder().encode(csvFromTextTable(await e.browse(textSelectSql(table, info.columns))))
        : await ipcToParquet(await e.browseIPC(`SELECT * FROM ${quoteIdent(table)}`));
    return Comlink.transfer({ bytes }, [bytes.buffer as ArrayBuffer]);
  },
  async excelSheets(file) {
    return excelSheetNames(new Uint8Array(await file.arrayBuffer()));
  },
  async importExcel(name, file, sheet) {
    let table;
    try {
      ({ table } = await excelToArrow(new Uint8Array(await file.arrayBuffer()), sheet));
    } catch (e) {
      throw new Error(`Could not read the workbook: ${e instanceof Error ? e.message : String(e)}`);
    }
    return need().registerArrowIPC(name, tableToIPC(table, 'stream'));
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

Comlink.expose(api);
