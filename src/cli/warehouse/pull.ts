/**
 * One warehouse query pulled into a native DuckDB table: a read-only transaction with a statement
 * timeout, a server-side cursor read in batches (pg-cursor), each batch appended to a staging table
 * that takes the table's name only once the last row arrived. Progress on stderr, a row and byte cap,
 * and cancellation (Ctrl-C) through the server's own pg_cancel_backend.
 */
import pg from 'pg';
import Cursor from 'pg-cursor';
import { lineColumn, writtenOffset, type BoundWarehouseQuery } from '../../core/notebook/warehouse.ts';
import type { LoadColumn, LoadType, NativeEngine, TableLoader } from '../../engines/native/nativeEngine.ts';
import type { ResolvedConnection } from './connection.ts';
import { redact, WarehouseError } from './errors.ts';

export interface PullLimits {
  /** Stop with an error past this many rows. */
  maxRows: number;
  /** Stop with an error past this many bytes of values (as the text the server sent). */
  maxBytes: number;
  /** The warehouse's statement_timeout, per statement, in ms. */
  timeoutMs: number;
  /** Rows per cursor read. */
  batchRows?: number;
}

export interface PullStats {
  rows: number;
  bytes: number;
  durationMs: number;
  columns: LoadColumn[];
}

export interface PullTarget {
  /** The DuckDB table to fill. */
  table: string;
  /** For messages: "dataset `ev`"; empty for a cell, whose error is shown on the cell. */
  what: string;
  /** The query as written (for error positions) and as bound. */
  query: string;
  bound: BoundWarehouseQuery;
}

export const DEFAULT_LIMITS: PullLimits = { maxRows: 10_000_000, maxBytes: 4 * 1024 ** 3, timeoutMs: 300_000 };

/** PostgreSQL type OIDs (pg_type.h) and the DuckDB column each becomes; any other type arrives as text. */
const OID_TYPES: Record<number, LoadType> = {
  16: 'BOOLEAN',
  20: 'BIGINT',
  21: 'INTEGER',
  23: 'INTEGER',
  26: 'BIGINT',
  700: 'DOUBLE',
  701: 'DOUBLE',
  1700: 'DOUBLE',
  1082: 'DATE',
  1114: 'TIMESTAMP',
  1184: 'TIMESTAMPTZ',
};

/** Every value as the text the server sent; DuckDB casts it to the column's type when the load commits. */
const TEXT_TYPES = { getTypeParser: () => (s: string) => s };

