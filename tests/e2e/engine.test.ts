/**
 * The DuckDB-WASM worker engine in real Chromium: start-up, queries, imports of every format, type
 * normalization, lock-down (no extension or remote access), cancellation and crash recovery.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, engineReady, type AppSession } from './support/browser';
import { ENGINE_STATE_CALLS, NOT_ONE_QUERY } from '../engines/contract.ts';

let s: AppSession;

/** A small Parquet file written by native DuckDB, so the import is checked against another writer. */
async function parquetFixture(): Promise<Uint8Array> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const dir = mkdtempSync(join(tmpdir(), 'pulse-pq-'));
  const file = join(dir, 'e.parquet');
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`COPY (SELECT i::INTEGER AS n, 'row ' || i AS s FROM range(3) t(i)) TO '${file}' (FORMAT parquet)`);
  conn.closeSync();
  return new Uint8Array(readFileSync(file));
}

/** Run a snippet in the page with the worker client as `c` and return its JSON result. */
async function inPage<T>(body: string, arg?: unknown): Promise<T> {
  // apache-arrow loads on demand; fetched in its own evaluate so the snippet below stays as it was.
  await s.page.evaluate(async () => void ((globalThis as any).__arrowForTests = await (globalThis as any).__pulse.arrow()));
  return s.page.evaluate(
    async ([body, arg]) => {
      const c = (globalThis as any).__pulse.client;
      const api = await c.api();
      const arrow = (globalThis as any).__arrowForTests;
      const fn = new Function('c', 'api', 'arrow', 'arg', `return (async () => { ${body} })()`);
      return fn(c, api, arrow, arg);
    },
    [body, arg] as const,
  ) as Promise<T>;
}

beforeAll(async () => {
  s = await openApp();
});
afterAll(async () => {
  const foreign = s?.foreignRequests() ?? [];
  await s?.close();
  expect(foreign).toEqual([]);
});

