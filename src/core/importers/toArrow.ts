/**
 * An imported platform export as an Arrow table with its canonical column types, ready for
 * `Engine.registerArrow` in either engine.
 */
import type { Table } from 'apache-arrow';
import { tableFromColumns, type ColumnType } from '../arrow.ts';
import type { ImportResult } from './import.ts';
import type { CanonicalType } from './schema.ts';

const ARROW_TYPE: Record<CanonicalType, ColumnType> = {
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
  VARCHAR: 'VARCHAR',
  BIGINT: 'BIGINT',
  DOUBLE: 'DOUBLE',
  BOOLEAN: 'BOOLEAN',
  INTEGER: 'INTEGER',
};

/** Canonical rows → Arrow; whole-number columns typed BIGINT take numbers or bigints. */
export function importToArrow(result: ImportResult): Table {
  return tableFromColumns(
    result.columns.map((c) => ({
      name: c.name,
      type: ARROW_TYPE[c.type] ?? 'VARCHAR',
      values: result.rows.map((r) => {
        const v = (r as Record<string, unknown>)[c.name];
        return v === undefined ? null : v;
      }),
    })),
  );
}
