import { attributeByWeights } from './attribute-by-weights.ts';
import type { ChannelCredit, TouchpointPath } from './types.ts';

/**
 * Last-touch attribution: all of a path's conversions (and value) go to its last channel.
 *
 * @example
 * lastTouchAttribution([{ path: ['social', 'email'], conversions: 2 }])[0];
 * // => { channel: 'email', conversions: 2, value: 0, share: 1 }
 */
export function lastTouchAttribution(paths: TouchpointPath[]): ChannelCredit[] {
  return attributeByWeights(paths, (p) => p.path.map((_, k) => (k === p.path.length - 1 ? 1 : 0)), 'lastTouchAttribution');
}
