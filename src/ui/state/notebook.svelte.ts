/**
 * One open notebook: its text (the saved form), the parsed blocks, and each cell's run state. Edits go
 * through the core's pure edit functions; run state changes only through `apply*` helpers here.
 */
import { parseNotebook, serializeNotebook } from '../../core/notebook/format';
import { cells, type Notebook } from '../../core/notebook/model';
import { deleteCell, insertCell, moveCell, renameCell, setCellCode } from '../../core/notebook/edit';
import { buildGraph, dependentsOf, staleAfterEdit } from '../../core/notebook/graph';
import { toggleChecklistItem } from '../../core/cells/checklist';
import { setExerciseAnswer } from '../../core/cells/course/exerciseCell';
import type { Verdict } from '../../core/cells/course/exerciseCheck';
import type { ParamValue } from '../../core/notebook/params';
import type { CellUpdate } from '../../engines/wasm/protocol';
import type { EngineState } from './engine.svelte';
import { newCellId, starterCode } from './newCell';
import { bindSamples } from '../../app/samples';
import { insertProse, setProseText } from '../../core/notebook/prose';
import { declareDataset, setTitle, type AddedDataset } from '../../core/notebook/frontMatterEdit';

export type CellStatus = 'idle' | 'stale' | 'queued' | 'running' | 'ok' | 'error' | 'skipped';

export interface CellRunState {
  status: CellStatus;
  startedAt?: number;
  error?: string;
  /** 1-based line in the notebook file the error points at (as the file was when the cell ran). */
  errorLine?: number;
  /** 1-based line inside the cell body the error points at, when it names one. */
  errorBodyLine?: number;
  rowCount?: number;
  /** What the result means when that is not self-evident (an empty input, a metric the data lacks). */
  note?: string;
  /** How result columns read and the analysis's finding (CellResult.formats, .verdict). */
  formats?: Record<string, string>;
  verdict?: string;
  columns?: { name: string; type: string }[];
  durationMs?: number;
  table?: string;
  output?: unknown;
  /** Bumped when a new result arrives, so grids refetch. */
  version: number;
}

/** Where a new cell goes: above or below a cell, or at the end of the notebook. */
export type InsertAt = { above: string } | { below: string } | 'end';

/** How many structural edits Undo remembers. */
const UNDO_DEPTH = 50;

export class NotebookState {
  text = $state('');
  parseError = $state<string | null>(null);
  /** Why the last edit was refused (bad cell name, …); cleared by the next good edit. */
  editError = $state<string | null>(null);
  notebook = $state.raw<Notebook | null>(null);
  runs = $state<Record<string, CellRunState>>({});
  running = $state(false);
  /** Re-run dependents after an edit is run (reactive); off for heavy notebooks. */
  reactive = $state(true);
  /** Values the user set on input cells' controls (run state: not written into the file). */
  inputValues = $state<Record<string, ParamValue>>({});
  /** Kind of the next cell added with the buttons or the `a` / `b` keys. */
  newKind = $state('sql');
  /** Texts before each structural edit (add, move, delete, rename), newest last. */
  undoStack = $state<string[]>([]);
  /**
   * Declared datasets that are not loaded and have no bundled sample (or whose sample failed to load):
   * runs wait until the user adds a file under that name (src/app/samples.ts).
   */
  unboundDatasets = $state<{ name: string; schema?: string; sample?: string; error?: string }[]>([]);
  /** True while this notebook's bundled samples are being imported. */
  bindingSamples = $state(false);
  private binding: Promise<boolean> | null = null;
  /** Told each exercise verdict as it arrives (the app keeps module progress with it). */
  onExerciseVerdict: ((exerciseId: string, verdict: Verdict, exerciseIds: string[]) => void) | null = null;

  constructor(
    readonly key: string,
    text: string,
    private readonly engine: EngineState,
  ) {
    this.setText(text);
    // Datasets bind by name: import the samples of the declared datasets that are not loaded yet.
    void this.bindDatasets();
  }

