import type { EngineFile, FileFormat, RegisterOptions, SqlValue, TableInfo } from '../../core/engine';
import type { ParamValue } from '../../core/notebook/params';
import type { TableProfile } from './profile';
import type { UserMapping } from '../../core/importers/mapping';
import type { CanonicalTableName, Platform } from '../../core/importers/schema';

export type { TableProfile, ColumnProfile } from './profile';

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

/** What the importers (`detectExport`) make of a CSV/TSV, from its head. */
export interface ExportSniff {
  /** The platform whose layout matched, or null: not a platform export. */
  platform: Platform | null;
  /** Layout id ('meta_ads_manager', …) or 'unknown'. */
  layout: string;
  table: CanonicalTableName | 'raw';
  headers: string[];
  /** `headerSignature(headers)`: the key of a saved column mapping. */
  signature: string;
  numberFormat: 'dot' | 'comma';
  /** First data rows as text (header → cell), for the mapping dialog. */
  preview: Record<string, string>[];
  warnings: string[];
  /** Set when the sheet is wider than any platform export (the importer's message): load it as it is. */
  wide?: string;
  /** The file's tables when it holds several (GA4 overview downloads), each by its own title. */
  tables?: ExportTable[];
}

/** One table of a multi-table export, as the import lists it. */
export interface ExportTable {
  /** 1-based. */
  index: number;
  title: string;
  rows: number;
}

/** A platform export (or a user-mapped file) imported through the importers into a canonical table. */
export interface ExportImported {
  info: TableInfo;
  platform: Platform | null;
  layout: string;
  table: CanonicalTableName | 'raw';
  /** Data rows imported (total and summary rows excluded). */
  rows: number;
  /** The file's total row against the sum of its rows. */
  totals: 'absent' | 'match' | 'mismatch';
  totalsLabel?: string;
  warnings: string[];
  /** Every table of the file when it holds several; `tableIndex` is the one imported. */
  tables?: ExportTable[];
  tableIndex?: number;
}

/** A cell's run state as it crosses to the UI (plain data, no Arrow objects). */
export interface CellUpdate {
  id: string;
  kind: string;
  phase: 'start' | 'done';
  status?: 'ok' | 'error' | 'skipped';
  error?: string;
  /** 1-based line in the notebook file the error points at. */
  errorLine?: number;
  rowCount?: number;
  columns?: { name: string; type: string }[];
  durationMs?: number;
  /** Table holding the full result, when the cell registered one; the grid pages from it. */
  table?: string;
  /** What the kind shows besides the table (plot spec and rows, input, checklist …). */
  output?: unknown;
  /** What the kind says about its result (an empty input, a metric the data lacks). */
  note?: string;
}

export interface RunRequest {
  /** The notebook's text (`.pulse.md`). */
  text: string;
  /** Values of input cells' controls and parameter overrides, by name. */
  params?: Record<string, ParamValue>;
  /** Run only these cells (others are up to date). */
  only?: string[];
  /** Names of the datasets loaded by the user. */
  datasets?: string[];
}

/**
 * The Pulse worker's API: the only way the UI talks to DuckDB. Comlink exposes it from
 * `worker.ts` (entry) and `workerApi.ts`; results cross as Arrow IPC bytes (transferred, not copied), and only the rows asked for.
 */
export interface PulseWorkerApi {
  /** Instantiate DuckDB-WASM (eh bundle), lock it down (no extension or network access). Idempotent. */
  start(): Promise<EngineInfo>;
  /** Import a user's file (a `File` is read in place) as table `name`. */
  importFile(
    name: string,
    file: Blob,
    fileName: string,
    format?: FileFormat,
    onProgress?: (p: ImportProgress) => void,
    /** e.g. `{ columnTypes: canonicalTextColumns(schema) }` for a dataset declared with a canonical schema. */
    options?: RegisterOptions,
  ): Promise<TableInfo>;
  /** `Engine.registerFile` for bytes already in memory. */
  registerFile(name: string, file: EngineFile, format?: FileFormat, options?: RegisterOptions): Promise<TableInfo>;
  /** Run SQL; return at most `maxRows` rows as IPC plus the full row count. */
  query(sql: string, params?: SqlValue[], maxRows?: number): Promise<QueryResult>;
  /** `CREATE OR REPLACE TABLE name AS sql`. */
  materialize(name: string, sql: string, params?: SqlValue[]): Promise<TableInfo>;
  /** Recognize a CSV/TSV export (`detectExport` on its head). Throws an ImportError (name kept) for unreadable files. */
  sniffExport(file: Blob, fileName: string): Promise<ExportSniff>;
  /**
   * Import a platform export through `importExport` → `importToArrow` as table `name`; with `mapping`,
   * a file of an unknown layout through the user's column mapping. With `expectTable`, a file of
   * another canonical table is refused; `table` picks a table of a multi-table file (1-based; default the
   * first with rows). Nothing is registered when it throws.
   */
  importExport(name: string, file: Blob, fileName: string, options?: { mapping?: UserMapping; expectTable?: string; table?: number }): Promise<ExportImported>;
  /** Register an Arrow IPC stream as a table. */
  registerArrowIPC(name: string, ipc: Uint8Array): Promise<TableInfo>;
  /** Rows `offset … offset+limit` of a table, optionally sorted. */
  fetchRows(table: string, offset: number, limit: number, orderBy?: { column: string; desc: boolean }): Promise<RowPage>;
  describe(name: string): Promise<TableInfo | null>;
  listTables(): Promise<string[]>;
  /** Every user table with its schema and row count. */
  catalog(): Promise<CatalogEntry[]>;
  drop(name: string): Promise<void>;
  /** Run a notebook (or some of its cells) with the core runner, in this worker; one update per cell phase. */
  runNotebook(req: RunRequest, onCell: (u: CellUpdate) => void): Promise<void>;
  /** Cancel the running query and stop a notebook run; false when none runs. */
  cancel(): boolean;
  /** Column profile of a table: nulls, distinct, min / max, histogram or top values (SQL, browsing connection). */
  profile(table: string): Promise<TableProfile>;
  /** A table as a file: CSV text (formulas neutralized unless `raw`, core/csvCells.ts) or Parquet bytes (parquet-wasm), in the transfer list. */
  exportTable(table: string, format: 'csv' | 'parquet', options?: { raw?: boolean }): Promise<{ bytes: Uint8Array }>;
  /** Sheet names of an .xlsx workbook. */
  excelSheets(file: Blob): Promise<string[]>;
  /**
   * Import one sheet of an .xlsx workbook (the first when `sheet` is not given) as table `name`: a
   * platform export through the importers into its canonical table (`export` says what it was; with
   * `expectTable`, another table is refused), any other sheet as a plain typed table.
   */
  importExcel(name: string, file: Blob, sheet?: string, options?: { expectTable?: string }): Promise<{ info: TableInfo; export?: Omit<ExportImported, 'info'> }>;
  /** Bytes DuckDB holds in memory now (its buffer manager's count), for the import pre-flight. */
  memoryUsage(): Promise<number>;
  /** Crash the worker on purpose (tests of the restart path). */
  crashForTest(): void;
  /**
   * Resolves once no other call has been running for `quietMs` (DuckDB started, no import or query):
   * background work such as the offline install waits for it rather than slowing the user's first
   * import (docs/performance.md).
   */
  whenIdle(quietMs: number): Promise<void>;
}
