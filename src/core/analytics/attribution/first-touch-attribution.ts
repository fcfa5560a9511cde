import { attributeByWeights } from './attribute-by-weights.ts';
import type { ChannelCredit, TouchpointPath } from './types.ts';

/**
 * First-touch attribution: all of a path's conversions (and value) go to its first channel.
 *
 * @example
 * firstTouchAttribution([{ path: ['social', 'email'], conversions: 2 }]);
 * // => [{ channel: 'social', conversions: 2, … }, { channel: 'email', conversions: 0, … }]
 */
export function firstTouchAttribution(paths: TouchpointPath[]): ChannelCredit[] {
  return attributeByWeights(paths, (p) => p.path.map((_, k) => (k === 0 ? 1 : 0)), 'firstTouchAttribution');
}