export async function pullQuery(
  engine: NativeEngine,
  target: PullTarget,
  conn: ResolvedConnection,
  limits: PullLimits,
  progress: (line: string) => void,
  signal?: AbortSignal,
): Promise<PullStats> {
  const started = Date.now();
  const fail = (kind: WarehouseError['kind'], text: string, at?: { line: number; column: number }) =>
    new WarehouseError(kind, redact(`${target.what ? `${target.what} (warehouse connection \`${conn.name}\`)` : `warehouse connection \`${conn.name}\``}: ${text}`, conn.secrets), at);
  const client = new pg.Client({ ...conn.config, application_name: 'pulse', connectionTimeoutMillis: 15_000 });
  // A dropped socket surfaces on the pending call; this only keeps it from becoming an uncaught error.
  client.on('error', () => {});
  let cancelled = false;
  let loader: TableLoader | null = null;
  let committed = false;
  let pid: number | null = null;
  const onAbort = () => {
    cancelled = true;
    void cancelBackend(conn, pid).finally(() => void client.end().catch(() => {}));
  };
  if (signal?.aborted) throw fail('cancelled', 'cancelled before it started; nothing was pulled');
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    try {
      await client.connect();
    } catch (e) {
      if (cancelled) throw fail('cancelled', 'cancelled (Ctrl-C) while connecting; nothing was pulled');
      throw connectError(e as Error & { code?: string }, conn, fail);
    }
    try {
      pid = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? null);
      await client.query('BEGIN READ ONLY');
      await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(limits.timeoutMs))}`);
      await client.query(`SET LOCAL TimeZone = 'UTC'`);
      await client.query(`SET LOCAL DateStyle = 'ISO'`);
    } catch (e) {
      throw queryError(e, target, limits, cancelled, fail);
    }
    const cursor = client.query(new Cursor(target.bound.text, target.bound.values as unknown[], { rowMode: 'array', types: TEXT_TYPES }));
    let rows = 0;
    let bytes = 0;
    let lastProgress = Date.now();
    let columnCount = 0;
    for (;;) {
      let batch: string[][];
      let fields: Array<{ name: string; dataTypeID: number }>;
      try {
        ({ batch, fields } = await readBatch(cursor, limits.batchRows ?? 20_000));
      } catch (e) {
        throw queryError(e, target, limits, cancelled, fail);
      }
      if (cancelled) throw fail('cancelled', `cancelled after ${rows.toLocaleString('en-US')} rows; nothing was kept`);
      if (!loader) {
        const columns = loadColumns(fields);
        columnCount = columns.length;
        loader = await engine.bulkLoad(target.table, columns);
      }
      if (batch.length === 0) break;
      rows += batch.length;
      // Columns of one DuckDB vector (2048 rows) at a time, as the text the server sent.
      const width = columnCount;
      for (let from = 0; from < batch.length; from += 2048) {
        const to = Math.min(batch.length, from + 2048);
        const cols: Array<Array<string | null>> = [];
        for (let c = 0; c < width; c++) {
          const col = new Array<string | null>(to - from);
          for (let r = from; r < to; r++) {
            const v = batch[r]![c] ?? null;
            if (v !== null) bytes += v.length;
            col[r - from] = v;
          }
          cols.push(col);
        }
        if (rows > limits.maxRows || bytes > limits.maxBytes) {
          const which = rows > limits.maxRows ? `more than ${limits.maxRows.toLocaleString('en-US')} rows (--max-rows)` : `more than ${size(limits.maxBytes)} (--max-bytes)`;
          throw fail('cap', `the query returns ${which}; nothing was kept. Reduce it on the warehouse (filter, or aggregate in a sql cell with warehouse=${conn.name}), or raise the cap`);
        }
        loader.append(cols);
      }
      if (Date.now() - lastProgress > 2000) {
        lastProgress = Date.now();
        progress(`${target.what || `table \`${target.table}\``}: pulled ${rows.toLocaleString('en-US')} rows (${size(bytes)}) in ${((Date.now() - started) / 1000).toFixed(0)} s…`);
      }
    }
    try {
      await new Promise<void>((resolve, reject) => cursor.close((err) => (err ? reject(err) : resolve())));
      await client.query('COMMIT');
    } catch (e) {
      throw queryError(e, target, limits, cancelled, fail);
    }
    await loader!.commit();
    committed = true;
    const info = await engine.describe(target.table);
    return { rows, bytes, durationMs: Date.now() - started, columns: (info?.columns ?? []) as LoadColumn[] };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (loader && !committed) await loader.abort();
    await client.end().catch(() => {});
  }
}

/** One batch; the fields come with the first (a read after the last row gives no result object). */
function readBatch(cursor: Cursor<string[]>, n: number): Promise<{ batch: string[][]; fields: Array<{ name: string; dataTypeID: number }> }> {
  return new Promise((resolve, reject) =>
    cursor.read(n, (err, rows, result) => (err ? reject(err) : resolve({ batch: rows as unknown as string[][], fields: result?.fields ?? [] }))),
  );
}

/** Column names as DuckDB takes them: a repeated name (two `count` columns) gets a suffix. */
function loadColumns(fields: Array<{ name: string; dataTypeID: number }>): LoadColumn[] {
  const seen = new Map<string, number>();
  return fields.map((f) => {
    const key = f.name.toLowerCase();
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return { name: n === 1 ? f.name : `${f.name}_${n}`, type: OID_TYPES[f.dataTypeID] ?? 'VARCHAR' };
  });
}

/** Ask the server to stop the backend's query: a second connection, the same login, pg_cancel_backend. */
async function cancelBackend(conn: ResolvedConnection, pid: number | null): Promise<void> {
  if (pid === null) return;
  const c = new pg.Client({ ...conn.config, application_name: 'pulse-cancel', connectionTimeoutMillis: 5000 });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.query('SELECT pg_cancel_backend($1)', [pid]);
  } catch {
    /* closing the first connection below ends the query anyway */
  } finally {
    await c.end().catch(() => {});
  }
}

type Fail = (kind: WarehouseError['kind'], text: string, at?: { line: number; column: number }) => WarehouseError;

function connectError(e: Error & { code?: string }, conn: ResolvedConnection, fail: Fail): WarehouseError {
  const code = e.code ?? '';
  if (code === '28P01' || code === '28000' || /password/i.test(e.message)) {
    return fail('login', `the warehouse refused the login (${e.message}); check the user and password in ${conn.via}`);
  }
  if (code === '3D000') return fail('login', `${e.message}; check the database name in ${conn.via}`);
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'].includes(code) || /timeout|terminated/i.test(e.message)) {
    const why = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'the host name does not resolve' : code === 'ECONNREFUSED' ? 'nothing listens there' : e.message;
    return fail('unreachable', `cannot reach the warehouse at ${conn.address} (${why}); check the host and port in ${conn.via}, and that the server is up`);
  }
  return fail('unreachable', `could not connect to ${conn.address}: ${e.message} (connection from ${conn.via})`);
}

function queryError(e: unknown, target: PullTarget, limits: PullLimits, cancelled: boolean, fail: Fail): WarehouseError {
  if (e instanceof WarehouseError) return e;
  const err = e as Error & { code?: string; position?: string };
  if (cancelled) return fail('cancelled', 'cancelled (Ctrl-C); nothing was kept');
  if (err.code === '57014' && /statement timeout/i.test(err.message)) {
    return fail('timeout', `the query ran past the ${(limits.timeoutMs / 1000).toLocaleString('en-US')} s statement timeout (--timeout) and was stopped on the warehouse; nothing was kept`);
  }
  if (err.code === '25006') return fail('read-only', `the warehouse refused it: ${err.message}. A warehouse query runs in a read-only transaction: it may only read`);
  if (err.code === undefined) return fail('unreachable', `the connection was lost during the pull (${err.message}); nothing was kept`);
  if (err.position) {
    const at = lineColumn(target.query, writtenOffset(target.bound, Number(err.position)));
    return fail('query', `the warehouse says: ${err.message} (at line ${at.line}, column ${at.column} of the query)`, at);
  }
  return fail('query', `the warehouse says: ${err.message}`);
}

function size(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}
