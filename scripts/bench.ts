/**
 * `npm run bench`: speed of the workloads Pulse cares about, as medians of repeated runs.
 * Native DuckDB part (this file); the browser part joins it when the browser engine lands.
 * Usage: npm run bench [-- --rows 1000000,10000000 --runs 3]
 */
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { mulberry32 as rng } from '../src/core/analytics/random.ts';
import { NativeEngine } from '../src/engines/native/nativeEngine.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 && args[k + 1] ? args[k + 1]! : fallback;
};
const ROWS = arg('rows', '1000000,10000000').split(',').map(Number);
const RUNS = Number(arg('runs', '3'));
const DIR = '.bench';

async function eventsCsv(rows: number): Promise<string> {
  const path = join(DIR, `events_${rows}.csv`);
  if (existsSync(path)) return path;
  const rand = rng(42);
  const out = createWriteStream(path);
  const channels = ['email', 'social', 'search', 'display', 'direct'];
  const types = ['impression', 'impression', 'impression', 'impression', 'click'];
  out.write('event_id,user_id,ts,channel,campaign,event_type\n');
  const start = Date.parse('2024-01-01T00:00:00Z');
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const ts = new Date(start + Math.floor(rand() * 90 * 86_400_000)).toISOString().slice(0, 19).replace('T', ' ');
    buf += `${i},u${Math.floor(rand() * rows / 20)},${ts},${channels[Math.floor(rand() * 5)]},c${Math.floor(rand() * 40)},${types[Math.floor(rand() * 5)]}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return path;
}

const WORKLOADS = {
  aggregate: `SELECT channel, campaign, ts::DATE AS day, count(*) FILTER (event_type = 'click') / count(*) FILTER (event_type = 'impression') AS ctr
              FROM events GROUP BY ALL`,
  window: `SELECT user_id, first(channel ORDER BY ts) AS first_touch, last(channel ORDER BY ts) AS last_touch FROM (
             SELECT user_id, channel, ts, row_number() OVER (PARTITION BY user_id ORDER BY ts) AS n FROM events) GROUP BY user_id`,
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

async function main() {
  mkdirSync(DIR, { recursive: true });
  const results: Record<string, unknown>[] = [];
  for (const rows of ROWS) {
    const csv = await eventsCsv(rows);
    const mb = statSync(csv).size / 1e6;
    for (const threads of [1, 2]) {
      const m: Record<string, number[]> = { ingest: [], aggregate: [], window: [] };
      for (let r = 0; r < RUNS; r++) {
        const engine = await NativeEngine.create({ threads });
        m.ingest!.push(await time(() => engine.registerFile('events', { kind: 'path', path: csv, fileName: 'events.csv' })));
        for (const [name, sql] of Object.entries(WORKLOADS)) m[name]!.push(await time(() => engine.materialize(`bench_${name}`, sql)));
        await engine.close();
      }
      const row = { engine: `native-${threads}t`, rows, csvMB: Math.round(mb), ...Object.fromEntries(Object.entries(m).map(([k, v]) => [`${k}Ms`, Math.round(median(v))])) };
      results.push(row);
      console.log(JSON.stringify(row));
    }
  }
  writeFileSync(join(DIR, 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), runs: RUNS, results }, null, 2)}\n`);
  console.log(`medians of ${RUNS} runs written to ${join(DIR, 'results.json')}`);
}

await main();
