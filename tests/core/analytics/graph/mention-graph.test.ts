import { describe, expect, it } from 'vitest';
import { analyzeGraph, percentRanks, type WeightedEdge } from '../../../../src/core/analytics/graph/mention-graph.ts';

// Zachary's karate club (34 nodes, 78 edges), 0-based as networkx.karate_club_graph().
export const KARATE: [number, number][] = [
  [0, 1], [0, 2], [0, 3], [0, 4], [0, 5], [0, 6], [0, 7], [0, 8], [0, 10], [0, 11], [0, 12], [0, 13], [0, 17], [0, 19], [0, 21], [0, 31],
  [1, 2], [1, 3], [1, 7], [1, 13], [1, 17], [1, 19], [1, 21], [1, 30], [2, 3], [2, 7], [2, 8], [2, 9], [2, 13], [2, 27], [2, 28], [2, 32],
  [3, 7], [3, 12], [3, 13], [4, 6], [4, 10], [5, 6], [5, 10], [5, 16], [6, 16], [8, 30], [8, 32], [8, 33], [9, 33], [13, 33], [14, 32],
  [14, 33], [15, 32], [15, 33], [18, 32], [18, 33], [19, 33], [20, 32], [20, 33], [22, 32], [22, 33], [23, 25], [23, 27], [23, 29], [23, 32],
  [23, 33], [24, 25], [24, 27], [24, 31], [25, 31], [26, 29], [26, 33], [27, 33], [28, 31], [28, 33], [29, 32], [29, 33], [30, 32], [30, 33],
  [31, 32], [31, 33], [32, 33],
];
const name = (i: number) => `n${String(i).padStart(2, '0')}`;
const karateEdges: WeightedEdge[] = KARATE.map(([a, b]) => ({ source: name(a), target: name(b), weight: 1 }));

// networkx.betweenness_centrality(nx.karate_club_graph()) (normalized=True, weight=None), as printed in
// networkx tutorials and reproduced in graph libraries' compatibility tests.
const NX_KARATE_BETWEENNESS = [
  0.43763528138528146, 0.053936688311688304, 0.14365680615680618, 0.011909271284271283, 0.0006313131313131313, 0.02998737373737374,
  0.029987373737373736, 0, 0.055926827801827804, 0.0008477633477633477, 0.0006313131313131313, 0, 0, 0.04586339586339586, 0, 0, 0, 0, 0,
  0.03247504810004811, 0, 0, 0, 0.017613636363636363, 0.0022095959595959595, 0.0038404882154882154, 0, 0.02233345358345358,
  0.0017947330447330447, 0.0029220779220779218, 0.014411976911976914, 0.13827561327561325, 0.14524711399711399, 0.30407497594997596,
];

/** Newman's modularity of an undirected unweighted partition, Σ_c [ l_c / m − (d_c / 2m)² ], written out here independently. */
function modularityOf(edges: [string, string][], community: Map<string, number>): number {
  const m = edges.length;
  const internal = new Map<number, number>();
  const degree = new Map<number, number>();
  for (const [a, b] of edges) {
    const ca = community.get(a)!;
    const cb = community.get(b)!;
    if (ca === cb) internal.set(ca, (internal.get(ca) ?? 0) + 1);
    degree.set(ca, (degree.get(ca) ?? 0) + 1);
    degree.set(cb, (degree.get(cb) ?? 0) + 1);
  }
  let q = 0;
  for (const [c, d] of degree) q += (internal.get(c) ?? 0) / m - (d / (2 * m)) ** 2;
  return q;
}

