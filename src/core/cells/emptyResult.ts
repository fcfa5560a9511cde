/**
 * The result an analysis kind returns when it has nothing to analyse (empty input, every row null):
 * no rows, the kind's usual typed columns (so SQL downstream still runs), and a note saying why, shown
 * on the cell and printed in reports — the same contract as every other kind (docs/cells.md).
 */
import type { ColumnType } from '../arrow.ts';

export function emptyResult(columns: readonly string[], note: string, types: Record<string, ColumnType> = {}): {
  rows: Record<string, unknown>[];
  columns: string[];
  types: Record<string, ColumnType>;
  notes: string[];
} {
  return { rows: [], columns: [...columns], types: { ...types }, notes: [note] };
}
