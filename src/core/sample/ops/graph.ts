/**
 * The mention graph: two communities (A, B) dense inside and silent across, except a few
 * micro-influencers who mention and are mentioned on both sides. Each community has one big hub
 * (too many followers to count as a micro-influencer), so the bridges are the accounts that are
 * both central by betweenness and in the micro band.
 */
import { csvLine } from '../calendar.ts';
import { poisson, type Rng } from '../random.ts';
import { GRAPH, type OpsSize } from './plan.ts';

export const MENTION_EDGES_HEADER = ['source', 'target', 'weight'];
export const MENTION_NODES_HEADER = ['node', 'followers'];

export interface GraphTruth {
  communities: Record<'A' | 'B', string[]>;
  /** Linked to both communities alike: a community detector may place a bridge on either side. */
  bridges: { node: string; followers: number }[];
  hubs: string[];
  edges: number;
}

export function generateGraph(rng: Rng, size: OpsSize): { edges: string[]; nodes: string[]; truth: GraphTruth } {
  const name = (c: 'A' | 'B', i: number) => `${c === 'A' ? 'runner' : 'gamer'}_${String(i + 1).padStart(3, '0')}`;
  const members = { A: Array.from({ length: size.communitySize }, (_, i) => name('A', i)), B: Array.from({ length: size.communitySize }, (_, i) => name('B', i)) };
  const followers = new Map<string, number>();
  const [lo, hi] = GRAPH.regularFollowers;
  for (const c of ['A', 'B'] as const) members[c].forEach((n, i) => followers.set(n, i === 0 ? GRAPH.hubFollowers : lo + Math.round(rng() * (hi - lo))));
  const hubs = [members.A[0]!, members.B[0]!];
  const bridges = GRAPH.bridgeFollowers.slice(0, GRAPH.bridges).map((f, i) => ({ node: `micro_${String(i + 1).padStart(2, '0')}`, followers: f }));
  for (const b of bridges) followers.set(b.node, b.followers);

  const edges: string[] = [];
  const add = (s: string, t: string) => edges.push(csvLine([s, t, 1 + poisson(rng, 2)]));
  for (const c of ['A', 'B'] as const) {
    const m = members[c];
    for (const s of m) for (const t of m) if (s !== t && (rng() < GRAPH.withinP || t === m[0])) add(s, t);
  }
  // Bridges: mention and are mentioned by distinct accounts on both sides (never the hubs' only links).
  for (const b of bridges) {
    for (const c of ['A', 'B'] as const) {
      const m = members[c];
      const chosen = new Set<number>();
      while (chosen.size < GRAPH.bridgeLinksPerSide) chosen.add(1 + Math.floor(rng() * (m.length - 1)));
      for (const i of chosen) (rng() < 0.5 ? add(b.node, m[i]!) : add(m[i]!, b.node));
    }
  }
  const nodes = [...members.A, ...members.B, ...bridges.map((b) => b.node)].map((n) => csvLine([n, followers.get(n)!]));
  return { edges, nodes, truth: { communities: { A: members.A, B: members.B }, bridges, hubs, edges: edges.length } };
}
