/**
 * Centrality and communities of a mention graph, computed with graphology (graphology-metrics,
 * graphology-communities-louvain) under networkx's documented conventions:
 *
 * - PageRank: damping 0.85, weighted (an edge's share of its source's out-weight), dangling nodes
 *   (no out-edges) spread their rank uniformly over all nodes, power iteration from 1/N stopped when
 *   the L1 change is below N × tol (tol 1e-6), at most 100 iterations — networkx.pagerank's rules,
 *   which graphology's pagerank follows line for line (its source was checked: same dangling sum,
 *   same stopping rule).
 * - Betweenness: Brandes, normalized by 1 / ((n − 1)(n − 2)) for directed graphs, as
 *   networkx.betweenness_centrality(normalized=True); for undirected graphs both count each pair twice
 *   and use the same factor, which is networkx's 2 / ((n − 1)(n − 2)) on unordered pairs. Shortest
 *   paths count hops by default (networkx's weight=None): a mention weight is a strength, not a
 *   distance. `inverse_weight` uses 1 / weight as the distance instead.
 * - Louvain: seeded (mulberry32), modularity of the partition found (directed modularity of
 *   Leicht & Newman / Dugué & Perez for a directed graph, Newman's for an undirected one), as
 *   networkx.community.louvain_communities does.
 */
import Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness.js';
import pagerank from 'graphology-metrics/centrality/pagerank.js';
import { mulberry32 } from '../random.ts';

export interface WeightedEdge {
  source: string;
  target: string;
  weight: number;
}

export interface GraphOptions {
  directed: boolean;
  damping: number;
  tolerance: number;
  maxIterations: number;
  betweennessDistance: 'hops' | 'inverse_weight';
  seed: number;
  resolution: number;
}

export const GRAPH_DEFAULTS: GraphOptions = {
  directed: true, damping: 0.85, tolerance: 1e-6, maxIterations: 100, betweennessDistance: 'hops', seed: 42, resolution: 1,
};

export interface NodeMetrics {
  node: string;
  inDegree: number;
  outDegree: number;
  inWeight: number;
  outWeight: number;
  pagerank: number;
  betweenness: number;
  /** 1 = the largest community (ties by smallest member name). */
  community: number;
  /** Distinct communities other than its own among its neighbours (in or out). */
  otherCommunitiesLinked: number;
}

export interface GraphAnalysis {
  nodes: NodeMetrics[];
  modularity: number;
  communityCount: number;
  edgeCount: number;
}

/**
 * Analyse a graph given as aggregated edges (one per ordered pair for a directed graph, one per
 * unordered pair for an undirected one; self-loops and non-positive weights must be removed first).
 * Extra nodes (from a node table) may be passed in `isolated`: they count in N for PageRank and
 * betweenness, as they would in networkx.
 */
export function analyzeGraph(edges: readonly WeightedEdge[], isolated: readonly string[] = [], options: Partial<GraphOptions> = {}): GraphAnalysis {
  const o = { ...GRAPH_DEFAULTS, ...options };
  const graph = new Graph({ type: o.directed ? 'directed' : 'undirected', multi: false, allowSelfLoops: false });
  // Nodes in sorted order, so the seeded Louvain sees the same sequence however the table was scanned.
  const names = [...new Set([...edges.flatMap((e) => [e.source, e.target]), ...isolated])].sort();
  for (const n of names) graph.addNode(n);
  // Edges sorted too: graphology keeps adjacency in insertion order, which Louvain's moves follow.
  const sorted = [...edges].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
  for (const e of sorted) {
    if (e.source === e.target) throw new Error(`self-loop on \`${e.source}\` (leave self-mentions out first)`);
    if (!(e.weight > 0)) throw new Error(`edge ${e.source} → ${e.target} has weight ${e.weight}; weights must be positive`);
    if (graph.hasEdge(e.source, e.target)) throw new Error(`edge ${e.source} → ${e.target} given twice (aggregate edges first)`);
    graph.addEdge(e.source, e.target, { weight: e.weight });
  }
  if (names.length === 0) return { nodes: [], modularity: 0, communityCount: 0, edgeCount: 0 };

  let rank: Record<string, number>;
  try {
    rank = pagerank(graph, { getEdgeWeight: 'weight', alpha: o.damping, tolerance: o.tolerance, maxIterations: o.maxIterations });
  } catch {
    throw new Error(`PageRank did not converge in ${o.maxIterations} iterations (tolerance ${o.tolerance}); raise max_iterations or tolerance`);
  }
  const between = betweennessCentrality(graph, {
    normalized: true,
    getEdgeWeight: o.betweennessDistance === 'hops' ? null : (_edge: string, attr: { weight: number }) => 1 / attr.weight,
  } as Parameters<typeof betweennessCentrality>[1]);

  let partition: Record<string, number>;
  let modularity: number;
  if (graph.size === 0) {
    // Louvain needs an edge; each node alone is the only partition and modularity is undefined (0 here).
    partition = Object.fromEntries(names.map((n, i) => [n, i]));
    modularity = 0;
  } else {
    const detailed = louvain.detailed(graph, { getEdgeWeight: 'weight', rng: mulberry32(o.seed), resolution: o.resolution });
    partition = detailed.communities;
    modularity = detailed.modularity;
  }
  const community = renumberBySize(names, partition);

  const nodes = names.map((node) => {
    const inEdges = o.directed ? graph.inEdges(node) : graph.edges(node);
    const outEdges = o.directed ? graph.outEdges(node) : graph.edges(node);
    const sum = (es: string[]) => es.reduce((s, e) => s + (graph.getEdgeAttribute(e, 'weight') as number), 0);
    const own = community.get(node)!;
    const linked = new Set(graph.neighbors(node).map((n) => community.get(n)!).filter((c) => c !== own));
    return {
      node, inDegree: inEdges.length, outDegree: outEdges.length, inWeight: sum(inEdges), outWeight: sum(outEdges),
      pagerank: rank[node]!, betweenness: between[node]!, community: own, otherCommunitiesLinked: linked.size,
    };
  });
  return { nodes, modularity, communityCount: new Set(community.values()).size, edgeCount: graph.size };
}

/** Communities numbered 1, 2, … by size (largest first; ties by their smallest member name). */
function renumberBySize(names: readonly string[], partition: Record<string, number>): Map<string, number> {
  const members = new Map<number, string[]>();
  for (const n of names) {
    const c = partition[n]!;
    if (!members.has(c)) members.set(c, []);
    members.get(c)!.push(n);
  }
  const order = [...members.entries()].sort((a, b) => b[1].length - a[1].length || (a[1][0]! < b[1][0]! ? -1 : 1));
  const out = new Map<string, number>();
  order.forEach(([, ms], i) => ms.forEach((m) => out.set(m, i + 1)));
  return out;
}

/**
 * Percent rank of each value: the share of the other values strictly below it, (# lower) / (n − 1),
 * as DuckDB's / SQL's percent_rank (ties share the lowest rank; one value → 0).
 */
export function percentRanks(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const n = values.length;
  return values.map((v) => {
    if (n < 2) return 0;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo / (n - 1);
  });
}
