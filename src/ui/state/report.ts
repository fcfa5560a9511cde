/**
 * The static HTML report of the open notebook, from the core's `htmlReport`: each cell's state, the
 * first rows of its result (fetched from the worker as Arrow) and the chart SVGs as drawn on the page.
 */
import { tableFromIPC } from 'apache-arrow';
import type { CellOutput } from '../../core/cells/kind';
import { cells } from '../../core/notebook/model';
import type { CellRun } from '../../core/notebook/runner';
import { htmlReport, REPORT_TABLE_ROWS } from '../../core/report/report';
import type { NotebookState } from './notebook.svelte';
import type { EngineState } from './engine.svelte';

export async function notebookReport(nb: NotebookState, engine: EngineState, svgs: ReadonlyMap<string, string>): Promise<string> {
  return htmlReport(nb.notebook!, await reportRuns(nb, engine, svgs), svgs);
}

/** Each cell's run as the report shows it, with the first rows of each table fetched from the worker. */
export async function reportRuns(nb: NotebookState, engine: EngineState, svgs: ReadonlyMap<string, string>): Promise<Map<string, CellRun>> {
  const notebook = nb.notebook;
  if (!notebook) throw new Error('The notebook has a format error: fix it before making a report.');
  const runs = new Map<string, CellRun>();
  for (const cell of cells(notebook)) {
    const r = nb.runs[cell.id];
    if (!r || (r.status !== 'ok' && r.status !== 'error' && r.status !== 'skipped')) continue;
    if (r.status !== 'ok') {
      runs.set(cell.id, { id: cell.id, kind: cell.kind, status: r.status, error: r.error, errorLine: r.errorLine, durationMs: r.durationMs ?? 0 });
      continue;
    }
    let preview = tableFromIPC(new Uint8Array(0));
    if (r.table && !svgs.has(cell.id)) {
      const table = r.table;
      const page = await engine.client.call((api) => api.fetchRows(table, 0, REPORT_TABLE_ROWS));
      preview = tableFromIPC(page.ipc);
    }
    const output = (r.output as CellOutput | undefined) ?? { type: 'table' };
    runs.set(cell.id, {
      id: cell.id,
      kind: cell.kind,
      status: 'ok',
      durationMs: r.durationMs ?? 0,
      result: { columns: r.columns ?? [], rowCount: r.rowCount ?? 0, preview, output, ...(r.note ? { note: r.note } : {}) },
    });
  }
  return runs;
}
