/**
 * The Engine on native DuckDB (@duckdb/node-api), for the CLI and the Node tests. Pinned to the DuckDB
 * version inside DuckDB-WASM so a notebook gives the same answers in the browser and in `pulse run`.
 */
import { closeSync, copyFileSync, linkSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import {
  DuckDBConnection,
  DuckDBDataChunk,
  DuckDBDateValue,
  DuckDBInstance,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  VARCHAR,
  type DuckDBAppender,
} from '@duckdb/node-api';
import type { Table } from 'apache-arrow';
import { duckdbTypeOf, tableFromColumns, type ColumnType } from '../../core/arrow.ts';
import {
  checkDataFile,
  csvTypesArgument,
  DataFileError,
  formatFromFileName,
  guessDelimiter,
  JsonDepthScanner,
  RAGGED_HEAD,
  raggedMessage,
  textEncodingOf,
  windows1252ToUtf8,
} from '../../core/dataFiles.ts';
import { quoteIdent, type Engine, type EngineFile, type FileFormat, type RegisterOptions, type SqlValue, type TableInfo } from '../../core/engine.ts';
import { sqlLiteral } from '../../core/notebook/params.ts';
import { assertQuery, createTableAs, probeFailure, queryProbe } from '../../core/sqlGuard.ts';

export interface NativeEngineOptions {
  /** DuckDB threads; default: DuckDB's own choice. */
  threads?: number;
}

/**
 * Notebook SQL reads no file on disk. As in the browser engine (which reads only its virtual `/pulse/`
 * folder), DuckDB's external access is off from the start and the only directory it may open is the
 * engine's own empty temporary folder: `registerFile` links (or copies) the one file it loads there,
 * reads it into a table and removes the link, so a shared notebook sees the data the user bound, as
 * tables, and no file — not the --data files themselves, not ~/.ssh. Then `lock_configuration` keeps
 * notebook SQL from changing any of it. No "seal" step to forget: the engine is never open.
 */
export class NativeEngine implements Engine {
  private fileSeq = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    /** The only directory DuckDB may read (allowed_directories); empty between loads. */
    private readonly fileDir: string,
  ) {}

  static async create(options: NativeEngineOptions = {}): Promise<NativeEngine> {
    const config: Record<string, string> = {
      autoload_known_extensions: 'false',
      autoinstall_known_extensions: 'false',
      allow_community_extensions: 'false',
      // No extension can be fetched: installs point at a repository that does not exist.
      custom_extension_repository: 'file:///nonexistent-pulse-extension-repository',
      autoinstall_extension_repository: 'file:///nonexistent-pulse-extension-repository',
    };
    if (options.threads) config.threads = String(options.threads);
    const fileDir = mkdtempSync(join(tmpdir(), 'pulse-engine-'));
    // DuckDB adds its spill folder to the allowed directories; left at its default, that is `.tmp/` in
    // the working directory, so notebook SQL could read whatever is (or links from) there. Inside the
    // engine's own folder it holds only this engine's spilled data.
    config.temp_directory = join(fileDir, 'spill');
    const instance = await DuckDBInstance.create(':memory:', config);
    const conn = await instance.connect();
    // `~` and DuckDB's own folders under it (extensions, stored secrets) point into the engine's folder
    // too: nothing of the user's home is looked up, and no message names it.
    await conn.run(`SET home_directory = ${sqlLiteral(fileDir)}`);
    await conn.run(`SET secret_directory = ${sqlLiteral(join(fileDir, 'secrets'))}`);
    await conn.run(`SET extension_directory = ${sqlLiteral(join(fileDir, 'extensions'))}`);
    await conn.run(`SET allowed_directories = [${sqlLiteral(fileDir + sep)}]`);
    await conn.run('SET enable_external_access = false');
    // Notebook SQL may not switch any of the above back on.
    await conn.run('SET lock_configuration = true');
    return new NativeEngine(instance, conn, fileDir);
  }

  /** Make `source` readable by DuckDB under the engine's folder; returns the path and how to remove it. */
  private stage(fileName: string, source: { path: string } | { bytes: Uint8Array }): { path: string; remove: () => void } {
    const path = join(this.fileDir, `${this.fileSeq++}_${fileName.replace(/[^\w.-]/g, '_')}`);
    if ('bytes' in source) writeFileSync(path, source.bytes);
    else {
      const target = resolve(source.path);
      // A symbolic link costs nothing; where the OS refuses one (Windows without the privilege), a
      // hard link, and across volumes a copy.
      try {
        symlinkSync(target, path);
      } catch {
        try {
          linkSync(target, path);
        } catch {
          copyFileSync(target, path);
        }
      }
    }
    return { path, remove: () => rmSync(path, { force: true }) };
  }

  async registerFile(name: string, file: EngineFile, format?: FileFormat, options: RegisterOptions = {}): Promise<TableInfo> {
    const fmt = format ?? formatFromFileName(file.fileName);
    let size: number;
    let head: Uint8Array;
    if (file.kind === 'path') {
      try {
        const st = statSync(file.path);
        if (!st.isFile()) throw new DataFileError(file.fileName, 'this is a folder, not a file');
        size = st.size;
      } catch (e) {
        if (e instanceof DataFileError) throw e;
        throw new DataFileError(file.fileName, 'no such file: check the path');
      }
      head = readHead(file.path, 65536);
    } else {
      size = file.bytes.length;
      head = file.bytes.subarray(0, 65536);
    }
    checkDataFile(file.fileName, fmt, head, size);
    if (fmt === 'json' || fmt === 'ndjson') {
      // Before DuckDB sees it: its JSON reader recurses once per level of nesting.
      const scanner = new JsonDepthScanner();
      if (file.kind === 'bytes') scanner.push(file.bytes);
      else forEachChunk(file.path, (chunk) => scanner.push(chunk));
      const deep = scanner.message();
      if (deep) throw new DataFileError(file.fileName, deep);
    }
    const detected = fmt === 'parquet' ? 'utf-8' : textEncodingOf(head, head.length >= size);
    // DuckDB reads UTF-8 and UTF-16 only: a Windows-1252 file is handed over as UTF-8.
    const staged =
      detected === 'windows-1252'
        ? this.stage(file.fileName, { bytes: windows1252ToUtf8(file.kind === 'bytes' ? file.bytes : new Uint8Array(readFileSync(file.path))) })
        : this.stage(file.fileName, file.kind === 'bytes' ? { bytes: file.bytes } : { path: file.path });
    const path = staged.path;
    const cleanup = staged.remove;
    try {
      const encoding = detected === 'windows-1252' ? 'utf-8' : detected;
      const text = detected === 'windows-1252' ? readHead(path, 65536) : head;
      let types = '';
      if ((fmt === 'csv' || fmt === 'tsv') && encoding === 'utf-8') {
        const headText = new TextDecoder('utf-8').decode(text);
        types = csvTypesArgument(headText, fmt === 'tsv' ? '\t' : guessDelimiter(headText), options.columnTypes);
      }
      const reader = readerSql(fmt, path, encoding, types);
      const tmp = `__pulse_load_${name}`;
      try {
        await this.conn.run(`CREATE OR REPLACE TABLE ${quoteIdent(tmp)} AS SELECT * FROM ${reader}`);
      } catch (e) {
        const ragged = fmt === 'csv' || fmt === 'tsv' ? raggedLineIn(path, fmt) : null;
        throw new DataFileError(file.fileName, ragged ?? `could not be read as ${fmt.toUpperCase()}: ${(e as Error).message}`);
      }
      if (fmt === 'csv' || fmt === 'tsv') {
        // DuckDB's sniffer can "succeed" on a ragged file by reading it as one wide or one narrow
        // column set; a field count that differs from the header is a broken file, not data. Only the
        // head can be affected (RAGGED_HEAD): a ragged record after it fails the read above.
        const ragged = raggedLineIn(path, fmt, RAGGED_HEAD);
        if (ragged) {
          await this.conn.run(`DROP TABLE IF EXISTS ${quoteIdent(tmp)}`);
          throw new DataFileError(file.fileName, ragged);
        }
      }
      // Swap in the new table only once it loaded, so a bad file never replaces a good table.
      await this.conn.run('BEGIN TRANSACTION');
      try {
        await this.conn.run(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
        await this.conn.run(`ALTER TABLE ${quoteIdent(tmp)} RENAME TO ${quoteIdent(name)}`);
        await this.conn.run('COMMIT');
      } catch (e) {
        await this.conn.run('ROLLBACK');
        throw e;
      }
      return (await this.describe(name))!;
    } finally {
      cleanup();
    }
  }

  /**
   * The cell's one query (see core/sqlGuard.ts): Pulse's tokenizer first, then DuckDB's parser, which
   * must prepare it as a subquery. Returns the statement to run.
   */
  private async checkedQuery(sql: string): Promise<string> {
    const body = assertQuery(sql);
    try {
      (await this.conn.prepare(queryProbe(body))).destroySync();
    } catch {
      let own: string | null = null;
      try {
        (await this.conn.prepare(body)).destroySync();
      } catch (e) {
        own = cleanDuckDbMessage((e as Error).message);
      }
      throw probeFailure(body, own);
    }
    return body;
  }

  async query(sql: string, params?: SqlValue[]): Promise<Table> {
    const body = await this.checkedQuery(sql);
    let reader;
    try {
      reader = await this.conn.runAndReadAll(body, params?.map(toDuckValue) as never);
    } catch (e) {
      throw new Error(cleanDuckDbMessage((e as Error).message));
    }
    const names = reader.columnNames();
    const types = reader.columnTypes().map((t) => t.toString());
    const data = reader.getColumnsJS();
    return tableFromColumns(names.map((name, k) => ({ name, ...columnOf(types[k]!, data[k] ?? []) })));
  }

  async materialize(name: string, sql: string, params?: SqlValue[]): Promise<TableInfo> {
    // Checked (and prepared) first, so that errors point at the user's own SQL, not a wrapper.
    const body = await this.checkedQuery(sql);
    try {
      await this.conn.run(createTableAs(quoteIdent(name), body), params?.map(toDuckValue) as never);
    } catch (e) {
      throw new Error(cleanDuckDbMessage((e as Error).message));
    }
    return (await this.describe(name))!;
  }

  async registerArrow(name: string, table: Table): Promise<TableInfo> {
    const fields = table.schema.fields;
    const types = fields.map((f) => storageType(duckdbTypeOf(f.type)));
    const cols = fields.map((f, k) => `${quoteIdent(f.name)} ${types[k]}`).join(', ');
    await this.conn.run(`CREATE OR REPLACE TABLE ${quoteIdent(name)} (${cols})`);
    const appender = await this.conn.createAppender(name);
    const vectors = fields.map((f) => table.getChild(f.name)!);
    try {
      for (let r = 0; r < table.numRows; r++) {
        vectors.forEach((v, k) => appendValue(appender, types[k]!, v.get(r)));
        appender.endRow();
      }
      appender.closeSync();
    } catch (e) {
      // Never leave an open appender behind: DuckDB would flush it later, outside any await, and a
      // half-appended table must not pass for the result.
      try {
        appender.closeSync();
      } catch {
        /* the append already failed; that error is the one to report */
      }
      await this.conn.run(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
      throw e;
    }
    return (await this.describe(name))!;
  }

  /**
   * Load rows that arrive in batches as text (a warehouse pull) as table `name` with the given column
   * types: the text goes into a staging table of VARCHAR columns, and `commit` casts it in one DuckDB
   * statement (parsing dates, timestamps and numbers in C++ rather than per value in JS) and only then
   * gives the result the table's name, so an interrupted load leaves no table that looks complete
   * (`abort` drops the staging table; the previous `name`, if any, is untouched).
   */
  async bulkLoad(name: string, columns: readonly LoadColumn[]): Promise<TableLoader> {
    const staging = `__pulse_pull_${name}`;
    const typed = `__pulse_pull_typed_${name}`;
    const cols = columns.map((c) => `${quoteIdent(c.name)} VARCHAR`).join(', ');
    await this.conn.run(`CREATE OR REPLACE TABLE ${quoteIdent(staging)} (${cols})`);
    const appender = await this.conn.createAppender(staging);
    const types = columns.map(() => VARCHAR);
    let open = true;
    const close = () => {
      if (!open) return;
      open = false;
      appender.closeSync();
    };
    const conn = this.conn;
    // Text the warehouse sent, cast as DuckDB reads it. A BC date or timestamp (which DuckDB would read
    // as AD) and one DuckDB cannot read (`infinity` is read) become null rather than a wrong value.
    const cast = (c: LoadColumn) => {
      const col = quoteIdent(c.name);
      if (c.type === 'VARCHAR') return col;
      if (c.type === 'DATE' || c.type.startsWith('TIMESTAMP')) return `CASE WHEN ${col} LIKE '% BC' THEN NULL ELSE TRY_CAST(${col} AS ${c.type}) END AS ${col}`;
      return `CAST(${col} AS ${c.type}) AS ${col}`;
    };
    return {
      append(batch: readonly (readonly (string | null)[])[]) {
        const chunk = DuckDBDataChunk.create(types, batch[0]?.length ?? 0);
        chunk.setColumns(batch);
        appender.appendDataChunk(chunk);
      },
      async commit() {
        close();
        await conn.run(`CREATE OR REPLACE TABLE ${quoteIdent(typed)} AS SELECT ${columns.map(cast).join(', ') || '*'} FROM ${quoteIdent(staging)}`);
        await conn.run(`DROP TABLE ${quoteIdent(staging)}`);
        await conn.run('BEGIN TRANSACTION');
        try {
          await conn.run(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
          await conn.run(`ALTER TABLE ${quoteIdent(typed)} RENAME TO ${quoteIdent(name)}`);
          await conn.run('COMMIT');
        } catch (e) {
          await conn.run('ROLLBACK');
          throw e;
        }
      },
      async abort() {
        try {
          close();
        } catch {
          /* a failed flush: the staging table is dropped below either way */
        }
        await conn.run(`DROP TABLE IF EXISTS ${quoteIdent(staging)}`);
        await conn.run(`DROP TABLE IF EXISTS ${quoteIdent(typed)}`);
      },
    };
  }

  /**
   * A table as Parquet bytes (ZSTD), written by DuckDB into the engine's own folder (the one place it
   * may write) and read back; notebook SQL cannot reach this (COPY is refused by the SQL guard).
   */
  async exportParquet(name: string): Promise<Uint8Array> {
    const path = join(this.fileDir, `${this.fileSeq++}_export.parquet`);
    try {
      await this.conn.run(`COPY ${quoteIdent(name)} TO ${sqlLiteral(path)} (FORMAT parquet, COMPRESSION zstd)`);
      return new Uint8Array(readFileSync(path));
    } finally {
      rmSync(path, { force: true });
    }
  }

  async describe(name: string): Promise<TableInfo | null> {
    const found = await this.conn.runAndReadAll(
      `SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND lower(table_name) = lower(${sqlLiteral(name)})
       UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal AND lower(view_name) = lower(${sqlLiteral(name)})`,
    );
    const actual = found.getRowsJS()[0]?.[0] as string | undefined;
    if (actual === undefined) return null;
    const cols = await this.conn.runAndReadAll(`DESCRIBE ${quoteIdent(actual)}`);
    const count = await this.conn.runAndReadAll(`SELECT count(*)::DOUBLE FROM ${quoteIdent(actual)}`);
    return {
      name: actual,
      columns: cols.getRowObjectsJS().map((c) => ({ name: String(c.column_name), type: String(c.column_type) })),
      rowCount: Number(count.getRowsJS()[0]![0]),
    };
  }

  async listTables(): Promise<string[]> {
    const r = await this.conn.runAndReadAll(
      `SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT starts_with(table_name, '__pulse_')
       UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal ORDER BY 1`,
    );
    return r.getRowsJS().map((row) => String(row[0]));
  }

  async drop(name: string): Promise<void> {
    await this.conn.run(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
  }

  /** Stop the running query (from another async task). */
  interrupt(): void {
    this.conn.interrupt();
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.instance.closeSync();
    rmSync(this.fileDir, { recursive: true, force: true });
  }
}

/** The column types a bulk load takes, and the JS values each expects (see TableLoader.append). */
export type LoadType = 'BOOLEAN' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'VARCHAR' | 'DATE' | 'TIMESTAMP' | 'TIMESTAMPTZ';
export interface LoadColumn {
  name: string;
  type: LoadType;
}

export interface TableLoader {
  /** At most 2048 rows (one DuckDB vector), column by column, as text (null for NULL). */
  append(columns: readonly (readonly (string | null)[])[]): void;
  /** Every batch arrived: the table takes its name. */
  commit(): Promise<void>;
  /** Drop what was loaded; nothing named like the table is left. */
  abort(): Promise<void>;
}

/**
 * The message for the first ragged record, or null: in the whole file (up to 256 MB; larger files are
 * left to DuckDB's error) or, with `head`, in its first lines only.
 */
function raggedLineIn(path: string, fmt: FileFormat, head?: { lines: number; bytes: number }): string | null {
  const size = statSync(path).size;
  if (!head && size > 256 * 1024 * 1024) return null;
  const bytes = head ? readHead(path, head.bytes) : readFileSync(path);
  const encoding = textEncodingOf(bytes.subarray(0, 4));
  if (encoding === 'utf-16be') return null;
  // UTF-8 is scanned as bytes; UTF-16 LE is decoded first (its quotes and line ends are two bytes).
  const input = encoding === 'utf-8' ? bytes : new TextDecoder(encoding).decode(bytes);
  const headText = new TextDecoder(encoding).decode(bytes.subarray(0, 65536));
  const header = headText.replace(/^\uFEFF/, '').split(/\r?\n|\r/, 1)[0] ?? '';
  return raggedMessage(input, fmt === 'tsv' ? '\t' : guessDelimiter(header), head ? { maxLines: head.lines, partial: size > head.bytes } : {});
}

/** Feed a file to `take` in 1 MB chunks until it returns true or the file ends. */
function forEachChunk(path: string, take: (chunk: Uint8Array) => boolean): void {
  const buf = new Uint8Array(1024 * 1024);
  const fd = openSync(path, 'r');
  try {
    for (let at = 0; ; ) {
      const n = readSync(fd, buf, 0, buf.length, at);
      if (n === 0 || take(buf.subarray(0, n))) return;
      at += n;
    }
  } finally {
    closeSync(fd);
  }
}

function readHead(path: string, bytes: number): Uint8Array {
  const head = new Uint8Array(Math.min(bytes, statSync(path).size));
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head;
}

function readerSql(format: FileFormat, path: string, encoding: string, types: string): string {
  const p = sqlLiteral(path);
  const enc = encoding === 'utf-8' ? '' : `, encoding = 'utf-16'`;
  switch (format) {
    case 'csv':
      return `read_csv(${p}${enc}${types})`;
    case 'tsv':
      return `read_csv(${p}, delim = '\t'${enc}${types})`;
    case 'json':
      return `read_json(${p}, format = 'auto')`;
    case 'ndjson':
      return `read_json(${p}, format = 'newline_delimited')`;
    case 'parquet':
      return `read_parquet(${p})`;
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Map a DuckDB result column to one of the Arrow column types both engines agree on. */
function columnOf(duckType: string, values: unknown[]): { type: ColumnType; values: unknown[] } {
  const t = duckType.toUpperCase();
  if (t === 'BOOLEAN') return { type: 'BOOLEAN', values };
  if (['TINYINT', 'SMALLINT', 'INTEGER', 'UTINYINT', 'USMALLINT'].includes(t)) return { type: 'INTEGER', values };
  if (['BIGINT', 'UINTEGER', 'UBIGINT', 'HUGEINT', 'UHUGEINT'].includes(t)) {
    const fits = values.every((v) => v === null || (typeof v === 'bigint' ? v >= INT64_MIN && v <= INT64_MAX : true));
    return fits ? { type: 'BIGINT', values } : { type: 'VARCHAR', values: values.map((v) => (v === null ? null : String(v))) };
  }
  if (t === 'FLOAT' || t === 'DOUBLE' || t.startsWith('DECIMAL')) return { type: 'DOUBLE', values };
  if (t === 'DATE') return { type: 'DATE', values: values.map((v) => (v instanceof Date && Number.isFinite(v.getTime()) ? v : null)) };
  if (t === 'TIMESTAMP WITH TIME ZONE') return { type: 'TIMESTAMPTZ', values };
  if (t.startsWith('TIMESTAMP')) return { type: 'TIMESTAMP', values };
  return { type: 'VARCHAR', values };
}

function storageType(duckType: string): string {
  if (duckType.startsWith('DECIMAL') || duckType === 'FLOAT') return 'DOUBLE';
  if (['BOOLEAN', 'INTEGER', 'BIGINT', 'DOUBLE', 'VARCHAR', 'DATE', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE'].includes(duckType)) return duckType;
  if (/^U?(TINYINT|SMALLINT)$/.test(duckType)) return 'INTEGER';
  if (/^U?(INTEGER|BIGINT)$/.test(duckType)) return 'BIGINT';
  return 'VARCHAR';
}

function appendValue(a: DuckDBAppender, type: string, v: unknown): void {
  if (v === null || v === undefined) return a.appendNull();
  switch (type) {
    case 'BOOLEAN':
      return a.appendBoolean(Boolean(v));
    case 'INTEGER':
      return a.appendInteger(Number(v));
    case 'BIGINT':
      return a.appendBigInt(typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v))));
    case 'DOUBLE':
      return a.appendDouble(Number(v));
    case 'DATE':
      return a.appendDate(new DuckDBDateValue(Math.floor(Number(v instanceof Date ? v.getTime() : v) / 86_400_000)));
    case 'TIMESTAMP':
      return a.appendTimestamp(new DuckDBTimestampValue(BigInt(Math.round(Number(v instanceof Date ? v.getTime() : v))) * 1000n));
    case 'TIMESTAMP WITH TIME ZONE':
      return a.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(Math.round(Number(v instanceof Date ? v.getTime() : v))) * 1000n));
    default:
      return a.appendVarchar(typeof v === 'string' ? v : String(v));
  }
}

function toDuckValue(v: SqlValue): unknown {
  if (v !== null && typeof v === 'object') return new DuckDBDateValue(Math.floor(Date.parse(`${v.date}T00:00:00Z`) / 86_400_000));
  return v;
}

/** node-api repeats the `LINE n:` excerpt of parser errors; keep it once. */
export function cleanDuckDbMessage(message: string): string {
  const m = /^([\s\S]*?)(\n\nLINE \d+:[\s\S]*?\^)\s*\2\s*$/.exec(message);
  return m ? m[1]! + m[2]! : message;
}
