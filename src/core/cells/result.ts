import type { Table } from 'apache-arrow';
import { quoteIdent, type Engine, type TableInfo } from '../engine.ts';
import type { CellOutput, CellResult } from './kind.ts';

/** Read back the first rows of a registered result and wrap them as a cell result. */
export async function resultOf(engine: Engine, info: TableInfo, previewRows: number, output: CellOutput = { type: 'table' }, note?: string): Promise<CellResult> {
  const preview = await engine.query(`SELECT * FROM ${quoteIdent(info.name)} LIMIT ${Math.max(0, Math.floor(previewRows))}`);
  return { columns: info.columns, rowCount: info.rowCount, preview, output, ...(note ? { note } : {}) };
}

/** Register an analysis result (an Arrow table) under the cell id and wrap it. */
export async function registerResult(engine: Engine, id: string, table: Table, previewRows: number, output: CellOutput = { type: 'table' }, note?: string): Promise<CellResult> {
  const info = await engine.registerArrow(id, table);
  return resultOf(engine, info, previewRows, output, note);
}

/** The note of a cell whose input table has no rows. */
export const emptyInputNote = (table: string) => `\`${table}\` has no rows (a filter that matches nothing?), so the result is empty`;
