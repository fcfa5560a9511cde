/** The data-quality cell kinds (registered by registry.ts). */
import type { CellKindDef } from '../kind.ts';
import { anomalyCell } from './anomalyCell.ts';
import { botFilterCell } from './botFilterCell.ts';
import { completenessCell } from './completenessCell.ts';
import { dedupCell } from './dedupCell.ts';
import { reconcileCell } from './reconcileCell.ts';
import { timezoneCell } from './timezoneCell.ts';
import { utmCell } from './utmCell.ts';

export const QUALITY_CELLS: CellKindDef[] = [dedupCell, botFilterCell, anomalyCell, utmCell, completenessCell, reconcileCell, timezoneCell];
export const QUALITY_KINDS = ['dedup', 'bot-filter', 'anomaly', 'utm', 'completeness', 'reconcile', 'timezone'] as const;
