/**
 * Split the change of a ratio metric between two periods (e.g. engagement rate = engagements /
 * impressions) into a mix effect (the weights of the segments moved: more impressions on formats that
 * engage less) and a rate effect (the segments' own rates moved). With w = a segment's share of the
 * denominator and r its rate, the metric is Σ w·r and the total change is Σ (w1·r1 − w0·r0).
 *
 * - `shapley` (default): the symmetric split, each factor credited with its change at the average of
 *   the other (Shapley value of the two-factor product; the "midpoint" split):
 *   rate = Σ ((w0 + w1) / 2)·(r1 − r0), mix = Σ (w1 − w0)·((r0 + r1) / 2).
 * - `sequential`: rate first at the old weights, then mix at the new rates:
 *   rate = Σ w0·(r1 − r0), mix = Σ (w1 − w0)·r1.
 * Both sum exactly to the total: (w0+w1)(r1−r0)/2 + (w1−w0)(r0+r1)/2 = w1·r1 − w0·r0, and
 * w0(r1−r0) + (w1−w0)r1 = w1·r1 − w0·r0.
 *
 * A segment absent in one period (weight 0 there) has no rate there; its rate is taken as the other
 * period's, so all of its contribution is mix (entering or leaving the mix), none rate.
 */

export interface SegmentCounts {
  segment: string;
  numerator0: number;
  denominator0: number;
  numerator1: number;
  denominator1: number;
}

export interface SegmentEffect {
  segment: string;
  weight0: number;
  weight1: number;
  rate0: number | null;
  rate1: number | null;
  rateEffect: number;
  mixEffect: number;
  total: number;
}

export interface MixRateDecomposition {
  segments: SegmentEffect[];
  metric0: number;
  metric1: number;
  rateEffect: number;
  mixEffect: number;
  total: number;
}

export function decomposeMixRate(rows: readonly SegmentCounts[], method: 'shapley' | 'sequential' = 'shapley'): MixRateDecomposition {
  const d0 = rows.reduce((s, r) => s + r.denominator0, 0);
  const d1 = rows.reduce((s, r) => s + r.denominator1, 0);
  if (!(d0 > 0) || !(d1 > 0)) throw new Error(`both periods need a positive denominator (got ${d0} and ${d1})`);
  const segments = rows.map((r) => {
    const w0 = r.denominator0 / d0;
    const w1 = r.denominator1 / d1;
    const own0 = r.denominator0 > 0 ? r.numerator0 / r.denominator0 : null;
    const own1 = r.denominator1 > 0 ? r.numerator1 / r.denominator1 : null;
    const r0 = own0 ?? own1 ?? 0;
    const r1 = own1 ?? own0 ?? 0;
    const rateEffect = method === 'shapley' ? ((w0 + w1) / 2) * (r1 - r0) : w0 * (r1 - r0);
    const mixEffect = method === 'shapley' ? (w1 - w0) * ((r0 + r1) / 2) : (w1 - w0) * r1;
    return { segment: r.segment, weight0: w0, weight1: w1, rate0: own0, rate1: own1, rateEffect, mixEffect, total: w1 * r1 - w0 * r0 };
  });
  const sum = (f: (s: SegmentEffect) => number) => segments.reduce((a, s) => a + f(s), 0);
  const metric0 = rows.reduce((s, r) => s + r.numerator0, 0) / d0;
  const metric1 = rows.reduce((s, r) => s + r.numerator1, 0) / d1;
  return { segments, metric0, metric1, rateEffect: sum((s) => s.rateEffect), mixEffect: sum((s) => s.mixEffect), total: metric1 - metric0 };
}
