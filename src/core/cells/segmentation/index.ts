/** The segmentation cell kinds (registered by registry.ts). */
import type { CellKindDef } from '../kind.ts';
import { cohortCell } from './cohortCell.ts';
import { identityCell } from './identityCell.ts';
import { kmeansCell } from './kmeansCell.ts';
import { rfmCell } from './rfmCell.ts';

export const SEGMENTATION_CELLS: CellKindDef[] = [identityCell, rfmCell, cohortCell, kmeansCell];
export const SEGMENTATION_KINDS = ['identity', 'rfm', 'cohort', 'kmeans'] as const;
