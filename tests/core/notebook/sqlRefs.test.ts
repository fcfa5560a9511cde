import { describe, expect, it } from 'vitest';
import { sqlTableRefs } from '../../../src/core/notebook/sqlRefs.ts';

const refs = (sql: string) => sqlTableRefs(sql).tables.map((t) => t.name);

describe('sqlTableRefs', () => {
  it('finds tables after FROM, JOIN and commas in a FROM list', () => {
    expect(refs('SELECT * FROM ads a JOIN posts p ON a.id = p.id LEFT JOIN users u USING (uid), events e WHERE x = 1')).toEqual(['ads', 'posts', 'users', 'events']);
  });

  it('ignores names in string literals, comments and quoted strings', () => {
    expect(refs("SELECT 'FROM ads' AS s, $$ from posts $$ AS d FROM t -- FROM users\n /* JOIN events */")).toEqual(['t']);
  });

  it('does not count CTE names as references, but counts what the CTEs read', () => {
    const r = sqlTableRefs('WITH daily AS (SELECT * FROM ads), top AS MATERIALIZED (SELECT * FROM daily JOIN posts USING (id)) SELECT * FROM top, daily');
    expect(r.ctes).toEqual(['daily', 'top']);
    expect(r.tables.map((t) => t.name)).toEqual(['ads', 'posts']);
  });

  it('handles WITH RECURSIVE and column lists on CTEs', () => {
    expect(refs('WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r, base')).toEqual(['base']);
  });

  it('does not count column names, aliases or functions that spell a table name', () => {
    expect(refs('SELECT ads, count(posts) AS users FROM events WHERE ads > 1 ORDER BY users')).toEqual(['events']);
  });

  it('does not read EXTRACT(… FROM col) or substring(… FROM …) as a table', () => {
    expect(refs("SELECT extract(year FROM day) y, substring(s FROM 2 FOR 3), trim(both ' ' from s) FROM ads")).toEqual(['ads']);
  });

  it('reads subqueries, IN (SELECT …), scalar subqueries inside calls and FROM-first queries', () => {
    expect(refs('SELECT * FROM (SELECT * FROM a) s WHERE id IN (SELECT id FROM b) AND coalesce((SELECT max(x) FROM c), 0) > 1')).toEqual(['a', 'b', 'c']);
    expect(refs('FROM ads SELECT variant')).toEqual(['ads']);
    expect(refs('SUMMARIZE ads')).toEqual(['ads']);
  });

  it('skips table functions and other schemas, keeps main.table', () => {
    expect(refs("SELECT * FROM read_csv('x.csv') JOIN main.ads USING (id) JOIN information_schema.tables t ON true")).toEqual(['ads']);
  });

  it('treats quoted identifiers case-sensitively and words case-insensitively', () => {
    expect(refs('SELECT * FROM ADS JOIN "My Table" USING (id)')).toEqual(['ads', 'My Table']);
  });

  it('ignores ${param} templates and reads lateral joins', () => {
    expect(refs('SELECT * FROM ads, LATERAL (SELECT * FROM posts WHERE posts.x = ads.x) WHERE day >= ${start}')).toEqual(['ads', 'posts']);
  });
});

describe('sqlTableRefs, DuckDB statement forms', () => {
  it('reads the table of UNPIVOT INCLUDE NULLS and PIVOT', () => {
    expect(refs('UNPIVOT INCLUDE NULLS wide ON COLUMNS(* EXCLUDE id) INTO NAME k VALUE v')).toEqual(['wide']);
    expect(refs('PIVOT sales ON year USING sum(amount)')).toEqual(['sales']);
    expect(refs('UNPIVOT wide ON a, b INTO NAME k VALUE v')).toEqual(['wide']);
    expect(refs('SELECT * FROM (UNPIVOT wide ON a, b INTO NAME k VALUE v) u JOIN other USING (k), third')).toEqual(['wide', 'other', 'third']);
  });
});
