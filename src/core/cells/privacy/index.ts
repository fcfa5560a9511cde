/** The privacy cell kinds (registered by registry.ts). */
import type { CellKindDef } from '../kind.ts';
import { dpCountCell } from './dpCountCell.ts';
import { kAnonymityCell } from './kAnonymityCell.ts';
import { piiScanCell } from './piiScanCell.ts';

export const PRIVACY_CELLS: CellKindDef[] = [piiScanCell, kAnonymityCell, dpCountCell];
export const PRIVACY_KINDS = ['pii-scan', 'k-anonymity', 'dp-count'] as const;
