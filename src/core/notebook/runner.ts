/**
 * Runs a notebook's cells in graph order on any Engine. The same runner serves the browser worker and
 * the CLI. A failing cell is reported on that cell; cells that read it are skipped; the rest run.
 */
import { CellError, type CellResult } from '../cells/kind.ts';
import { CELL_KIND_DEFS } from '../cells/registry.ts';
import type { Engine } from '../engine.ts';
import { buildGraph, frontMatterParams, type CellGraph } from './graph.ts';
import { cells, type CellBlock, type Notebook } from './model.ts';
import type { ParamValue } from './params.ts';

export type CellStatus = 'ok' | 'error' | 'skipped';

export interface CellRun {
  id: string;
  kind: string;
  status: CellStatus;
  /** What went wrong, prefixed with the file line when known. */
  error?: string;
  /** 1-based line in the notebook file that the error points at. */
  errorLine?: number;
  result?: CellResult;
  durationMs: number;
}

export interface RunOptions {
  /** Parameter overrides by name (front-matter params and input cells), e.g. from `--param`. */
  params?: Record<string, ParamValue | string>;
  /** Names of the datasets bound in the engine. */
  datasets?: Iterable<string>;
  /** Run only these cells (others are assumed up to date); default: all. */
  only?: Iterable<string>;
  /** Rows kept in each cell's preview. */
  previewRows?: number;
  /** Called before and after each cell. */
  onCell?: (event: { id: string; phase: 'start' } | { id: string; phase: 'done'; run: CellRun }) => void;
  /** Checked between cells: stop early when it returns true. */
  cancelled?: () => boolean;
  /** Clock for durations (injectable for tests). */
  now?: () => number;
}

export interface NotebookRun {
  graph: CellGraph;
  runs: Map<string, CellRun>;
  params: Map<string, ParamValue>;
}

/** Parameter values: front matter defaults, then input cell defaults, then overrides. */
export function resolveParams(notebook: Notebook, overrides: Record<string, ParamValue | string> = {}): {
  values: Map<string, ParamValue>;
  errors: Map<string, string>;
} {
  const values = new Map<string, ParamValue>();
  const errors = new Map<string, string>();
  const fm = (notebook.frontMatter?.data.params ?? {}) as Record<string, unknown>;
  for (const name of frontMatterParams(notebook)) {
    let v: ParamValue;
    try {
      v = name in overrides ? coerceLike(fm[name], overrides[name]!) : (fm[name] as ParamValue);
    } catch (e) {
      throw new Error(`parameter \`${name}\`: ${(e as Error).message}`);
    }
    values.set(name, asDateParam(v));
  }
  for (const cell of cells(notebook)) {
    const def = CELL_KIND_DEFS.get(cell.kind);
    if (!def?.paramValue) continue;
    try {
      values.set(cell.id, def.paramValue(cell, overrides[cell.id] as ParamValue | undefined));
    } catch (e) {
      errors.set(cell.id, (e as Error).message);
    }
  }
  return { values, errors };
}

/** A front-matter value written YYYY-MM-DD is a date parameter (a DATE literal in SQL), not text. */
function asDateParam(v: unknown): ParamValue {
  if (v instanceof Date) return { date: v.toISOString().slice(0, 10) };
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return { date: v };
  return v as ParamValue;
}

/** A `--param` text override takes the type of the front-matter default it replaces. */
function coerceLike(defaultValue: unknown, override: ParamValue | string): ParamValue {
  if (typeof override !== 'string') return override;
  if (typeof defaultValue === 'number') {
    const n = Number(override);
    if (override.trim() === '' || !Number.isFinite(n)) throw new Error(`expected a number, got \`${override}\``);
    return n;
  }
  if (typeof defaultValue === 'boolean') return /^(true|yes|1)$/i.test(override);
  if (defaultValue instanceof Date || (typeof defaultValue === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(defaultValue))) return { date: override };
  return override;
}

/** The column titles the kind of the cell named `table` gives its result (none for a loaded table or a body it cannot read). */
function columnLabelsOf(notebookCells: readonly CellBlock[], table: string): Record<string, string> | undefined {
  const source = notebookCells.find((c) => c.id.toLowerCase() === table.toLowerCase());
  if (!source) return undefined;
  try {
    return CELL_KIND_DEFS.get(source.kind)?.columnLabels?.(source);
  } catch {
    return undefined; // the source cell reports its own body's problem
  }
}

