import { numberColumn, textColumn } from '../../arrow.ts';
import { analyzeGraph, percentRanks, type GraphAnalysis, type WeightedEdge } from '../../analytics/graph/mention-graph.ts';
import { quoteIdent } from '../../engine.ts';
import { formatNumber } from '../../format/numbers.ts';
import { analysisCell, fromClause, type AnalysisRun } from '../analysis.ts';

const NODE_COLUMNS = [
  'node', 'followers', 'community', 'in_degree', 'out_degree', 'in_weight', 'out_weight', 'pagerank', 'betweenness',
  'centrality_percentile', 'other_communities_linked', 'micro_influencer', 'modularity',
];
const NODE_TYPES = {
  node: 'VARCHAR', followers: 'DOUBLE', community: 'BIGINT', in_degree: 'BIGINT', out_degree: 'BIGINT', in_weight: 'DOUBLE', out_weight: 'DOUBLE',
  pagerank: 'DOUBLE', betweenness: 'DOUBLE', centrality_percentile: 'DOUBLE', other_communities_linked: 'BIGINT', micro_influencer: 'BOOLEAN', modularity: 'DOUBLE',
} as const;
const COMMUNITY_COLUMNS = ['community', 'size', 'share', 'internal_weight', 'outgoing_weight', 'top_node', 'top_pagerank', 'micro_influencers', 'modularity'];
const COMMUNITY_TYPES = {
  community: 'BIGINT', size: 'BIGINT', share: 'DOUBLE', internal_weight: 'DOUBLE', outgoing_weight: 'DOUBLE', top_node: 'VARCHAR', top_pagerank: 'DOUBLE',
  micro_influencers: 'BIGINT', modularity: 'DOUBLE',
} as const;

const fmt = (n: number) => formatNumber(n, 'count');

/** A column of `from:` named by `key` (default `fallback`), quoted for SQL. */
function sourceColumn(run: AnalysisRun, key: string, fallback: string): string {
  const name = run.opts.text(key, fallback);
  const col = run.source!.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  return col ? quoteIdent(col.name) : run.opts.fail(key, `\`${name}\` is not a column of \`${run.source!.name}\` (its columns: ${run.source!.columns.map((c) => c.name).join(', ')})`);
}

/** The aggregated edges: one row per ordered pair (unordered when undirected), weights summed in SQL. */
async function readEdges(run: AnalysisRun, directed: boolean): Promise<{ edges: WeightedEdge[]; notes: string[] }> {
  const o = run.opts;
  const src = sourceColumn(run, 'source', 'source');
  const tgt = sourceColumn(run, 'target', 'target');
  const weight = o.has('weight') ? run.columns('weight')[0]! : undefined;
  const s = `CAST(${src} AS VARCHAR)`;
  const t = `CAST(${tgt} AS VARCHAR)`;
  const [a, b] = directed ? [s, t] : [`least(${s}, ${t})`, `greatest(${s}, ${t})`];
  const w = weight ? `CAST(${weight} AS DOUBLE)` : '1.0';
  const usable = `${src} IS NOT NULL AND ${tgt} IS NOT NULL AND ${s} <> ${t}${weight ? ` AND ${weight} IS NOT NULL` : ''}`;
  const table = await run.query(`SELECT ${a} AS s, ${b} AS t, sum(${w})::DOUBLE AS w ${fromClause(run)} WHERE ${usable} GROUP BY 1, 2 ORDER BY 1, 2`);
  const counts = await run.query(
    `SELECT count(*) FILTER (WHERE ${src} IS NULL OR ${tgt} IS NULL)::DOUBLE AS no_end, count(*) FILTER (WHERE ${s} = ${t})::DOUBLE AS self,
            ${weight ? `count(*) FILTER (WHERE ${weight} IS NULL AND ${src} IS NOT NULL AND ${tgt} IS NOT NULL)::DOUBLE` : '0::DOUBLE'} AS no_weight ${fromClause(run)}`,
  );
  const notes: string[] = [];
  const [noEnd, self, noWeight] = ['no_end', 'self', 'no_weight'].map((c) => numberColumn(counts, c)[0] ?? 0);
  if (noEnd) notes.push(`${fmt(noEnd)} row(s) with an empty ${o.text('source', 'source')} or ${o.text('target', 'target')} left out`);
  if (self) notes.push(`${fmt(self)} self-mention row(s) left out (an account mentioning itself is not influence)`);
  if (noWeight) notes.push(`${fmt(noWeight)} row(s) with an empty ${o.text('weight')} left out`);
  const ss = textColumn(table, 's');
  const ts = textColumn(table, 't');
  const ws = numberColumn(table, 'w');
  const edges: WeightedEdge[] = [];
  let nonPositive = 0;
  ss.forEach((sv, i) => {
    if (ws[i]! > 0) edges.push({ source: sv!, target: ts[i]!, weight: ws[i]! });
    else nonPositive++;
  });
  if (nonPositive) notes.push(`${fmt(nonPositive)} pair(s) whose summed ${o.text('weight')} is not positive left out`);
  return { edges, notes };
}

