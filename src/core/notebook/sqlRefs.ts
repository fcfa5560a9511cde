/**
 * Which tables a SQL cell reads. Only names in table position count (after FROM, JOIN, a comma in a
 * FROM list, DESCRIBE/SUMMARIZE/PIVOT/UNPIVOT/TABLE), minus the statement's own CTE names, so a column,
 * a string or a comment that happens to spell a cell id never creates an edge.
 */
import { tokenizeSql, type SqlToken } from './sqlTokens.ts';

/** Words after which a table name follows. */
const TABLE_INTRO = new Set(['from', 'join', 'describe', 'summarize', 'pivot', 'unpivot', 'table']);
/** Words that end a FROM list at the current depth. */
const CLAUSE_END = new Set([
  'where', 'group', 'having', 'order', 'limit', 'offset', 'qualify', 'window', 'union', 'except',
  'intersect', 'select', 'returning', 'sample', 'tablesample', 'values',
]);
/** Words that may precede '(' without making it a function call. */
const NOT_A_CALL = new Set([
  'in', 'exists', 'as', 'from', 'join', 'on', 'using', 'and', 'or', 'not', 'where', 'select', 'any',
  'all', 'some', 'lateral', 'values', 'over', 'filter', 'within', 'materialized', 'then', 'else',
  'when', 'case', 'by', 'having', 'union', 'except', 'intersect', 'is', 'like', 'with', 'recursive',
]);
const STATEMENT_START = new Set(['select', 'with', 'from', 'values', 'table', 'pivot', 'unpivot']);
/** Words that may stand between the keyword and the table: FROM LATERAL, FROM ONLY, UNPIVOT INCLUDE NULLS. */
const TABLE_PREFIX = new Set(['lateral', 'only', 'include', 'exclude', 'nulls']);

export interface TableRef {
  /** Identifier as DuckDB compares it: lower-cased unless quoted. */
  name: string;
  start: number;
  end: number;
}

export interface SqlRefs {
  tables: TableRef[];
  /** CTE names the statement defines itself. */
  ctes: string[];
}

interface Frame {
  /** The paren is a function call's argument list (then FROM inside is EXTRACT(x FROM y), not a table). */
  call: boolean;
  /** Inside a FROM list at this depth. */
  inFrom: boolean;
  /** Next word is a table name. */
  expectTable: boolean;
  cte: 'none' | 'name' | 'afterName' | 'afterBody';
  /** The FROM list belongs to PIVOT / UNPIVOT, whose ON takes columns, not join conditions. */
  pivot: boolean;
}

const newFrame = (call: boolean): Frame => ({ call, inFrom: false, expectTable: false, cte: 'none', pivot: false });

/** Find the table references and CTE names of one or more SQL statements. */
export function sqlTableRefs(sql: string): SqlRefs {
  return tableRefsOfTokens(tokenizeSql(sql));
}

export function tableRefsOfTokens(tokens: SqlToken[]): SqlRefs {
  const tables: TableRef[] = [];
  const ctes = new Set<string>();
  const stack: Frame[] = [newFrame(false)];
  let prev: SqlToken | undefined;

  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const frame = stack.at(-1)!;
    const isWord = t.type === 'word';
    const name = t.type === 'word' || t.type === 'quoted' ? t.value : undefined;

    if (t.type === 'punct' && t.text === '(') {
      const call = prev?.type === 'word' && !NOT_A_CALL.has(prev.value) && !frame.expectTable
        && !STATEMENT_START.has(tokens[k + 1]?.value ?? '');
      const cteBody = frame.cte === 'afterName' && (prev?.value === 'as' || prev?.value === 'materialized');
      if (frame.cte === 'afterName' && cteBody) frame.cte = 'afterBody';
      frame.expectTable = false; // FROM (subquery)
      stack.push(newFrame(call));
    } else if (t.type === 'punct' && t.text === ')') {
      if (stack.length > 1) stack.pop();
    } else if (t.type === 'punct' && t.text === ',') {
      if (frame.cte === 'afterBody') frame.cte = 'name';
      else if (frame.inFrom) frame.expectTable = true;
    } else if (t.type === 'punct' && t.text === ';') {
      stack.length = 0;
      stack.push(newFrame(false));
    } else if (isWord && t.value === 'with' && frame.cte === 'none' && !frame.inFrom) {
      frame.cte = 'name';
    } else if (isWord && t.value === 'recursive' && frame.cte === 'name') {
      // WITH RECURSIVE name AS (…)
    } else if (frame.cte === 'name' && name !== undefined) {
      ctes.add(name);
      frame.cte = 'afterName';
    } else if (isWord && TABLE_INTRO.has(t.value) && !frame.call) {
      // `table` is only a statement keyword at the start: elsewhere it is a plain word.
      if (t.value !== 'table' || prev === undefined || prev.text === ';' || prev.text === '(') {
        frame.inFrom = true;
        frame.expectTable = true;
        frame.pivot = t.value === 'pivot' || t.value === 'unpivot';
        if (frame.cte === 'afterBody') frame.cte = 'none';
      }
    } else if (isWord && (t.value === 'on' || t.value === 'using') && frame.inFrom && frame.pivot) {
      // PIVOT t ON col1, col2 USING …: the list after ON names columns.
      frame.inFrom = false;
      frame.expectTable = false;
    } else if (isWord && (t.value === 'on' || t.value === 'using') && frame.inFrom) {
      // A join condition: commas at this depth still separate tables (… USING (id), events e).
      frame.expectTable = false;
    } else if (isWord && CLAUSE_END.has(t.value)) {
      frame.inFrom = false;
      frame.expectTable = false;
      if (frame.cte === 'afterBody' && t.value === 'select') frame.cte = 'none';
    } else if (frame.expectTable && isWord && TABLE_PREFIX.has(t.value)) {
      // FROM LATERAL (…), FROM ONLY t
    } else if (frame.expectTable && name !== undefined) {
      frame.expectTable = false;
      const after = tokens[k + 1];
      if (after?.text === '(') {
        // A table function such as read_csv('…'): not a reference.
      } else if (after?.text === '.') {
        // schema.table or db.schema.table: a reference only when it names the default schema.
        const parts = [name];
        let j = k + 1;
        while (tokens[j]?.text === '.' && (tokens[j + 1]?.type === 'word' || tokens[j + 1]?.type === 'quoted')) {
          parts.push(tokens[j + 1]!.value);
          j += 2;
        }
        const last = tokens[j - 1]!;
        if (parts.length === 2 && (parts[0] === 'main' || parts[0] === 'memory')) {
          tables.push({ name: parts[1]!, start: t.start, end: last.end });
        }
        k = j - 1;
      } else {
        tables.push({ name, start: t.start, end: t.end });
      }
    }
    prev = t;
  }
  const cteList = [...ctes];
  return { tables: tables.filter((r) => !ctes.has(r.name)), ctes: cteList };
}
