/** The statistical-testing cell kinds of this folder (registered by registry.ts). */
import type { CellKindDef } from '../kind.ts';
import { experimentCheckCell } from './experimentCheckCell.ts';
import { sequentialCell } from './sequentialCell.ts';

export const STATS_CELLS: CellKindDef[] = [sequentialCell, experimentCheckCell];
export const STATS_KINDS = ['sequential', 'experiment-check'] as const;
