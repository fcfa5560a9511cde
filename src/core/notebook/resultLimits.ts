/**
 * The bounds of the results kept between visits ("open with results"), apart from the result keys
 * (resultCache.ts) so storage can apply them without the cell kinds the keys need (docs/performance.md).
 */

/** How much of a notebook's results is kept between visits (docs/storage.md). */
export interface ResultLimits {
  /** Rows of a table result kept (a preview; a longer table is re-run to be read by later cells). */
  rows: number;
  /** Bytes one cell's rows may take. */
  cellBytes: number;
  /** Bytes all of a notebook's kept rows may take. */
  notebookBytes: number;
}

/** 1,000 rows, 2 MB a cell, 8 MB a notebook: a module's results fit many times over in a few MB. */
export const RESULT_LIMITS: ResultLimits = { rows: 1000, cellBytes: 2 * 1024 * 1024, notebookBytes: 8 * 1024 * 1024 };

/**
 * Which cells' rows to keep, in notebook order, within the limits: a cell over `cellBytes` is left
 * out, and once the notebook's budget is spent the later cells are left out (they show "not run").
 */
export function rowsToKeep(sizes: ReadonlyArray<{ id: string; bytes: number }>, limits: ResultLimits = RESULT_LIMITS): Set<string> {
  const keep = new Set<string>();
  let used = 0;
  for (const { id, bytes } of sizes) {
    if (bytes > limits.cellBytes || used + bytes > limits.notebookBytes) continue;
    used += bytes;
    keep.add(id);
  }
  return keep;
}
