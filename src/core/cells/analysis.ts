/**
 * Shared plumbing for declarative analysis cells: read the YAML body (with `${param}`s bound), check
 * the `from:` table and its columns, aggregate in SQL, run the analysis in TypeScript, and register the
 * rows as the cell's result table.
 */
import type { Table } from 'apache-arrow';
import { tableFromRows, type ColumnType } from '../arrow.ts';
import { quoteIdent, type Engine, type TableInfo } from '../engine.ts';
import { bindYamlParams, textParamRefs } from '../notebook/params.ts';
import { CellError, type CellContext, type CellKindDef, type CellResult } from './kind.ts';
import { emptyInputNote, registerResult, resultOf } from './result.ts';
import type { CellBlock } from '../notebook/model.ts';
import type { ParamValue } from '../notebook/params.ts';
import { lineOfKey, readYamlBody } from './yamlBody.ts';
import { exportHeaderFor, missingMetricHint, platformsOf } from './shared/missingMetrics.ts';

/** Typed access to an analysis cell's options, with errors that name the key and its line. */
export class Options {
  constructor(
    readonly kind: string,
    readonly data: Record<string, unknown>,
    private readonly code: string,
  ) {}

  fail(key: string, message: string): never {
    throw new CellError(`${this.kind} \`${key}:\` ${message}`, lineOfKey(this.code, key) ?? 1);
  }

  has(key: string): boolean {
    return this.data[key] !== undefined && this.data[key] !== null;
  }

  text(key: string, fallback?: string): string {
    const v = this.data[key];
    if (v === undefined || v === null) {
      if (fallback !== undefined) return fallback;
      throw new CellError(`the ${this.kind} cell needs \`${key}:\``, 1);
    }
    if (typeof v !== 'string' && typeof v !== 'number') this.fail(key, 'must be text');
    return String(v).trim();
  }

  optionalText(key: string): string | undefined {
    return this.has(key) ? this.text(key) : undefined;
  }

  number(key: string, fallback?: number, range?: { min?: number; max?: number; exclusive?: boolean }): number {
    const v = this.data[key];
    if (v === undefined || v === null) {
      if (fallback !== undefined) return fallback;
      throw new CellError(`the ${this.kind} cell needs \`${key}:\` (a number)`, 1);
    }
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(n)) this.fail(key, `must be a number (got \`${String(v)}\`)`);
    if (range?.min !== undefined && (range.exclusive ? n <= range.min : n < range.min)) this.fail(key, `must be ${range.exclusive ? 'above' : 'at least'} ${range.min}`);
    if (range?.max !== undefined && (range.exclusive ? n >= range.max : n > range.max)) this.fail(key, `must be ${range.exclusive ? 'below' : 'at most'} ${range.max}`);
    return n;
  }

  /** A date as `YYYY-MM-DD`: written in the body, or a date parameter (`${as_of}`). */
  date(key: string, fallback?: string): string {
    const v = this.data[key];
    if (v === undefined || v === null) {
      if (fallback !== undefined) return fallback;
      throw new CellError(`the ${this.kind} cell needs \`${key}:\` (a date, YYYY-MM-DD)`, 1);
    }
    const text = v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'object' && 'date' in v ? String((v as { date: unknown }).date) : String(v).trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text))) this.fail(key, `must be a date written YYYY-MM-DD (got \`${String(text)}\`)`);
    return text;
  }

  choice<T extends string>(key: string, choices: readonly T[], fallback: T): T {
    const v = this.data[key];
    if (v === undefined || v === null) return fallback;
    if (!choices.includes(String(v) as T)) this.fail(key, `must be one of ${choices.join(', ')} (got \`${String(v)}\`)`);
    return String(v) as T;
  }

  list(key: string, fallback: string[] = []): string[] {
    const v = this.data[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
    if (!Array.isArray(v)) this.fail(key, 'must be a list');
    return v.map(String);
  }
}

export interface AnalysisRun {
  opts: Options;
  engine: Engine;
  /** The `from:` table, checked to exist (undefined when the kind takes no `from:`). */
  source?: TableInfo;
  /** Check that the named columns exist in `from:` and return them quoted for SQL. */
  columns(...keys: string[]): string[];
  /** Run SQL and return its Arrow result. */
  query(sql: string): Promise<Table>;
  /** Check a table named by an option (other than `from:`) and return its description. */
  table(key: string): Promise<TableInfo>;
  /** The cell being run, its notebook's cells (when run in a notebook) and the parameter values. */
  cell: CellBlock;
  notebookCells?: readonly CellBlock[];
  params: ReadonlyMap<string, ParamValue>;
}

