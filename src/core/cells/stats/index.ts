/** Tests, power, regression and experiment monitoring. One registration per kind: add it to `cells` here. */
import type { CellFamily } from '../kind.ts';
import { abTestCell } from './abTestCell.ts';
import { banditCell } from './banditCell.ts';
import { compareDistributionsCell } from './compareDistributionsCell.ts';
import { controlChartCell } from './controlChartCell.ts';
import { experimentCheckCell } from './experimentCheckCell.ts';
import { geoLiftCell } from './geoLiftCell.ts';
import { holdoutCell } from './holdoutCell.ts';
import { multivariateCell } from './multivariateCell.ts';
import { powerCell } from './powerCell.ts';
import { regressionCell } from './regressionCell.ts';
import { segmentSizeCell } from './segmentSizeCell.ts';
import { sequentialCell } from './sequentialCell.ts';
import { shrinkageCell } from './shrinkageCell.ts';
import { survivalCell } from './survivalCell.ts';

export const statsFamily: CellFamily = {
  id: 'stats',
  title: 'Statistics and testing',
  cells: [abTestCell, powerCell, controlChartCell, shrinkageCell, holdoutCell, regressionCell, multivariateCell, sequentialCell, experimentCheckCell, compareDistributionsCell, segmentSizeCell, geoLiftCell, banditCell, survivalCell],
};
