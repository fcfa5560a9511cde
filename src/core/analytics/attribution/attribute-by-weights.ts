import type { ChannelCredit, TouchpointPath } from './types.ts';

/**
 * Shared core of the rule-based models: `weights` gives each touch of a path a non-negative weight;
 * weights are normalised to sum to 1 per path, then each touch receives that fraction of the path's
 * conversions and value. A channel touched twice gets both touches' credit.
 */
export function attributeByWeights(
  paths: TouchpointPath[],
  weights: (p: TouchpointPath) => number[],
  fn: string,
): ChannelCredit[] {
  const conv = new Map<string, number>();
  const val = new Map<string, number>();
  let total = 0;
  paths.forEach((p, i) => {
    if (!(p.conversions >= 0)) throw new Error(`${fn}: path ${i} has an invalid conversion count ${p.conversions}`);
    for (const c of p.path) if (!conv.has(c)) { conv.set(c, 0); val.set(c, 0); }
    if (p.conversions === 0) return; // a non-converting path carries no credit (nor value)
    if (p.path.length === 0) throw new Error(`${fn}: path ${i} has conversions but no touchpoints`);
    const w = weights(p);
    const sum = w.reduce((a, b) => a + b, 0);
    if (!(sum > 0) || w.some((x) => !(x >= 0))) throw new Error(`${fn}: path ${i} produced invalid touch weights`);
    total += p.conversions;
    p.path.forEach((c, k) => {
      conv.set(c, conv.get(c)! + (p.conversions * w[k]!) / sum);
      val.set(c, val.get(c)! + ((p.value ?? 0) * w[k]!) / sum);
    });
  });
  return [...conv.keys()]
    .map((channel) => ({ channel, conversions: conv.get(channel)!, value: val.get(channel)!, share: total > 0 ? conv.get(channel)! / total : 0 }))
    .sort((a, b) => b.conversions - a.conversions || a.channel.localeCompare(b.channel));
}
