/**
 * `npm run bench -- --warehouse [--rows 10000000] [--runs 1]`: the two-shard set-up of
 * scripts/pg-test-cluster.ts filled with generated events (generate_series on each shard), then
 * - pushed down: the CTR aggregate (GROUP BY campaign, channel, day) run by the warehouse, one aggregate
 *   query per shard through postgres_fdw, and its result pulled by Pulse (`pullQuery`, as pulse run does);
 * - raw: the rows the aggregate reads pulled into DuckDB by Pulse, then the same aggregate in DuckDB;
 * - floor: the same raw rows through `psql -c "COPY (…) TO STDOUT"` into /dev/null, the fastest a client
 *   can receive them from this coordinator.
 * Both CTR results are checked equal before any number is printed. Writes .bench/warehouse.json.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NativeEngine } from '../src/engines/native/nativeEngine.ts';
import { resolveConnection } from '../src/cli/warehouse/connection.ts';
import { pullQuery, DEFAULT_LIMITS } from '../src/cli/warehouse/pull.ts';
import { fillShards, startPgCluster, ADMIN_USER, DATABASE, type PgCluster } from './pg-test-cluster.ts';

const PUSHED = `SELECT campaign, channel, ts::date AS day,
    count(*) FILTER (WHERE event_type = 'click') AS clicks, count(*) FILTER (WHERE event_type = 'impression') AS impressions
  FROM events_dist GROUP BY campaign, channel, ts::date`;
const RAW = `SELECT campaign, channel, ts, event_type FROM events_dist`;
const LOCAL = `SELECT campaign, channel, ts::DATE AS day,
    count(*) FILTER (WHERE event_type = 'click') AS clicks, count(*) FILTER (WHERE event_type = 'impression') AS impressions
  FROM raw GROUP BY ALL`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function copyToDevNull(cluster: PgCluster): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(join(cluster.bin, 'psql'), ['-X', '-q', '-h', '127.0.0.1', '-p', String(cluster.coordinator.port), '-U', ADMIN_USER, '-d', DATABASE, '-c', `COPY (${RAW}) TO STDOUT`], {
      env: { ...process.env, PGPASSWORD: cluster.password },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let lines = 0;
    p.stdout.on('data', (b: Buffer) => {
      for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines++;
    });
    p.on('exit', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`psql COPY exited ${code}`))));
    p.on('exit', () => void (lines > 0 || reject(new Error('COPY sent no rows'))));
  });
}

export async function warehouseBench(args: string[]): Promise<void> {
  const arg = (name: string, fallback: string) => {
    const k = args.indexOf(`--${name}`);
    return k >= 0 && args[k + 1] ? args[k + 1]! : fallback;
  };
  const rows = Number(arg('rows', '10000000').split(',')[0]);
  const runs = Number(arg('runs', '1'));
  const conditions = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30), loadAvgAtStart: loadavg().map((x) => Math.round(x * 100) / 100), node: process.version };
  console.log(JSON.stringify({ conditions, rows, runs }));
  const cluster = await startPgCluster({ log: console.error });
  try {
    const g0 = performance.now();
    await fillShards(cluster, rows);
    const generateMs = performance.now() - g0;
    console.log(JSON.stringify({ generated: rows, generateMs: Math.round(generateMs) }));
    const conn = resolveConnection('sharded', { PULSE_CONN_SHARDED: cluster.coordinator.url });
    const limits = { ...DEFAULT_LIMITS, maxRows: rows + 1, maxBytes: 64 * 1024 ** 3, timeoutMs: 3_600_000 };
    const progress = (line: string) => console.error(line);
    const m = { pushedMs: [] as number[], rawPullMs: [] as number[], localAggMs: [] as number[], copyMs: [] as number[] };
    let pushedRows = 0;
    for (let r = 0; r < runs; r++) {
      const engine = await NativeEngine.create();
      try {
        const bind = (text: string) => ({ text, values: [], shifts: [] });
        const pushed = await pullQuery(engine, { table: 'pushed', what: 'pushed-down aggregate', query: PUSHED, bound: bind(PUSHED) }, conn, limits, progress);
        m.pushedMs.push(pushed.durationMs);
        pushedRows = pushed.rows;
        const raw = await pullQuery(engine, { table: 'raw', what: 'raw rows', query: RAW, bound: bind(RAW) }, conn, limits, progress);
        if (raw.rows !== rows) throw new Error(`raw pull gave ${raw.rows} rows, expected ${rows}`);
        m.rawPullMs.push(raw.durationMs);
        const a0 = performance.now();
        await engine.materialize('local', LOCAL);
        m.localAggMs.push(performance.now() - a0);
        const diff = await engine.query('SELECT (SELECT count(*) FROM (SELECT * FROM pushed EXCEPT SELECT * FROM local)) + (SELECT count(*) FROM (SELECT * FROM local EXCEPT SELECT * FROM pushed)) AS n');
        const n = Number(diff.toArray()[0]!.toJSON().n);
        if (n !== 0) throw new Error(`the pushed-down and the local CTR aggregates differ in ${n} rows`);
      } finally {
        await engine.close();
      }
      m.copyMs.push(await copyToDevNull(cluster));
      console.log(JSON.stringify({ run: r + 1, pushedMs: m.pushedMs.at(-1), rawPullMs: m.rawPullMs.at(-1), localAggMs: Math.round(m.localAggMs.at(-1)!), copyMs: Math.round(m.copyMs.at(-1)!) }));
    }
    const pushedMs = median(m.pushedMs);
    const rawTotalMs = median(m.rawPullMs.map((p, k) => p + m.localAggMs[k]!));
    const rawPullMs = median(m.rawPullMs);
    const copyMs = median(m.copyMs);
    const summary = {
      rows,
      pushedRows,
      generateMs: Math.round(generateMs),
      pushedDownMs: Math.round(pushedMs),
      rawPullMs: Math.round(rawPullMs),
      localAggregateMs: Math.round(median(m.localAggMs)),
      rawPlusLocalMs: Math.round(rawTotalMs),
      rawOverPushed: Math.round((rawTotalMs / pushedMs) * 10) / 10,
      pulseRawRowsPerSec: Math.round(rows / (rawPullMs / 1000)),
      copyMs: Math.round(copyMs),
      copyRowsPerSec: Math.round(rows / (copyMs / 1000)),
      pulseOverCopyThroughput: Math.round((copyMs / rawPullMs) * 100) / 100,
    };
    console.table(summary);
    mkdirSync('.bench', { recursive: true });
    const loadAvgAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
    writeFileSync('.bench/warehouse.json', `${JSON.stringify({ date: new Date().toISOString(), runs, conditions: { ...conditions, loadAvgAtEnd }, summary, all: m }, null, 2)}\n`);
    console.log('written to .bench/warehouse.json');
  } finally {
    await cluster.stop();
  }
}
