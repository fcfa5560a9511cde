import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable, tableFromColumns } from '../../../src/core/arrow.ts';
import { mulberry32, standardNormal } from '../../../src/core/analytics/random.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

// Planted segments on very different scales: orders ~ 2 / 10 / 3, spend ~ 50 / 60 / 900.
const planted = [
  { n: 300, orders: 2, spend: 50 },
  { n: 200, orders: 10, spend: 60 },
  { n: 100, orders: 3, spend: 900 },
];
const customers: { id: string; orders: number; spend: number | null; segment: number }[] = [];

beforeAll(async () => {
  engine = await NativeEngine.create();
  const rand = mulberry32(21);
  planted.forEach((p, s) => {
    for (let i = 0; i < p.n; i++) {
      customers.push({ id: `c${s}_${i}`, orders: Math.max(0, p.orders + 0.5 * standardNormal(rand)), spend: p.spend + 15 * standardNormal(rand), segment: s + 1 });
    }
  });
  const table = (rows: typeof customers) => tableFromColumns([
    { name: 'customer_id', type: 'VARCHAR', values: rows.map((r) => r.id) },
    { name: 'orders', type: 'DOUBLE', values: rows.map((r) => r.orders) },
    { name: 'spend', type: 'DOUBLE', values: rows.map((r) => r.spend) },
  ]);
  const withNull = [...customers, { id: 'no_spend', orders: 4, spend: null, segment: 0 }];
  await engine.registerArrow('customers', table(withNull));
  await engine.registerArrow('customers_reversed', table([...withNull].reverse()));
  await engine.registerArrow('customers_empty', table([]));
  await engine.registerArrow('clustered', tableFromColumns([{ name: 'cluster', type: 'DOUBLE', values: [1, 2, 3] }]));
});
afterAll(() => engine.close());

async function run(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`kmeans out\n${body}\`\`\`\n`), engine);
  const r = runs.get('out')!;
  if (r.error) return { error: r.error, rows: [] as Record<string, any>[], columns: [] as string[], typed: [] as string[], note: undefined };
  return { error: undefined, rows: rowsFromTable(r.result!.preview) as Record<string, any>[], columns: r.result!.columns.map((c) => c.name), typed: r.result!.columns.map((c) => `${c.name} ${c.type}`), note: r.result!.note };
}

const base = 'from: customers\ncolumns: [orders, spend]\n';

describe('kmeans', () => {
  it('rows: every source row with its cluster; standardized k = 3 recovers the planted segments exactly (cluster = segment, numbered by size)', async () => {
    const { rows, columns, error } = await run(`${base}k: 3\nseed: 7\n`);
    expect(error).toBeUndefined();
    expect(columns).toEqual(['customer_id', 'orders', 'spend', 'cluster']);
    expect(rows).toHaveLength(customers.length + 1);
    const byId = new Map(rows.map((r) => [r.customer_id, r.cluster]));
    for (const c of customers) expect(byId.get(c.id)).toBe(c.segment);
    expect(byId.get('no_spend')).toBeNull();
    // The numbered copy and the label table used for the join are dropped again.
    expect((await engine.listTables()).filter((t) => t.startsWith('__kmeans'))).toEqual([]);
  });

  it('is deterministic for a seed whatever the row order of the table', async () => {
    const a = await run(`${base}k: 4\nseed: 3\n`);
    const b = await run('from: customers_reversed\ncolumns: [orders, spend]\nk: 4\nseed: 3\n');
    const byId = new Map(a.rows.map((r) => [r.customer_id, r.cluster]));
    for (const r of b.rows) expect(r.cluster).toBe(byId.get(r.customer_id));
  });

  it('without standardization spend dominates and the orders-only segments merge: fewer than 100 % recovered', async () => {
    const { rows } = await run(`${base}k: 3\nstandardize: false\n`);
    const byId = new Map(rows.map((r) => [r.customer_id, r.cluster]));
    const agree = customers.filter((c) => byId.get(c.id) === c.segment).length;
    expect(agree).toBeLessThan(customers.length);
  });

  it('centroids: in original units (the planted segment means), sizes, within SS, silhouettes and the dropped row', async () => {
    const { rows, columns, error } = await run(`${base}k: 3\noutput: centroids\n`);
    expect(error).toBeUndefined();
    expect(columns).toEqual(['cluster', 'size', 'share', 'orders', 'spend', 'within_ss', 'cluster_silhouette', 'total_within_ss', 'explained_ss', 'silhouette', 'note']);
    rows.forEach((r, i) => {
      const members = customers.filter((c) => c.segment === i + 1);
      expect(r.size).toBe(planted[i]!.n);
      expect(r.orders).toBeCloseTo(members.reduce((a, c) => a + c.orders, 0) / members.length, 9);
      expect(r.spend).toBeCloseTo(members.reduce((a, c) => a + c.spend!, 0) / members.length, 9);
    });
    expect(rows[0]!.total_within_ss).toBeCloseTo(rows.reduce((a, r) => a + r.within_ss, 0), 9);
    expect(rows[0]!.silhouette).toBeGreaterThan(0.8);
    expect(rows[0]!.note).toBe('1 row(s) with an empty or non-finite orders / spend left out; standardized (z-scores); within SS in standard units');
  });

  it('choose_k: within SS falls with k, the elbow and the best silhouette are both at the planted k = 3', async () => {
    const { rows, error } = await run(`${base}output: choose_k\nk_range: [1, 6]\n`);
    expect(error).toBeUndefined();
    expect(rows.map((r) => r.k)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0]!.silhouette).toBeNull();
    expect(rows[0]!.explained_ss).toBeCloseTo(0, 12);
    rows.slice(1).forEach((r, i) => expect(r.within_ss).toBeLessThan(rows[i]!.within_ss));
    expect(rows.find((r) => r.elbow)!.k).toBe(3);
    expect(rows.find((r) => r.best_silhouette)!.k).toBe(3);
  });

  it('a large input scores the silhouette on a seeded sample and says so', async () => {
    const { rows } = await run(`${base}k: 3\noutput: centroids\nsilhouette_sample: 100\n`);
    expect(rows[0]!.note).toMatch(/silhouette on a seeded sample of 100 of 600 rows/);
    expect(rows[0]!.silhouette).toBeGreaterThan(0.7);
  });

  it('empty input gives an empty typed result and a note; bad parameters name their key', async () => {
    const empty = await run('from: customers_empty\ncolumns: [orders, spend]\nk: 2\noutput: centroids\n');
    expect(empty.rows).toEqual([]);
    expect(empty.note).toBe('no rows with orders, spend in `customers_empty`');
    expect(empty.typed).toEqual(expect.arrayContaining(['cluster BIGINT', 'orders DOUBLE', 'silhouette DOUBLE']));
    expect((await run('from: customers\ncolumns: [customer_id, spend]\nk: 2\n')).error).toMatch(/`customer_id` is VARCHAR, not a number/);
    expect((await run(`${base}output: centroids\n`)).error).toMatch(/needs `k:`/);
    expect((await run(`${base}k: 2.5\n`)).error).toMatch(/`k:` must be a whole number/);
    expect((await run('from: clustered\ncolumns: [cluster]\nk: 2\n')).error).toMatch(/already has a column `cluster`/);
    expect((await run(`${base}k: 2\nstandardize: maybe\n`)).error).toMatch(/`standardize:` must be true or false/);
  });
});
