/** Display text of one result value, by DuckDB type. */
export function formatValue(v: unknown, type: string): string {
  if (v === null || v === undefined) return '∅';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (type === 'DATE') return new Date(v).toISOString().slice(0, 10);
    if (type.startsWith('TIMESTAMP')) return new Date(v).toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '');
    return Number.isInteger(v) ? String(v) : v.toLocaleString('en-US', { maximumFractionDigits: 6, useGrouping: false });
  }
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') return JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x));
  return String(v);
}
