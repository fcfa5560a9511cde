import { convertCell, type CellFormat } from './convert.ts';
import type { CanonicalRow } from './layout.ts';
import { normalizeHeader } from './layout.ts';
import { canonicalTable, type CanonicalTableName } from './schema.ts';

/**
 * A column mapping the user made for a layout Pulse does not know, saved by the UI under the
 * file's header signature and applied to the next file with the same headers.
 */
export interface UserMapping {
  /** `headerSignature(headers)` of the files it applies to. */
  signature: string;
  table: CanonicalTableName;
  /** Source header (as in the file) → canonical column name. */
  columns: Record<string, string>;
  /**
   * Values set on every row for canonical columns the file lacks, e.g. `{ platform: 'meta',
   * currency: 'EUR' }`; text is converted to the column's type like a cell of the file.
   */
  constants?: Record<string, string | number | boolean | null>;
  /** Number and date conventions of the file; defaults `dot` and `mdy`. */
  format?: Partial<CellFormat>;
}

/**
 * A stable key for a header row: normalized headers, sorted and joined, so a column picker's
 * reordering does not change it.
 * @example headerSignature(['Day', 'Clicks ']) === headerSignature(['clicks', 'day']) // true
 */
export function headerSignature(headers: string[]): string {
  return [...new Set(headers.map(normalizeHeader).filter((h) => h !== ''))].sort().join('|');
}

/**
 * Apply a user mapping to raw rows (header → cell text): every canonical column of the mapping's
 * table is present, converted to its type; unmapped canonical columns are null.
 * Throws when the mapping names a column the table does not have.
 */
export function applyMapping(rows: Record<string, string>[], mapping: UserMapping): CanonicalRow[] {
  const table = canonicalTable(mapping.table);
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  for (const target of [...Object.values(mapping.columns), ...Object.keys(mapping.constants ?? {})]) {
    if (!byName.has(target)) throw new Error(`mapping targets ${target}, which ${mapping.table} does not have (columns: ${[...byName.keys()].join(', ')})`);
  }
  const format: CellFormat = { numberFormat: mapping.format?.numberFormat ?? 'dot', dateOrder: mapping.format?.dateOrder ?? 'mdy' };
  // Match mapping headers to row keys through the same normalization as the signature.
  const sources = Object.entries(mapping.columns).map(([header, target]) => ({ key: normalizeHeader(header), target }));
  const constants = Object.entries(mapping.constants ?? {}).map(([name, v]) => {
    if (typeof v !== 'string') return [name, v] as const;
    const col = byName.get(name)!;
    const converted = convertCell(v, col.type, format, col.unit);
    if (converted.issue) throw new Error(`the value "${v}" set for ${name} is not a ${col.type}`);
    return [name, converted.value] as const;
  });
  return rows.map((raw) => {
    const normalized = new Map(Object.entries(raw).map(([k, v]) => [normalizeHeader(k), v]));
    const row: CanonicalRow = {};
    for (const col of table.columns) row[col.name] = null;
    for (const { key, target } of sources) {
      const col = byName.get(target)!;
      row[target] = convertCell(normalized.get(key), col.type, format, col.unit).value;
    }
    for (const [k, v] of constants) row[k] = v;
    return row;
  });
}