/** Run a notebook (or the `only` cells of it) and report each cell. */
export async function runNotebook(notebook: Notebook, engine: Engine, options: RunOptions = {}): Promise<NotebookRun> {
  const now = options.now ?? (() => Date.now());
  const overrides = options.params ?? {};
  const { values: params, errors: paramErrors } = safeResolve(notebook, overrides);
  const graph = buildGraph(notebook, {
    datasets: options.datasets,
    tables: await engine.listTables(),
    params: Object.keys(overrides),
  });
  const notebookCells = cells(notebook);
  const byId = new Map(notebookCells.map((c) => [c.id, c]));
  const only = options.only ? new Set(options.only) : undefined;
  const runs = new Map<string, CellRun>();

  for (const id of graph.order) {
    if (options.cancelled?.()) break;
    const cell = byId.get(id)!;
    const node = graph.nodes.get(id)!;
    if (only && !only.has(id)) {
      await settleSkippedInput(cell, node.error, engine, params);
      continue;
    }
    options.onCell?.({ id, phase: 'start' });
    const started = now();
    let run: CellRun;
    const failedDep = node.deps.find((d) => runs.get(d) && runs.get(d)!.status !== 'ok');
    if (node.error || paramErrors.has(id)) {
      run = failure(cell, new CellError(node.error ?? paramErrors.get(id)!), 0);
    } else if (failedDep) {
      run = { id, kind: cell.kind, status: 'skipped', error: `not run: cell \`${failedDep}\` that it reads did not run`, durationMs: 0 };
    } else {
      try {
        const result = await CELL_KIND_DEFS.get(cell.kind)!.run({ cell, engine, params, previewRows: options.previewRows ?? 1000, notebookCells, notebook, columnLabels: (t) => columnLabelsOf(notebookCells, t) });
        run = { id, kind: cell.kind, status: 'ok', result, durationMs: now() - started };
        // An input whose value depends on the data (options read from a table) settles it when it runs.
        if (result.output.type === 'input') params.set(id, result.output.value);
      } catch (e) {
        run = failure(cell, e, now() - started);
      }
    }
    runs.set(id, run);
    options.onCell?.({ id, phase: 'done', run });
  }
  return { graph, runs, params };
}

/**
 * A cell left out of an `only` run still defines its parameter: an input reading its options from a
 * table settles its value from the data as it is (a failure leaves the declared value; the input's own
 * run reports it).
 */
async function settleSkippedInput(cell: CellBlock, graphError: string | undefined, engine: Engine, params: Map<string, ParamValue>): Promise<void> {
  const def = CELL_KIND_DEFS.get(cell.kind);
  if (!def?.settleParam || graphError) return;
  try {
    params.set(cell.id, await def.settleParam({ cell, engine, params }));
  } catch {
    // Left as resolved; the cell shows the problem when it runs.
  }
}

function safeResolve(notebook: Notebook, overrides: Record<string, ParamValue | string>) {
  try {
    return resolveParams(notebook, overrides);
  } catch (e) {
    // A bad front-matter override fails every cell that could read it; say so on each.
    const errors = new Map(cells(notebook).map((c) => [c.id, `parameter error: ${(e as Error).message}`]));
    return { values: new Map<string, ParamValue>(), errors };
  }
}

function failure(cell: CellBlock, e: unknown, durationMs: number): CellRun {
  const message = e instanceof Error ? e.message : String(e);
  const bodyLine = e instanceof CellError ? e.bodyLine : sqlErrorLine(message);
  const errorLine = bodyLine === undefined ? cell.line : cell.line + bodyLine;
  return { id: cell.id, kind: cell.kind, status: 'error', error: message, errorLine, durationMs };
}

/** DuckDB's errors name the query line as `LINE n:`; map it to the file. */
function sqlErrorLine(message: string): number | undefined {
  const m = /LINE (\d+):/.exec(message);
  return m ? Number(m[1]) : undefined;
}
