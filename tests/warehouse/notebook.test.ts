/**
 * Warehouse notebooks end to end on a real PostgreSQL (tests/warehouse/globalSetup.ts): the CTR
 * module 1 notebook gives the same answer from the warehouse as from the same CSVs; a `sql` cell
 * marked warehouse=NAME runs there; `pulse pull` writes a bundle that opens with no connection;
 * Ctrl-C cancels the query on the server and leaves no bundle; and no credential appears anywhere.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../src/share/bundle.ts';
import { canonicalTextColumns } from '../../src/core/notebook/datasets.ts';
import { NativeEngine } from '../../src/engines/native/nativeEngine.ts';
import { notebookFile, pgInfo, psql, pulse, skipReason, suiteName, tmpPath } from './support.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MODULE1 = join(ROOT, 'notebooks/ctr/01-defining-and-measuring-ctr.pulse.md');
const SAMPLES = { ads: ['ad_daily', 'ad_daily.csv'], posts: ['posts', 'posts.csv'], events: ['events', 'events.csv'] } as const;

const PG_TYPES: Record<string, string> = {
  BIGINT: 'bigint',
  INTEGER: 'integer',
  DOUBLE: 'double precision',
  VARCHAR: 'text',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
  BOOLEAN: 'boolean',
};

/** Load the module's sample CSVs into the warehouse as tables typed as pulse run types them. */
async function loadSamplesIntoWarehouse(): Promise<void> {
  const engine = await NativeEngine.create();
  try {
    for (const [table, [schema, file]] of Object.entries(SAMPLES)) {
      const path = join(ROOT, 'public/sample', file);
      const info = await engine.registerFile(table, { kind: 'path', path, fileName: file }, undefined, { columnTypes: canonicalTextColumns(schema) });
      const cols = info.columns.map((c) => `"${c.name}" ${PG_TYPES[c.type] ?? 'text'}`).join(', ');
      // In their own schema: `events` in public is the generated event table the other tests read.
      psql(pgInfo.single, `CREATE SCHEMA IF NOT EXISTS samples; DROP TABLE IF EXISTS samples.${table}; CREATE TABLE samples.${table} (${cols})`);
      psql(pgInfo.single, `\\copy samples.${table} FROM '${path}' WITH (FORMAT csv, HEADER true)`);
      expect(Number(psql(pgInfo.single, `SELECT count(*) FROM samples.${table}`))).toBe(info.rowCount);
    }
  } finally {
    await engine.close();
  }
}

/** Module 1 with each dataset declared as a warehouse table instead of a bundled sample. */
function warehouseModule1(): string {
  let text = readFileSync(MODULE1, 'utf8');
  for (const [table, [schema, file]] of Object.entries(SAMPLES)) {
    const line = `  ${table}: { schema: ${schema}, sample: ${file} }`;
    expect(text).toContain(line);
    text = text.replace(line, `  ${table}: { schema: ${schema}, warehouse: { connection: analytics, query: "SELECT * FROM samples.${table}" } }`);
  }
  const path = tmpPath('module1-warehouse.pulse.md');
  writeFileSync(path, text);
  return path;
}

const d = describe.skipIf(skipReason !== null);

