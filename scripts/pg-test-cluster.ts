/**
 * Throwaway PostgreSQL servers for the warehouse tests and bench, from Debian's packages
 * (`apt-get install postgresql`): in a temporary folder, on free local ports, owned by an unprivileged
 * user (`nobody` when run as root: initdb refuses root), torn down by `stop()`.
 *
 * Two layouts, made only of Postgres' own parts:
 * - `single`: one server, database `warehouse`, for the plain tests;
 * - `sharded`: two shard servers each holding one hash partition of `events_dist` (by campaign) as a
 *   plain table, and a coordinator (the single node) where `events_dist` is a table partitioned by
 *   HASH (campaign) whose two partitions are postgres_fdw foreign tables, one per shard. With
 *   partitionwise aggregation on, a GROUP BY campaign query is pushed down whole to both shards.
 *
 * `npm run pg:cluster` starts both, prints the PULSE_CONN_… lines to use them, and stops on Ctrl-C.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

export const ADMIN_USER = 'pulse_admin';
export const DATABASE = 'warehouse';

/** The event table both layouts hold: `events` on the single node, `events_dist` across the shards. */
export const EVENT_COLUMNS = `event_id bigint NOT NULL, user_id text NOT NULL, ts timestamp NOT NULL, channel text NOT NULL,
  campaign text NOT NULL, event_type text NOT NULL, cost double precision`;

/** Where Debian installs the server binaries (the highest version), or null when PostgreSQL is absent. */
export function findPgBin(): string | null {
  if (process.env.PULSE_PG_BIN) return existsSync(join(process.env.PULSE_PG_BIN, 'initdb')) ? process.env.PULSE_PG_BIN : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0]!, 'bin') : null;
}

export interface PgServer {
  name: string;
  port: number;
  /** `postgres://pulse_admin:PASSWORD@127.0.0.1:PORT/warehouse` */
  url: string;
}

