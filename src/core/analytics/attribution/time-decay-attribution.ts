import { attributeByWeights } from './attribute-by-weights.ts';
import type { ChannelCredit, TouchpointPath } from './types.ts';

export interface TimeDecayOptions {
  /**
   * Days after which a touch's weight halves (default 7, the half-life of Google Analytics'
   * time-decay model).
   */
  halfLifeDays?: number;
}

/**
 * Time-decay attribution: a touch made t days before the conversion gets weight 2^(-t / halfLife),
 * normalised per path, so recent touches earn more. Touch times come from `times` (days before
 * conversion, one per touch). A path without `times` is read as one touch per day ending on the
 * conversion day (last touch t = 0, the one before t = 1, …): an assumption, stated here so a
 * reader of the result knows it.
 *
 * @example
 * timeDecayAttribution([{ path: ['social', 'email'], conversions: 3, times: [7, 0] }], { halfLifeDays: 7 });
 * // => email 2, social 1 (weights 1 and 1/2)
 */
export function timeDecayAttribution(paths: TouchpointPath[], options: TimeDecayOptions = {}): ChannelCredit[] {
  const fn = 'timeDecayAttribution';
  const halfLife = options.halfLifeDays ?? 7;
  if (!(halfLife > 0)) throw new Error(`${fn}: halfLifeDays must be positive`);
  return attributeByWeights(
    paths,
    (p) => {
      const times = p.times ?? p.path.map((_, k) => p.path.length - 1 - k);
      if (times.length !== p.path.length) throw new Error(`${fn}: times and path differ in length`);
      if (times.some((t) => !(t >= 0))) throw new Error(`${fn}: times must be days before conversion (>= 0)`);
      return times.map((t) => Math.pow(2, -t / halfLife));
    },
    fn,
  );
}
