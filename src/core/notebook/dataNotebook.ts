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
 * One file: cells `preview` and `profile`; several: `<table>_preview` and `<table>_profile` for each.
 * @example
 * notebookForData([{ table: 'orders', fileName: 'orders.csv' }])
 * // '---\ntitle: orders.csv\ndatasets:\n  orders:\n    file: orders.csv\n---\n\n# orders.csv\n…```sql preview\nSELECT * FROM orders LIMIT 100\n```…'
 */
export function notebookForData(files: DataFile[]): string {
  if (files.length === 0) throw new Error('notebookForData needs at least one file');
  const title = files.length === 1 ? files[0]!.fileName : `${files[0]!.fileName} and ${files.length - 1} more`;
  const datasets = Object.fromEntries(files.map((f) => [f.table, { file: f.fileName, ...(f.schema ? { schema: f.schema } : {}) }]));
  const front = stringifyYaml({ title, datasets }, { lineWidth: 0 });
  const lines = [`---\n${front}---`, ''];
  for (const f of files) {
    const ident = /^[a-z_][a-z0-9_]*$/.test(f.table) ? f.table : `"${f.table.replace(/"/g, '""')}"`;
    const prefix = files.length === 1 ? '' : `${f.table.replace(/\W+/g, '_')}_`;
    lines.push(
      `# ${escapeMarkdown(f.fileName)}`,
      '',
      `Table \`${f.table}\`, from your file. The first rows:`,
      '',
      `\`\`\`sql ${prefix}preview`,
      `SELECT * FROM ${ident} LIMIT ${PREVIEW_ROWS}`,
      '```',
      '',
      'Every column at a glance: its type, range, distinct values and share of nulls.',
      '',
      `\`\`\`sql ${prefix}profile`,
      `SELECT * FROM (SUMMARIZE ${ident})`,
      '```',
      '',
    );
  }
  return lines.join('\n');
}

function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_[\]<>#])/g, '\\$1');
}