export interface PgCluster {
  bin: string;
  password: string;
  single: PgServer;
  shards: PgServer[];
  /** The sharded layout's coordinator: the single node (its `events_dist` spans the shards). */
  coordinator: PgServer;
  /** Run SQL through psql on a server (for COPY and set-up). */
  psql(server: PgServer, sql: string, input?: string): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Run a command as the cluster's owner (nobody when we are root), failing with its output. */
function runAs(owner: { uid: number; gid: number } | null, cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', ...(owner ? { uid: owner.uid, gid: owner.gid } : {}), env: { ...process.env, LC_ALL: 'C', HOME: cwd } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

/**
 * Start the servers (single node, which is also the coordinator, and two shards) and set up both
 * layouts. `shards: false` starts only the single node.
 */
export async function startPgCluster(options: { shards?: boolean; log?: (s: string) => void } = {}): Promise<PgCluster> {
  const bin = findPgBin();
  if (!bin) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (Debian), or set PULSE_PG_BIN to its bin folder');
  const log = options.log ?? (() => {});
  const owner = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : null;
  const dir = mkdtempSync(join(tmpdir(), 'pulse-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  chmodSync(dir, 0o700);
  const password = `pw-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner) chownSync(pwfile, owner.uid, owner.gid);

  const names = options.shards === false ? ['single'] : ['single', 'shard1', 'shard2'];
  const servers: PgServer[] = [];
  const started: string[] = [];
  const stop = async () => {
    for (const data of started) {
      try {
        runAs(owner, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], dir);
      } catch {
        /* already gone */
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // initdb the servers side by side (the slow part), then start them.
    const inits = names.map(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const p = spawn(join(bin, 'initdb'), ['-D', join(dir, name), '-U', ADMIN_USER, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C', '--no-sync'], {
            cwd: dir,
            ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
            env: { ...process.env, LC_ALL: 'C', HOME: dir },
          });
          let err = '';
          p.stderr.on('data', (d) => (err += d));
          p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`initdb ${name} failed: ${err}`))));
        }),
    );
    await Promise.all(inits);
    for (const name of names) {
      const port = await freePort();
      const data = join(dir, name);
      const sock = join(dir, `${name}-sock`);
      mkdirSync(sock);
      if (owner) chownSync(sock, owner.uid, owner.gid);
      const opts = `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB -c max_connections=40 -c max_worker_processes=4 -c max_parallel_workers_per_gather=1`;
      runAs(owner, join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, `${name}.log`), '-w', '-t', '60', 'start'], dir);
      started.push(data);
      servers.push({ name, port, url: `postgres://${ADMIN_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}` });
      log(`[pg] ${name} on 127.0.0.1:${port}`);
    }
    for (const s of servers) {
      const c = new pg.Client({ host: '127.0.0.1', port: s.port, user: ADMIN_USER, password, database: 'postgres' });
      await c.connect();
      await c.query(`CREATE DATABASE ${DATABASE}`);
      await c.end();
    }
    const [single, ...shards] = servers as [PgServer, ...PgServer[]];
    if (shards.length === 2) await setUpShards(single, shards, password);
    const psql = (server: PgServer, sql: string, input?: string) =>
      execFileSync(join(bin, 'psql'), ['-X', '-v', 'ON_ERROR_STOP=1', '-q', '-At', '-h', '127.0.0.1', '-p', String(server.port), '-U', ADMIN_USER, '-d', DATABASE, '-c', sql], {
        encoding: 'utf8',
        env: { ...process.env, PGPASSWORD: password },
        maxBuffer: 1024 ** 3,
        ...(input !== undefined ? { input } : {}),
      });
    return { bin, password, single, shards, coordinator: single, psql, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function query(server: PgServer, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: server.url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Each shard: its partition as a plain table. The coordinator: `events_dist` over both through postgres_fdw. */
async function setUpShards(coordinator: PgServer, shards: PgServer[], password: string): Promise<void> {
  for (const [k, s] of shards.entries()) {
    // `hash_probe` has the coordinator's partition key, so satisfies_hash_partition() can tell which rows
    // belong on this shard when data is generated here.
    await query(s, `CREATE TABLE events_part (${EVENT_COLUMNS});
      CREATE TABLE hash_probe (campaign text) PARTITION BY HASH (campaign);
      COMMENT ON TABLE events_part IS 'partition ${k} of 2 of events_dist (hash of campaign)'`);
  }
  const parts = shards
    .map(
      (s, k) => `CREATE SERVER ${s.name} FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '${s.port}', dbname '${DATABASE}', async_capable 'true', fetch_size '10000');
        CREATE USER MAPPING FOR ${ADMIN_USER} SERVER ${s.name} OPTIONS (user '${ADMIN_USER}', password '${password}');
        CREATE FOREIGN TABLE events_dist_${k} PARTITION OF events_dist FOR VALUES WITH (MODULUS 2, REMAINDER ${k}) SERVER ${s.name} OPTIONS (table_name 'events_part');`,
    )
    .join('\n');
  await query(
    coordinator,
    `CREATE EXTENSION postgres_fdw;
     CREATE TABLE events_dist (${EVENT_COLUMNS}) PARTITION BY HASH (campaign);
     ${parts}
     ALTER DATABASE ${DATABASE} SET enable_partitionwise_aggregate = on;
     ALTER DATABASE ${DATABASE} SET enable_partitionwise_join = on;`,
  );
}

/**
 * Generate `rows` events across the two shards with generate_series on each shard (no data crosses
 * the network): each shard keeps the rows whose campaign hashes to its partition, so the shards hold
 * `rows` events between them, exactly the rows `events_sql(rows)` gives on one server.
 */
export async function fillShards(cluster: PgCluster, rows: number): Promise<void> {
  await Promise.all(
    cluster.shards.map((s, k) =>
      query(s, `TRUNCATE events_part;
        INSERT INTO events_part SELECT * FROM (${eventsSql(rows)}) e WHERE satisfies_hash_partition('hash_probe'::regclass, 2, ${k}, e.campaign);
        ANALYZE events_part;`),
    ),
  );
}

/** `rows` deterministic events (row n is a function of n only), as a query. */
export function eventsSql(rows: number): string {
  return `SELECT g AS event_id,
      'u' || ((hashint8(g) & 2147483647) % ${Math.max(1, Math.floor(rows / 20))}) AS user_id,
      timestamp '2024-01-01' + ((hashint8(g * 7) & 2147483647) % 7776000) * interval '1 second' AS ts,
      (ARRAY['email','social','search','display','direct'])[1 + (hashint8(g * 3) & 2147483647) % 5] AS channel,
      'c' || (g % 40) AS campaign,
      CASE WHEN (hashint8(g * 5) & 2147483647) % 25 = 0 THEN 'click' ELSE 'impression' END AS event_type,
      round(((hashint8(g * 11) & 2147483647) % 1000) / 100.0, 2)::double precision AS cost
    FROM generate_series(1, ${rows}) g`;
}

/** Fill the single node's `events` with the same rows (for comparisons against the shards). */
export async function fillSingle(cluster: PgCluster, rows: number): Promise<void> {
  await query(cluster.single, `DROP TABLE IF EXISTS events; CREATE TABLE events (${EVENT_COLUMNS});
    INSERT INTO events ${eventsSql(rows)}; ANALYZE events;`);
}

// `npm run pg:cluster`: start both layouts for a developer, print how to point Pulse at them, wait for Ctrl-C.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const rows = Number(process.argv[2] ?? 100_000);
  const cluster = await startPgCluster({ log: console.error });
  await fillShards(cluster, rows);
  await fillSingle(cluster, rows);
  console.log(`# ${rows.toLocaleString('en-US')} events in each layout; Ctrl-C stops the servers and deletes their folder.`);
  console.log(`export PULSE_CONN_ANALYTICS='${cluster.single.url}'   # single node: table events`);
  console.log(`export PULSE_CONN_SHARDED='${cluster.coordinator.url}'   # coordinator: table events_dist over ${cluster.shards.length} shards`);
  const bye = async () => {
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void bye());
  process.on('SIGTERM', () => void bye());
  setInterval(() => {}, 1 << 30);
}
