/**
 * The one-row result an analysis kind returns when it has nothing to analyse (empty input, every row
 * null): the `note` column says why and the other columns are null, so the reason shows wherever the
 * result is shown (grid, CLI report), which an empty table could not do.
 */
import type { ColumnType } from '../arrow.ts';

export function noteRow(columns: readonly string[], note: string, types: Record<string, ColumnType> = {}): {
  rows: Record<string, unknown>[];
  columns: string[];
  types: Record<string, ColumnType>;
} {
  return { rows: [{ note }], columns: [...columns], types: { ...types, note: 'VARCHAR' } };
}
