/**
 * The Engine contract: what every implementation of `Engine` (native DuckDB for the CLI, DuckDB-WASM
 * for the browser) must answer, checked against hand-written expectations from the fixture files in
 * tests/fixtures/engine. Call `engineContract(name, makeEngine)` from a test file.
 *
 * Files are handed to the engine as bytes (both engines take them); engines that also read paths on
 * disk pass `{ paths: true }` to run the path-only cases (missing file, folder).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rowsFromTable, tableFromColumns } from '../../src/core/arrow.ts';
import type { Engine, EngineFile, FileFormat, TableInfo } from '../../src/core/engine.ts';

export const FIXTURES = fileURLToPath(new URL('../fixtures/engine/', import.meta.url));

export interface ContractOptions {
  /** The engine reads `{ kind: 'path' }` files from disk. */
  paths?: boolean;
}

export function fixtureBytes(fileName: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + fileName));
}

export function bytesFile(fileName: string, bytes: Uint8Array | string): EngineFile {
  return { kind: 'bytes', fileName, bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes };
}

/** The three rows every `ads.*` fixture holds, written out by hand (not read back from any engine). */
export const ADS_ROWS = [
  { day: '2024-01-01', campaign: 'Spring Sale', clicks: 120, impressions: 10000, spend: 35.5, active: true, note: 'first day' },
  { day: '2024-01-02', campaign: 'Spring Sale', clicks: 150, impressions: 12000, spend: 40.25, active: true, note: null },
  { day: '2024-01-03', campaign: 'Brand, Awareness', clicks: 90, impressions: 30000, spend: 12, active: false, note: 'quoted, comma' },
];

const adsColumns = (impressions: string) => [
  { name: 'day', type: 'DATE' },
  { name: 'campaign', type: 'VARCHAR' },
  { name: 'clicks', type: 'BIGINT' },
  { name: 'impressions', type: impressions },
  { name: 'spend', type: 'DOUBLE' },
  { name: 'active', type: 'BOOLEAN' },
  { name: 'note', type: 'VARCHAR' },
];

/** Each format's fixture and the schema DuckDB 1.4.3 must infer for it. */
const FORMATS: { format: FileFormat; file: string; impressions: string }[] = [
  { format: 'csv', file: 'ads.csv', impressions: 'BIGINT' },
  { format: 'tsv', file: 'ads.tsv', impressions: 'BIGINT' },
  { format: 'json', file: 'ads.json', impressions: 'BIGINT' },
  { format: 'ndjson', file: 'ads.ndjson', impressions: 'BIGINT' },
  // written by DuckDB's COPY … (FORMAT parquet) with impressions cast to INTEGER
  { format: 'parquet', file: 'ads.parquet', impressions: 'INTEGER' },
];

/** Deterministic "binary garbage": a byte ramp with NULs, no file magic. */
function garbage(n = 512): Uint8Array {
  const b = new Uint8Array(n);
  let x = 12345;
  for (let k = 0; k < n; k++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[k] = k % 7 === 0 ? 0 : x >>> 24;
  }
  return b;
}

/**
 * Cell SQL that is not one read-only query, each refused by `query` and by `materialize` in both engines
 * (core/sqlGuard.ts). The smuggling texts are read as several statements by DuckDB's own parser
 * (tests/core/sqlGuard.test.ts checks that against extractStatements).
 */
export const NOT_ONE_QUERY: string[] = [
  'UPDATE ads SET clicks = 0',
  'INSERT INTO ads (clicks) VALUES (0)',
  'DELETE FROM ads',
  'WITH x AS (SELECT 1) DELETE FROM ads',
  'WITH x AS (SELECT 1) UPDATE ads SET clicks = 0',
  'CREATE MACRO pwn(x) AS x',
  "ATTACH ':memory:' AS other",
  'PRAGMA version',
  'SET threads = 1',
  "COPY ads TO 'ads_copy.csv'",
  "EXPORT DATABASE 'export_dir'",
  'INSTALL httpfs',
  'LOAD httpfs',
  'CALL pragma_version()',
  'EXPLAIN ANALYZE UPDATE ads SET clicks = 0',
  'DROP TABLE ads',
  'SELECT 1; UPDATE ads SET clicks = 0',
  'SELECT $a1$ $$ $a1$; UPDATE ads SET clicks = 0; SELECT 1 -- $$',
  'SELECT $é$ $$ $é$; UPDATE ads SET clicks = 0; SELECT 1 -- $$',
  "SELECT 1 /* /* */ ' */ ; UPDATE ads SET clicks = 0 ; SELECT 3 -- '",
  'SELECT 1; SELECT 2',
];

