/** Who is the same person, and which groups people fall into. One registration per kind: add it to `cells` here. */
import type { CellFamily } from '../kind.ts';
import { clusterCompareCell } from './clusterCompareCell.ts';
import { cohortCell } from './cohortCell.ts';
import { dbscanCell } from './dbscanCell.ts';
import { identityCell } from './identityCell.ts';
import { kmeansCell } from './kmeansCell.ts';
import { overlapCell } from './overlapCell.ts';
import { rfmCell } from './rfmCell.ts';
import { sequencesCell } from './sequencesCell.ts';

export const segmentationFamily: CellFamily = {
  id: 'segmentation',
  title: 'Segmentation',
  cells: [identityCell, rfmCell, cohortCell, kmeansCell, overlapCell, dbscanCell, clusterCompareCell, sequencesCell],
};
