import { attributeByWeights } from './attribute-by-weights.ts';
import type { ChannelCredit, TouchpointPath } from './types.ts';

export interface PositionBasedOptions {
  /** Share of the first touch (default 0.4). */
  first?: number;
  /** Share of the last touch (default 0.4). The middle touches split the rest equally. */
  last?: number;
}

/**
 * Position-based ("U-shaped") attribution: by default 40% of each path's conversions to the first
 * touch, 40% to the last, and the remaining 20% split equally across the touches in between
 * (the Google Analytics position-based model). Short paths: a 1-touch path gives that touch 100%;
 * a 2-touch path has no middle, so the first and last share everything in proportion
 * first : last (50/50 by default).
 *
 * @example
 * positionBasedAttribution([{ path: ['social', 'display', 'search', 'email'], conversions: 10 }]);
 * // => social 4, email 4, display 1, search 1
 */
export function positionBasedAttribution(paths: TouchpointPath[], options: PositionBasedOptions = {}): ChannelCredit[] {
  const fn = 'positionBasedAttribution';
  const first = options.first ?? 0.4;
  const last = options.last ?? 0.4;
  if (!(first >= 0 && last >= 0 && first + last <= 1 && first + last > 0)) {
    throw new Error(`${fn}: first and last must be non-negative, positive in total and sum to at most 1`);
  }
  return attributeByWeights(
    paths,
    (p) => {
      const n = p.path.length;
      if (n === 1) return [1];
      if (n === 2) return [first, last];
      const middle = (1 - first - last) / (n - 2);
      return p.path.map((_, k) => (k === 0 ? first : k === n - 1 ? last : middle));
    },
    fn,
  );
}