/**
 * What an analysis computes: rows built in TypeScript (small results), one SQL query that the
 * engine stores as the result table (row-level results that must scale to millions of rows), or an
 * Arrow table built column-wise in TypeScript. `cleanup` runs after the SQL is stored (dropping the
 * helper tables it read).
 * `notes` say what the user should know about the result (an empty input, a caveat).
 */
export type AnalysisOutput = (
  | { rows: Record<string, unknown>[]; types?: Record<string, ColumnType>; columns?: string[] }
  | { sql: string; cleanup?: () => Promise<void> }
  | { table: Table }
) & {
  /** Shown on the cell: why the result is empty or partly null (see CellResult.note). */
  note?: string | undefined;
  /** Several things to say; joined into the cell's note. */
  notes?: string[];
  /** Formats of columns named at run time (e.g. ctr's definitions). */
  formats?: Record<string, string>;
};

export interface AnalysisKind {
  kind: string;
  summary: string;
  /** Whether the cell reads a table through `from:` (most do). */
  needsFrom?: boolean;
  /** How output columns read (percent, money, count…); AnalysisOutput.formats adds per-run ones. */
  formats?: Record<string, string>;
  /** The result's finding in one plain line (tested per kind on real values). */
  verdict?(rows: Record<string, unknown>[], options?: Record<string, unknown>): string | undefined;
  /** Other options that name tables the cell reads (a name or a list of names), for the dependency graph. */
  tableKeys?: string[];
  /** Titles of output columns given by the cell's options (its YAML body), for plots of the result (CellKindDef.columnLabels). */
  columnLabels?(options: Record<string, unknown>): Record<string, string>;
  compute(run: AnalysisRun): Promise<AnalysisOutput>;
}

