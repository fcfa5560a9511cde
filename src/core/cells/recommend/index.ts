/** Recommenders and their offline evaluation. One registration per kind: add it to `cells` here. */
import type { CellFamily } from '../kind.ts';

export const recommendFamily: CellFamily = {
  id: 'recommend',
  title: 'Recommendations',
  cells: [],
};
