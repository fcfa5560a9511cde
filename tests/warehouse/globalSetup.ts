/**
 * Once per run of the warehouse project: throwaway PostgreSQL servers (scripts/pg-test-cluster.ts) —
 * a single node that is also the coordinator of two postgres_fdw shards — filled with the same 20,000
 * generated events in `events` (single node) and `events_dist` (across the shards).
 * Without PostgreSQL installed the tests are skipped with the reason, except in CI (CI=1) or with
 * PULSE_REQUIRE_PG=1, where a missing server is a failure: .ci/run installs it.
 */
import type { TestProject } from 'vitest/node';
import { fillShards, fillSingle, findPgBin, startPgCluster, type PgServer } from '../../scripts/pg-test-cluster.ts';

export const EVENT_ROWS = 20_000;

export interface ProvidedPg {
  /** Why the tests are skipped, or null when the servers run. */
  skip: string | null;
  bin: string;
  password: string;
  single: PgServer;
  shards: PgServer[];
  coordinator: PgServer;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pg: ProvidedPg;
  }
}

export default async function setup(project: TestProject) {
  const required = ['1', 'true'].includes(process.env.CI ?? '') || process.env.PULSE_REQUIRE_PG === '1';
  if (!findPgBin()) {
    const why = 'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql, or set PULSE_PG_BIN';
    if (required) throw new Error(`${why}. CI / PULSE_REQUIRE_PG=1 requires the warehouse tests to run.`);
    console.warn(`[warehouse] skipped: ${why}`);
    const none = { name: 'none', port: 0, url: '' };
    project.provide('pg', { skip: why, bin: '', password: '', single: none, shards: [], coordinator: none });
    return;
  }
  const t0 = Date.now();
  const cluster = await startPgCluster();
  await Promise.all([fillShards(cluster, EVENT_ROWS), fillSingle(cluster, EVENT_ROWS)]);
  console.log(`[warehouse] PostgreSQL single node + 2 shards up with ${EVENT_ROWS} events in ${Date.now() - t0} ms`);
  project.provide('pg', { skip: null, bin: cluster.bin, password: cluster.password, single: cluster.single, shards: cluster.shards, coordinator: cluster.coordinator });
  return () => cluster.stop();
}