/** Build a CellKindDef from an analysis description. */
export function analysisCell(def: AnalysisKind): CellKindDef {
  const needsFrom = def.needsFrom ?? true;
  return {
    kind: def.kind,
    summary: def.summary,
    ...(def.formats ? { formats: def.formats } : {}),
    ...(def.verdict ? { verdict: def.verdict } : {}),
    ...(def.columnLabels ? { columnLabels: (cell: CellBlock) => def.columnLabels!(readYamlBody(cell.code, def.kind)) } : {}),
    references(cell) {
      const data = readYamlBody(cell.code, def.kind);
      const named = ['from', ...(def.tableKeys ?? [])].flatMap((k) => {
        const v = data[k];
        return typeof v === 'string' ? [v.trim()] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((x) => x.trim()) : [];
      });
      return { tables: [...new Set(named.filter((t) => t && !t.includes('${')))], params: textParamRefs(cell.code) };
    },
    async run(ctx: CellContext): Promise<CellResult> {
      const raw = readYamlBody(ctx.cell.code, def.kind);
      const bound = bindYamlParams(raw, ctx.params) as Record<string, unknown>;
      // Every option the kind reads is recorded, so an option it never read (a typo, a renamed key)
      // is said on the cell instead of silently changing nothing.
      const read = new Set<string>();
      const data = new Proxy(bound, {
        get(target, key, receiver) {
          if (typeof key === 'string') read.add(key);
          return Reflect.get(target, key, receiver);
        },
      });
      const opts = new Options(def.kind, data, ctx.cell.code);
      let source: TableInfo | undefined;
      if (needsFrom || (opts.has('from') && !Array.isArray(opts.data.from))) {
        const from = opts.text('from');
        source = (await ctx.engine.describe(from)) ?? opts.fail('from', `no table named \`${from}\``);
      }
      const run: AnalysisRun = {
        opts,
        engine: ctx.engine,
        ...(source ? { source } : {}),
        columns(...keys) {
          return keys.map((key) => {
            const name = opts.text(key);
            const col = source?.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
            if (!col) return opts.fail(key, `\`${name}\` is not a column of \`${source?.name}\` (its columns: ${source?.columns.map((c) => c.name).join(', ')})`);
            return quoteIdent(col.name);
          });
        },
        query: (sql) => ctx.engine.query(sql),
        async table(key) {
          const name = opts.text(key);
          return (await ctx.engine.describe(name)) ?? opts.fail(key, `no table named \`${name}\``);
        },
        cell: ctx.cell,
        ...(ctx.notebookCells ? { notebookCells: ctx.notebookCells } : {}),
        params: ctx.params,
      };
      let out;
      try {
        out = await def.compute(run);
      } catch (e) {
        if (e instanceof CellError) throw e;
        throw new CellError(`${def.kind}: ${(e as Error).message}`);
      }
      const result =
        'sql' in out
          ? await resultOf(ctx.engine, await materialize(ctx, def.kind, out.sql).finally(() => out.cleanup?.()), ctx.previewRows)
          : 'table' in out
            ? await registerResult(ctx.engine, ctx.cell.id, out.table, ctx.previewRows)
            : await registerResult(ctx.engine, ctx.cell.id, tableFromRows(out.rows, out.types, out.columns), ctx.previewRows);
      // A kind's own notes are the most specific; else an empty input explains an empty result best.
      // A kind that stops early on empty input has not read its other options: no "ignored" claim then.
      const stoppedEarly = 'rows' in out && out.rows.length === 0;
      const unread = stoppedEarly ? [] : Object.keys(bound).filter((k) => !read.has(k));
      const ignored = unread.length
        ? `${unread.map((k) => `\`${k}:\``).join(', ')} ${unread.length === 1 ? 'is not an option' : 'are not options'} of ${def.kind} here and ${unread.length === 1 ? 'was' : 'were'} ignored (a typo? see docs/cells.md)`
        : undefined;
      const said = out.notes?.length ? out.notes.join('; ') : source?.rowCount === 0 ? emptyInputNote(source.name) : out.note;
      const note = [said, ignored].filter(Boolean).join('; ') || undefined;
      const formats = { ...def.formats, ...out.formats };
      const verdict = 'rows' in out && out.rows.length > 0 ? def.verdict?.(out.rows, data) : undefined;
      return { ...result, ...(note ? { note } : {}), ...(Object.keys(formats).length ? { formats } : {}), ...(verdict ? { verdict } : {}) };
    },
  };
}

async function materialize(ctx: CellContext, kind: string, sql: string): Promise<TableInfo> {
  try {
    return await ctx.engine.materialize(ctx.cell.id, sql);
  } catch (e) {
    throw new CellError(`${kind}: ${(e as Error).message}`);
  }
}

/** `FROM "table"` for the checked source. */
export const fromClause = (run: AnalysisRun) => `FROM ${quoteIdent(run.source!.name)}`;

/**
 * What is missing from metric columns of the checked source (quoted names, as `run.columns` returns
 * them): a column with no value at all is a metric the data does not have (importers set such a
 * column NULL), and one empty in some rows leaves those rows out of sums. Undefined when every row has
 * every metric. Kinds filter such rows out in SQL and show null, never 0, where nothing is left.
 */
export async function missingMetricNote(run: AnalysisRun, quoted: string[]): Promise<string | undefined> {
  const cols = [...new Set(quoted)];
  if (!run.source || cols.length === 0) return undefined;
  const t = await run.query(`SELECT count(*)::DOUBLE AS n, ${cols.map((c, k) => `count(${c})::DOUBLE AS c${k}`).join(', ')} ${fromClause(run)}`);
  const n = Number(t.getChild('n')?.get(0) ?? 0);
  if (n === 0) return undefined;
  const parts: string[] = [];
  const names = cols.map((c) => c.slice(1, -1).replaceAll('""', '"'));
  // An imported export's rows carry their platform: the note names the header the export lacks.
  const absent = names.filter((_, k) => Number(t.getChild(`c${k}`)?.get(0) ?? 0) === 0);
  const platforms = absent.length ? await platformsOf(run, run.source!) : [];
  cols.forEach((_, k) => {
    const have = Number(t.getChild(`c${k}`)?.get(0) ?? 0);
    const name = names[k]!;
    const why = platforms.some((p) => exportHeaderFor(p, name)) ? missingMetricHint(name, platforms) : 'the data has no such metric';
    if (have === 0) parts.push(`\`${name}\` has no values in \`${run.source!.name}\` (${why}): what needs it is null or left out, never 0`);
    else if (have < n) parts.push(`\`${name}\` is empty in ${n - have} of ${n} rows of \`${run.source!.name}\`; those rows are left out`);
  });
  return parts.length ? parts.join('; ') : undefined;
}

/** Result types for a kind's columns: DOUBLE unless named as text or boolean (an empty result keeps them). */
export function columnTypes(columns: readonly string[], text: readonly string[] = [], bool: readonly string[] = []): Record<string, ColumnType> {
  return Object.fromEntries(columns.map((c) => [c, text.includes(c) ? 'VARCHAR' : bool.includes(c) ? 'BOOLEAN' : 'DOUBLE']));
}

/** `WHERE a IS NOT NULL AND b IS NOT NULL …` for quoted columns. */
export const allPresent = (quoted: string[]) => quoted.map((c) => `${c} IS NOT NULL`).join(' AND ');
