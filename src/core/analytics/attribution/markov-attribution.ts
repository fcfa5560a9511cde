import { Matrix, solve } from 'ml-matrix';
import type { ChannelCredit, TouchpointPath } from './types.ts';

export interface MarkovChannelCredit extends ChannelCredit {
  /** 1 - P(conversion without the channel) / P(conversion): the share of conversions lost without it. */
  removal_effect: number;
}

export interface MarkovAttribution {
  credits: MarkovChannelCredit[];
  /** Probability that a journey starting at "(start)" ends in "(conversion)" under the fitted chain. */
  conversion_probability: number;
  /** Transition probabilities, from-state -> to-state -> probability, including (start), (conversion), (null). */
  transitions: Record<string, Record<string, number>>;
}

const START = '(start)';
const CONV = '(conversion)';
const NULL = '(null)';

/**
 * Conversion probability from the start state of an absorbing chain in which the `removed`
 * channels lead to (null): solves (I - Q) x = r over the remaining channels, where Q holds
 * channel-to-channel probabilities and r the channel-to-conversion probabilities.
 */
function conversionProbability(
  channels: string[],
  P: Record<string, Record<string, number>>,
  removed: string | null,
): number {
  const live = channels.filter((c) => c !== removed);
  if (live.length === 0) return 0;
  const idx = new Map(live.map((c, i) => [c, i]));
  const A = Matrix.eye(live.length);
  const r = new Matrix(live.length, 1);
  for (const c of live) {
    const i = idx.get(c)!;
    for (const [to, p] of Object.entries(P[c] ?? {})) {
      if (to === CONV) r.set(i, 0, r.get(i, 0) + p);
      else if (idx.has(to)) A.set(i, idx.get(to)!, A.get(i, idx.get(to)!) - p);
    }
  }
  const x = solve(A, r);
  let total = 0;
  for (const [to, p] of Object.entries(P[START] ?? {})) {
    if (to === CONV) total += p;
    else if (idx.has(to)) total += p * x.get(idx.get(to)!, 0);
  }
  return total;
}

/**
 * Data-driven attribution by a first-order Markov chain and the removal effect (Anderl, Becker,
 * von Wangenheim & Schumann 2016; the method of the ChannelAttribution R package's markov_model
 * at order 1). Journeys become transitions (start) -> c1 -> … -> ck -> (conversion) or (null),
 * weighted by `conversions` and `nonConversions`; rows are normalised into a transition matrix.
 * A channel's removal effect is the relative drop in the probability of reaching (conversion) when
 * every transition into it goes to (null) instead. Conversions (and value) are shared out in
 * proportion to the removal effects, so the credits sum to the observed totals.
 *
 * Needs non-converting journeys to mean anything: with only converting paths every channel looks
 * indispensable. Repeated touches of the same channel (self-loops) do not change the result.
 *
 * @example
 * markovAttribution([
 *   { path: ['A', 'B'], conversions: 1, nonConversions: 0 },
 *   { path: ['B'], conversions: 1, nonConversions: 0 },
 *   { path: ['A'], conversions: 0, nonConversions: 1 },
 * ]).credits; // => B 4/3 conversions (removal effect 1), A 2/3 (removal effect 0.5)
 */
export function markovAttribution(paths: TouchpointPath[]): MarkovAttribution {
  const fn = 'markovAttribution';
  const counts: Record<string, Record<string, number>> = {};
  const add = (from: string, to: string, w: number) => {
    counts[from] ??= {};
    counts[from]![to] = (counts[from]![to] ?? 0) + w;
  };
  const channels: string[] = [];
  let totalConv = 0;
  let totalValue = 0;
  paths.forEach((p, i) => {
    const conv = p.conversions;
    const non = p.nonConversions ?? 0;
    if (!(conv >= 0 && non >= 0)) throw new Error(`${fn}: path ${i} has negative counts`);
    for (const c of p.path) {
      if (c === START || c === CONV || c === NULL) throw new Error(`${fn}: channel name "${c}" is reserved`);
      if (!channels.includes(c)) channels.push(c);
    }
    const w = conv + non;
    if (w === 0) return;
    if (p.path.length === 0) throw new Error(`${fn}: path ${i} has journeys but no touchpoints`);
    totalConv += conv;
    if (conv > 0) totalValue += p.value ?? 0; // value belongs to conversions only
    add(START, p.path[0]!, w);
    for (let k = 0; k + 1 < p.path.length; k++) add(p.path[k]!, p.path[k + 1]!, w);
    const lastC = p.path[p.path.length - 1]!;
    if (conv > 0) add(lastC, CONV, conv);
    if (non > 0) add(lastC, NULL, non);
  });
  if (totalConv === 0) throw new Error(`${fn}: no conversions to attribute`);
  const transitions: Record<string, Record<string, number>> = {};
  for (const [from, row] of Object.entries(counts)) {
    const sum = Object.values(row).reduce((a, b) => a + b, 0);
    transitions[from] = Object.fromEntries(Object.entries(row).map(([to, c]) => [to, c / sum]));
  }
  const base = conversionProbability(channels, transitions, null);
  const effects = channels.map((c) => Math.max(0, 1 - conversionProbability(channels, transitions, c) / base));
  const sumEffects = effects.reduce((a, b) => a + b, 0);
  const credits = channels
    .map((channel, i) => {
      const share = effects[i]! / sumEffects;
      return { channel, conversions: share * totalConv, value: share * totalValue, share, removal_effect: effects[i]! };
    })
    .sort((a, b) => b.conversions - a.conversions || a.channel.localeCompare(b.channel));
  return { credits, conversion_probability: base, transitions };
}
