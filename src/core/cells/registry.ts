import { attributionCell } from './analysis/attributionCell.ts';
import { forecastCell } from './analysis/forecastCell.ts';
import { multivariateCell } from './analysis/multivariateCell.ts';
import { predictCell } from './analysis/predictCell.ts';
import { regressionCell } from './analysis/regressionCell.ts';
import { seasonalityCell } from './analysis/seasonalityCell.ts';
import { simulateCell } from './analysis/simulateCell.ts';
import { abTestCell } from './analysis/abTestCell.ts';
import { controlChartCell } from './analysis/controlChartCell.ts';
import { ctrCell } from './analysis/ctrCell.ts';
import { holdoutCell } from './analysis/holdoutCell.ts';
import { powerCell } from './analysis/powerCell.ts';
import { shrinkageCell } from './analysis/shrinkageCell.ts';
import { checklistCell } from './checklist.ts';
import { exerciseCell } from './course/exerciseCell.ts';
import { decisionCell } from './decision.ts';
import { inputCell } from './input.ts';
import type { CellKindDef } from './kind.ts';
import { plotCell } from './plot.ts';
import { METRICS_CELLS } from './metrics/index.ts';
import { PRIVACY_CELLS } from './privacy/index.ts';
import { QUALITY_CELLS } from './quality/index.ts';
import { SEGMENTATION_CELLS } from './segmentation/index.ts';
import { sqlCell } from './sql.ts';
import { STATS_CELLS } from './stats/index.ts';
import { ATTRIBUTION_CELLS } from './attribution/index.ts';

/** Every runnable cell kind by name. Its keys must match CELL_KINDS (a test checks). */
export const CELL_KIND_DEFS: ReadonlyMap<string, CellKindDef> = new Map(
  [sqlCell, inputCell, plotCell, checklistCell, decisionCell, exerciseCell, ctrCell, abTestCell, powerCell, controlChartCell, shrinkageCell, holdoutCell,
    regressionCell, multivariateCell, seasonalityCell, forecastCell, predictCell, simulateCell, attributionCell, ...QUALITY_CELLS,
    ...PRIVACY_CELLS, ...SEGMENTATION_CELLS, ...METRICS_CELLS, ...STATS_CELLS, ...ATTRIBUTION_CELLS].map((d) => [d.kind, d]),
);
