import type { CanonicalValue } from './layout.ts';
import type { CanonicalType } from './schema.ts';
import { parseDate, parseDateRange, parseNumber, type DateOrder, type NumberFormat } from './values.ts';

/** How to read a file's cells. */
export interface CellFormat {
  numberFormat: NumberFormat;
  dateOrder: DateOrder;
}

/** Why a cell did not convert; counted per column and reported as warnings. */
export type CellIssue = 'invalid' | 'censored' | null;

/**
 * Convert one raw cell to a canonical value of `type` (`unit` 'fraction' turns `2.35%` into 0.0235).
 * Returns the value, the currency found in the cell, and an issue when the cell could not be read.
 */
export function convertCell(raw: string | undefined, type: CanonicalType, format: CellFormat, unit?: string): { value: CanonicalValue; currency?: string; issue: CellIssue } {
  if (raw === undefined) return { value: null, issue: null };
  const s = raw.trim();
  switch (type) {
    case 'VARCHAR': {
      const v = s === '' || s === '--' || s === '-' ? null : s;
      return { value: v, issue: null };
    }
    case 'BOOLEAN': {
      const l = s.toLowerCase();
      if (['true', 'yes', '1', 'y'].includes(l)) return { value: true, issue: null };
      if (['false', 'no', '0', 'n'].includes(l)) return { value: false, issue: null };
      return { value: null, issue: s === '' ? null : 'invalid' };
    }
    case 'DATE':
    case 'TIMESTAMP': {
      if (s === '' || s === '--' || s === '-') return { value: null, issue: null };
      const d = parseDate(s, format.dateOrder);
      if (!d) {
        // A period cell (`2025-01-05 - 2025-01-11`) dates the row by its first day; the importer sets date_end.
        const range = parseDateRange(s, format.dateOrder);
        return range ? { value: type === 'DATE' ? range.start : `${range.start} 00:00:00`, issue: null } : { value: null, issue: 'invalid' };
      }
      return { value: type === 'DATE' ? d.date : (d.timestamp ?? `${d.date} 00:00:00`), issue: null };
    }
    default: {
      const n = parseNumber(s, format.numberFormat);
      if (n.censored) return { value: null, issue: 'censored' };
      if (n.invalid) return { value: null, issue: 'invalid' };
      let v = n.value;
      if (v !== null && n.percent && unit === 'fraction') v = v / 100;
      if (v !== null && (type === 'BIGINT' || type === 'INTEGER')) v = Math.round(v);
      return { value: v, ...(n.currency ? { currency: n.currency } : {}), issue: null };
    }
  }
}
