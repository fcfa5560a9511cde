/**
 * The two-shard set-up (scripts/pg-test-cluster.ts): `events_dist` on the coordinator is hash-
 * partitioned by campaign into two postgres_fdw foreign tables, one per shard server. A CTR aggregate
 * grouped by the partition key is pushed down whole: the plan sends one aggregate query to each shard,
 * each shard's table is really read, and the pulled result equals the same aggregate computed on the
 * single node's copy of the same generated rows and on the raw rows pulled into DuckDB.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { notebookFile, pgInfo, psql, pulse, skipReason, suiteName, tmpPath } from './support.ts';
import { EVENT_ROWS } from './globalSetup.ts';

const CTR = `SELECT campaign, count(*) FILTER (WHERE event_type = 'click') AS clicks, count(*) AS events FROM events_dist GROUP BY campaign`;

const d = describe.skipIf(skipReason !== null);

d(suiteName('two shards behind a postgres_fdw coordinator'), () => {
  beforeAll(() => {
    process.env.PULSE_CONN_SHARDED = pgInfo.coordinator.url;
  });

  it('holds the rows across both shards, split by the hash of campaign', () => {
    const perShard = pgInfo.shards.map((s) => Number(psql(s, 'SELECT count(*) FROM events_part')));
    expect(perShard.every((n) => n > 0)).toBe(true);
    expect(perShard[0]! + perShard[1]!).toBe(EVENT_ROWS);
    expect(Number(psql(pgInfo.coordinator, 'SELECT count(*) FROM events_dist'))).toBe(EVENT_ROWS);
    // No campaign is on both shards.
    const campaigns = pgInfo.shards.map((s) => new Set(psql(s, 'SELECT DISTINCT campaign FROM events_part').split('\n')));
    expect([...campaigns[0]!].filter((c) => campaigns[1]!.has(c))).toEqual([]);
  });

  it('pushes the CTR aggregate down to both shards (EXPLAIN VERBOSE on the coordinator)', () => {
    const plan = psql(pgInfo.coordinator, `EXPLAIN (VERBOSE, COSTS OFF) ${CTR}`);
    const scans = plan.split('\n').filter((l) => /Foreign Scan/.test(l));
    expect(scans).toHaveLength(2);
    expect(plan).toMatch(/Relations: Aggregate on \(public\.events_dist_0 events_dist\)/);
    expect(plan).toMatch(/Relations: Aggregate on \(public\.events_dist_1( events_dist_1)?\)/);
    const remote = plan.split('\n').filter((l) => /Remote SQL:/.test(l));
    expect(remote).toHaveLength(2);
    for (const r of remote) expect(r).toMatch(/SELECT campaign, count\(\*\) FILTER \(WHERE \(event_type = 'click'(::text)?\)\), count\(\*\) FROM public\.events_part GROUP BY 1/);
  });

  it('pulls the pushed-down aggregate: equal to the single node and to DuckDB on the raw rows, reading both shards', async () => {
    const scans = () => pgInfo.shards.map((s) => Number(psql(s, `SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'events_part'`)));
    const before = scans();
    const nb = notebookFile(
      `datasets:\n  raw: { warehouse: { connection: sharded, query: "SELECT campaign, event_type FROM events_dist" } }`,
      [
        '```sql pushed warehouse=sharded',
        CTR,
        '```',
        '',
        '```sql local',
        "SELECT campaign, count(*) FILTER (WHERE event_type = 'click') AS clicks, count(*) AS events FROM raw GROUP BY campaign",
        '```',
        '',
        '```sql diff',
        'SELECT count(*) AS n FROM (SELECT * FROM pushed EXCEPT SELECT * FROM local)',
        '```',
        '',
        '```sql ordered',
        'SELECT * FROM pushed ORDER BY campaign',
        '```',
      ].join('\n'),
    );
    const out = tmpPath('shards.json');
    const r = await pulse('run', nb, '--out', out);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const cell = (id: string) => report.cells.find((c: { id: string }) => c.id === id);
    expect(cell('pushed').rowCount).toBe(40);
    expect(cell('diff').rows).toEqual([{ n: 0 }]);
    const single = psql(pgInfo.single, `SELECT campaign, count(*) FILTER (WHERE event_type = 'click'), count(*) FROM events GROUP BY campaign ORDER BY campaign`)
      .split('\n')
      .map((l) => l.split('|'));
    expect(cell('ordered').rows.map((x: Record<string, unknown>) => [x.campaign, String(x.clicks), String(x.events)])).toEqual(single);
    // Both shard tables were read (statistics are flushed when the shard sessions end).
    let after = scans();
    for (let i = 0; i < 50 && !after.every((n, k) => n > before[k]!); i++) {
      await new Promise((res) => setTimeout(res, 200));
      after = scans();
    }
    expect(after.every((n, k) => n > before[k]!)).toBe(true);
  });
});