  /** Import the bundled sample of every declared dataset not loaded yet; true when all are bound. */
  bindDatasets(): Promise<boolean> {
    this.binding ??= (async () => {
      this.bindingSamples = true;
      try {
        const { missing, failed } = await bindSamples(this.notebook, this.engine);
        this.unboundDatasets = [
          ...missing.map((m) => ({ name: m.name, ...(m.schema ? { schema: m.schema } : {}) })),
          ...failed.map((f) => ({ name: f.name, sample: f.sample, error: f.error })),
        ];
        return this.unboundDatasets.length === 0;
      } catch (e) {
        this.unboundDatasets = [{ name: '?', error: e instanceof Error ? e.message : String(e) }];
        return false;
      } finally {
        this.bindingSamples = false;
        this.binding = null;
      }
    })();
    return this.binding;
  }

  get title(): string {
    const t = this.notebook?.frontMatter?.data.title;
    return typeof t === 'string' ? t : 'Untitled notebook';
  }

  get cellIds(): string[] {
    return this.notebook ? cells(this.notebook).map((c) => c.id) : [];
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
    const cell = cells(before).find((c) => c.id === id);
    if (!cell || cell.code === code) return;
    this.apply(() => setCellCode(before, id, code), false);
  }

  /** Add a cell of `kind` (default: the chosen new-cell kind); returns its id. */
  addCell(at: InsertAt, kind: string = this.newKind): string | null {
    const nb = this.notebook;
    if (!nb) return null;
    const id = newCellId(nb, kind);
    const blockIndex = (cellId: string) => nb.blocks.findIndex((b) => b.type === 'cell' && b.id === cellId);
    const after = at === 'end' ? nb.blocks.length - 1 : 'above' in at ? blockIndex(at.above) - 1 : blockIndex(at.below);
    // The nearest cell above the new one: a new plot starts from its result.
    const prior = nb.blocks.slice(0, after + 1).findLast((b) => b.type === 'cell');
    const above = prior?.type === 'cell' ? { id: prior.id, ...(this.runs[prior.id]?.columns ? { columns: this.runs[prior.id]!.columns } : {}) } : undefined;
    return this.apply(() => insertCell(nb, after, kind, id, starterCode(kind, above)), true) ? id : null;
  }

  moveCell(id: string, direction: -1 | 1): void {
    const nb = this.notebook;
    if (nb) this.apply(() => moveCell(nb, id, direction), true);
  }

  /**
   * The notebook is being left: stop its run and drop its cells' result tables, so the next notebook's
   * catalogue, completion and data panel list only its own tables. Datasets stay loaded for it.
   */
  async close(): Promise<void> {
    await this.cancel().catch(() => undefined);
    const ids = this.cellIds.filter((id) => !this.engine.datasets.includes(id));
    for (const id of ids) await this.engine.client.call((api) => api.drop(id)).catch(() => undefined);
    await this.engine.refreshCatalog();
  }

  /** Delete a cell and drop its result table, so cells that read it fail rather than read an orphan. */
  deleteCell(id: string): void {
    const nb = this.notebook;
    if (!nb) return;
    const readers = dependentsOf(buildGraph(nb, { datasets: this.engine.datasets }), [id]);
    if (!this.apply(() => deleteCell(nb, id), true)) return;
    delete this.runs[id];
    delete this.inputValues[id];
    for (const r of readers) this.markStale(r);
    void this.engine.client.call((api) => api.drop(id)).catch(() => undefined);
  }

