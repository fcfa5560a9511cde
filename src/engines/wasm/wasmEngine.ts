import { assertQuery, createTableAs, probeFailure, queryProbe } from '../../core/sqlGuard.ts';
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import {
  checkDataFile,
  csvTypesArgument,
  DataFileError,
  guessDelimiter,
  jsonDepthMessage,
  RAGGED_HEAD,
  RaggedScanner,
  raggedMessage,
  raggedText,
  textEncodingOf,
  windows1252ToUtf8,
  type RaggedLine,
} from '../../core/dataFiles.ts';
import { quoteIdent, type Engine, type EngineFile, type FileFormat, type RegisterOptions, type SqlValue, type TableInfo } from '../../core/engine';
import type { DuckDBBindings } from './duckdb';
import { DuckDBDataProtocol } from './duckdb';
import { bindParams, formatFromFileName, sqlLiteral } from './sqlText';

/** Bytes read so far while a file is loaded, for the import progress bar. */
export interface LoadProgress {
  bytesRead: number;
  bytesTotal: number;
}

/** Parquet decoder injected by the worker (parquet-wasm), so this file stays free of its wasm init. */
export type ParquetToIPC = (bytes: Uint8Array) => Promise<Uint8Array>;

/** Raised when a query was cancelled with {@link WasmEngine.cancel}. */
export class QueryCancelledError extends Error {
  constructor() {
    super('Query cancelled.');
    this.name = 'QueryCancelledError';
  }
}

/**
 * A wasm trap (out of memory, `unreachable`, abort) leaves DuckDB-WASM's heap unusable; the worker must be
 * replaced. Detected from the error's type and message.
 */