d(suiteName('warehouse notebooks'), () => {
  beforeAll(() => {
    process.env.PULSE_CONN_ANALYTICS = pgInfo.single.url;
    process.env.PULSE_CONN_SHARDED = pgInfo.coordinator.url;
  });

  it('CTR module 1 gives the same answer from the warehouse as from the same CSVs', async () => {
    await loadSamplesIntoWarehouse();
    const fromCsv = tmpPath('csv.json');
    const a = await pulse('run', MODULE1, '--out', fromCsv);
    expect(a.code).toBe(0);
    const fromWarehouse = tmpPath('warehouse.json');
    const b = await pulse('run', warehouseModule1(), '--out', fromWarehouse);
    expect(b.stderr.filter((l) => l.includes('pulled'))).toEqual([
      expect.stringMatching(/^ads: pulled 1,046 rows from warehouse connection `analytics`/),
      expect.stringMatching(/^posts: pulled [\d,]+ rows from warehouse connection `analytics`/),
      expect.stringMatching(/^events: pulled 18,952 rows from warehouse connection `analytics`/),
    ]);
    expect(b.code).toBe(0);
    const csv = JSON.parse(readFileSync(fromCsv, 'utf8'));
    const wh = JSON.parse(readFileSync(fromWarehouse, 'utf8'));
    expect(wh.cells.length).toBe(csv.cells.length);
    expect(wh.cells.length).toBeGreaterThan(20);
    for (const [k, cell] of csv.cells.entries()) {
      // Same columns, row counts and values, cell by cell (floating sums compared to 1e-9 relative).
      expect({ id: wh.cells[k].id, status: wh.cells[k].status, columns: wh.cells[k].columns, rowCount: wh.cells[k].rowCount }).toEqual({
        id: cell.id,
        status: cell.status,
        columns: cell.columns,
        rowCount: cell.rowCount,
      });
      // As multisets: rows tied under a cell's ORDER BY (bot_clicks: three rows of 900) come in no fixed
      // order in SQL, and DuckDB's parallel scan orders them differently from one run to the next.
      const bag = (rows: unknown[]) => rows.map((r) => JSON.stringify(roundFloats(r))).sort();
      expect(bag(wh.cells[k].rows), `cell ${cell.id}`).toEqual(bag(cell.rows));
    }
  });

  it('runs a sql cell marked warehouse=NAME on the warehouse and hands its result to local cells', async () => {
    const nb = notebookFile(
      'params:\n  kind: click',
      [
        '```sql by_campaign warehouse=analytics',
        'SELECT campaign, count(*) FILTER (WHERE event_type = ${kind}) AS clicks, count(*) AS events',
        'FROM events GROUP BY campaign',
        '```',
        '',
        '```sql top',
        'SELECT campaign, clicks, round(clicks / events, 6) AS ctr FROM by_campaign ORDER BY ctr DESC, campaign LIMIT 3',
        '```',
      ].join('\n'),
    );
    const out = tmpPath('cells.md');
    const r = await pulse('run', nb, '--out', out);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    expect(r.stderr).toEqual([expect.stringMatching(/^by_campaign: pulled 40 rows from warehouse connection `analytics`/)]);
    const expected = psql(
      pgInfo.single,
      `SELECT campaign, count(*) FILTER (WHERE event_type = 'click'), round(count(*) FILTER (WHERE event_type = 'click')::numeric / count(*), 6)
       FROM events GROUP BY campaign ORDER BY 3 DESC, 1 LIMIT 3`,
    );
    const md = readFileSync(out, 'utf8');
    const top = md.slice(md.indexOf('`top`'));
    for (const line of expected.split('\n')) {
      const [campaign, clicks] = line.split('|');
      expect(top).toMatch(new RegExp(`\\| ${campaign} \\| ${clicks} \\|`));
    }
    expect(md).toContain('## Pulled from the warehouse');
    // (Markdown escapes the _ of the name.)
    expect(md).toMatch(/\| by\\?_campaign \| warehouse cell \| analytics \| 40 \| \d+\.\d s \|/);
    expect(md).toContain('FROM events GROUP BY campaign');
  });

  it('fails a warehouse cell with the warehouse message at its line, skips what reads it, exit 1', async () => {
    const nb = notebookFile('', '```sql broken warehouse=analytics\nSELECT campaign,\n  nosuch FROM events\n```\n\n```sql after\nSELECT * FROM broken\n```');
    const r = await pulse('run', nb);
    expect(r.code).toBe(1);
    // Front matter: 5 lines (---, pulse, title, an empty line, ---), a blank line: the fence is line 7,
    // the query starts on line 8, and `nosuch` on the query's line 2 is line 9 of the file.
    expect(r.stderr).toEqual([
      expect.stringMatching(/^cell broken \(.*:9\) failed: warehouse connection `analytics`: the warehouse says: column "nosuch" does not exist \(at line 2, column 3 of the query\)$/),
      expect.stringMatching(/^cell after \(.*\) skipped: not run: cell `broken` that it reads did not run$/),
    ]);
  });

  it('pulse pull writes a bundle of the notebook and its pulled tables that opens with no connection', async () => {
    const nb = notebookFile(
      `params:\n  since: 2024-02-01\ndatasets:\n  ev: { schema: events, warehouse: { connection: analytics, query: "SELECT event_id, campaign, ts, cost FROM events WHERE ts >= \${since}" } }`,
      '```sql agg warehouse=sharded\nSELECT campaign, count(*) AS n FROM events_dist GROUP BY campaign\n```\n\n```sql n\nSELECT count(*) AS n FROM ev\n```',
    );
    const out = tmpPath('pulled.pulse.zip');
    const r = await pulse('pull', nb, '--out', out);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    const expectedRows = Number(psql(pgInfo.single, `SELECT count(*) FROM events WHERE ts >= '2024-02-01'`));
    expect(r.stdout).toEqual([`bundle written to ${out}: 2 pulled tables, ${(expectedRows + 40).toLocaleString('en-US')} rows (open it in Pulse; the browser never connects to the warehouse)`]);
    const bundle = await openBundle(new Uint8Array(readFileSync(out)));
    expect(bundle.notebook.text).toBe(readFileSync(nb, 'utf8'));
    expect(bundle.datasets.map((x) => [x.name, x.rowCount])).toEqual([
      ['ev', expectedRows],
      ['agg', 40],
    ]);
    // The Parquet reads back into DuckDB with the pulled values.
    const engine = await NativeEngine.create();
    try {
      await engine.registerFile('ev', { kind: 'bytes', bytes: bundle.datasets[0]!.parquet, fileName: 'ev.parquet' });
      const t = await engine.query('SELECT count(*)::INTEGER AS n, sum(cost) AS cost FROM ev');
      const row = t.toArray()[0]!.toJSON();
      expect(row.n).toBe(expectedRows);
      expect(row.cost).toBeCloseTo(Number(psql(pgInfo.single, `SELECT sum(cost) FROM events WHERE ts >= '2024-02-01'`)), 6);
      expect((await engine.describe('ev'))!.columns.map((c) => c.type)).toEqual(['BIGINT', 'VARCHAR', 'TIMESTAMP', 'DOUBLE']);
    } finally {
      await engine.close();
    }
  });

  it('never writes a credential: reports, bundle, stdout and stderr hold no password or URL', async () => {
    const nb = notebookFile(
      `datasets:\n  ev: { warehouse: { connection: analytics, query: "SELECT campaign, cost FROM events LIMIT 100" } }`,
      '```sql agg warehouse=analytics\nSELECT count(*) AS n FROM events\n```\n\n```sql n\nSELECT count(*) AS n FROM ev\n```',
    );
    const outputs: string[] = [];
    for (const ext of ['json', 'md', 'html']) {
      const out = tmpPath(`report.${ext}`);
      const r = await pulse('run', nb, '--out', out);
      expect(r.code).toBe(0);
      outputs.push(readFileSync(out, 'utf8'), ...r.stdout, ...r.stderr);
    }
    const bundlePath = tmpPath('b.pulse.zip');
    const p = await pulse('pull', nb, '--out', bundlePath);
    expect(p.code).toBe(0);
    outputs.push(...p.stdout, ...p.stderr);
    const bundleBytes = readFileSync(bundlePath);
    outputs.push(bundleBytes.toString('latin1'));
    for (const bytes of Object.values(unzipSync(new Uint8Array(bundleBytes)))) outputs.push(Buffer.from(bytes).toString('latin1'));
    // Failures too: a query error and a wrong password.
    const failing = notebookFile(`datasets:\n  ev: { warehouse: { connection: analytics, query: "SELECT nosuch FROM events" } }`, '');
    const f = await pulse('run', failing);
    outputs.push(...f.stdout, ...f.stderr);
    const all = outputs.join('\n');
    expect(all).toContain('analytics');
    for (const secret of [pgInfo.password, encodeURIComponent(pgInfo.password), pgInfo.single.url, 'pulse_admin:']) expect(all).not.toContain(secret);
  });

  it('Ctrl-C cancels the query on the warehouse and leaves no bundle', async () => {
    const nb = notebookFile(`datasets:\n  ev: { warehouse: { connection: analytics, query: "SELECT pg_sleep(60) AS slept, 'cancel-me' AS tag" } }`, '');
    const out = tmpPath('cancelled.pulse.zip');
    const child = spawn(process.execPath, [join(ROOT, 'bin/pulse.mjs'), 'pull', nb, '--out', out], { env: { ...process.env, PULSE_CONN_ANALYTICS: pgInfo.single.url } });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const running = () => Number(psql(pgInfo.single, `SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%cancel-me%' AND pid <> pg_backend_pid()`));
    for (const until = Date.now() + 30_000; Date.now() < until && running() === 0 && child.exitCode === null; ) await new Promise((r) => setTimeout(r, 100));
    expect(child.exitCode, stderr).toBe(null);
    expect(running()).toBe(1);
    const t0 = Date.now();
    child.kill('SIGINT');
    const code = await exited;
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      'cancelling the warehouse query (Ctrl-C again to leave at once)…',
      'pulse pull: dataset `ev` (warehouse connection `analytics`): cancelled (Ctrl-C); nothing was kept',
    ]);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(running()).toBe(0);
  });
});

