import type { Table } from 'apache-arrow';

/** The file formats an engine can register as a table. */
export type FileFormat = 'csv' | 'tsv' | 'json' | 'ndjson' | 'parquet';

/** A file handed to an engine: a path on disk (Node) or bytes already in memory (browser, tests). */
export type EngineFile =
  | { kind: 'path'; path: string; fileName: string }
  | { kind: 'bytes'; bytes: Uint8Array; fileName: string };

/** How to read a file. */
export interface RegisterOptions {
  /**
   * Column types to force where the file has those columns (others are detected), e.g. the canonical
   * schema's VARCHAR id columns, so `439380327.1719644073` is not read as a rounded DOUBLE.
   */
  columnTypes?: Record<string, string>;
}

export interface ColumnInfo {
  name: string;
  /** DuckDB's type name, e.g. `BIGINT`, `VARCHAR`, `DATE`. */
  type: string;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  rowCount: number;
}

/**
 * A SQL value bound to a `$n` placeholder. Dates are passed as `{ date: 'YYYY-MM-DD' }` so both engines
 * bind them as DATE rather than as text.
 */
export type SqlValue = string | number | boolean | null | { date: string };

/**
 * What the notebook runner needs from a database. Two implementations: DuckDB-WASM in a Web Worker
 * (browser) and native DuckDB (CLI and Node tests). Both must give the same answers; the contract
 * tests in tests/engines run against each.
 */
export interface Engine {
  /** Register a data file as table `name`, replacing any table of that name only when the load succeeds. */
  registerFile(name: string, file: EngineFile, format?: FileFormat, options?: RegisterOptions): Promise<TableInfo>;
  /** Run a query and return its whole result as Arrow. */
  query(sql: string, params?: SqlValue[]): Promise<Table>;
  /** `CREATE OR REPLACE TABLE name AS sql`: a cell's result, queryable by later cells. */
  materialize(name: string, sql: string, params?: SqlValue[]): Promise<TableInfo>;
  /** Register an Arrow table (an analysis result) as table `name`. */
  registerArrow(name: string, table: Table): Promise<TableInfo>;
  /** Schema and row count of a table, or null when there is none. */
  describe(name: string): Promise<TableInfo | null>;
  /** Names of the tables in the main schema. */
  listTables(): Promise<string[]>;
  drop(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Quote an identifier for DuckDB SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
