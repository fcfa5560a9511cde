/** The statistical-testing cell kinds of this folder (registered by registry.ts). */
import type { CellKindDef } from '../kind.ts';
import { sequentialCell } from './sequentialCell.ts';

export const STATS_CELLS: CellKindDef[] = [sequentialCell];
export const STATS_KINDS = ['sequential'] as const;
