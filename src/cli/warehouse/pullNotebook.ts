/**
 * The warehouse parts of a notebook, pulled into the engine before its cells run: every dataset
 * declared with `warehouse:` (unless --data binds it to a file) and every `sql` cell marked
 * `warehouse=NAME`. A dataset that cannot be pulled stops the run (exit 2, like an unreadable file); a
 * warehouse cell that fails is that cell's error (exit 1), and the cells reading it are skipped.
 * Ctrl-C during a pull cancels the query on the warehouse and stops the run.
 */
import { declaredDatasets } from '../../core/notebook/datasets.ts';
import { cells, type Notebook } from '../../core/notebook/model.ts';
import { ParamError, type ParamValue } from '../../core/notebook/params.ts';
import { bindWarehouseQuery, warehouseOfCell } from '../../core/notebook/warehouse.ts';
import type { PulledTable } from '../../core/report/warehouseSection.ts';
import type { NativeEngine } from '../../engines/native/nativeEngine.ts';
import { UsageError } from '../args.ts';
import { resolveConnection, type ResolvedConnection } from './connection.ts';
import { WarehouseError } from './errors.ts';
import { pullQuery, type PullLimits } from './pull.ts';

export interface PulledParts {
  pulled: PulledTable[];
  /** Warehouse cells whose pull failed: the message and the notebook line it points at. */
  cellErrors: Map<string, { error: string; line: number }>;
}

/** Whether the notebook has anything to pull (datasets not bound by --data, or warehouse cells). */
export function hasWarehouseParts(notebook: Notebook, data: ReadonlyMap<string, string>): boolean {
  return declaredDatasets(notebook).some((d) => d.warehouse && !data.has(d.name)) || cells(notebook).some((c) => warehouseOfCell(c) !== null);
}

export async function pullWarehouseParts(
  notebook: Notebook,
  notebookPath: string,
  engine: NativeEngine,
  params: ReadonlyMap<string, ParamValue>,
  data: ReadonlyMap<string, string>,
  limits: PullLimits,
  stderr: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PulledParts> {
  const pulled: PulledTable[] = [];
  const cellErrors = new Map<string, { error: string; line: number }>();
  const connections = new Map<string, ResolvedConnection>();
  const connectionOf = (name: string) => {
    let c = connections.get(name);
    if (!c) {
      c = resolveConnection(name, env);
      if (c.warning) stderr(`warehouse connection \`${name}\`: warning: ${c.warning}`);
      connections.set(name, c);
    }
    return c;
  };
  // Ctrl-C: cancel the query on the warehouse; a second Ctrl-C leaves at once.
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    stderr('cancelling the warehouse query (Ctrl-C again to leave at once)…');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    for (const d of declaredDatasets(notebook)) {
      if (!d.warehouse || data.has(d.name)) continue;
      const what = `dataset \`${d.name}\``;
      let bound;
      try {
        bound = bindWarehouseQuery(d.warehouse.query, params);
      } catch (e) {
        if (e instanceof ParamError) throw new UsageError(`${notebookPath}: ${what}: warehouse query: ${e.message}`);
        throw e;
      }
      const conn = connectionOf(d.warehouse.connection);
      const stats = await pullQuery(engine, { table: d.name, what, query: d.warehouse.query, bound }, conn, limits, stderr, controller.signal);
      pulled.push({ name: d.name, kind: 'dataset', connection: conn.name, query: d.warehouse.query, ...stats, columns: stats.columns.map((c) => ({ ...c })) });
      stderr(pulledLine(d.name, conn.name, stats));
    }
    for (const cell of cells(notebook)) {
      const connection = warehouseOfCell(cell);
      if (connection === null) continue;
      try {
        const bound = bindWarehouseQuery(cell.code, params);
        const conn = connectionOf(connection);
        const stats = await pullQuery(engine, { table: cell.id, what: '', query: cell.code, bound }, conn, limits, stderr, controller.signal);
        pulled.push({ name: cell.id, kind: 'cell', connection: conn.name, query: cell.code, ...stats, columns: stats.columns.map((c) => ({ ...c })) });
        stderr(pulledLine(cell.id, conn.name, stats));
      } catch (e) {
        if (e instanceof WarehouseError && (e.kind === 'cancelled' || e.kind === 'config')) throw e;
        if (!(e instanceof WarehouseError) && !(e instanceof ParamError)) throw e;
        const bodyLine = e instanceof WarehouseError ? e.at?.line : e.offset === undefined ? undefined : cell.code.slice(0, e.offset).split(/\r\n|\n|\r/).length;
        cellErrors.set(cell.id, { error: e.message, line: cell.line + (bodyLine ?? 0) });
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  return { pulled, cellErrors };
}

function pulledLine(name: string, connection: string, s: { rows: number; bytes: number; durationMs: number }): string {
  return `${name}: pulled ${s.rows.toLocaleString('en-US')} row${s.rows === 1 ? '' : 's'} from warehouse connection \`${connection}\` in ${(s.durationMs / 1000).toFixed(1)} s`;
}