export function isFatalWasmError(e: unknown): boolean {
  if (e instanceof WebAssembly.RuntimeError) return true;
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return /RuntimeError|memory access out of bounds|Aborted\(|unreachable|Out of memory|Cannot enlarge memory/i.test(msg);
}

/** Virtual folder of the files Pulse registers with DuckDB; the only place SQL may read from. */
const FILE_DIR = '/pulse/';

let tmpCounter = 0;
const tmpName = (prefix: string) => `__pulse_${prefix}_${Date.now().toString(36)}_${tmpCounter++}`;

/**
 * `Engine` over DuckDB-WASM's synchronous bindings, used inside the Pulse worker. Every statement runs
 * as a pending query that is polled, yielding to the worker's event loop between polls, so a
 * `cancel()` message can arrive while a long query runs.
 */
export class WasmEngine implements Engine {
  private readonly conn: number;
  /** A second connection for the grid and the data panel, so they page while a cell runs. */
  private readonly browseConn: number;
  private readonly locks = new Map<number, Promise<unknown>>();
  private readonly active = new Set<number>();
  private cancelRequested = false;
  private fileSeq = 0;

  constructor(
    private readonly db: DuckDBBindings,
    private readonly parquetToIPC?: ParquetToIPC,
  ) {
    this.conn = db.connect().useUnsafe((_, id) => id);
    this.browseConn = db.connect().useUnsafe((_, id) => id);
  }

  /** Run `fn` when nothing else uses connection `conn`: a new statement would abort a pending one. */
  private locked<T>(conn: number, fn: () => T | Promise<T>): Promise<T> {
    const prev = this.locks.get(conn) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    this.locks.set(conn, next.catch(() => undefined));
    return next;
  }

  /** Settings that keep DuckDB off the network: no extension download or autoload, no remote files. */
  async lockDown(): Promise<void> {
    await this.exec('SET autoinstall_known_extensions = false');
    await this.exec('SET autoload_known_extensions = false');
    // Only the files Pulse registers (under FILE_DIR) may be read; no http(s):// or s3:// paths.
    await this.exec(`SET allowed_directories = ['${FILE_DIR}']`);
    await this.exec('SET enable_external_access = false');
    // A notebook's SQL cannot turn any of this back on.
    await this.exec('SET lock_configuration = true');
  }

  /** Ask the running query to stop; returns false when nothing runs. */
  cancel(): boolean {
    if (!this.active.has(this.conn)) return false;
    this.cancelRequested = true;
    return true;
  }

  /** Run SQL and return the raw Arrow IPC stream of the result. */
  queryIPC(sql: string, params?: SqlValue[], conn: number = this.conn): Promise<Uint8Array> {
    const text = bindParams(sql, params ?? []);
    return this.locked(conn, async () => {
      this.active.add(conn);
      if (conn === this.conn) this.cancelRequested = false;
      try {
        let result = this.db.startPendingQuery(conn, text, false);
        while (result === null) {
          await yieldToEventLoop();
          if (conn === this.conn && this.cancelRequested) {
            this.db.cancelPendingQuery(conn);
            throw new QueryCancelledError();
          }
          result = this.db.pollPendingQuery(conn);
        }
        // `result` is the stream's schema message; the record batches follow one by one.
        const parts: Uint8Array[] = [result];
        // An empty buffer ends the stream (as in duckdb-wasm's ResultStreamIterator).
        for (;;) {
          const batch = this.db.fetchQueryResults(conn);
          if (batch === null || batch.byteLength === 0) break;
          parts.push(batch);
        }
        parts.push(ARROW_EOS);
        return concatBytes(parts);
      } finally {
        this.active.delete(conn);
        if (conn === this.conn) this.cancelRequested = false;
      }
    });
  }

  /**
   * The cell's one query, checked as the native engine checks it (core/sqlGuard.ts): Pulse's tokenizer,
   * then DuckDB's parser, which must prepare it as a subquery. Returns the statement to run.
   */
  private async checkedQuery(sql: string, params: readonly SqlValue[] = []): Promise<string> {
    const body = assertQuery(bindParams(sql, params));
    const tryPrepare = (text: string) =>
      this.locked(this.conn, () => {
        try {
          this.db.closePrepared(this.conn, this.db.createPrepared(this.conn, text));
          return null;
        } catch (e) {
          return errorText(e);
        }
      });
    if ((await tryPrepare(queryProbe(body))) !== null) throw probeFailure(body, await tryPrepare(body));
    return body;
  }

  /** A notebook's (or a caller's) query: checked like a cell, then run; the raw Arrow IPC stream. */
  async checkedQueryIPC(sql: string, params?: SqlValue[]): Promise<Uint8Array> {
    return this.queryIPC(await this.checkedQuery(sql, params));
  }

  async query(sql: string, params?: SqlValue[]): Promise<Table> {
    return tableFromIPC(await this.checkedQueryIPC(sql, params));
  }

  /** Run a statement for its effect. */
  async exec(sql: string): Promise<void> {
    await this.queryIPC(sql);
  }

  async materialize(name: string, sql: string, params?: SqlValue[]): Promise<TableInfo> {
    await this.exec(createTableAs(quoteIdent(name), await this.checkedQuery(sql, params)));
    return this.mustDescribe(name);
  }

  async registerArrow(name: string, table: Table): Promise<TableInfo> {
    return this.registerArrowIPC(name, tableToIPC(table, 'stream'));
  }

  /** Load an Arrow IPC stream as table `name`, replacing an older table only when the load succeeds. */
  async registerArrowIPC(name: string, ipc: Uint8Array): Promise<TableInfo> {
    const tmp = tmpName('arrow');
    try {
      await this.locked(this.conn, () => this.db.insertArrowFromIPCStream(this.conn, ipc, { name: tmp, create: true }));
      await this.replaceFrom(name, tmp);
    } finally {
      await this.exec(`DROP TABLE IF EXISTS ${quoteIdent(tmp)}`);
    }
    return this.mustDescribe(name);
  }

  async registerFile(name: string, file: EngineFile, format?: FileFormat, options: RegisterOptions = {}): Promise<TableInfo> {
    if (file.kind === 'path') {
      throw new Error(`The browser engine cannot read "${file.path}" from disk: pass the file's bytes or a File.`);
    }
    return this.loadFile(name, file.fileName, { bytes: file.bytes }, format, undefined, options);
  }

  /**
   * Load a file as table `name`. A `Blob`/`File` is read in place through DuckDB's file reader protocol
   * (no copy of the whole file into the JS heap for CSV); `onProgress` reports bytes read.
   */
  async loadFile(
    name: string,
    fileName: string,
    source: { bytes: Uint8Array } | { blob: Blob },
    format?: FileFormat,
    onProgress?: (p: LoadProgress) => void,
    options: RegisterOptions = {},
  ): Promise<TableInfo> {
    const fmt = format ?? formatFromFileName(fileName);
    if (!fmt) throw new Error(`Cannot tell the format of "${fileName}": use .csv, .tsv, .json, .ndjson or .parquet.`);
    const size = 'bytes' in source ? source.bytes.byteLength : source.blob.size;
    // The same checks as the native engine: empty, binary or misnamed files get the same message.
    const head = 'bytes' in source ? source.bytes.subarray(0, 65536) : new Uint8Array(await source.blob.slice(0, 65536).arrayBuffer());
    checkDataFile(fileName, fmt, head, size);
    if (fmt !== 'parquet' && textEncodingOf(head, head.length >= size) === 'windows-1252') {
      // DuckDB reads UTF-8 and UTF-16 only: a Windows-1252 file is handed over as UTF-8 (as natively).
      return this.loadFile(name, fileName, { bytes: windows1252ToUtf8(await readBytes(source, size)) }, fmt, onProgress, options);
    }
    const progress = { bytesRead: 0, bytesTotal: size };
    const report = () => onProgress?.({ ...progress });

    if (fmt === 'parquet') {
      if (!this.parquetToIPC) throw new Error('Parquet support is not loaded in this engine.');
      const bytes = 'bytes' in source ? source.bytes : new Uint8Array(await source.blob.arrayBuffer());
      progress.bytesRead = size;
      report();
      let ipc: Uint8Array;
      try {
        ipc = await this.parquetToIPC(bytes);
      } catch (e) {
        throw new Error(`"${fileName}" is not a readable Parquet file: ${errorText(e)}`);
      }
      return this.registerArrowIPC(name, ipc);
    }

    const path = `${FILE_DIR}${this.fileSeq++}_${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}`;
    try {
      if (fmt === 'ndjson' || fmt === 'json') {
        let bytes = 'bytes' in source ? source.bytes : new Uint8Array(await source.blob.arrayBuffer());
        progress.bytesRead = size;
        report();
        // Before DuckDB sees it: its JSON reader recurses once per level of nesting.
        const deep = jsonDepthMessage(bytes);
        if (deep) throw new DataFileError(fileName, deep);
        if (fmt === 'ndjson') bytes = ndjsonToArray(bytes);
        this.db.registerFileBuffer(path, bytes);
        const tmp = tmpName('json');
        try {
          try {
            await this.locked(this.conn, () => this.db.insertJSONFromPath(this.conn, path, { name: tmp, create: true }));
          } catch (e) {
            throw new Error(`Could not read "${fileName}" as ${fmt === 'json' ? 'a JSON array of objects' : 'NDJSON'}: ${errorText(e)}`);
          }
          await this.replaceFrom(name, tmp);
        } finally {
          await this.exec(`DROP TABLE IF EXISTS ${quoteIdent(tmp)}`);
        }
      } else {
        if ('bytes' in source) {
          this.db.registerFileBuffer(path, source.bytes);
        } else {
          const blob = source.blob;
          // DuckDB reads a registered File through `handle.slice(from, to)`; wrapping it lets the
          // progress bar follow the reader without copying the file.
          const handle = {
            size: blob.size,
            name: fileName,
            slice(from?: number, to?: number) {
              progress.bytesRead = Math.max(progress.bytesRead, Math.min(to ?? blob.size, blob.size));
              return blob.slice(from, to);
            },
          };
          this.db.registerFileHandle(path, handle, DuckDBDataProtocol.BROWSER_FILEREADER, true);
        }
        const delim = fmt === 'tsv' ? `, delim = '\\t'` : '';
        const utf8 = textEncodingOf(head) === 'utf-8';
        const headText = utf8 ? new TextDecoder('utf-8').decode(head) : '';
        const delimiter = fmt === 'tsv' ? '\t' : guessDelimiter(headText);
        const types = utf8 ? csvTypesArgument(headText, delimiter, options.columnTypes) : '';
        const timer = onProgress ? setInterval(report, 100) : undefined;
        const tmp = tmpName('csv');
        try {
          try {
            await this.exec(
              `CREATE OR REPLACE TABLE ${quoteIdent(tmp)} AS SELECT * FROM read_csv('${path}', header = true, auto_detect = true${delim}${types})`,
            );
          } catch (e) {
            if (e instanceof QueryCancelledError) throw e;
            // A ragged record past DuckDB's sniffing sample fails the read: say which line, as the
            // native engine does (files up to 256 MB are scanned for it).
            const ragged = utf8 && size <= 256 * 1024 * 1024 ? raggedMessage(await readBytes(source, size), delimiter) : null;
            if (ragged) throw new DataFileError(fileName, ragged);
            throw new Error(`Could not import "${fileName}": ${errorText(e)}`);
          } finally {
            if (timer) clearInterval(timer);
          }
          // DuckDB's sniffer can "succeed" on a file with ragged records among the rows it samples:
          // check the head's field counts before the new table replaces anything (RAGGED_HEAD).
          if (utf8) {
            const bad = await raggedInHead(source, size, delimiter);
            if (bad) throw new DataFileError(fileName, raggedText(bad));
          }
          await this.replaceFrom(name, tmp);
        } finally {
          await this.exec(`DROP TABLE IF EXISTS ${quoteIdent(tmp)}`);
        }
        progress.bytesRead = size;
        report();
      }
    } finally {
      try {
        this.db.dropFile(path);
      } catch {
        // already gone
      }
    }
    return this.mustDescribe(name);
  }

  async describe(name: string, conn: number = this.conn): Promise<TableInfo | null> {
    const cols = await this.queryTable(
      // duckdb_columns() rather than the information_schema view over it: half the time, and this runs
      // after every import and every cell.
      `SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND NOT internal AND table_name = $1 ORDER BY column_index`,
      [name],
      conn,
    );
    if (cols.numRows === 0) return null;
    const columns = cols.toArray().map((r) => ({ name: String(r.column_name), type: String(r.data_type) }));
    const count = await this.queryTable(`SELECT count(*)::DOUBLE AS n FROM ${quoteIdent(name)}`, [], conn);
    return { name, columns, rowCount: Number(count.get(0)?.n ?? 0) };
  }

  async listTables(conn: number = this.conn): Promise<string[]> {
    const t = await this.queryTable(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_name NOT LIKE '\\_\\_pulse\\_%' ESCAPE '\\' ORDER BY table_name`,
      [],
      conn,
    );
    return t.toArray().map((r) => String(r.table_name));
  }

  async drop(name: string): Promise<void> {
    await this.exec(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
    await this.exec(`DROP VIEW IF EXISTS ${quoteIdent(name)}`);
  }

  /** Every user table with schema and row count, read on the browsing connection. */
  async catalog(): Promise<TableInfo[]> {
    // Two statements whatever the number of tables (the data panel refreshes after every run).
    const cols = await this.queryTable(
      `SELECT table_name, column_name, data_type FROM duckdb_columns()
       WHERE schema_name = 'main' AND NOT internal AND table_name NOT LIKE '\\_\\_pulse\\_%' ESCAPE '\\' ORDER BY table_name, column_index`,
      [],
      this.browseConn,
    );
    const byTable = new Map<string, TableInfo>();
    for (const r of cols.toArray()) {
      const name = String(r.table_name);
      let info = byTable.get(name);
      if (!info) byTable.set(name, (info = { name, columns: [], rowCount: 0 }));
      info.columns.push({ name: String(r.column_name), type: String(r.data_type) });
    }
    if (byTable.size === 0) return [];
    const counts = [...byTable.keys()].map((n) => `SELECT ${sqlLiteral(n)} AS t, count(*)::DOUBLE AS n FROM ${quoteIdent(n)}`).join(' UNION ALL ');
    try {
      for (const r of (await this.queryTable(counts, [], this.browseConn)).toArray()) byTable.get(String(r.t))!.rowCount = Number(r.n);
    } catch {
      // A table dropped between the two statements (a cell re-ran): count the rest one by one.
      for (const info of byTable.values()) {
        const again = await this.describe(info.name, this.browseConn);
        if (again) info.rowCount = again.rowCount;
        else byTable.delete(info.name);
      }
    }
    return [...byTable.values()];
  }

  /** Run a read-only query on the browsing connection (data panel, exports), so it never waits on a cell. */
  async browse(sql: string): Promise<Table> {
    return this.queryTable(sql, [], this.browseConn);
  }

  /** The same on the browsing connection, as raw Arrow IPC. */
  browseIPC(sql: string): Promise<Uint8Array> {
    return this.queryIPC(sql, [], this.browseConn);
  }

  private async queryTable(sql: string, params: SqlValue[], conn: number): Promise<Table> {
    return tableFromIPC(await this.queryIPC(sql, params, conn));
  }

  async close(): Promise<void> {
    this.db.disconnect(this.browseConn);
    this.db.disconnect(this.conn);
    this.db.reset();
  }

  /** Rows `offset … offset+limit` of a table as Arrow IPC, DECIMAL and HUGEINT cast to DOUBLE for display. */
  async pageIPC(name: string, offset: number, limit: number, orderBy?: { column: string; desc: boolean }): Promise<Uint8Array> {
    const order = orderBy ? ` ORDER BY ${quoteIdent(orderBy.column)} ${orderBy.desc ? 'DESC' : 'ASC'} NULLS LAST` : '';
    return this.queryIPC(
      `SELECT * FROM ${quoteIdent(name)}${order} LIMIT ${Math.max(0, Math.floor(limit))} OFFSET ${Math.max(0, Math.floor(offset))}`,
      [],
      this.browseConn,
    );
  }

  private async mustDescribe(name: string): Promise<TableInfo> {
    const info = await this.describe(name);
    if (!info) throw new Error(`Table "${name}" was not created.`);
    return info;
  }

  /** Swap a freshly loaded table in under `name` by renaming it (no copy of a large table). */
  private async replaceFrom(name: string, tmp: string): Promise<void> {
    await this.exec('BEGIN TRANSACTION');
    try {
      await this.exec(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
      await this.exec(`ALTER TABLE ${quoteIdent(tmp)} RENAME TO ${quoteIdent(name)}`);
      await this.exec('COMMIT');
    } catch (e) {
      await this.exec('ROLLBACK');
      throw e;
    }
  }
}

/**
 * The first ragged record in the head of a file being loaded (RAGGED_HEAD), read 1 MB at a time: a
 * 16 MB buffer held in the worker made the next queries measurably slower.
 */
async function raggedInHead(source: { bytes: Uint8Array } | { blob: Blob }, size: number, delimiter: string): Promise<RaggedLine | null> {
  const scanner = new RaggedScanner(delimiter, RAGGED_HEAD.lines);
  const limit = Math.min(size, RAGGED_HEAD.bytes);
  const step = 1024 * 1024;
  for (let at = 0; at < limit; at += step) {
    const chunk = 'bytes' in source ? source.bytes.subarray(at, Math.min(at + step, limit)) : new Uint8Array(await source.blob.slice(at, Math.min(at + step, limit)).arrayBuffer());
    if (scanner.push(chunk)) break;
  }
  return scanner.end(size > limit);
}

/** The first `limit` bytes of a file being loaded. */
async function readBytes(source: { bytes: Uint8Array } | { blob: Blob }, limit: number): Promise<Uint8Array> {
  return 'bytes' in source ? source.bytes.subarray(0, limit) : new Uint8Array(await source.blob.slice(0, limit).arrayBuffer());
}

/** Arrow IPC end-of-stream marker: continuation token and a zero length. */
const ARROW_EOS = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

function concatBytes(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.byteLength;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Turn newline-delimited JSON into one JSON array, which the bindings' JSON import reads. */
function ndjsonToArray(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(bytes);
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  return new TextEncoder().encode(`[${lines.join(',\n')}]`);
}

const channel = typeof MessageChannel !== 'undefined' ? new MessageChannel() : null;
const waiting: (() => void)[] = [];
if (channel) channel.port1.onmessage = () => waiting.shift()?.();

/** Let queued messages (a cancel request) run between polls, without setTimeout's 4 ms clamp. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (!channel) return setTimeout(resolve, 0);
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}
