/** The segmentation cell kinds (registered by registry.ts). */
import type { CellKindDef } from '../kind.ts';
import { cohortCell } from './cohortCell.ts';
import { identityCell } from './identityCell.ts';
import { rfmCell } from './rfmCell.ts';

export const SEGMENTATION_CELLS: CellKindDef[] = [identityCell, rfmCell, cohortCell];
export const SEGMENTATION_KINDS = ['identity', 'rfm', 'cohort'] as const;
