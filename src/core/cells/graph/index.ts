/** Networks of accounts: centrality and communities. One registration per kind: add it to `cells` here. */
import type { CellFamily } from '../kind.ts';
import { graphCell } from './graphCell.ts';

export const graphFamily: CellFamily = {
  id: 'graph',
  title: 'Graphs',
  cells: [graphCell],
};
