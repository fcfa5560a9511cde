/** Recommenders and their offline evaluation. One registration per kind: add it to `cells` here. */
import type { CellFamily } from '../kind.ts';
import { associationRulesCell } from './associationRulesCell.ts';
import { itemCfCell } from './itemCfCell.ts';
import { recEvalCell } from './recEvalCell.ts';

export const recommendFamily: CellFamily = {
  id: 'recommend',
  title: 'Recommendations',
  cells: [itemCfCell, recEvalCell, associationRulesCell],
};
