/** The segmentation cell kinds of this folder (registered by registry.ts). */
import type { CellKindDef } from '../kind.ts';
import { kmeansCell } from './kmeansCell.ts';

export const SEGMENTATION_CELLS: CellKindDef[] = [kmeansCell];
export const SEGMENTATION_KINDS = ['kmeans'] as const;