describe('WasmEngine in the worker', () => {
  it('starts DuckDB 1.4.3 from the eh bundle served by the app', async () => {
    const info = await engineReady(s.page);
    expect(info.duckdbVersion).toMatch(/^v1\.4\.3/);
    console.log(`[e2e] DuckDB worker ready in ${info.startMs} ms (worker start to open connection)`);
    expect(s.requests.some((u) => /duckdb-eh-.*\.wasm$/.test(u))).toBe(true);
  });

  it('answers a query with a row count and only the rows asked for', async () => {
    const r = await inPage<{ rowCount: number; shipped: number }>(`
      const res = await api.query('SELECT range AS i FROM range(5000)', [], 100);
      return { rowCount: res.rowCount, shipped: arrow.tableFromIPC(res.ipc).numRows };
    `);
    expect(r).toEqual({ rowCount: 5000, shipped: 100 });
  });

  it('binds $n parameters, dates as DATE', async () => {
    const r = await inPage<{ t: string; v: string }>(`
      const res = await api.query('SELECT typeof($1) AS t, $2 || \\'\\' AS v', [{ date: '2024-03-01' }, "it's"]);
      const row = arrow.tableFromIPC(res.ipc).get(0);
      return { t: row.t, v: row.v };
    `);
    expect(r).toEqual({ t: 'DATE', v: "it's" });
  });

  it('returns DECIMAL and HUGEINT as plain numbers', async () => {
    const r = await inPage<{ d: unknown; h: unknown }>(`
      const res = await api.query('SELECT 12.34::DECIMAL(10,2) AS d, 12345::HUGEINT AS h');
      const row = arrow.tableFromIPC(res.ipc).get(0);
      return { d: row.d, h: row.h };
    `);
    expect(r).toEqual({ d: 12.34, h: 12345 });
  });

  it('imports CSV, TSV, JSON, NDJSON and Parquet from Files', async () => {
    const r = await inPage<Record<string, unknown>>(`
      const out = {};
      const pq = new File([new Uint8Array(arg)], 'e.parquet');
      const pinfo = await api.importFile('e', pq, 'e.parquet');
      out.parquet = pinfo.rowCount + ':' + pinfo.columns.map((c) => c.name + ' ' + c.type).join(',');
      const csv = new File(['channel,clicks\\nsearch,10\\nsocial,5\\n'], 'a.csv');
      out.csv = (await api.importFile('a', csv, 'a.csv')).rowCount;
      const tsv = new File(['x\\ty\\n1\\t2\\n'], 'b.tsv');
      out.tsv = (await api.importFile('b', tsv, 'b.tsv')).columns.map((c) => c.name).join(',');
      const json = new File([JSON.stringify([{ k: 'a', v: 1 }, { k: 'b', v: 2 }])], 'c.json');
      out.json = (await api.importFile('c', json, 'c.json')).rowCount;
      const nd = new File(['{"k":"a","v":1}\\n{"k":"b","v":2}\\n{"k":"c","v":3}\\n'], 'd.ndjson');
      out.ndjson = (await api.importFile('d', nd, 'd.ndjson')).rowCount;
      const q = await api.query('SELECT sum(v)::INTEGER AS s FROM d');
      out.ndjsonSum = arrow.tableFromIPC(q.ipc).get(0).s;
      return out;
    `, [...(await parquetFixture())]);
    expect(r).toEqual({ parquet: '3:n INTEGER,s VARCHAR', csv: 2, tsv: 'x,y', json: 2, ndjson: 3, ndjsonSum: 6 });
  });

  it('keeps the old table when a malformed file fails to load', async () => {
    const r = await inPage<{ err: string; rows: number }>(`
      await api.importFile('keep', new File(['a\\n1\\n2\\n'], 'k.csv'), 'k.csv');
      let err = '';
      try { await api.importFile('keep', new File(['{"a": [1, 2'], 'k.json'), 'k.json'); } catch (e) { err = e.message; }
      const info = await api.describe('keep');
      return { err, rows: info.rowCount };
    `);
    expect(r.err).toMatch(/k\.json/);
    expect(r.rows).toBe(2);
  });

  it('refuses empty, binary and ragged CSV files with the same messages as the native engine, keeping the old table', async () => {
    const r = await inPage<{ errs: string[]; rows: number }>(`
      await api.importFile('keep2', new File(['a,b\\n1,2\\n3,4\\n'], 'k.csv'), 'k.csv');
      const errs = [];
      // Past DuckDB's sniffing sample (20,480 rows) a ragged line fails DuckDB's read instead.
      const late = 'a,b,c\\n' + Array.from({ length: 50000 }, (_, i) => i + ',x,' + (i % 7)).join('\\n') + '\\n4,5\\n1,2,3\\n';
      for (const [text, name] of [['', 'empty.csv'], [new Uint8Array([0, 1, 2, 3, 0, 0, 255]), 'bin.csv'], ['a,b\\n1,2\\n3\\n4,5\\n', 'ragged.csv'], [late, 'late.csv']]) {
        try { await api.importFile('keep2', new File([text], name), name); errs.push('loaded ' + name); } catch (e) { errs.push(e.message); }
      }
      const info = await api.describe('keep2');
      return { errs, rows: info.rowCount };
    `);
    expect(r.errs[0]).toMatch(/empty\.csv: the file is empty/);
    expect(r.errs[1]).toMatch(/bin\.csv: this looks like a binary file/);
    expect(r.errs[2]).toMatch(/ragged\.csv: line 3 has 1 field where the header has 2/);
    expect(r.errs[3]).toMatch(/late\.csv: line 50002 has 2 fields where the header has 3/);
    expect(r.rows).toBe(2);
  });

  it('runs one read-only query per cell: writes, commands and smuggled statements refused by query and materialize, as natively', async () => {
    const r = await inPage<{ ran: string[]; clicks: number; tables: string[]; dollar: string }>(`
      await api.importFile('ads', new File(['campaign,clicks\\nA,120\\nB,150\\nC,90\\n'], 'ads.csv'), 'ads.csv');
      const ran = [];
      for (const sql of arg) {
        for (const run of [() => api.query(sql), () => api.materialize('cell', sql)]) {
          try { await run(); ran.push(sql + ' → ran'); } catch (e) { if (!/queries only|one query/.test(e.message)) ran.push(sql + ' → ' + e.message); }
        }
      }
      const q = await api.query('SELECT sum(clicks)::INTEGER AS s FROM ads');
      const d = await api.query('SELECT $a1$;$a1$ || $é$x$é$ AS d;');
      return { ran, clicks: arrow.tableFromIPC(q.ipc).get(0).s, tables: await api.listTables(), dollar: arrow.tableFromIPC(d.ipc).get(0).d };
    `, NOT_ONE_QUERY);
    expect(r.ran).toEqual([]);
    expect(r.clicks).toBe(360); // 120 + 150 + 90: no UPDATE or DELETE got through
    // no cell result from a refused statement (earlier tests' tables are still there)
    expect(r.tables).toContain('ads');
    expect(r.tables).not.toContain('cell');
    expect(r.dollar).toBe(';x');
  });

  it('refuses table functions that change the engine from a SELECT (enable_logging, checkpoint, query strings…), as natively', async () => {
    const r = await inPage<{ ran: string[]; logging: number }>(`
      const ran = [];
      for (const sql of arg) {
        for (const run of [() => api.query(sql), () => api.materialize('cell', sql)]) {
          try { await run(); ran.push(sql + ' → ran'); } catch (e) { if (!/a notebook may not call it/.test(e.message)) ran.push(sql + ' → ' + e.message); }
        }
      }
      const q = await api.query("SELECT count(*)::INTEGER AS n FROM duckdb_settings() WHERE name = 'enable_logging' AND lower(value) NOT IN ('false', '0')");
      return { ran, logging: arrow.tableFromIPC(q.ipc).get(0).n };
    `, ENGINE_STATE_CALLS);
    expect(r.ran).toEqual([]);
    expect(r.logging).toBe(0);
  });

  it('reads a Windows-1252 CSV as Windows-1252 and refuses JSON nested past 64 levels, as natively', async () => {
    const r = await inPage<{ rows: unknown[]; deep: string }>(`
      // "José,Besançon,€" in Windows-1252 bytes: E9, E7, 80
      const enc = (t) => [...new TextEncoder().encode(t)];
      const bytes = new Uint8Array([...enc('name,city,note\\nJos'), 0xe9, ...enc(',Besan'), 0xe7, ...enc('on,'), 0x80, ...enc('\\n')]);
      await api.registerFile('latin', { kind: 'bytes', bytes, fileName: 'latin.csv' });
      const q = await api.query('SELECT * FROM latin');
      let deep = '';
      try { await api.importFile('deep', new File(['['.repeat(10000) + ']'.repeat(10000)], 'deep.json'), 'deep.json'); } catch (e) { deep = e.message; }
      return { rows: arrow.tableFromIPC(q.ipc).toArray().map((x) => ({ ...x })), deep };
    `);
    expect(r.rows).toEqual([{ name: 'José', city: 'Besançon', note: '€' }]);
    expect(r.deep).toMatch(/deep\.json: line 1 nests arrays or objects more than 64 levels deep/);
  });

  it('refuses to load extensions or read remote files', async () => {
    const before = s.requests.length;
    const r = await inPage<string[]>(`
      const errs = [];
      for (const sql of ["SELECT * FROM read_csv('http://example.com/x.csv')", "SELECT * FROM 'https://example.com/x.parquet'", "LOAD parquet", "LOAD httpfs", "SET enable_external_access = true", "SET autoinstall_known_extensions = true", "SET autoload_known_extensions = true"]) {
        try { await api.query(sql); errs.push('ran: ' + sql); } catch (e) { errs.push('refused'); }
      }
      return errs;
    `);
    expect(r).toEqual(Array(7).fill('refused'));
    // The service worker may precache the app's own files meanwhile; what must not happen is a request
    // to another origin or for an extension.
    const origin = new URL(s.baseURL).origin;
    expect(s.requests.slice(before).filter((u) => /^https?:/.test(u) && (new URL(u).origin !== origin || /extension/.test(u)))).toEqual([]);
  });

  it('cancels a long query and keeps working', async () => {
    const r = await inPage<{ err: string; after: number; ms: number }>(`
      const t0 = performance.now();
      const p = api.query('SELECT count(*) FROM range(10000000000) a(i) WHERE i % 7 = 3').then(() => 'finished', (e) => e.message);
      await new Promise((r) => setTimeout(r, 300));
      await c.cancel();
      const err = await p;
      const ms = performance.now() - t0;
      const q = await api.query('SELECT 41 + 1 AS x');
      return { err, after: arrow.tableFromIPC(q.ipc).get(0).x, ms };
    `);
    expect(r.err).toMatch(/cancel/i);
    expect(r.after).toBe(42);
    expect(r.ms).toBeLessThan(5000);
  });

  it('restarts a crashed worker with a clear message', async () => {
    const r = await inPage<{ message: string; x: number }>(`
      const status = new Promise((resolve) => c.onStatus((st) => { if (st.state === 'crashed') resolve(st.message); }));
      await api.crashForTest();
      const message = await status;
      const api2 = await c.api();
      const q = await api2.query('SELECT 7 AS x');
      return { message, x: arrow.tableFromIPC(q.ipc).get(0).x };
    `);
    expect(r.message).toMatch(/crashed.*restarted/);
    expect(r.x).toBe(7);
  });
});
