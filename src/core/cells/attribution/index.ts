/** The attribution and budget cell kinds of this folder (registered by registry.ts). */
import type { CellKindDef } from '../kind.ts';
import { responseCurveCell } from './responseCurveCell.ts';

export const ATTRIBUTION_CELLS: CellKindDef[] = [responseCurveCell];
export const ATTRIBUTION_KINDS = ['response-curve'] as const;