describe('analyzeGraph on Zachary\'s karate club (undirected)', () => {
  const g = analyzeGraph(karateEdges, [], { directed: false });

  it('degree: node 33 has 17 neighbours, node 0 has 16 (Zachary 1977)', () => {
    expect(g.nodes.find((n) => n.node === 'n33')!.inDegree).toBe(17);
    expect(g.nodes.find((n) => n.node === 'n00')!.outDegree).toBe(16);
    expect(g.edgeCount).toBe(78);
  });

  it('PageRank equals networkx.pagerank (alpha 0.85, tol 1e-6): n0 0.09700181758983709, n33 0.1009179167487121, n32 0.07169213006588289', () => {
    const pr = new Map(g.nodes.map((n) => [n.node, n.pagerank]));
    expect(pr.get('n00')).toBeCloseTo(0.09700181758983709, 10);
    expect(pr.get('n33')).toBeCloseTo(0.1009179167487121, 10);
    expect(pr.get('n32')).toBeCloseTo(0.07169213006588289, 10);
    expect([...pr.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('betweenness equals networkx.betweenness_centrality for all 34 nodes', () => {
    g.nodes.forEach((n, i) => expect(n.betweenness).toBeCloseTo(NX_KARATE_BETWEENNESS[i]!, 12));
  });

  it('Louvain: modularity at most the proven optimum 0.4198 (Brandes et al. 2008, unweighted karate) and at least 0.40; it is the modularity of the partition returned', () => {
    expect(g.modularity).toBeLessThanOrEqual(0.41979 + 1e-4);
    expect(g.modularity).toBeGreaterThan(0.4);
    const community = new Map(g.nodes.map((n) => [n.node, n.community]));
    expect(modularityOf(KARATE.map(([a, b]) => [name(a), name(b)]), community)).toBeCloseTo(g.modularity, 10);
    // The two leaders end up apart.
    expect(community.get('n00')).not.toBe(community.get('n33'));
  });

  it('is the same for the same seed whatever the edge order', () => {
    const again = analyzeGraph([...karateEdges].reverse(), [], { directed: false });
    expect(again.nodes.map((n) => n.community)).toEqual(g.nodes.map((n) => n.community));
  });
});

describe('analyzeGraph on hand-derived directed graphs', () => {
  it('PageRank with a dangling node, derived by hand', () => {
    // A→B (1), A→C (3), B→C (1); C has no out-edges, so its rank is spread over all three nodes.
    // With d = 0.05 + 0.85·pC/3 (teleport (1−0.85)/3 plus C's share): pA = d, pB = d + 0.85·pA/4 = 1.2125 d,
    // pC = d + 0.85·(3/4)·pA + 0.85·pB = 2.668125 d; pA + pB + pC = 1 gives d = 1 / 4.880625.
    const g = analyzeGraph([{ source: 'A', target: 'B', weight: 1 }, { source: 'A', target: 'C', weight: 3 }, { source: 'B', target: 'C', weight: 1 }]);
    const pr = Object.fromEntries(g.nodes.map((n) => [n.node, n.pagerank]));
    expect(pr.A).toBeCloseTo(1 / 4.880625, 5);
    expect(pr.B).toBeCloseTo(1.2125 / 4.880625, 5);
    expect(pr.C).toBeCloseTo(2.668125 / 4.880625, 5);
    const a = g.nodes.find((n) => n.node === 'A')!;
    expect([a.outDegree, a.outWeight, a.inDegree, a.inWeight]).toEqual([2, 4, 0, 0]);
  });

  it('betweenness on a directed path 0→1→2 is [0, 0.5, 0]: 1 of the (n−1)(n−2) = 2 ordered pairs', () => {
    const g = analyzeGraph([{ source: 'a', target: 'b', weight: 1 }, { source: 'b', target: 'c', weight: 1 }]);
    expect(g.nodes.map((n) => n.betweenness)).toEqual([0, 0.5, 0]);
  });

  it('hops vs inverse weights: a weak direct edge a→c (weight 0.1, distance 10) loses to a→b→c (distance 2)', () => {
    const edges = [{ source: 'a', target: 'b', weight: 1 }, { source: 'b', target: 'c', weight: 1 }, { source: 'a', target: 'c', weight: 0.1 }];
    expect(analyzeGraph(edges).nodes[1]!.betweenness).toBe(0);
    expect(analyzeGraph(edges, [], { betweennessDistance: 'inverse_weight' }).nodes[1]!.betweenness).toBe(0.5);
  });

  it('two K4s joined by one edge: two communities, modularity 2·(6/13 − (13/26)²) = 0.4230769…, the bridge ends link one other community', () => {
    const k4 = (p: string): [string, string][] => [[`${p}1`, `${p}2`], [`${p}1`, `${p}3`], [`${p}1`, `${p}4`], [`${p}2`, `${p}3`], [`${p}2`, `${p}4`], [`${p}3`, `${p}4`]];
    const pairs = [...k4('a'), ...k4('b'), ['a1', 'b1'] as [string, string]];
    const g = analyzeGraph(pairs.map(([source, target]) => ({ source, target, weight: 1 })), ['lonely'], { directed: false });
    expect(g.modularity).toBeCloseTo(2 * (6 / 13 - 0.25), 10);
    const by = Object.fromEntries(g.nodes.map((n) => [n.node, n]));
    expect(by.a2!.community).toBe(by.a4!.community);
    expect(by.a2!.community).not.toBe(by.b2!.community);
    expect(by.a1!.otherCommunitiesLinked).toBe(1);
    expect(by.a2!.otherCommunitiesLinked).toBe(0);
    // An isolated node counts in N (PageRank (1 − 0.85)/N plus the dangling share; betweenness 0).
    expect(by.lonely!.betweenness).toBe(0);
    expect(g.nodes).toHaveLength(9);
  });

  it('refuses duplicate edges, self-loops and non-positive weights', () => {
    expect(() => analyzeGraph([{ source: 'a', target: 'a', weight: 1 }])).toThrow(/self-loop/);
    expect(() => analyzeGraph([{ source: 'a', target: 'b', weight: 0 }])).toThrow(/positive/);
    expect(() => analyzeGraph([{ source: 'a', target: 'b', weight: 1 }, { source: 'a', target: 'b', weight: 2 }])).toThrow(/twice/);
  });
});

describe('percentRanks', () => {
  it('is SQL percent_rank: (# strictly lower) / (n − 1), ties share the lowest', () => {
    expect(percentRanks([10, 30, 20, 20])).toEqual([0, 1, 1 / 3, 1 / 3]);
    expect(percentRanks([5])).toEqual([0]);
  });
});
