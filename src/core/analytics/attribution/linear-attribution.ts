import { attributeByWeights } from './attribute-by-weights.ts';
import type { ChannelCredit, TouchpointPath } from './types.ts';

/**
 * Linear attribution: each touch of a path gets an equal share of its conversions and value.
 *
 * @example
 * linearAttribution([{ path: ['social', 'email', 'social'], conversions: 3 }]);
 * // => social 2, email 1
 */
export function linearAttribution(paths: TouchpointPath[]): ChannelCredit[] {
  return attributeByWeights(paths, (p) => p.path.map(() => 1), 'linearAttribution');
}
