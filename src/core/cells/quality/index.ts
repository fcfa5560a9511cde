/** Cleaning and checking data before analysis. One registration per kind: add it to `cells` here. */
import type { CellFamily } from '../kind.ts';
import { anomalyCell } from './anomalyCell.ts';
import { authenticityCell } from './authenticityCell.ts';
import { botFilterCell } from './botFilterCell.ts';
import { completenessCell } from './completenessCell.ts';
import { dedupCell } from './dedupCell.ts';
import { imputeCell } from './imputeCell.ts';
import { nameParseCell } from './nameParseCell.ts';
import { outliersCell } from './outliersCell.ts';
import { reconcileCell } from './reconcileCell.ts';
import { standardizeCell } from './standardizeCell.ts';
import { timezoneCell } from './timezoneCell.ts';
import { utmCell } from './utmCell.ts';

export const qualityFamily: CellFamily = {
  id: 'quality',
  title: 'Data quality',
  cells: [dedupCell, botFilterCell, anomalyCell, utmCell, completenessCell, reconcileCell, timezoneCell, standardizeCell, outliersCell, imputeCell, nameParseCell, authenticityCell],
};
