/** The metrics-monitoring cell kinds (registered by registry.ts). */
import type { CellKindDef } from '../kind.ts';
import { exceptionCell } from './exceptionCell.ts';

export const METRICS_CELLS: CellKindDef[] = [exceptionCell];
export const METRICS_KINDS = ['exception'] as const;