/**
 * Table functions that act from inside a query (DuckDB's lock_configuration does not stop them) and
 * the string-executing ones that could hide them; core/sqlGuard.ts refuses each by name.
 */
export const ENGINE_STATE_CALLS: string[] = [
  "SELECT * FROM enable_logging(level = 'trace')",
  'SELECT * FROM system.main.enable_logging()',
  'SELECT * FROM "ENABLE_LOGGING"()',
  'FROM disable_logging()',
  'FROM truncate_duckdb_logs()',
  'SELECT * FROM checkpoint()',
  'SELECT * FROM force_checkpoint()',
  "SELECT * FROM query('SELECT * FROM enable' || '_logging()')",
  "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT * FROM enable_logging()'))",
];

/** Bad files: each must be refused with a DataFileError naming the file. */
const BAD_FILES: { what: string; file: () => EngineFile; says: RegExp }[] = [
  { what: 'an empty CSV', file: () => bytesFile('empty.csv', new Uint8Array(0)), says: /empty/i },
  { what: 'a CSV of white space only', file: () => bytesFile('blank.csv', ' \n\n  \n'), says: /white space|empty/i },
  { what: 'binary garbage named .csv', file: () => bytesFile('garbage.csv', garbage()), says: /binary/i },
  { what: 'binary garbage named .json', file: () => bytesFile('garbage.json', garbage()), says: /binary|JSON/i },
  { what: 'CSV text named .parquet', file: () => bytesFile('ads_copy.parquet', fixtureBytes('ads.csv')), says: /Parquet/i },
  { what: 'an Excel workbook (.xlsx)', file: () => bytesFile('report.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), says: /\.xlsx/ },
  { what: 'a file without an extension', file: () => bytesFile('export', fixtureBytes('ads.csv')), says: /extension/i },
  { what: 'JSON that does not parse', file: () => bytesFile('broken.json', '[{"a": 1}, {"a": '), says: /JSON/ },
  { what: 'text that is not JSON named .ndjson', file: () => bytesFile('notes.ndjson', 'hello world\n'), says: /NDJSON/ },
  {
    // fixture: header of 3 fields, line 3 has only 2 — must not load as a 1-column table or lose rows
    what: 'a CSV with a ragged line (too few fields)',
    file: () => bytesFile('ragged.csv', fixtureBytes('ragged.csv')),
    says: /line 3\b/,
  },
  {
    what: 'a CSV whose last line has too many fields',
    file: () => bytesFile('ragged_tail.csv', 'variant,clicks,impressions\nA,1,100\nB,2,200\nC,3,300\nD,4,400\nX,1,2,3\n'),
    says: /line 6\b/,
  },
  {
    // 10,000 levels in 20 KB: DuckDB's JSON reader crashed native DuckDB on this (issue 10); refused first.
    what: 'JSON nested 10,000 deep',
    file: () => bytesFile('deep.json', `${'['.repeat(10_000)}${']'.repeat(10_000)}`),
    says: /line 1 nests arrays or objects more than 64 levels deep/,
  },
  {
    what: 'NDJSON with one record nested 65 deep on line 2',
    file: () => bytesFile('deep.ndjson', `{"a": 1}\n{"a": ${'['.repeat(64)}1${']'.repeat(64)}}\n`),
    says: /line 2 nests arrays or objects more than 64 levels deep/,
  },
  {
    // Past DuckDB's sniffing sample (20,480 rows) the read itself fails; the message still names the line.
    what: 'a CSV with a ragged line after the first 50,000 rows',
    file: () => bytesFile('late_ragged.csv', `a,b,c\n${Array.from({ length: 50_000 }, (_, i) => `${i},x,${i % 7}`).join('\n')}\n4,5\n1,2,3\n`),
    says: /line 50002 has 2 fields where the header has 3/,
  },
];

function expectDataFileError(e: unknown, fileName: string, says: RegExp): void {
  expect(e, 'registerFile should have thrown').toBeInstanceOf(Error);
  const err = e as Error & { fileName?: string };
  expect(err.name).toBe('DataFileError');
  expect(err.message).toContain(fileName);
  expect(err.message).toMatch(says);
}

async function thrown(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  return undefined;
}

export function engineContract(name: string, makeEngine: () => Promise<Engine>, options: ContractOptions = {}): void {
  describe(`Engine contract: ${name}`, () => {
    let engine: Engine;
    const sel = async (sql: string, params?: Parameters<Engine['query']>[1]) => rowsFromTable(await engine.query(sql, params));

    beforeAll(async () => {
      engine = await makeEngine();
    });
    afterAll(async () => {
      await engine?.close();
    });
    beforeEach(async () => {
      for (const t of await engine.listTables()) await engine.drop(t);
    });

    describe('registerFile', () => {
      for (const { format, file, impressions } of FORMATS) {
        it(`reads ${format.toUpperCase()} (${file}) as a named table with the hand-written schema and rows`, async () => {
          const info = await engine.registerFile('ads', bytesFile(file, fixtureBytes(file)));
          expect(info).toEqual<TableInfo>({ name: 'ads', columns: adsColumns(impressions), rowCount: 3 });
          expect(await sel('SELECT * FROM ads ORDER BY day')).toEqual(ADS_ROWS);
          // values are usable in SQL with their types, not as text
          expect(await sel(`SELECT sum(clicks) AS clicks, max(day) AS last_day, count(note) AS notes FROM ads WHERE active`)).toEqual([
            { clicks: 270, last_day: '2024-01-02', notes: 1 },
          ]);
        });
      }

      it('reads a Windows-1252 (Latin-1) CSV as Windows-1252: accents and the euro sign come out as written', async () => {
        // bytes written by hand from the Windows-1252 code page: é = E9, ç = E7, ö = F6, € = 80
        const bytes = new Uint8Array([...new TextEncoder().encode('name,city,spend\nJos'), 0xe9, ...new TextEncoder().encode(',Besan'), 0xe7, ...new TextEncoder().encode('on,12.5\nZ'), 0xf6, ...new TextEncoder().encode('e,'), 0x80, ...new TextEncoder().encode(' Berlin,3\n')]);
        const info = await engine.registerFile('latin', bytesFile('latin.csv', bytes));
        expect(info.columns).toEqual([
          { name: 'name', type: 'VARCHAR' },
          { name: 'city', type: 'VARCHAR' },
          { name: 'spend', type: 'DOUBLE' },
        ]);
        expect(await sel('SELECT * FROM latin ORDER BY spend')).toEqual([
          { name: 'Zöe', city: '€ Berlin', spend: 3 },
          { name: 'José', city: 'Besançon', spend: 12.5 },
        ]);
      });

      it('reads JSON nested 64 deep (the documented limit)', async () => {
        // the array and the record are two levels; the value adds 62
        const info = await engine.registerFile('deep', bytesFile('deep64.json', `[{"a": ${'['.repeat(62)}1${']'.repeat(62)}}]`));
        expect(info.rowCount).toBe(1);
      });

      it('honours an explicit format over the file name', async () => {
        const info = await engine.registerFile('ads', bytesFile('export.txt', fixtureBytes('ads.csv')), 'csv');
        expect(info.rowCount).toBe(3);
        expect(info.columns.map((c) => c.name)).toEqual(Object.keys(ADS_ROWS[0]!));
      });

      it('replaces a table of the same name when the new file loads', async () => {
        await engine.registerFile('ads', bytesFile('ads.csv', fixtureBytes('ads.csv')));
        const info = await engine.registerFile('ads', bytesFile('two.csv', 'a,b\n1,x\n2,y\n'));
        expect(info).toEqual({ name: 'ads', columns: [{ name: 'a', type: 'BIGINT' }, { name: 'b', type: 'VARCHAR' }], rowCount: 2 });
        expect(await engine.listTables()).toEqual(['ads']);
      });

      for (const bad of BAD_FILES) {
        it(`refuses ${bad.what} with a DataFileError naming the file, keeping the table already loaded`, async () => {
          await engine.registerFile('ads', bytesFile('ads.csv', fixtureBytes('ads.csv')));
          const f = bad.file();
          expectDataFileError(await thrown(engine.registerFile('ads', f)), f.fileName, bad.says);
          // the good table is untouched: same schema, same 3 rows (sum of clicks 120+150+90)
          expect(await engine.describe('ads')).toEqual({ name: 'ads', columns: adsColumns('BIGINT'), rowCount: 3 });
          expect(await sel('SELECT sum(clicks) AS s FROM ads')).toEqual([{ s: 360 }]);
          expect(await engine.listTables()).toEqual(['ads']);
        });
      }

      if (options.paths) {
        it('reads a file from a path on disk', async () => {
          const info = await engine.registerFile('ads', { kind: 'path', path: FIXTURES + 'ads.parquet', fileName: 'ads.parquet' });
          expect(info.rowCount).toBe(3);
          expect(await sel('SELECT campaign FROM ads WHERE clicks = 90')).toEqual([{ campaign: 'Brand, Awareness' }]);
        });

        it('refuses a missing path and a folder with a DataFileError, keeping the table already loaded', async () => {
          await engine.registerFile('ads', bytesFile('ads.csv', fixtureBytes('ads.csv')));
          const missing = await thrown(engine.registerFile('ads', { kind: 'path', path: FIXTURES + 'no-such-file.csv', fileName: 'no-such-file.csv' }));
          expectDataFileError(missing, 'no-such-file.csv', /no such file|not found|missing/i);
          const folder = await thrown(engine.registerFile('ads', { kind: 'path', path: FIXTURES.replace(/\/$/, ''), fileName: 'engine.csv' }));
          expectDataFileError(folder, 'engine.csv', /folder|directory/i);
          expect(await sel('SELECT count(*) AS n FROM ads')).toEqual([{ n: 3 }]);
        });
      }
    });

    describe('query', () => {
      it('binds $n parameters: numbers, text with quotes, dates as DATE, null', async () => {
        expect(await sel('SELECT $1::INTEGER + 1 AS n, $2 AS s, typeof($3) AS t, $3 + 1 AS next_day, $4::VARCHAR IS NULL AS z', [41, "it's", { date: '2024-02-28' }, null])).toEqual([
          { n: 42, s: "it's", t: 'DATE', next_day: '2024-02-29', z: true },
        ]);
      });

      it('returns dates, timestamps and decimals in JSON terms', async () => {
        expect(
          await sel(`SELECT DATE '2024-03-01' AS d, TIMESTAMP '2024-03-01 12:34:56' AS ts, 12.34::DECIMAL(10,2) AS dec, 0.1::DOUBLE AS dbl, NULL::INTEGER AS nothing`),
        ).toEqual([{ d: '2024-03-01', ts: '2024-03-01T12:34:56.000', dec: 12.34, dbl: 0.1, nothing: null }]);
      });

      it('returns BIGINT as a JSON number up to 2^53 - 1 and as an exact string beyond', async () => {
        expect(
          await sel(`SELECT 9007199254740991::BIGINT AS safe, -9007199254740991::BIGINT AS neg_safe, 9007199254740993::BIGINT AS big, -9007199254740993::BIGINT AS neg_big, 9223372036854775807::BIGINT AS max`),
        ).toEqual([{ safe: 9007199254740991, neg_safe: -9007199254740991, big: '9007199254740993', neg_big: '-9007199254740993', max: '9223372036854775807' }]);
      });

      it('returns HUGEINT from sum() as a number when small and as an exact string beyond 2^53 and beyond 2^64', async () => {
        const vals = `(VALUES (9223372036854775807::BIGINT), (9223372036854775807::BIGINT)) t(x)`;
        expect(await sel(`SELECT typeof(sum(x)) AS t FROM ${vals}`)).toEqual([{ t: 'HUGEINT' }]);
        // 2 * (2^63 - 1) = 18446744073709551614, beyond BIGINT
        expect(await sel(`SELECT sum(x) AS s FROM ${vals}`)).toEqual([{ s: '18446744073709551614' }]);
        // 2^52 + (2^52 + 1) = 2^53 + 1: fits BIGINT, not a double
        expect(await sel(`SELECT sum(x) AS s FROM (VALUES (4503599627370496::BIGINT), (4503599627370497::BIGINT)) t(x)`)).toEqual([{ s: '9007199254740993' }]);
        expect(await sel(`SELECT sum(x) AS s FROM (VALUES (1::BIGINT), (2::BIGINT)) t(x)`)).toEqual([{ s: 3 }]);
      });

      it("throws DuckDB's message for bad SQL, naming the missing table", async () => {
        const e = (await thrown(engine.query('SELECT * FROM no_such_table'))) as Error;
        expect(e).toBeInstanceOf(Error);
        expect(e.message).toMatch(/Catalog Error/);
        expect(e.message).toContain('no_such_table');
      });
    });

    describe('materialize', () => {
      it("registers a cell's result under its id, queryable by later SQL", async () => {
        await engine.registerFile('ads', bytesFile('ads.csv', fixtureBytes('ads.csv')));
        const info = await engine.materialize(
          'by_campaign',
          'SELECT campaign, sum(clicks) AS clicks, sum(impressions) AS impressions, min(day) AS first_day FROM ads WHERE spend > $1 GROUP BY campaign ORDER BY campaign',
          [10],
        );
        expect(info).toEqual({
          name: 'by_campaign',
          columns: [
            { name: 'campaign', type: 'VARCHAR' },
            { name: 'clicks', type: 'HUGEINT' },
            { name: 'impressions', type: 'HUGEINT' },
            { name: 'first_day', type: 'DATE' },
          ],
          rowCount: 2,
        });
        // sums by hand: Spring Sale 120+150 clicks, 10000+12000 impressions
        expect(await sel('SELECT campaign, clicks, impressions, first_day, round(clicks / impressions, 4) AS ctr FROM by_campaign ORDER BY campaign')).toEqual([
          { campaign: 'Brand, Awareness', clicks: 90, impressions: 30000, first_day: '2024-01-03', ctr: 0.003 },
          { campaign: 'Spring Sale', clicks: 270, impressions: 22000, first_day: '2024-01-01', ctr: 0.0123 },
        ]);
        expect(await engine.listTables()).toEqual(['ads', 'by_campaign']);
      });

      it('replaces the previous result of the same cell', async () => {
        await engine.materialize('cell', 'SELECT 1 AS a');
        const info = await engine.materialize('cell', "SELECT 'x' AS b, 2 AS c UNION ALL SELECT 'y', 3");
        expect(info.columns.map((c) => c.name)).toEqual(['b', 'c']);
        expect(await sel('SELECT * FROM cell ORDER BY b')).toEqual([{ b: 'x', c: 2 }, { b: 'y', c: 3 }]);
      });

      it("reports an error in the user's SQL without the CREATE TABLE wrapper and keeps the previous result", async () => {
        await engine.materialize('cell', 'SELECT 1 AS a');
        const e = (await thrown(engine.materialize('cell', 'SELECT nope FROM (SELECT 1 AS a)'))) as Error;
        expect(e).toBeInstanceOf(Error);
        expect(e.message).toMatch(/nope/);
        expect(e.message).not.toMatch(/CREATE OR REPLACE/i);
        expect(await sel('SELECT * FROM cell')).toEqual([{ a: 1 }]);
      });
    });

    describe('one read-only query per cell', () => {
      it('refuses writes, commands and smuggled statements in query and materialize, leaving the data as it was', async () => {
        await engine.registerFile('ads', bytesFile('ads.csv', fixtureBytes('ads.csv')));
        const ran: string[] = [];
        for (const sql of NOT_ONE_QUERY) {
          for (const run of [() => engine.query(sql), () => engine.materialize('cell', sql)]) {
            const e = (await thrown(run())) as Error | undefined;
            if (!(e instanceof Error) || !/queries only|one query/.test(e.message)) ran.push(`${sql} → ${e ? e.message : 'ran'}`);
          }
        }
        expect(ran).toEqual([]);
        // 120 + 150 + 90 clicks, as in the fixture; no macro, no attached database, no cell table
        expect(await sel('SELECT sum(clicks)::INTEGER AS clicks, count(*)::INTEGER AS n FROM ads')).toEqual([{ clicks: 360, n: 3 }]);
        expect(await sel("SELECT count(*)::INTEGER AS n FROM duckdb_functions() WHERE function_name = 'pwn'")).toEqual([{ n: 0 }]);
        expect(await sel("SELECT count(*)::INTEGER AS n FROM duckdb_databases() WHERE database_name = 'other'")).toEqual([{ n: 0 }]);
        expect(await engine.listTables()).toEqual(['ads']);
      });

      it('refuses table functions that change the engine from a SELECT, and query() strings that could hide them', async () => {
        const ran: string[] = [];
        for (const sql of ENGINE_STATE_CALLS) {
          for (const run of [() => engine.query(sql), () => engine.materialize('cell', sql)]) {
            const e = (await thrown(run())) as Error | undefined;
            if (!(e instanceof Error) || !/a notebook may not call it/.test(e.message)) ran.push(`${sql} → ${e ? e.message : 'ran'}`);
          }
        }
        expect(ran).toEqual([]);
        // Logging stays off (DuckDB's default).
        expect(await sel("SELECT count(*)::INTEGER AS n FROM duckdb_settings() WHERE name = 'enable_logging' AND lower(value) NOT IN ('false', '0')")).toEqual([{ n: 0 }]);
      });

      it('runs one query with a trailing semicolon, dollar-quoted text, DESCRIBE, SUMMARIZE and a PIVOT with its values', async () => {
        await engine.registerFile('ads', bytesFile('ads.csv', fixtureBytes('ads.csv')));
        expect(await sel('SELECT $a1$;$a1$ AS a, $é$x$é$ AS b, $$y$$ AS c;  -- done')).toEqual([{ a: ';', b: 'x', c: 'y' }]);
        expect((await engine.materialize('d', 'DESCRIBE ads;')).rowCount).toBe(7);
        expect((await engine.materialize('s', 'SUMMARIZE ads')).rowCount).toBe(7);
        // clicks per campaign by hand: Spring Sale 120 + 150, Brand, Awareness 90
        await engine.materialize('p', "PIVOT (SELECT campaign, clicks FROM ads) ON campaign IN ('Spring Sale', 'Brand, Awareness') USING sum(clicks)::INTEGER");
        expect(await sel('SELECT * FROM p')).toEqual([{ 'Spring Sale': 270, 'Brand, Awareness': 90 }]);
        const e = (await thrown(engine.materialize('p2', 'PIVOT ads ON campaign USING sum(clicks)'))) as Error;
        expect(e.message).toMatch(/PIVOT without an IN list/);
      });
    });

    describe('registerArrow', () => {
      it('round-trips dates, doubles, bigints, booleans, text, timestamps and nulls', async () => {
        const table = tableFromColumns([
          { name: 'day', type: 'DATE', values: ['2024-01-02', new Date(Date.UTC(1999, 11, 31)), null] },
          { name: 'rate', type: 'DOUBLE', values: [1.25, -0.5, null] },
          { name: 'big', type: 'BIGINT', values: [9007199254740993n, -5n, null] },
          { name: 'ok', type: 'BOOLEAN', values: [true, false, null] },
          { name: 'label', type: 'VARCHAR', values: ['a', null, 'ünïcödé "q"'] },
          { name: 'at', type: 'TIMESTAMP', values: ['2024-01-02T03:04:05', null, null] },
          { name: 'n', type: 'INTEGER', values: [1, 2, 3] },
        ]);
        const info = await engine.registerArrow('result', table);
        expect(info).toEqual({
          name: 'result',
          columns: [
            { name: 'day', type: 'DATE' },
            { name: 'rate', type: 'DOUBLE' },
            { name: 'big', type: 'BIGINT' },
            { name: 'ok', type: 'BOOLEAN' },
            { name: 'label', type: 'VARCHAR' },
            { name: 'at', type: 'TIMESTAMP' },
            { name: 'n', type: 'INTEGER' },
          ],
          rowCount: 3,
        });
        expect(await sel('SELECT * FROM result ORDER BY n')).toEqual([
          { day: '2024-01-02', rate: 1.25, big: '9007199254740993', ok: true, label: 'a', at: '2024-01-02T03:04:05.000', n: 1 },
          { day: '1999-12-31', rate: -0.5, big: -5, ok: false, label: null, at: null, n: 2 },
          { day: null, rate: null, big: null, ok: null, label: 'ünïcödé "q"', at: null, n: 3 },
        ]);
        // typed in SQL, not text: date arithmetic and bigint arithmetic work
        expect(await sel("SELECT day + 1 AS next, big + 1 AS bigger FROM result WHERE n = 1")).toEqual([{ next: '2024-01-03', bigger: '9007199254740994' }]);
      });

      it('replaces a table of the same name', async () => {
        await engine.registerArrow('result', tableFromColumns([{ name: 'a', type: 'INTEGER', values: [1, 2] }]));
        const info = await engine.registerArrow('result', tableFromColumns([{ name: 'b', type: 'VARCHAR', values: ['x'] }]));
        expect(info).toEqual({ name: 'result', columns: [{ name: 'b', type: 'VARCHAR' }], rowCount: 1 });
      });
    });

    describe('describe, listTables, drop', () => {
      it('describes a table, returns null for an unknown one, lists and drops tables', async () => {
        expect(await engine.listTables()).toEqual([]);
        expect(await engine.describe('ads')).toBeNull();
        await engine.registerFile('ads', bytesFile('ads.ndjson', fixtureBytes('ads.ndjson')));
        await engine.materialize('zeta', 'SELECT 1 AS one');
        await engine.materialize('alpha', 'SELECT 1 AS one FROM ads WHERE false');
        expect(await engine.describe('alpha')).toEqual({ name: 'alpha', columns: [{ name: 'one', type: 'INTEGER' }], rowCount: 0 });
        expect(await engine.listTables()).toEqual(['ads', 'alpha', 'zeta']);
        await engine.drop('zeta');
        expect(await engine.describe('zeta')).toBeNull();
        expect(await engine.listTables()).toEqual(['ads', 'alpha']);
        await engine.drop('zeta'); // dropping again is a no-op
        await expect(engine.query('SELECT * FROM zeta')).rejects.toThrow(/zeta/);
      });
    });

    describe('lock-down: no extensions, no network', () => {
      let server: Server;
      let hits: string[];
      let base: string;
      beforeAll(async () => {
        hits = [];
        server = createServer((req, res) => {
          hits.push(`${req.method} ${req.url}`);
          res.end('a,b\n1,2\n');
        });
        await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      });
      afterAll(async () => {
        await new Promise((ok) => server.close(ok));
      });
      beforeEach(() => {
        hits.length = 0;
      });

      it('has extension autoload and autoinstall off', async () => {
        expect(await sel("SELECT current_setting('autoinstall_known_extensions') AS i, current_setting('autoload_known_extensions') AS l")).toEqual([{ i: false, l: false }]);
      });

      for (const sql of [
        'SET autoinstall_known_extensions = true',
        'SET autoload_known_extensions = true',
        "SET custom_extension_repository = 'http://127.0.0.1:1'",
        'SET allow_unsigned_extensions = true',
        'SET lock_configuration = false',
        'RESET lock_configuration',
      ]) {
        it(`refuses \`${sql}\``, async () => {
          await expect(engine.query(sql)).rejects.toThrow(/lock|cannot|not|permission/i);
          expect(await sel("SELECT current_setting('autoinstall_known_extensions') AS i")).toEqual([{ i: false }]);
        });
      }

      it('cannot INSTALL or LOAD httpfs', async () => {
        await expect(engine.query('INSTALL httpfs')).rejects.toThrow();
        await expect(engine.query('LOAD httpfs')).rejects.toThrow();
      });

      it('cannot read an https:// or http:// URL, and sends no request', async () => {
        await expect(engine.query("SELECT * FROM read_csv('https://example.com/ads.csv')")).rejects.toThrow();
        await expect(engine.query(`SELECT * FROM read_csv('${base}/ads.csv')`)).rejects.toThrow();
        await expect(engine.query(`SELECT * FROM '${base}/ads.parquet'`)).rejects.toThrow();
        await expect(engine.query(`ATTACH '${base}/remote.duckdb' AS remote`)).rejects.toThrow();
        expect(hits).toEqual([]);
      });

      it('cannot fetch an extension from a repository named in SQL (INSTALL … FROM url sends no request)', async () => {
        await expect(engine.query(`INSTALL httpfs FROM '${base}'`)).rejects.toThrow();
        await expect(engine.query(`FORCE INSTALL httpfs FROM '${base}'`)).rejects.toThrow();
        // a request here means notebook SQL can reach the network (and could fetch a signed httpfs
        // from a real repository, after which any URL is readable)
        expect(hits).toEqual([]);
      });
    });
  });
}
