/**
 * One open notebook: its text (the saved form), the parsed blocks, and each cell's run state. Edits go
 * through the core's pure edit functions; run state changes only through `apply*` helpers here.
 */
import { parseNotebook, serializeNotebook } from '../../core/notebook/format';
import { cells, type Notebook } from '../../core/notebook/model';
import { setCellCode } from '../../core/notebook/edit';
import { buildGraph, dependentsOf, staleAfterEdit } from '../../core/notebook/graph';
import type { CellUpdate } from '../../engines/wasm/protocol';
import type { EngineState } from './engine.svelte';

export type CellStatus = 'idle' | 'stale' | 'queued' | 'running' | 'ok' | 'error' | 'skipped';

export interface CellRunState {
  status: CellStatus;
  startedAt?: number;
  error?: string;
  errorLine?: number;
  rowCount?: number;
  columns?: { name: string; type: string }[];
  durationMs?: number;
  table?: string;
  output?: unknown;
  /** Bumped when a new result arrives, so grids refetch. */
  version: number;
}

export class NotebookState {
  text = $state('');
  parseError = $state<string | null>(null);
  notebook = $state.raw<Notebook | null>(null);
  runs = $state<Record<string, CellRunState>>({});
  running = $state(false);
  /** Re-run dependents after an edit is run (reactive); off for heavy notebooks. */
  reactive = $state(true);

  constructor(
    readonly key: string,
    text: string,
    private readonly engine: EngineState,
  ) {
    this.setText(text);
  }

  get title(): string {
    const t = this.notebook?.frontMatter?.data.title;
    return typeof t === 'string' ? t : 'Untitled notebook';
  }

  setText(text: string): void {
    this.text = text;
    try {
      this.notebook = parseNotebook(text);
      this.parseError = null;
    } catch (e) {
      this.parseError = e instanceof Error ? e.message : String(e);
    }
  }

  /** Replace a cell's code; it and its dependents become stale. */
  editCell(id: string, code: string): void {
    const before = this.notebook;
    if (!before) return;
    const after = setCellCode(before, id, code);
    this.notebook = after;
    this.text = serializeNotebook(after);
    for (const stale of staleAfterEdit(before, after)) {
      const r = this.runs[stale];
      if (r && r.status !== 'running') r.status = 'stale';
    }
  }

  /** Run every cell. */
  runAll(): Promise<void> {
    return this.run(undefined);
  }

  /** Run one cell and, when reactive, the cells downstream of it. */
  runCell(id: string): Promise<void> {
    const nb = this.notebook;
    if (!nb) return Promise.resolve();
    const ids = [id];
    if (this.reactive) {
      const graph = buildGraph(nb, { datasets: this.engine.datasets });
      ids.push(...dependentsOf(graph, [id]));
    }
    return this.run(ids);
  }

  async cancel(): Promise<void> {
    await this.engine.client.cancel();
  }

  private async run(only: string[] | undefined): Promise<void> {
    const nb = this.notebook;
    if (!nb || this.running) return;
    this.running = true;
    const targets = only ?? cells(nb).map((c) => c.id);
    for (const id of targets) this.runs[id] = { ...(this.runs[id] ?? { version: 0 }), status: 'queued' };
    try {
      await this.engine.client.runNotebook(
        { text: this.text, only, datasets: $state.snapshot(this.engine.datasets) },
        (u) => this.applyUpdate(u),
      );
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      for (const id of targets) {
        const r = this.runs[id];
        if (r && (r.status === 'queued' || r.status === 'running')) {
          r.status = 'error';
          r.error = message;
        }
      }
    } finally {
      for (const id of targets) {
        const r = this.runs[id];
        if (r && r.status === 'queued') r.status = 'stale';
      }
      this.running = false;
      void this.engine.refreshCatalog();
    }
  }

  private applyUpdate(u: CellUpdate): void {
    const prev = this.runs[u.id] ?? { status: 'idle', version: 0 };
    if (u.phase === 'start') {
      this.runs[u.id] = { ...prev, status: 'running', startedAt: performance.now(), error: undefined };
      return;
    }
    this.runs[u.id] = {
      status: u.status ?? 'error',
      error: u.error,
      errorLine: u.errorLine,
      rowCount: u.rowCount,
      columns: u.columns,
      durationMs: u.durationMs,
      table: u.table,
      output: u.output,
      version: prev.version + 1,
    };
  }
}
