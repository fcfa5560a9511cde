/** Small SQL helpers shared by the data-quality cells. */
import { rowsFromTable } from '../../arrow.ts';
import { quoteIdent } from '../../engine.ts';
import type { AnalysisRun } from '../analysis.ts';

/** A SQL string literal. */
export const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Check the columns named by a list option (e.g. `by: [platform, campaign]`) and return them quoted. */
export function listColumns(run: AnalysisRun, key: string, fallback: string[] = []): { names: string[]; quoted: string[] } {
  const names = run.opts.list(key, fallback);
  const quoted = names.map((name) => {
    const col = run.source?.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (!col) return run.opts.fail(key, `\`${name}\` is not a column of \`${run.source?.name}\` (its columns: ${run.source?.columns.map((c) => c.name).join(', ')})`);
    return quoteIdent(col.name);
  });
  return { names: quoted.map((q) => q.slice(1, -1).replaceAll('""', '"')), quoted };
}

/** One column option with a default name; checked against `from:` and returned quoted. */
export function column(run: AnalysisRun, key: string, fallback: string): string {
  const name = run.opts.text(key, fallback);
  const col = run.source?.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!col) return run.opts.fail(key, `\`${name}\` is not a column of \`${run.source?.name}\` (its columns: ${run.source?.columns.map((c) => c.name).join(', ')})${run.opts.has(key) ? '' : ` (set \`${key}:\`)`}`);
  return quoteIdent(col.name);
}

/** One optional column option: quoted when given, undefined otherwise. */
export function optionalColumn(run: AnalysisRun, key: string): string | undefined {
  return run.opts.has(key) ? run.columns(key)[0] : undefined;
}

/** Run SQL and return plain rows. */
export async function queryRows(run: AnalysisRun, sql: string): Promise<Record<string, unknown>[]> {
  return rowsFromTable(await run.query(sql));
}