/** Followers per node from the `nodes:` table (the largest value when a node has several rows). */
async function readFollowers(run: AnalysisRun): Promise<Map<string, number | null> | undefined> {
  const o = run.opts;
  if (!o.has('nodes')) return undefined;
  const info = await run.table('nodes');
  const col = (key: string, fallback: string) => {
    const name = o.text(key, fallback);
    const c = info.columns.find((x) => x.name.toLowerCase() === name.toLowerCase());
    return c ? quoteIdent(c.name) : o.fail(key, `\`${name}\` is not a column of \`${info.name}\` (its columns: ${info.columns.map((x) => x.name).join(', ')})`);
  };
  const node = col('node', 'node');
  const followers = col('followers', 'followers');
  const t = await run.query(`SELECT CAST(${node} AS VARCHAR) AS n, max(CAST(${followers} AS DOUBLE)) AS f FROM ${quoteIdent(info.name)} WHERE ${node} IS NOT NULL GROUP BY 1 ORDER BY 1`);
  const ns = textColumn(t, 'n');
  const fs = numberColumn(t, 'f');
  return new Map(ns.map((n, i) => [n!, fs[i] ?? null]));
}

/**
 * `graph`: a mention graph from an edge table — degrees, PageRank, betweenness, Louvain communities
 * with modularity, and the micro-influencer band (high centrality, modest followers).
 */