/**
 * The browser test (tests/e2e/warehouse.test.ts) opens a committed bundle, since the browser suite has
 * no warehouse: this checks it is what `pulse pull` writes now, with the values PostgreSQL computes.
 * PULSE_WRITE_FIXTURES=1 rewrites the fixture files instead.
 */
d(suiteName('the browser fixture bundle'), () => {
  it('tests/fixtures/warehouse/ctr.pulse.zip is what pulse pull writes for ctr.pulse.md', async () => {
    process.env.PULSE_CONN_ANALYTICS = pgInfo.single.url;
    const fixtures = join(ROOT, 'tests/fixtures/warehouse');
    const out = tmpPath('ctr.pulse.zip');
    const r = await pulse('pull', join(fixtures, 'ctr.pulse.md'), '--out', out);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    const expected = {
      totals: Object.fromEntries(
        psql(pgInfo.single, `SELECT sum(c), sum(n), count(*) FROM (SELECT count(*) FILTER (WHERE event_type = 'click') AS c, count(*) AS n FROM events GROUP BY campaign, ts::date HAVING count(*) >= 5) x`)
          .split('|')
          .map((v, k) => [['clicks', 'events', 'campaign_days'][k]!, Number(v)]),
      ),
      channel_ctr: psql(pgInfo.single, `SELECT channel, round(count(*) FILTER (WHERE event_type = 'click')::numeric / count(*), 6) FROM events GROUP BY channel ORDER BY channel`)
        .split('\n')
        .map((l) => ({ channel: l.split('|')[0], ctr: Number(l.split('|')[1]) })),
    };
    if (process.env.PULSE_WRITE_FIXTURES === '1') {
      writeFileSync(join(fixtures, 'ctr.pulse.zip'), readFileSync(out));
      writeFileSync(join(fixtures, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
    }
    expect(JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8'))).toEqual(expected);
    const fresh = await openBundle(new Uint8Array(readFileSync(out)));
    const committed = await openBundle(new Uint8Array(readFileSync(join(fixtures, 'ctr.pulse.zip'))));
    expect(committed.notebook.text).toBe(fresh.notebook.text);
    expect(committed.datasets.map((x) => [x.name, x.rowCount, x.schema])).toEqual(fresh.datasets.map((x) => [x.name, x.rowCount, x.schema]));
    const engine = await NativeEngine.create();
    try {
      for (const [k, ds] of fresh.datasets.entries()) {
        await engine.registerFile(`a_${ds.name}`, { kind: 'bytes', bytes: ds.parquet, fileName: 'a.parquet' });
        await engine.registerFile(`b_${ds.name}`, { kind: 'bytes', bytes: committed.datasets[k]!.parquet, fileName: 'b.parquet' });
        const diff = await engine.query(`SELECT (SELECT count(*) FROM (SELECT * FROM a_${ds.name} EXCEPT ALL SELECT * FROM b_${ds.name})) + (SELECT count(*) FROM (SELECT * FROM b_${ds.name} EXCEPT ALL SELECT * FROM a_${ds.name}))::INTEGER AS n`);
        expect(Number(diff.toArray()[0]!.toJSON().n)).toBe(0);
      }
    } finally {
      await engine.close();
    }
  });
});

/** Floats to 9 significant digits, so sums added in another order compare equal. */
function roundFloats(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isInteger(v)) return Number(v.toPrecision(9));
  if (Array.isArray(v)) return v.map(roundFloats);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, roundFloats(x)]));
  return v;
}
