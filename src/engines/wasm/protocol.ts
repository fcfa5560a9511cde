import type { EngineFile, FileFormat, SqlValue, TableInfo } from '../../core/engine';

/** What the worker reports once DuckDB is up. */
export interface EngineInfo {
  /** DuckDB's own version, e.g. `v1.4.3`. */
  duckdbVersion: string;
  /** The DuckDB-WASM bundle in use. Pulse ships only `eh` (see DESIGN.md and issue 4). */
  bundle: 'eh';
  /** Milliseconds from worker start to a ready connection (fetch + compile + open). */
  startMs: number;
}

/** Progress of a file import, for the progress bar. */
export interface ImportProgress {
  table: string;
  bytesRead: number;
  bytesTotal: number;
  phase: 'reading' | 'done';
}

/** A page of rows as an Arrow IPC stream; `ipc` travels in the transfer list. */
export interface RowPage {
  ipc: Uint8Array;
  offset: number;
  rowCount: number;
}

/** One table of the live catalogue: the data panel and the editor's completion read it. */
export type CatalogEntry = TableInfo;

/** The result of an ad hoc query: the first rows and the total row count. */
export interface QueryResult {
  ipc: Uint8Array;
  rowCount: number;
  durationMs: number;
}

/**
 * The Pulse worker's API: the only way the UI talks to DuckDB. Comlink exposes it from
 * `worker.ts`; results cross as Arrow IPC bytes (transferred, not copied), and only the rows asked for.
 */
export interface PulseWorkerApi {
  /** Instantiate DuckDB-WASM (eh bundle), lock it down (no extension or network access). Idempotent. */
  start(): Promise<EngineInfo>;
  /** Import a user's file (a `File` is read in place) as table `name`. */
  importFile(name: string, file: Blob, fileName: string, format?: FileFormat, onProgress?: (p: ImportProgress) => void): Promise<TableInfo>;
  /** `Engine.registerFile` for bytes already in memory. */
  registerFile(name: string, file: EngineFile, format?: FileFormat): Promise<TableInfo>;
  /** Run SQL; return at most `maxRows` rows as IPC plus the full row count. */
  query(sql: string, params?: SqlValue[], maxRows?: number): Promise<QueryResult>;
  /** `CREATE OR REPLACE TABLE name AS sql`. */
  materialize(name: string, sql: string, params?: SqlValue[]): Promise<TableInfo>;
  /** Register an Arrow IPC stream as a table. */
  registerArrowIPC(name: string, ipc: Uint8Array): Promise<TableInfo>;
  /** Rows `offset … offset+limit` of a table, optionally sorted. */
  fetchRows(table: string, offset: number, limit: number, orderBy?: { column: string; desc: boolean }): Promise<RowPage>;
  describe(name: string): Promise<TableInfo | null>;
  listTables(): Promise<string[]>;
  /** Every user table with its schema and row count. */
  catalog(): Promise<CatalogEntry[]>;
  drop(name: string): Promise<void>;
  /** Cancel the running query; false when none runs. */
  cancel(): boolean;
  /** Crash the worker on purpose (tests of the restart path). */
  crashForTest(): void;
}
