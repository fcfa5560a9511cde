import type { CellFamily, CellKindDef } from './kind.ts';
import { attributionFamily } from './attribution/index.ts';
import { basicsFamily } from './basics/index.ts';
import { courseFamily } from './course/index.ts';
import { forecastFamily } from './forecast/index.ts';
import { graphFamily } from './graph/index.ts';
import { metricsFamily } from './metrics/index.ts';
import { privacyFamily } from './privacy/index.ts';
import { qualityFamily } from './quality/index.ts';
import { recommendFamily } from './recommend/index.ts';
import { segmentationFamily } from './segmentation/index.ts';
import { statsFamily } from './stats/index.ts';
import { textFamily } from './text/index.ts';

/** The kind families in the order the kind picker and docs show them. A new family is one line here. */
export const CELL_FAMILIES: readonly CellFamily[] = [
  basicsFamily, courseFamily, metricsFamily, qualityFamily, statsFamily, forecastFamily, attributionFamily, segmentationFamily, privacyFamily,
  textFamily, recommendFamily, graphFamily,
];

/** Every runnable cell kind by name (a kind is registered once, in its family's index.ts). */
export const CELL_KIND_DEFS: ReadonlyMap<string, CellKindDef> = new Map(
  CELL_FAMILIES.flatMap((f) => f.cells).map((d) => [d.kind, d]),
);