export const graphCell = analysisCell({
  kind: 'graph',
  summary: 'Mention graph: in/out degree and weight, PageRank and betweenness (networkx conventions), seeded Louvain communities with modularity, micro-influencers (high centrality, modest followers).',
  tableKeys: ['nodes'],
  formats: { centrality_percentile: 'percent', share: 'percent', followers: 'count', in_weight: 'number', out_weight: 'number' },
  verdict(rows) {
    const r = rows[0]!;
    if ('node' in r) {
      if (r.node === null || r.node === undefined) return undefined;
      const communities = new Set(rows.map((x) => x.community)).size;
      const top = [...rows].sort((a, b) => Number(b.pagerank) - Number(a.pagerank))[0]!;
      const micro = rows.filter((x) => x.micro_influencer === true).map((x) => String(x.node));
      const microText = rows.some((x) => x.micro_influencer !== null)
        ? `; ${micro.length} micro-influencer${micro.length === 1 ? '' : 's'}${micro.length ? `: ${micro.slice(0, 5).join(', ')}${micro.length > 5 ? ', …' : ''}` : ''}`
        : '';
      return `${rows.length} accounts in ${communities} communit${communities === 1 ? 'y' : 'ies'} (modularity ${Number(r.modularity).toFixed(2)}); highest PageRank: ${String(top.node)}${microText}`;
    }
    return undefined;
  },
  async compute(run) {
    const o = run.opts;
    const output = o.choice('output', ['nodes', 'communities'] as const, 'nodes');
    const directed = o.data.directed === undefined ? true : o.data.directed === true || o.data.directed === 'true' ? true : o.data.directed === false || o.data.directed === 'false' ? false : o.fail('directed', 'must be true or false');
    const damping = o.number('damping', 0.85, { min: 0, max: 1, exclusive: true });
    const tolerance = o.number('tolerance', 1e-6, { min: 0, exclusive: true });
    const maxIterations = o.number('max_iterations', 100, { min: 1 });
    const betweennessDistance = o.choice('betweenness_distance', ['hops', 'inverse_weight'] as const, 'hops');
    const seed = o.number('seed', 42, { min: 0 });
    const resolution = o.number('resolution', 1, { min: 0, exclusive: true });
    const microBy = o.choice('micro_centrality', ['betweenness', 'pagerank'] as const, 'betweenness');
    const microPercentile = o.number('micro_percentile', 0.9, { min: 0, max: 1 });
    const microMin = o.number('micro_min_followers', 1000, { min: 0 });
    const microMax = o.number('micro_max_followers', 100000, { min: 0 });
    if (microMax < microMin) o.fail('micro_max_followers', `must be at least micro_min_followers (${microMin})`);

    const { edges, notes } = await readEdges(run, directed);
    const followers = await readFollowers(run);
    const columns = output === 'nodes' ? NODE_COLUMNS : COMMUNITY_COLUMNS;
    const types = output === 'nodes' ? NODE_TYPES : COMMUNITY_TYPES;
    const extra = followers ? [...followers.keys()] : [];
    if (edges.length === 0 && extra.length === 0) return { rows: [], columns, types, notes: [`no edges in \`${run.source!.name}\`, so the result is empty`, ...notes] };

    let g: GraphAnalysis;
    try {
      g = analyzeGraph(edges, extra, { directed, damping, tolerance, maxIterations, betweennessDistance, seed, resolution });
    } catch (e) {
      return o.fail(/PageRank/.test((e as Error).message) ? 'max_iterations' : 'from', (e as Error).message);
    }
    const centrality = g.nodes.map((n) => (microBy === 'pagerank' ? n.pagerank : n.betweenness));
    const pct = percentRanks(centrality);
    if (!followers) notes.push('no `nodes:` table with followers, so micro_influencer is null');
    else {
      const missing = g.nodes.filter((n) => followers.get(n.node) === undefined || followers.get(n.node) === null).length;
      if (missing) notes.push(`${fmt(missing)} account(s) without a follower count (micro_influencer null)`);
    }
    if (followers) notes.push(`micro-influencer: ${microBy} percentile ≥ ${microPercentile} and ${fmt(microMin)}–${fmt(microMax)} followers`);
    if (edges.length > 0 && g.nodes.length > 5000) notes.push(`betweenness is O(n·m) on ${fmt(g.nodes.length)} accounts: filter the edge table if it is slow`);
    const nodeRows = g.nodes.map((n, i) => {
      const f = followers?.get(n.node) ?? null;
      const micro = followers === undefined || f === null ? null : pct[i]! >= microPercentile && f >= microMin && f <= microMax;
      return {
        node: n.node, followers: f, community: n.community, in_degree: n.inDegree, out_degree: n.outDegree, in_weight: n.inWeight, out_weight: n.outWeight,
        pagerank: n.pagerank, betweenness: n.betweenness, centrality_percentile: pct[i]!, other_communities_linked: n.otherCommunitiesLinked,
        micro_influencer: micro, modularity: g.modularity,
      };
    });
    if (output === 'nodes') return { rows: nodeRows, columns, types, notes };

    const communityOf = new Map(g.nodes.map((n) => [n.node, n.community]));
    const rows = [...new Set(g.nodes.map((n) => n.community))].sort((a, b) => a - b).map((c) => {
      const members = nodeRows.filter((r) => r.community === c);
      const top = [...members].sort((a, b) => b.pagerank - a.pagerank || (a.node < b.node ? -1 : 1))[0]!;
      let internal = 0;
      let outgoing = 0;
      for (const e of edges) {
        const cs = communityOf.get(e.source);
        const ct = communityOf.get(e.target);
        if (cs === c && ct === c) internal += e.weight;
        else if (cs === c) outgoing += e.weight;
        else if (!directed && ct === c) outgoing += e.weight;
      }
      return {
        community: c, size: members.length, share: members.length / g.nodes.length, internal_weight: internal, outgoing_weight: outgoing,
        top_node: top.node, top_pagerank: top.pagerank, micro_influencers: followers ? members.filter((m) => m.micro_influencer === true).length : null, modularity: g.modularity,
      };
    });
    return { rows, columns, types, notes };
  },
});
