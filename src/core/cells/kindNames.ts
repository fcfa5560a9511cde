/**
 * Fence languages that make a code block a cell. Any other fence (```python, ```js …) stays prose, so
 * a notebook can quote code without running it. The format parser only needs the names; what each kind
 * does lives in src/core/cells/<kind>.ts.
 */
export const CELL_KINDS = [
  'sql',
  'input',
  'plot',
  'checklist',
  'decision',
  'exercise',
  'ctr',
  'ab-test',
  'power',
  'control-chart',
  'shrinkage',
  'holdout',
  'regression',
  'multivariate',
  'seasonality',
  'forecast',
  'predict',
  'simulate',
  'attribution',
  'dedup',
  'bot-filter',
  'anomaly',
  'utm',
  'completeness',
  'reconcile',
  'timezone',
  'pii-scan',
  'k-anonymity',
  'dp-count',
  'identity',
  'rfm',
  'cohort',
  'exception',
  'kmeans',
  'sequential',
  'experiment-check',
  'response-curve',
] as const;

export type CellKind = (typeof CELL_KINDS)[number];

const kindSet: ReadonlySet<string> = new Set(CELL_KINDS);

export function isCellKind(name: string): name is CellKind {
  return kindSet.has(name);
}
