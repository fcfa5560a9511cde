import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromColumns } from '../../../src/core/arrow.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';
import { KARATE } from '../analytics/graph/mention-graph.test.ts';
import { runKind } from './runKind.ts';

let engine: NativeEngine;

// Two planted communities of 8 accounts (every ordered pair within a community mentions once), joined
// only through two bridges: b1 mentions a1 and c1, and both of them mention b1 back; b2 likewise a2/c2.
const edgeRows: { from_account: string | null; to_account: string | null; mentions: number }[] = [];
for (const p of ['a', 'c']) for (let i = 1; i <= 8; i++) for (let j = 1; j <= 8; j++) if (i !== j) edgeRows.push({ from_account: `${p}${i}`, to_account: `${p}${j}`, mentions: 1 });
for (const [b, x, y] of [['b1', 'a1', 'c1'], ['b2', 'a2', 'c2']] as const) {
  edgeRows.push({ from_account: b, to_account: x, mentions: 2 }, { from_account: b, to_account: y, mentions: 2 }, { from_account: x, to_account: b, mentions: 1 }, { from_account: y, to_account: b, mentions: 1 });
}
// A self-mention and a row without a target are left out, with a note.
edgeRows.push({ from_account: 'a3', to_account: 'a3', mentions: 5 }, { from_account: 'a4', to_account: null, mentions: 1 });

beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.registerArrow('mentions', tableFromColumns([
    { name: 'from_account', type: 'VARCHAR', values: edgeRows.map((r) => r.from_account) },
    { name: 'to_account', type: 'VARCHAR', values: edgeRows.map((r) => r.to_account) },
    { name: 'mentions', type: 'DOUBLE', values: edgeRows.map((r) => r.mentions) },
  ]));
  const accounts = [...new Set(edgeRows.flatMap((r) => [r.from_account, r.to_account]).filter((x): x is string => x !== null))];
  // Community hubs are big accounts; the bridges are micro (20k followers).
  await engine.registerArrow('accounts', tableFromColumns([
    { name: 'account', type: 'VARCHAR', values: [...accounts, 'quiet'] },
    { name: 'followers', type: 'DOUBLE', values: [...accounts.map((a) => (a.startsWith('b') ? 20000 : a.endsWith('1') || a.endsWith('2') ? 900000 : 5000)), 300] },
  ]));
  // Karate club with each edge given both ways and one edge split over two rows: undirected aggregation sums them.
  const k = KARATE.flatMap(([a, b]) => [[a, b], [b, a]]);
  await engine.registerArrow('karate', tableFromColumns([
    { name: 'source', type: 'BIGINT', values: k.map((e) => e[0]!) },
    { name: 'target', type: 'BIGINT', values: k.map((e) => e[1]!) },
  ]));
  await engine.registerArrow('no_mentions', tableFromColumns([
    { name: 'source', type: 'VARCHAR', values: [] },
    { name: 'target', type: 'VARCHAR', values: [] },
  ]));
});
afterAll(() => engine.close());

const run = (body: string) => runKind(engine, 'graph', body);

const base = 'from: mentions\nsource: from_account\ntarget: to_account\nweight: mentions\nnodes: accounts\nnode: account\n';

describe('graph', () => {
  it('finds the two planted communities, and the two bridges as the only micro-influencers', async () => {
    // Every cross-community path runs a1/a2 → b → c1/c2, so those six lead betweenness; 0.7 keeps the top
    // six of 19 (percent rank ≥ 12.6 / 18), and of those only the bridges have modest followers.
    const { rows, columns, error, note, verdict } = await run(`${base}micro_percentile: 0.7\n`);
    expect(error).toBeUndefined();
    expect(columns).toEqual(['node', 'followers', 'community', 'in_degree', 'out_degree', 'in_weight', 'out_weight', 'pagerank', 'betweenness', 'centrality_percentile', 'other_communities_linked', 'micro_influencer', 'modularity']);
    const by = Object.fromEntries(rows.map((r) => [r.node, r]));
    expect(rows).toHaveLength(19); // 16 + 2 bridges + the quiet account from the node table
    for (let i = 2; i <= 8; i++) {
      expect(by[`a${i}`].community).toBe(by.a1.community);
      expect(by[`c${i}`].community).toBe(by.c1.community);
    }
    expect(by.a1.community).not.toBe(by.c1.community);
    expect(rows.filter((r) => r.micro_influencer).map((r) => r.node).sort()).toEqual(['b1', 'b2']);
    expect(by.b1.other_communities_linked).toBe(1);
    // Degrees and weights from the aggregated edges: b1 → a1 (2), b1 → c1 (2); a1, c1 → b1 (1 each).
    expect([by.b1.out_degree, by.b1.out_weight, by.b1.in_degree, by.b1.in_weight]).toEqual([2, 4, 2, 2]);
    expect(by.a1.in_degree).toBe(8);
    expect(note).toMatch(/1 row\(s\) with an empty from_account or to_account left out/);
    expect(note).toMatch(/1 self-mention row/);
    expect(verdict).toMatch(/19 accounts in 3 communities .*2 micro-influencers: b1, b2/);
  });

  it('undirected karate club from a both-ways edge table: networkx PageRank and betweenness of nodes 0 and 33', async () => {
    const { rows, error } = await run('from: karate\ndirected: false\noutput: nodes\n');
    expect(error).toBeUndefined();
    const by = Object.fromEntries(rows.map((r) => [r.node, r]));
    // Each pair given twice sums to weight 2 everywhere: the same PageRank as weight 1.
    expect(by['0'].pagerank).toBeCloseTo(0.09700181758983709, 9);
    expect(by['33'].pagerank).toBeCloseTo(0.1009179167487121, 9);
    expect(by['0'].betweenness).toBeCloseTo(0.43763528138528146, 12);
    expect(by['33'].betweenness).toBeCloseTo(0.30407497594997596, 12);
    expect(by['0'].micro_influencer).toBeNull();
  });

  it('communities output: sizes, internal and outgoing weight, the top account by PageRank', async () => {
    const { rows, error } = await run(`${base}output: communities\n`);
    expect(error).toBeUndefined();
    const big = rows.filter((r) => r.size >= 8);
    expect(big).toHaveLength(2);
    // 8 accounts mentioning each other once: 56 internal mentions each.
    for (const r of big) expect(r.internal_weight).toBeGreaterThanOrEqual(56);
    expect(rows.reduce((s, r) => s + r.size, 0)).toBe(19);
  });

  it('empty input: a note row; wrong options name the key', async () => {
    const empty = await run('from: no_mentions\n');
    expect(empty.error).toBeUndefined();
    expect(empty.rows).toEqual([]);
    expect(empty.columns).toContain('pagerank');
    expect(empty.note).toMatch(/no edges in `no_mentions`/);
    expect((await run('from: mentions\nsource: who\n')).error).toMatch(/graph `source:` `who` is not a column of `mentions`/);
    expect((await run(`${base}followers: fans\n`)).error).toMatch(/`followers:` `fans` is not a column of `accounts`/);
    expect((await run(`${base}betweenness_distance: weight\n`)).error).toMatch(/must be one of hops, inverse_weight/);
  });
});
