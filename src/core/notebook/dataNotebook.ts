/**
 * The notebook a data file starts when it is dropped or opened outside a notebook: the dataset
 * declared in front matter (so the notebook asks for the file by name wherever it is opened), a
 * preview query ready to run, and a profile of every column (DuckDB's SUMMARIZE).
 */
import { stringify as stringifyYaml } from 'yaml';

export interface DataFile {
  /** Table name the file was imported as. */
  table: string;
  /** The file's own name, as the user knows it. */
  fileName: string;
  /** Canonical schema the importers mapped it to, if any. */
  schema?: string;
}

/** How many rows the first query shows: enough to scroll, little enough to come back at once. */
const PREVIEW_ROWS = 100;

/**
 * @example
 * notebookForData({ table: 'orders', fileName: 'orders.csv' })
 * // '---\ntitle: orders.csv\ndatasets:\n  orders:\n    file: orders.csv\n---\n\n# orders.csv\n…```sql preview\nSELECT * FROM orders LIMIT 100\n```…'
 */
export function notebookForData(data: DataFile): string {
  const front = stringifyYaml({ title: data.fileName, datasets: { [data.table]: { file: data.fileName, ...(data.schema ? { schema: data.schema } : {}) } } }, { lineWidth: 0 });
  const ident = /^[a-z_][a-z0-9_]*$/.test(data.table) ? data.table : `"${data.table.replace(/"/g, '""')}"`;
  return [
    `---\n${front}---`,
    '',
    `# ${data.fileName.replace(/([\\`*_[\]<>#])/g, '\\$1')}`,
    '',
    `Table \`${data.table}\`, from your file. The first rows:`,
    '',
    '```sql preview',
    `SELECT * FROM ${ident} LIMIT ${PREVIEW_ROWS}`,
    '```',
    '',
    'Every column at a glance: its type, range, distinct values and share of nulls.',
    '',
    '```sql profile',
    `SELECT * FROM (SUMMARIZE ${ident})`,
    '```',
    '',
  ].join('\n');
}