  /** Rename a cell (and its result table). Cells that read the old name are not rewritten. */
  renameCell(id: string, newId: string): boolean {
    const nb = this.notebook;
    if (!nb || newId === id) return true;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newId)) {
      this.editError = `"${newId}" cannot name a cell: use letters, digits and _, starting with a letter.`;
      return false;
    }
    if (cells(nb).some((c) => c.id.toLowerCase() === newId.toLowerCase()) || this.engine.datasets.includes(newId)) {
      this.editError = `A cell or table is already called "${newId}": choose another name.`;
      return false;
    }
    const readers = dependentsOf(buildGraph(nb, { datasets: this.engine.datasets }), [id]);
    if (!this.apply(() => renameCell(nb, id, newId), true)) return false;
    if (this.runs[id]) this.runs[newId] = { ...this.runs[id], status: 'stale' };
    delete this.runs[id];
    for (const r of readers) this.markStale(r);
    void this.engine.client.call((api) => api.drop(id)).catch(() => undefined);
    return true;
  }

  /** Set the notebook's title (front matter `title:`): it names downloads and the stored notebook. */
  setTitle(title: string): boolean {
    const nb = this.notebook;
    return nb ? this.apply(() => setTitle(nb, title), true) : false;
  }

  /** Replace the note (prose block) at `blockIndex`; returns false and says why when refused. */
  editProse(blockIndex: number, text: string): boolean {
    const nb = this.notebook;
    return nb ? this.apply(() => setProseText(nb, blockIndex, text), true) : false;
  }

  /** Add a note after the block at `afterIndex` (-1: the top, default: the end). */
  addProse(text: string, afterIndex?: number): boolean {
    const nb = this.notebook;
    return nb ? this.apply(() => insertProse(nb, afterIndex ?? nb.blocks.length - 1, text), true) : false;
  }

  /** Declare a file the user added as one of this notebook's datasets (front matter `datasets:`). */
  declareDataset(added: AddedDataset): void {
    const nb = this.notebook;
    if (nb) this.apply(() => declareDataset(nb, added), false);
  }

  /** Tick or untick a checklist item; the tick is written into the cell text (and so the file). */
  toggleChecklist(id: string, index: number, done: boolean): void {
    const cell = this.notebook && cells(this.notebook).find((c) => c.id === id);
    if (!cell) return;
    this.editCell(id, toggleChecklistItem(cell.code, index, done));
    // The tick is the cell's state: refresh its table (and its readers) rather than leave it stale.
    if (this.reactive && this.runs[id]) void this.runCell(id);
  }

  /** Write the trainee's answer into an exercise cell (so it is saved with the notebook) and check it. */
  answerExercise(id: string, answer: string | string[]): Promise<void> {
    const cell = this.notebook && cells(this.notebook).find((c) => c.id === id);
    if (!cell) return Promise.resolve();
    let code: string;
    try {
      code = setExerciseAnswer(cell.code, answer);
    } catch (e) {
      this.editError = e instanceof Error ? e.message : String(e);
      return Promise.resolve();
    }
    this.editCell(id, code);
    return this.runWithInputs(id);
  }

  /** Set an input cell's value: the cells that read `${id}` re-run (or go stale when runs are manual). */
  setInput(id: string, value: ParamValue): Promise<void> {
    this.inputValues[id] = value;
    const nb = this.notebook;
    if (!nb) return Promise.resolve();
    if (this.reactive) return this.runCell(id);
    this.markStale(id);
    for (const r of dependentsOf(buildGraph(nb, { datasets: this.engine.datasets }), [id])) this.markStale(r);
    return Promise.resolve();
  }

  /** Undo the last structural edit. */
  undo(): void {
    const prev = this.undoStack.pop();
    if (prev === undefined) return;
    const before = this.notebook;
    this.setText(prev);
    if (before && this.notebook) for (const id of staleAfterEdit(before, this.notebook)) this.markStale(id);
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

  /**
   * Run a cell after the cells it reads, directly or not, that have no current result (an input
   * reading its options from a table, an exercise checked before Run all).
   */
  runWithInputs(id: string): Promise<void> {
    const nb = this.notebook;
    if (!nb) return Promise.resolve();
    const graph = buildGraph(nb, { datasets: this.engine.datasets });
    const need = new Set<string>([id]);
    const seen = new Set<string>();
    const visit = (c: string) => {
      if (seen.has(c)) return;
      seen.add(c);
      for (const d of graph.nodes.get(c)?.deps ?? []) {
        if (this.runs[d]?.status !== 'ok') need.add(d);
        visit(d);
      }
    };
    visit(id);
    return this.run([...need]);
  }

  async cancel(): Promise<void> {
    await this.engine.client.cancel();
  }

  /** Apply a pure edit; a refused edit leaves the notebook as it was and says why. */
  private apply(edit: () => Notebook, undoable: boolean): boolean {
    const before = this.notebook;
    if (!before) return false;
    let after: Notebook;
    try {
      after = edit();
    } catch (e) {
      this.editError = e instanceof Error ? e.message : String(e);
      return false;
    }
    if (undoable) this.undoStack = [...this.undoStack.slice(-(UNDO_DEPTH - 1)), this.text];
    this.editError = null;
    this.notebook = after;
    this.text = serializeNotebook(after);
    for (const stale of staleAfterEdit(before, after, { datasets: this.engine.datasets })) this.markStale(stale);
    return true;
  }

  private markStale(id: string): void {
    const r = this.runs[id];
    if (r && r.status !== 'running' && r.status !== 'queued' && r.status !== 'idle') r.status = 'stale';
  }

  private async run(only: string[] | undefined): Promise<void> {
    const nb = this.notebook;
    if (!nb || this.running) return;
    this.running = true;
    // Datasets kept in browser storage load when a cell first reads them (not at start-up).
    await this.engine.ensureDatasets(this.text);
    // The first run waits for the samples; a dataset with no data stops the run with a message, not cell errors.
    if (!(await this.bindDatasets())) {
      this.running = false;
      return;
    }
    const targets = only ?? cells(nb).map((c) => c.id);
    // File lines as they are for this run, to turn the runner's file line into a line of the cell.
    const fenceLines = new Map(cells(nb).map((c) => [c.id, c.line]));
    for (const id of targets) this.runs[id] = { ...(this.runs[id] ?? { version: 0 }), status: 'queued' };
    try {
      await this.engine.client.runNotebook(
        { text: this.text, only, datasets: $state.snapshot(this.engine.datasets), params: $state.snapshot(this.inputValues) },
        (u) => this.applyUpdate(u, fenceLines.get(u.id)),
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

  private applyUpdate(u: CellUpdate, fenceLine: number | undefined): void {
    const prev = this.runs[u.id] ?? { status: 'idle', version: 0 };
    if (u.phase === 'start') {
      this.runs[u.id] = { ...prev, status: 'running', startedAt: performance.now(), error: undefined };
      return;
    }
    const bodyLine = u.errorLine !== undefined && fenceLine !== undefined ? u.errorLine - fenceLine : undefined;
    this.runs[u.id] = {
      status: u.status ?? 'error',
      error: u.error,
      errorLine: u.errorLine,
      errorBodyLine: bodyLine !== undefined && bodyLine > 0 ? bodyLine : undefined,
      rowCount: u.rowCount,
      note: u.note,
      formats: u.formats,
      verdict: u.verdict,
      columns: u.columns,
      durationMs: u.durationMs,
      table: u.table,
      output: u.output,
      version: prev.version + 1,
    };
    const out = u.output as { type?: string; verdict?: Verdict } | undefined;
    if (u.status === 'ok' && out?.type === 'exercise' && out.verdict && this.notebook) {
      const ids = cells(this.notebook).filter((c) => c.kind === 'exercise').map((c) => c.id);
      this.onExerciseVerdict?.(u.id, out.verdict, ids);
    }
  }

  /** The module this notebook belongs to (front matter `module:`), or its key. */
  get moduleId(): string {
    const m = this.notebook?.frontMatter?.data.module;
    return typeof m === 'string' ? m : this.key;
  }
}
