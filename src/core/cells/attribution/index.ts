/** Credit across channels and where the next euro should go. One registration per kind: add it to `cells` here. */
import type { CellFamily } from '../kind.ts';
import { attributionCell } from './attributionCell.ts';
import { incrementalityCell } from './incrementalityCell.ts';
import { responseCurveCell } from './responseCurveCell.ts';

export const attributionFamily: CellFamily = {
  id: 'attribution',
  title: 'Attribution and budget',
  cells: [attributionCell, responseCurveCell, incrementalityCell],
};
