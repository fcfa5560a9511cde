/**
 * Fence languages that make a code block a cell: the registered kinds' names (registry.ts; a kind is
 * registered once, in its family's index.ts). Any other fence (```python, ```js …) stays prose, so a
 * notebook can quote code without running it.
 */
import { CELL_KIND_DEFS } from './registry.ts';

export type CellKind = string;

export const CELL_KINDS: readonly CellKind[] = [...CELL_KIND_DEFS.keys()];

export function isCellKind(name: string): name is CellKind {
  return CELL_KIND_DEFS.has(name);
}
