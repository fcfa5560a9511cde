/** Metric computations and monitoring against baselines. One registration per kind: add it to `cells` here. */
import type { CellFamily } from '../kind.ts';
import { ctrCell } from './ctrCell.ts';
import { decomposeChangeCell } from './decomposeChangeCell.ts';
import { driftAlertCell } from './driftAlertCell.ts';
import { exceptionCell } from './exceptionCell.ts';

export const metricsFamily: CellFamily = {
  id: 'metrics',
  title: 'Metrics',
  cells: [ctrCell, exceptionCell, decomposeChangeCell, driftAlertCell],
};
