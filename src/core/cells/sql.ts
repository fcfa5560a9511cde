import { bindSqlParams, ParamError, sqlParamRefs } from '../notebook/params.ts';
import { sqlTableRefs } from '../notebook/sqlRefs.ts';
import { tokenizeSql } from '../notebook/sqlTokens.ts';
import { connectionNameProblem, warehouseOfCell } from '../notebook/warehouse.ts';
import { isNumberFormat, NUMBER_FORMATS } from '../format/numbers.ts';
import { CellError, type CellKindDef } from './kind.ts';
import { resultOf } from './result.ts';
import { emptyResultColumnsNote } from './shared/missingMetrics.ts';

/** `sql`: one DuckDB query; its result becomes a table named after the cell. */
export const sqlCell: CellKindDef = {
  kind: 'sql',
  summary: 'A DuckDB query whose result becomes a table named after the cell.',
  references(cell) {
    // A warehouse cell's tables are the warehouse's, not this notebook's.
    if (warehouseOfCell(cell) !== null) return { tables: [], params: sqlParamRefs(cell.code) };
    let tables: string[] = [];
    try {
      tables = sqlTableRefs(cell.code).tables.map((t) => t.name);
    } catch {
      // Unclosed quotes etc. are reported when the cell runs.
    }
    return { tables: [...new Set(tables)], params: sqlParamRefs(cell.code) };
  },
  async run({ cell, engine, params, previewRows }) {
    const connection = warehouseOfCell(cell);
    if (connection !== null) return pulledResult(cell.id, connection, engine, previewRows);
    let sql: string;
    try {
      sql = bindSqlParams(cell.code, params);
    } catch (e) {
      if (e instanceof ParamError) throw new CellError(e.message, e.offset === undefined ? undefined : lineAt(cell.code, e.offset));
      throw e;
    }
    const formats = sqlFormats(cell.code);
    sql = singleStatement(sql);
    const info = await engine.materialize(cell.id, sql);
    // Columns left empty by a metric the data lacks say so, with the column to add to the export.
    const result = await resultOf(engine, info, previewRows, { type: 'table' }, await emptyResultColumnsNote(engine, info, sql));
    return Object.keys(formats).length ? { ...result, formats } : result;
  },
};

/**
 * A warehouse cell (`sql id warehouse=NAME`) was run on the warehouse by `pulse run` / `pulse pull`,
 * which left its result as the table named after the cell; here it is only read. Without that table
 * (the browser, which never connects) the cell says how to get it.
 */
async function pulledResult(id: string, connection: string, engine: Parameters<CellKindDef['run']>[0]['engine'], previewRows: number) {
  const problem = connectionNameProblem(connection);
  if (problem) throw new CellError(`warehouse=${problem}`, 0);
  const info = await engine.describe(id);
  if (!info) {
    throw new CellError(
      `this cell runs on the warehouse connection \`${connection}\`, which only the command line reaches: ` +
        `run the notebook with \`pulse run\`, or open the bundle \`pulse pull NOTEBOOK --out FILE.pulse.zip\` writes (the browser never connects to a warehouse)`,
      0,
    );
  }
  return resultOf(engine, info, previewRows);
}

/**
 * Column formats a sql cell declares in a comment line, `-- format: ctr=percent, spend=money:USD`, so
 * a rate computed in SQL reads as a percentage (see docs/cells.md#sql).
 */
export function sqlFormats(code: string): Record<string, string> {
  const formats: Record<string, string> = {};
  code.split(/\r\n|\n|\r/).forEach((line, i) => {
    const m = /^\s*--\s*format:(.*)$/i.exec(line);
    if (!m) return;
    for (const part of m[1]!.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [name, format] = part.split('=').map((s) => s.trim());
      if (!name || !format || !isNumberFormat(format)) {
        throw new CellError(`\`-- format:\` wants column=format pairs with a format of ${NUMBER_FORMATS.join(', ')} or money:XYZ (an ISO currency code); \`${part}\` is not one`, i + 1);
      }
      formats[name] = format;
    }
  });
  return formats;
}

/** The query without trailing semicolons; more than one statement is an error. */
function singleStatement(sql: string): string {
  const tokens = tokenizeSql(sql);
  let end = tokens.length;
  while (end > 0 && tokens[end - 1]!.text === ';') end--;
  if (end === 0) throw new CellError('the cell is empty: write a query such as SELECT * FROM my_table');
  const inner = tokens.slice(0, end).find((t) => t.text === ';');
  if (inner) throw new CellError('a sql cell holds one query: split the statements into separate cells', lineAt(sql, inner.start));
  return sql.slice(0, tokens[end - 1]!.end);
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split(/\r\n|\n|\r/).length;
}
