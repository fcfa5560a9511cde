import type { ChannelCredit, TouchpointPath } from './types.ts';

/**
 * Shapley-value attribution with the coalition value v(S) = the conversions of the paths whose set
 * of channels lies within S (a path converts "for" a coalition when every channel it touched is in
 * it). Each channel gets its Shapley value
 *   φᵢ = Σ over S ⊆ N∖{i} of |S|! (n − |S| − 1)! / n! · (v(S ∪ {i}) − v(S)),
 * computed exactly through the game's unanimity decomposition: v = Σ_T c_T · u_T, where c_T are the
 * conversions of paths whose channel set is exactly T, and the Shapley value of u_T gives 1/|T| to
 * each member of T. So φᵢ = Σ over T ∋ i of c_T / |T| (Zhao et al. 2018, "Shapley value methods for
 * attribution modeling in online advertising", the simplified Shapley value) — linear time in the
 * paths instead of 2ⁿ coalitions. Credits sum to the total conversions (efficiency); channels that
 * play the same role get the same credit (symmetry); a channel in no converting path gets 0. A
 * channel touched twice in a path counts once (only the set matters), unlike linear attribution.
 * Value is shared out the same way.
 *
 * @example
 * shapleyAttribution([{ path: ['A'], conversions: 10 }, { path: ['B'], conversions: 20 }, { path: ['A', 'B'], conversions: 40 }]);
 * // v(A) = 10, v(B) = 20, v(AB) = 70: φ_A = ½·10 + ½·(70 − 20) = 30, φ_B = ½·20 + ½·(70 − 10) = 40
 */
export function shapleyAttribution(paths: TouchpointPath[]): ChannelCredit[] {
  const conv = new Map<string, number>();
  const val = new Map<string, number>();
  let total = 0;
  paths.forEach((p, i) => {
    if (!(p.conversions >= 0)) throw new Error(`shapleyAttribution: path ${i} has an invalid conversion count ${p.conversions}`);
    const set = [...new Set(p.path)];
    for (const c of set) if (!conv.has(c)) { conv.set(c, 0); val.set(c, 0); }
    if (p.conversions === 0) return;
    if (set.length === 0) throw new Error(`shapleyAttribution: path ${i} has conversions but no touchpoints`);
    total += p.conversions;
    for (const c of set) {
      conv.set(c, conv.get(c)! + p.conversions / set.length);
      val.set(c, val.get(c)! + (p.value ?? 0) / set.length);
    }
  });
  return [...conv.keys()]
    .map((channel) => ({ channel, conversions: conv.get(channel)!, value: val.get(channel)!, share: total > 0 ? conv.get(channel)! / total : 0 }))
    .sort((a, b) => b.conversions - a.conversions || a.channel.localeCompare(b.channel));
}
