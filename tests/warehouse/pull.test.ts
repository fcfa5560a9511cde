/**
 * `pulse run` on warehouse datasets against a real PostgreSQL server (tests/warehouse/globalSetup.ts):
 * values and types as pulled, `${param}` binding (injection attempts stay values), read-only, the
 * caps, the statement timeout, and each failure as one line with exit status 2. Expected values come
 * from the same server through psql.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { notebookFile, pgInfo, psql, pulse, skipReason, suiteName, tmpPath } from './support.ts';

const d = describe.skipIf(skipReason !== null);

d(suiteName('warehouse datasets in pulse run'), () => {
  beforeAll(() => {
    process.env.PULSE_CONN_ANALYTICS = pgInfo.single.url;
  });

  it('pulls a dataset with its types and runs the notebook on it', async () => {
    const nb = notebookFile(
      `datasets:\n  ev: { schema: events, warehouse: { connection: analytics, query: "SELECT event_id, user_id, ts, campaign, event_type, cost, ts::date AS day, cost > 5 AS dear FROM events" } }`,
      '```sql per_campaign\nSELECT campaign, count(*) AS n, sum(cost) AS cost, min(ts) AS first_ts, min(day) AS first_day, count(*) FILTER (WHERE dear) AS dear\nFROM ev GROUP BY campaign ORDER BY campaign\n```',
    );
    const out = tmpPath('r.json');
    const r = await pulse('run', nb, '--out', out);
    expect(r.stderr.join('\n')).toMatch(/^ev: pulled 20,000 rows from warehouse connection `analytics` in \d+\.\d s$/m);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    // The reference: the same aggregate computed by PostgreSQL itself.
    const expected = psql(
      pgInfo.single,
      `SELECT campaign, count(*), sum(cost), to_char(min(ts), 'YYYY-MM-DD"T"HH24:MI:SS'), min(ts::date), count(*) FILTER (WHERE cost > 5) FROM events GROUP BY campaign ORDER BY campaign`,
    )
      .split('\n')
      .map((l) => l.split('|'));
    const rows = report.cells[0].rows as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(40);
    expect(rows.map((x) => x.campaign)).toEqual(expected.map((e) => e[0]));
    for (const [k, e] of expected.entries()) {
      expect(rows[k]!.n).toBe(Number(e[1]));
      expect(rows[k]!.cost as number).toBeCloseTo(Number(e[2]), 6);
      expect(String(rows[k]!.first_ts).slice(0, 19)).toBe(e[3]);
      expect(String(rows[k]!.first_day).slice(0, 10)).toBe(e[4]);
      expect(rows[k]!.dear).toBe(Number(e[5]));
    }
    expect(report.warehouse).toEqual([
      expect.objectContaining({ name: 'ev', kind: 'dataset', connection: 'analytics', rows: 20000, query: expect.stringContaining('FROM events') }),
    ]);
    expect(report.warehouse[0].columns).toEqual([
      { name: 'event_id', type: 'BIGINT' },
      { name: 'user_id', type: 'VARCHAR' },
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 'campaign', type: 'VARCHAR' },
      { name: 'event_type', type: 'VARCHAR' },
      { name: 'cost', type: 'DOUBLE' },
      { name: 'day', type: 'DATE' },
      { name: 'dear', type: 'BOOLEAN' },
    ]);
  });

  it('binds ${param} as a query parameter: injection attempts stay values', async () => {
    const total = Number(psql(pgInfo.single, 'SELECT count(*) FROM events'));
    const withoutC1 = Number(psql(pgInfo.single, `SELECT count(*) FROM events WHERE campaign <> 'c1'`));
    const nb = notebookFile(
      `params:\n  exclude: c1\ndatasets:\n  ev: { warehouse: { connection: analytics, query: "SELECT campaign FROM events WHERE campaign <> \${exclude} AND \${exclude} IS NOT NULL" } }`,
      '```sql n\nSELECT count(*) AS n FROM ev\n```',
    );
    const count = async (exclude: string) => {
      const out = tmpPath('r.json');
      const r = await pulse('run', nb, '--param', `exclude=${exclude}`, '--out', out);
      expect(r.code, r.stderr.join('\n')).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8')).cells[0].rows[0].n as number;
    };
    expect(await count('c1')).toBe(withoutC1);
    // Spliced into the text, each of these would change the query; bound, each is a campaign name no row has.
    for (const attack of [`c1' OR '1'='1`, `x'; DROP TABLE events; --`, `c1' UNION SELECT usename FROM pg_user --`, '$$ OR TRUE --']) {
      expect(await count(attack)).toBe(total);
    }
    expect(Number(psql(pgInfo.single, 'SELECT count(*) FROM events'))).toBe(total);
  });

  it('refuses ${param} inside quotes and a hand-written $1, before connecting', async () => {
    const quoted = notebookFile(`params:\n  c: c1\ndatasets:\n  ev: { warehouse: { connection: analytics, query: "SELECT * FROM events WHERE campaign = '\${c}'" } }`, '');
    const r = await pulse('run', quoted);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([expect.stringMatching(/dataset `ev`: warehouse query: \$\{c\} is inside quotes: write it without quotes/)]);
    const positional = notebookFile(`datasets:\n  ev: { warehouse: { connection: analytics, query: "SELECT * FROM events WHERE campaign = $1" } }`, '');
    const p = await pulse('run', positional);
    expect(p.code).toBe(2);
    expect(p.stderr.join('\n')).toMatch(/positional placeholder \$1 is Pulse's to write/);
  });

  it('runs the query read-only: an INSERT (or a data-modifying CTE) fails and changes nothing', async () => {
    const before = psql(pgInfo.single, 'SELECT count(*) FROM events');
    // A data-modifying CTE starts like a query: the warehouse's read-only transaction refuses it.
    const cte = notebookFile(`datasets:\n  ev: { warehouse: { connection: analytics, query: "WITH gone AS (DELETE FROM events RETURNING event_id) SELECT * FROM gone" } }`, '');
    const r = await pulse('run', cte);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([
      // PostgreSQL names the outer statement for a data-modifying CTE.
      'pulse run: dataset `ev` (warehouse connection `analytics`): the warehouse refused it: cannot execute SELECT in a read-only transaction. ' +
        'A warehouse query runs in a read-only transaction: it may only read',
    ]);
    // A statement that is not a read (COPY … TO PROGRAM runs a program on the server, COMMIT would end
    // the read-only transaction) and a second statement are refused before anything is sent.
    for (const [query, said] of [
      ['INSERT INTO events SELECT * FROM events LIMIT 1 RETURNING event_id', 'it starts with SELECT, WITH, VALUES or TABLE, not `INSERT`'],
      [`COPY (SELECT 1) TO PROGRAM 'touch /tmp/pulse-pwned'`, 'it starts with SELECT, WITH, VALUES or TABLE, not `COPY`'],
      ['COMMIT', 'it starts with SELECT, WITH, VALUES or TABLE, not `COMMIT`'],
      ['SELECT 1; DROP TABLE events', 'a warehouse query is one statement'],
    ] as const) {
      const nb = notebookFile(`datasets:\n  ev: { warehouse: { connection: analytics, query: "${query}" } }`, '');
      const t = await pulse('run', nb);
      expect(t.code, query).toBe(2);
      expect(t.stderr.join('\n'), query).toContain(said);
    }
    expect(psql(pgInfo.single, 'SELECT count(*) FROM events')).toBe(before);
  });

  it('stops at the row cap and the byte cap with what to do, and writes no report', async () => {
    const nb = notebookFile(`datasets:\n  ev: { warehouse: { connection: analytics, query: "SELECT * FROM events" } }`, '```sql n\nSELECT count(*) AS n FROM ev\n```');
    const out = tmpPath('capped.json');
    const rows = await pulse('run', nb, '--max-rows', '5000', '--out', out);
    expect(rows.code).toBe(2);
    expect(rows.stderr).toEqual([
      'pulse run: dataset `ev` (warehouse connection `analytics`): the query returns more than 5,000 rows (--max-rows); nothing was kept. ' +
        'Reduce it on the warehouse (filter, or aggregate in a sql cell with warehouse=analytics), or raise the cap',
    ]);
    expect(() => readFileSync(out)).toThrow();
    const bytes = await pulse('run', nb, '--max-bytes', '100KB');
    expect(bytes.code).toBe(2);
    expect(bytes.stderr.join('\n')).toMatch(/the query returns more than 100 KB \(--max-bytes\); nothing was kept/);
    // Under the cap it runs.
    const ok = await pulse('run', nb, '--max-rows', '20000');
    expect(ok.code).toBe(0);
  });

  it('stops a query past the statement timeout on the warehouse', async () => {
    const nb = notebookFile(`datasets:\n  ev: { warehouse: { connection: analytics, query: "SELECT pg_sleep(10) AS slept" } }`, '');
    const t0 = Date.now();
    const r = await pulse('run', nb, '--timeout', '1');
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([
      'pulse run: dataset `ev` (warehouse connection `analytics`): the query ran past the 1 s statement timeout (--timeout) and was stopped on the warehouse; nothing was kept',
    ]);
  });

  it("reports the warehouse's own message and where in the query it points", async () => {
    const nb = notebookFile(
      `params:\n  c: c1\ndatasets:\n  ev: { warehouse: { connection: analytics, query: "SELECT campaign\\n  FROM events WHERE campaign = \${c}\\n  AND nosuchcol > 1" } }`,
      '',
    );
    const r = await pulse('run', nb);
    expect(r.code).toBe(2);
    // `nosuchcol` starts at line 3, column 7 of the query as written (the ${c} before it is 4 characters longer than $1).
    expect(r.stderr).toEqual(['pulse run: dataset `ev` (warehouse connection `analytics`): the warehouse says: column "nosuchcol" does not exist (at line 3, column 7 of the query)']);
  });

  it('says a wrong password, an unreachable host and a malformed URL in one line each, without the secret', async () => {
    const bad = new URL(pgInfo.single.url);
    bad.password = 'not-the-password-41';
    process.env.PULSE_CONN_WRONGPW = bad.href;
    const unreachable = new URL(pgInfo.single.url);
    unreachable.port = '1';
    process.env.PULSE_CONN_NOWHERE = unreachable.href;
    process.env['PULSE_CONN_BROKEN_URL'] = 'mysql://root:hunter2@db/x';
    const run = (conn: string) => pulse('run', notebookFile(`datasets:\n  ev: { warehouse: { connection: ${conn}, query: "SELECT 1 AS one" } }`, ''));
    const wrong = await run('wrongpw');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toEqual([
      'pulse run: dataset `ev` (warehouse connection `wrongpw`): the warehouse refused the login (password authentication failed for user "pulse_admin"); check the user and password in PULSE_CONN_WRONGPW',
    ]);
    const nowhere = await run('nowhere');
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toEqual([
      'pulse run: dataset `ev` (warehouse connection `nowhere`): cannot reach the warehouse at 127.0.0.1:1 (nothing listens there); check the host and port in PULSE_CONN_NOWHERE, and that the server is up',
    ]);
    const broken = await run('broken-url');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toEqual(['pulse run: connection `broken-url`: PULSE_CONN_BROKEN_URL must be a postgres:// URL (it starts with mysql://); write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE']);
    for (const r of [wrong, nowhere, broken]) {
      const all = [...r.stdout, ...r.stderr].join('\n');
      for (const secret of ['not-the-password-41', pgInfo.password, 'hunter2']) expect(all).not.toContain(secret);
    }
  });

  it('refuses a connection written as a URL in the notebook', async () => {
    const nb = notebookFile(`datasets:\n  ev: { warehouse: { connection: "postgres://u:p@h/db", query: "SELECT 1" } }`, '');
    const r = await pulse('run', nb);
    expect(r.code).toBe(2);
    expect(r.stderr.join('\n')).toMatch(/dataset `ev`: `warehouse:` connection `postgres:\/\/u:p@h\/db` looks like a URL or a host: a notebook names a connection/);
  });

  it('binds a warehouse dataset to a file instead when --data names it', async () => {
    const csv = tmpPath('ev.csv');
    (await import('node:fs')).writeFileSync(csv, 'campaign\nc1\nc2\n');
    const nb = notebookFile(`datasets:\n  ev: { warehouse: { connection: nowhere, query: "SELECT campaign FROM events" } }`, '```sql n\nSELECT count(*) AS n FROM ev\n```');
    const out = tmpPath('r.json');
    const r = await pulse('run', nb, '--data', `ev=${csv}`, '--out', out);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).cells[0].rows).toEqual([{ n: 2 }]);
  });

  it('without PULSE_CONN_<NAME>, uses the PG* variables and the password file, as psql does', async () => {
    const url = new URL(pgInfo.single.url);
    const pgpass = tmpPath('pgpass');
    // hostname:port:database:username:password, a wildcard and an escaped colon in a line that must not match
    writeFileSync(pgpass, `# comment\nother\\:host:*:*:*:nope\n127.0.0.1:${url.port}:warehouse:*:${pgInfo.password}\n`);
    chmodSync(pgpass, 0o600);
    const saved = { ...process.env };
    Object.assign(process.env, { PGHOST: '127.0.0.1', PGPORT: url.port, PGUSER: 'pulse_admin', PGDATABASE: 'warehouse', PGPASSFILE: pgpass });
    delete process.env.PGPASSWORD;
    delete process.env.PULSE_CONN_VIAPG;
    try {
      const nb = notebookFile(`datasets:\n  ev: { warehouse: { connection: viapg, query: "SELECT count(*) AS n FROM events" } }`, '```sql n\nSELECT n FROM ev\n```');
      const out = tmpPath('r.json');
      const r = await pulse('run', nb, '--out', out);
      expect(r.code, r.stderr.join('\n')).toBe(0);
      expect(JSON.parse(readFileSync(out, 'utf8')).cells[0].rows).toEqual([{ n: 20000 }]);
      // A password file others may read is ignored, with the reason; the login then fails.
      chmodSync(pgpass, 0o644);
      const loose = await pulse('run', nb);
      expect(loose.code).toBe(2);
      expect(loose.stderr[0]).toBe(`warehouse connection \`viapg\`: warning: ${pgpass} is readable by other users, so it is ignored (as psql does): chmod 600 ${pgpass}`);
      expect(loose.stderr[1]).toMatch(/^pulse run: dataset `ev` \(warehouse connection `viapg`\): the warehouse refused the login .*check the user and password in the PG\* environment \(no PULSE_CONN_VIAPG is set\)$/);
    } finally {
      for (const k of ['PGHOST', 'PGPORT', 'PGUSER', 'PGDATABASE', 'PGPASSFILE']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  });
});
