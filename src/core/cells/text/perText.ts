/**
 * Plumbing for text kinds that work one text at a time in TypeScript: number the `from` rows in
 * DuckDB, read the texts in batches (memory stays bounded on millions of posts), register what was
 * computed per row as a helper table and join it back in SQL, so every input row is kept in order.
 */
import { numberColumn, tableFromColumns, textColumn, type ColumnType } from '../../arrow.ts';
import { quoteIdent } from '../../engine.ts';
import { fromClause, type AnalysisRun } from '../analysis.ts';

export const ROW = '__pulse_row';
/** Texts read per query. */
const BATCH = 20_000;
/** Separator of list values in the helper table (split back into a list in SQL); never in text. */
const UNIT = '\u001f';

export interface PerTextColumn<T> {
  name: string;
  /** A scalar type, or `LIST` for a list of texts (VARCHAR[]). */
  type: ColumnType | 'LIST';
  value(result: T): unknown;
}

export interface PerTextOutput {
  /** SQL of every `from` row (in order, the helper row number excluded) plus the computed columns. */
  sql: string;
  cleanup: () => Promise<void>;
  /** Rows whose text was NULL (their computed columns are NULL). */
  missing: number;
}

async function dropQuietly(run: AnalysisRun, name: string): Promise<void> {
  try {
    await run.engine.drop(name);
  } catch {
    // Never created (an error before it): nothing to clean up.
  }
}

/** Fail when `from` already has one of the columns the kind adds (a join would be ambiguous). */
export function refuseClashes(run: AnalysisRun, kind: string, added: readonly string[]): void {
  const clash = run.source!.columns.find((c) => added.includes(c.name.toLowerCase()));
  if (clash) run.opts.fail('from', `\`${run.source!.name}\` already has a column \`${clash.name}\`; rename it in SQL first (${kind} adds ${added.join(', ')})`);
}

/**
 * Apply `perText` to each non-NULL text of the quoted column `text` and return SQL giving every input
 * row with the columns. `extra` adds SQL expressions over those columns (`expr AS name, …`, e.g. a routing CASE).
 */
export async function perTextColumns<T>(
  run: AnalysisRun,
  text: string,
  columns: readonly PerTextColumn<T>[],
  perText: (text: string) => T,
  extra = '',
): Promise<PerTextOutput> {
  const numbered = `__${run.cell.id}_rows`;
  const computed = `__${run.cell.id}_computed`;
  const cleanup = async () => {
    await dropQuietly(run, numbered);
    await dropQuietly(run, computed);
  };
  try {
    await run.engine.materialize(numbered, `SELECT row_number() OVER () AS ${ROW}, * ${fromClause(run)}`);
    const ids: number[] = [];
    const values: unknown[][] = columns.map(() => []);
    let missing = 0;
    const total = run.source!.rowCount;
    for (let lo = 0; lo < total; lo += BATCH) {
      const t = await run.query(`SELECT ${ROW} AS r, CAST(${text} AS VARCHAR) AS t FROM ${quoteIdent(numbered)} WHERE ${ROW} > ${lo} AND ${ROW} <= ${lo + BATCH} ORDER BY ${ROW}`);
      const rowIds = numberColumn(t, 'r');
      const texts = textColumn(t, 't');
      rowIds.forEach((id, k) => {
        const s = texts[k];
        if (s === null || s === undefined) {
          missing++;
          return;
        }
        const result = perText(s);
        ids.push(id!);
        columns.forEach((c, j) => {
          const v = c.value(result);
          values[j]!.push(c.type === 'LIST' ? (v as string[]).map((x) => x.replaceAll(UNIT, ' ')).join(UNIT) : v);
        });
      });
    }
    await run.engine.registerArrow(computed, tableFromColumns([
      { name: ROW, type: 'BIGINT', values: ids },
      ...columns.map((c, j) => ({ name: c.name, type: c.type === 'LIST' ? ('VARCHAR' as const) : c.type, values: values[j]! })),
    ]));
    // Lists travel as separator-joined text (Arrow list building differs between engines) and are split in SQL.
    const out = columns.map((c) => {
      const q = `c.${quoteIdent(c.name)}`;
      return c.type === 'LIST' ? `CASE WHEN ${q} IS NULL THEN NULL WHEN ${q} = '' THEN []::VARCHAR[] ELSE string_split(${q}, chr(31)) END AS ${quoteIdent(c.name)}` : `${q} AS ${quoteIdent(c.name)}`;
    });
    const joined = `SELECT t.*, ${out.join(', ')} FROM ${quoteIdent(numbered)} t LEFT JOIN ${quoteIdent(computed)} c ON t.${ROW} = c.${ROW}`;
    const sql = `SELECT * EXCLUDE (${ROW})${extra ? `, ${extra}` : ''} FROM (${joined}) ORDER BY ${ROW}`;
    return { sql, cleanup, missing };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
