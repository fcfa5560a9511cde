/** Cells every notebook uses: queries, inputs, charts, checklists and decision records. One registration per kind: add it to `cells` here. */
import type { CellFamily } from '../kind.ts';
import { checklistCell } from '../checklist.ts';
import { decisionCell } from '../decision.ts';
import { inputCell } from '../input.ts';
import { plotCell } from '../plot.ts';
import { sqlCell } from '../sql.ts';

export const basicsFamily: CellFamily = {
  id: 'basics',
  title: 'Notebook',
  cells: [sqlCell, inputCell, plotCell, checklistCell, decisionCell],
};
