/**
 * NativeEngine (@duckdb/node-api 1.4.3): the shared Engine contract, plus what only the native engine
 * does (paths on disk, Parquet written by DuckDB itself, its own error class and message cleanup).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../src/core/arrow.ts';
import { DataFileError } from '../../src/core/dataFiles.ts';
import { NativeEngine } from '../../src/engines/native/nativeEngine.ts';
import { ADS_ROWS, bytesFile, engineContract, FIXTURES } from './contract.ts';

engineContract('NativeEngine', () => NativeEngine.create({ threads: 1 }), { paths: true });

describe('NativeEngine specifics', () => {
  let engine: NativeEngine;
  let dir: string;
  beforeAll(async () => {
    engine = await NativeEngine.create({ threads: 1 });
    dir = mkdtempSync(join(tmpdir(), 'pulse-native-test-'));
  });
  afterAll(async () => {
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports DuckDB 1.4.3, the version inside DuckDB-WASM 1.32', async () => {
    expect(rowsFromTable(await engine.query('SELECT version() AS v'))).toEqual([{ v: 'v1.4.3' }]);
  });

  it('registers a Parquet file that DuckDB itself wrote with COPY … TO, from its path', async () => {
    const out = join(dir, 'written.parquet');
    // a separate, unrestricted DuckDB writes the file: the engine itself refuses COPY
    const writer = await DuckDBInstance.create(':memory:');
    const conn = await writer.connect();
    await conn.run(`COPY (SELECT * FROM read_csv('${FIXTURES}ads.csv') ORDER BY day) TO '${out}' (FORMAT parquet)`);
    conn.closeSync();
    writer.closeSync();
    const info = await engine.registerFile('pq', { kind: 'path', path: out, fileName: 'written.parquet' });
    expect(info.rowCount).toBe(3);
    expect(info.columns).toEqual([
      { name: 'day', type: 'DATE' },
      { name: 'campaign', type: 'VARCHAR' },
      { name: 'clicks', type: 'BIGINT' },
      { name: 'impressions', type: 'BIGINT' },
      { name: 'spend', type: 'DOUBLE' },
      { name: 'active', type: 'BOOLEAN' },
      { name: 'note', type: 'VARCHAR' },
    ]);
    expect(rowsFromTable(await engine.query('SELECT * FROM pq ORDER BY day'))).toEqual(ADS_ROWS);
  });

  it('refuses COPY … TO from notebook SQL and writes no file', async () => {
    const out = join(dir, 'leak.csv');
    await expect(engine.query(`COPY (SELECT 42 AS x) TO '${out}'`)).rejects.toThrow(/COPY/);
    expect(existsSync(out)).toBe(false);
  });

  it('reads no file on disk from notebook SQL: every file function, quoted paths, nested queries; loading still works', async () => {
    const secret = `canary-${Math.random().toString(36).slice(2)}`;
    const canary = join(dir, 'canary.csv');
    writeFileSync(canary, `s\n${secret}\n`);
    const lit = `'${canary}'`;
    const attempts = [
      `SELECT * FROM read_text(${lit})`,
      `SELECT * FROM read_blob(${lit})`,
      `SELECT * FROM read_csv(${lit})`,
      `SELECT * FROM read_csv_auto(${lit})`,
      `SELECT * FROM read_json(${lit})`,
      `SELECT * FROM read_json_objects(${lit})`,
      `SELECT * FROM glob('${dir}/*')`,
      `SELECT * FROM parquet_scan(${lit})`,
      `SELECT * FROM read_parquet(${lit})`,
      `SELECT * FROM sniff_csv(${lit})`,
      `SELECT * FROM ${lit}`,
      `SELECT * FROM "${canary}"`,
      `FROM ${lit}`,
      `TABLE "${canary}"`,
      `SUMMARIZE ${lit}`,
      `DESCRIBE ${lit}`,
      `DESCRIBE SELECT * FROM read_text(${lit})`,
      `SELECT * FROM query_table(${lit})`,
      `SELECT * FROM query('SELECT * FROM read_text(''${canary}'')')`,
      `WITH x AS (SELECT * FROM read_text(${lit})) SELECT * FROM x`,
      `SELECT (SELECT content FROM read_text(${lit})) AS c`,
    ];
    const leaked: string[] = [];
    for (const sql of attempts) {
      for (const run of [() => engine.query(sql), () => engine.materialize('leak', sql)]) {
        try {
          const out = await run();
          leaked.push(`${sql} → ran: ${JSON.stringify(out, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`);
        } catch (e) {
          if ((e as Error).message.includes(secret)) leaked.push(`${sql} → ${(e as Error).message}`);
        }
      }
    }
    expect(leaked).toEqual([]);
    // the engine itself still loads the same file, as a dataset
    await engine.registerFile('bound', { kind: 'path', path: canary, fileName: 'canary.csv' });
    expect(rowsFromTable(await engine.query('SELECT s FROM bound'))).toEqual([{ s: secret }]);
  });

  it('throws its own DataFileError class (fileName set) for a bad file', async () => {
    const e = await engine.registerFile('x', bytesFile('empty.csv', new Uint8Array(0))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataFileError);
    expect((e as DataFileError).fileName).toBe('empty.csv');
  });

  it('states a parser error once, with its LINE excerpt', async () => {
    const e = (await engine.query('SELECT 1,\n  SELEC 2').catch((x: unknown) => x)) as Error;
    expect(e.message).toMatch(/^Parser Error: syntax error at or near "2"/);
    // node-api repeats the excerpt; the engine keeps it once
    expect(e.message.match(/LINE \d+:/g)).toEqual(['LINE 2:']);
  });

  it('leaves no temporary load table behind after a failed load', async () => {
    await engine.registerFile('ads', bytesFile('ads.csv', new TextEncoder().encode('a\n1\n')));
    await engine.registerFile('ads', bytesFile('broken.json', '[{"a": ')).catch(() => {});
    const all = rowsFromTable(await engine.query("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '%ads%' ORDER BY 1"));
    expect(all).toEqual([{ table_name: 'ads' }]);
    expect(rowsFromTable(await engine.query('SELECT a FROM ads'))).toEqual([{ a: 1 }]);
  });
});

describe('NativeEngine forced column types', () => {
  it('reads a canonical text column as VARCHAR even when every value looks numeric, and ignores types for absent columns', async () => {
    const { canonicalTextColumns } = await import('../../src/core/notebook/datasets.ts');
    const e = await NativeEngine.create();
    try {
      const info = await e.registerFile('users', { kind: 'path', path: 'public/sample/users.csv', fileName: 'users.csv' }, undefined, {
        columnTypes: canonicalTextColumns('users'),
      });
      expect(info.columns.find((c) => c.name === 'ga_client_id')!.type).toBe('VARCHAR');
      const { rowsFromTable } = await import('../../src/core/arrow.ts');
      // The first user's client id as written in the file, not rounded through a DOUBLE.
      const firstLine = (await import('node:fs')).readFileSync('public/sample/users.csv', 'utf8').split('\n')[1]!;
      const written = firstLine.split(',')[2];
      expect(rowsFromTable(await e.query('SELECT ga_client_id FROM users LIMIT 1'))).toEqual([{ ga_client_id: written }]);
    } finally {
      await e.close();
    }
  });
});

describe('native engine: staged bulk loads (warehouse pulls)', () => {
  it('swaps the table in only on commit; an aborted load leaves the previous table and no staging table', async () => {
    const engine = await NativeEngine.create();
    try {
      await engine.materialize('t', 'SELECT 1 AS old');
      const aborted = await engine.bulkLoad('t', [{ name: 'x', type: 'BIGINT' }]);
      aborted.append([['1', '2', '3']]);
      await aborted.abort();
      expect((await engine.describe('t'))!.columns).toEqual([{ name: 'old', type: 'INTEGER' }]);
      expect((await engine.query(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name LIKE '__pulse_pull_%'`)).toArray()[0]!.toJSON().n).toBe(0);
      const loader = await engine.bulkLoad('t', [{ name: 'x', type: 'BIGINT' }, { name: 's', type: 'VARCHAR' }]);
      const n = 5000; // more than two DuckDB vectors, appended 2048 rows at a time
      for (let from = 0; from < n; from += 2048) {
        const ids = Array.from({ length: Math.min(2048, n - from) }, (_, i) => from + i);
        loader.append([ids.map(String), ids.map((i) => (i % 2 ? `v${i}` : null))]);
      }
      await loader.commit();
      const row = (await engine.query('SELECT count(*)::INTEGER AS n, sum(x)::DOUBLE AS s, count(s)::INTEGER AS texts FROM t')).toArray()[0]!.toJSON();
      // sum of 0..4999 = 4999 * 5000 / 2
      expect(row).toEqual({ n: 5000, s: 12_497_500, texts: 2500 });
      expect((await engine.query(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name LIKE '__pulse_pull_%'`)).toArray()[0]!.toJSON().n).toBe(0);
    } finally {
      await engine.close();
    }
  });

  it("casts PostgreSQL's text output to the column types", async () => {
    const engine = await NativeEngine.create();
    try {
      const loader = await engine.bulkLoad('p', [
        { name: 'b', type: 'BOOLEAN' },
        { name: 'i', type: 'INTEGER' },
        { name: 'big', type: 'BIGINT' },
        { name: 'd', type: 'DOUBLE' },
        { name: 'day', type: 'DATE' },
        { name: 'ts', type: 'TIMESTAMP' },
        { name: 'tz', type: 'TIMESTAMPTZ' },
      ]);
      // As PostgreSQL 15 prints them with DateStyle ISO and TimeZone UTC.
      loader.append([
        ['t', 'f'],
        ['-2147483648', '42'],
        ['9223372036854775807', '-1'],
        ['NaN', '0.1'],
        ['2024-02-29', '0044-03-15 BC'],
        ['2024-01-01 12:34:56.123456', '2024-01-01 00:00:00'],
        ['2024-01-01 12:00:00+00', '2024-06-30 23:59:59.5+00'],
      ]);
      await loader.commit();
      const t = await engine.query(
        `SELECT b, i, big::VARCHAR AS big, d::VARCHAR AS d, day::VARCHAR AS day, strftime(ts, '%Y-%m-%d %H:%M:%S.%f') AS ts, epoch_ms(tz)::DOUBLE AS tz FROM p`,
      );
      expect(t.toArray().map((r) => r.toJSON())).toEqual([
        { b: true, i: -2147483648, big: '9223372036854775807', d: 'nan', day: '2024-02-29', ts: '2024-01-01 12:34:56.123456', tz: Date.UTC(2024, 0, 1, 12) },
        // A BC date is outside what DuckDB casts from text: null, not a wrong date.
        { b: false, i: 42, big: '-1', d: '0.1', day: null, ts: '2024-01-01 00:00:00.000000', tz: Date.UTC(2024, 5, 30, 23, 59, 59, 500) },
      ]);
    } finally {
      await engine.close();
    }
  });
});
