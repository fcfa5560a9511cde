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
import { mentions, type EngineState } from './engine.svelte';
import { newCellId, starterCode } from './newCell';
import { bindSamples, datasetBindings } from '../../app/samples';
import { insertProse, setProseText } from '../../core/notebook/prose';
import { declareDataset, setTitle, type AddedDataset } from '../../core/notebook/frontMatterEdit';
import { declaredDatasets, splitLoadedTables } from '../../core/notebook/datasets';
import { RESULT_LIMITS, resultKeys, staleResults } from '../../core/notebook/resultCache';
import type { KeptCellResult } from '../../app/persistence';

/** One cell's result as kept between visits (the app's results store; see storage/results.ts). */
export type KeptResult = KeptCellResult;

/** Where results are kept between visits (given by the app; without one they last until the tab closes). */
export interface ResultKeeper {
  /** Returns what was kept (rows written get their `rowsPath`; a result over the limits is left out). */
  save(notebookKey: string, cells: { id: string; result: KeptResult; rows?: Uint8Array }[], inputValues: Record<string, unknown>): Promise<{ cells: Record<string, KeptResult> }>;
}

/** How long after a run the results are written, so a run of several cells is written once. */
const KEEP_DELAY_MS = 500;

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
  /** When the result was computed (epoch ms). */
  computedAt?: number;
  /** The result is the one kept from an earlier visit, not computed in this one. */
  restored?: boolean;
  /** Kept rows of a restored result (Arrow IPC): the grid reads them until the cell runs again. */
  rows?: Uint8Array;
  /** How many of the result's rows are kept (a preview when fewer than rowCount). */
  keptRows?: number;
  /** A restored result registered in DuckDB under the cell's id, so later cells read it without a re-run. */
  registered?: boolean;
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
  /**
   * A run asked for before DuckDB and the notebook's data were ready: its cells are queued at once and
   * wait here (Cancel ends it); `data` are the datasets it waits for. Null when no run waits.
   */
  private waiting = $state.raw<{ targets: string[]; before: Map<string, CellStatus>; data: string[]; cancelled: boolean } | null>(null);
  /** Told each exercise verdict as it arrives (the app keeps module progress with it). */
  onExerciseVerdict: ((exerciseId: string, verdict: Verdict, exerciseIds: string[]) => void) | null = null;
  /** Keeps results for the next visit (set by the app). */
  resultKeeper: ResultKeeper | null = null;
  /** Why the results could not be kept, shown under the header; cleared by the next good save. */
  keepError = $state<string | null>(null);
  /** What was last kept per cell (by run version), so unchanged rows are not fetched and written again. */
  private kept = new Map<string, { version: number; result: KeptResult }>();
  private keepTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly key: string,
    text: string,
    private readonly engine: EngineState,
    /** The user's stored tables this notebook reads, loading into DuckDB: samples bind after them. */
    private readonly storedLoaded: Promise<unknown> = Promise.resolve(),
  ) {
    this.setText(text);
    // Datasets bind by name: import the samples of the declared datasets that are not loaded yet;
    // then the results kept from the last visit are checked against the data and registered.
    void this.bindDatasets().then((bound) => (bound ? this.revalidate() : undefined));
  }

  /**
   * What each dataset's data is, as a token that changes with it: the user's kept file (name, size,
   * rows), or the bundled sample. Before DuckDB is up this reads the declarations and the stored list.
   */
  private datasetTokens(): Record<string, string> {
    const tokens: Record<string, string> = {};
    const declared = this.notebook ? declaredDatasets(this.notebook) : [];
    for (const name of new Set([...declared.map((d) => d.name), ...this.ownDatasets])) {
      const stored = this.engine.stored.find((d) => d.name === name);
      const sample = this.engine.samples[name] ?? declared.find((d) => d.name === name)?.sample;
      const loadedFromSample = this.engine.datasets.includes(name) ? this.engine.samples[name] !== undefined : stored === undefined;
      tokens[name] = loadedFromSample && sample ? `sample:${sample}` : stored ? `stored:${stored.fileName}:${stored.size}:${stored.rowCount}` : `loaded:${name}`;
    }
    return tokens;
  }

  /** The loaded tables that are this notebook's datasets: not another notebook's table that a cell here is named like. */
  private get ownDatasets(): string[] {
    return splitLoadedTables(this.notebook, $state.snapshot(this.engine.datasets)).datasets;
  }

  /** Each cell's result key now: what a result computed now would be computed from. */
  currentKeys(): Record<string, string> {
    return this.notebook ? resultKeys(this.notebook, { datasets: this.datasetTokens(), inputValues: $state.snapshot(this.inputValues) }) : {};
  }

  /**
   * Show the results kept from the last visit at once: each current when what it was computed from
   * is unchanged, stale otherwise. Input values set then come back with them.
   */
  restoreResults(kept: { cells: Record<string, KeptResult>; inputValues: Record<string, unknown> }, rows: Record<string, Uint8Array>): void {
    for (const [id, v] of Object.entries(kept.inputValues)) if (!(id in this.inputValues)) this.inputValues[id] = v as ParamValue;
    const current = this.currentKeys();
    const stale = staleResults(Object.fromEntries(Object.entries(kept.cells).map(([id, r]) => [id, r.key])), current);
    for (const [id, r] of Object.entries(kept.cells)) {
      if (!(id in current) || this.runs[id]) continue;
      this.runs[id] = {
        status: stale.has(id) ? 'stale' : 'ok',
        rowCount: r.rowCount,
        columns: r.columns,
        durationMs: r.durationMs,
        note: r.note,
        verdict: r.verdict,
        formats: r.formats,
        output: r.output,
        table: id,
        computedAt: r.computedAt,
        restored: true,
        rows: rows[id],
        keptRows: r.keptRows,
        version: 1,
      };
      if (!stale.has(id)) this.kept.set(id, { version: 1, result: r });
    }
    // The engine may be up already (another notebook was open): check and register them now too.
    void this.bindDatasets().then((bound) => (bound ? this.revalidate() : undefined));
  }

  /**
   * DuckDB is up and the datasets are bound: a restored result whose data changed meanwhile (the
   * user's own file kept for this dataset) is marked stale; one kept whole is registered as a table,
   * so later cells read it without running it again.
   */
  private revalidate(): Promise<void> {
    this.revalidation = this.revalidation.then(() => this.revalidateNow());
    return this.revalidation;
  }
  private revalidation: Promise<void> = Promise.resolve();

  private async revalidateNow(): Promise<void> {
    const current = this.currentKeys();
    for (const [id, k] of this.kept) if (this.runs[id]?.restored && current[id] !== k.result.key) this.markStale(id);
    for (const [id, r] of Object.entries(this.runs)) {
      if (!r.restored || r.status !== 'ok' || !r.rows || r.keptRows !== r.rowCount || r.registered) continue;
      try {
        // Registered under its id, a kept result replaces another notebook's loaded table of that name.
        if (splitLoadedTables(this.notebook, this.engine.datasets).shadowed.includes(id)) this.engine.release([id]);
        await this.engine.client.call((api) => api.registerArrowIPC(id, r.rows!.slice()));
        const now = this.runs[id];
        if (now?.restored) now.registered = true;
      } catch {
        // Not registered: the cell runs again when a later cell needs it.
      }
    }
    void this.engine.refreshCatalog();
  }

  /** A result the run has to compute first: none, or a restored preview that DuckDB does not hold. */
  private needsRun(id: string): boolean {
    const r = this.runs[id];
    return r?.status !== 'ok' || (r.restored === true && !r.registered);
  }

  /** Keep the current results for the next visit, once the runs settle. */
  private scheduleKeep(): void {
    if (!this.resultKeeper) return;
    if (this.keepTimer) clearTimeout(this.keepTimer);
    this.keepTimer = setTimeout(() => {
      this.keepTimer = null;
      void this.keepResults();
    }, KEEP_DELAY_MS);
  }

  /** Write the results as they are now, one write at a time (a write reuses the files the last one wrote). */
  keepResults(): Promise<void> {
    this.keeping = this.keeping.then(() => this.keepResultsNow());
    return this.keeping;
  }
  private keeping: Promise<void> = Promise.resolve();

  /** New rows are fetched from DuckDB (the first RESULT_LIMITS.rows); unchanged results keep their files. */
  private async keepResultsNow(): Promise<void> {
    const keeper = this.resultKeeper;
    if (!keeper || !this.notebook || this.running) return;
    const keys = this.currentKeys();
    const out: { id: string; result: KeptResult; rows?: Uint8Array; version?: number }[] = [];
    for (const id of this.cellIds) {
      const r = this.runs[id];
      if (!r || r.status !== 'ok' || !keys[id]) continue;
      const before = this.kept.get(id);
      if (before && before.version === r.version) {
        out.push({ id, result: before.result, version: r.version });
        continue;
      }
      const result: KeptResult = {
        key: keys[id]!,
        computedAt: r.computedAt ?? Date.now(),
        rowCount: r.rowCount ?? 0,
        columns: $state.snapshot(r.columns) ?? [],
        ...(r.durationMs !== undefined ? { durationMs: r.durationMs } : {}),
        ...(r.note ? { note: r.note } : {}),
        ...(r.verdict ? { verdict: r.verdict } : {}),
        ...(r.formats ? { formats: $state.snapshot(r.formats) } : {}),
        ...(r.output !== undefined ? { output: JSON.parse(JSON.stringify($state.snapshot(r.output))) as unknown } : {}),
      };
      let rows: Uint8Array | undefined;
      if (r.table && (r.rowCount ?? 0) > 0) {
        try {
          const page = await this.engine.client.call((api) => api.fetchRows(r.table!, 0, RESULT_LIMITS.rows));
          rows = page.ipc;
          result.keptRows = Math.min(r.rowCount ?? 0, RESULT_LIMITS.rows);
        } catch {
          continue; // the table is gone (dropped, renamed): nothing to keep
        }
      }
      out.push({ id, result, ...(rows ? { rows } : {}), version: r.version });
    }
    try {
      const saved = await keeper.save(this.key, out.map(({ id, result, rows }) => ({ id, result, ...(rows ? { rows } : {}) })), $state.snapshot(this.inputValues));
      this.kept.clear();
      for (const o of out) {
        const result = saved.cells[o.id];
        if (result) this.kept.set(o.id, { version: o.version ?? 0, result });
      }
      this.keepError = null;
    } catch (e) {
      this.keepError = `Results could not be kept for your next visit: ${e instanceof Error ? e.message : String(e)}`;
      this.kept.clear();
    }
  }

  /**
   * Replace the text from outside the editor (a restored version, a reset, another tab's save): the
   * cells whose code changed, and the cells that read them, are marked stale.
   */
  replaceText(text: string): void {
    const before = this.notebook;
    this.setText(text);
    if (before && this.notebook) for (const id of staleAfterEdit(before, this.notebook, { datasets: this.ownDatasets })) this.markStale(id);
  }

  /** Import the bundled sample of every declared dataset not loaded yet; true when all are bound. */
  bindDatasets(): Promise<boolean> {
    this.binding ??= (async () => {
      this.bindingSamples = true;
      try {
        await this.storedLoaded.catch(() => undefined);
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
    // Results of a run that just ended are written before their tables are dropped.
    if (this.keepTimer) {
      clearTimeout(this.keepTimer);
      this.keepTimer = null;
      await this.keepResults().catch(() => undefined);
    }
    // A loaded dataset (this notebook's, or another's that a cell here is named like but never ran) is data, not a result.
    const ids = this.cellIds.filter((id) => !this.engine.datasets.includes(id));
    for (const id of ids) await this.engine.client.call((api) => api.drop(id)).catch(() => undefined);
    await this.engine.refreshCatalog();
  }

  /** Delete a cell and drop its result table, so cells that read it fail rather than read an orphan. */
  deleteCell(id: string): void {
    const nb = this.notebook;
    if (!nb) return;
    const readers = dependentsOf(buildGraph(nb, { datasets: this.ownDatasets }), [id]);
    if (!this.apply(() => deleteCell(nb, id), true)) return;
    delete this.runs[id];
    delete this.inputValues[id];
    for (const r of readers) this.markStale(r);
    if (!this.engine.datasets.includes(id)) void this.engine.client.call((api) => api.drop(id)).catch(() => undefined);
  }

  /** Rename a cell (and its result table). Cells that read the old name are not rewritten. */
  renameCell(id: string, newId: string): boolean {
    const nb = this.notebook;
    if (!nb || newId === id) return true;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newId)) {
      this.editError = `"${newId}" cannot name a cell: use letters, digits and _, starting with a letter.`;
      return false;
    }
    if (cells(nb).some((c) => c.id.toLowerCase() === newId.toLowerCase()) || declaredDatasets(nb).some((d) => d.name.toLowerCase() === newId.toLowerCase())) {
      this.editError = `A cell or dataset of this notebook is already called "${newId}": choose another name.`;
      return false;
    }
    const readers = dependentsOf(buildGraph(nb, { datasets: this.ownDatasets }), [id]);
    if (!this.apply(() => renameCell(nb, id, newId), true)) return false;
    if (this.runs[id]) this.runs[newId] = { ...this.runs[id], status: 'stale' };
    delete this.runs[id];
    for (const r of readers) this.markStale(r);
    if (!this.engine.datasets.includes(id)) void this.engine.client.call((api) => api.drop(id)).catch(() => undefined);
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
    for (const r of dependentsOf(buildGraph(nb, { datasets: this.ownDatasets }), [id])) this.markStale(r);
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
      const graph = buildGraph(nb, { datasets: this.ownDatasets });
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
    const graph = buildGraph(nb, { datasets: this.ownDatasets });
    const need = new Set<string>([id]);
    const seen = new Set<string>();
    const visit = (c: string) => {
      if (seen.has(c)) return;
      seen.add(c);
      for (const d of graph.nodes.get(c)?.deps ?? []) {
        if (this.needsRun(d)) need.add(d);
        visit(d);
      }
    };
    visit(id);
    return this.run([...need]);
  }

  /**
   * Stop the run. One still waiting for the engine or its data has nothing in DuckDB to stop: it ends
   * here and its cells go back to what they were (the data goes on loading, for the next run).
   */
  async cancel(): Promise<void> {
    const waiting = this.waiting;
    if (waiting) {
      waiting.cancelled = true;
      this.waiting = null;
      this.unqueue(waiting);
      this.running = false;
      return;
    }
    await this.engine.client.cancel();
  }

  /** What the queued cells of a run wait for before they can start ("waiting for data: ads"); null when nothing. */
  get waitingFor(): string | null {
    const waiting = this.waiting;
    if (!waiting) return null;
    if (!this.engine.ready) return 'waiting for the engine';
    const left = waiting.data.filter((name) => !this.engine.datasets.includes(name));
    return left.length > 0 ? `waiting for data: ${left.join(', ')}` : 'waiting for data';
  }

  /** The datasets a run has to load first: stored tables the text names, and samples not imported yet. */
  private dataToLoad(nb: Notebook): string[] {
    const stored = this.engine.stored.filter((d) => !this.engine.datasets.includes(d.name) && mentions(this.text, d.name)).map((d) => d.name);
    const samples = datasetBindings(nb, this.engine).filter((b) => b.state === 'import').map((b) => b.name);
    return [...new Set([...stored, ...samples])];
  }

  /** A run that ended before any cell started: its cells go back to what they were (not left queued). */
  private unqueue(waiting: { targets: string[]; before: Map<string, CellStatus> }): void {
    for (const id of waiting.targets) {
      const r = this.runs[id];
      if (r?.status === 'queued') r.status = waiting.before.get(id) ?? 'idle';
    }
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
    for (const stale of staleAfterEdit(before, after, { datasets: this.ownDatasets })) this.markStale(stale);
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
    if (only) only = this.withUnheldInputs(nb, only);
    const targets = only ?? cells(nb).map((c) => c.id);
    // Queued from the click on, saying what they wait for, even while DuckDB starts and the data loads.
    const before = new Map(targets.map((id) => [id, this.runs[id]?.status ?? 'idle']));
    for (const id of targets) this.runs[id] = { ...(this.runs[id] ?? { version: 0 }), status: 'queued' };
    const waiting = { targets, before, data: this.dataToLoad(nb), cancelled: false };
    this.waiting = waiting;
    let bound = false;
    try {
      // Datasets kept in browser storage load when a cell first reads them (not at start-up).
      await this.engine.ensureDatasets(this.text);
      // The first run waits for the samples; a dataset with no data stops the run with a message, not cell errors.
      bound = await this.bindDatasets();
    } catch (e) {
      this.unboundDatasets = [{ name: '?', error: e instanceof Error ? e.message : String(e) }];
    } finally {
      if (this.waiting === waiting) this.waiting = null;
    }
    // Cancelled while it waited: cancel() has ended the run (a new one may have started since).
    if (waiting.cancelled) return;
    // A dataset with no data: the datasets panel says which and what to do; the cells did not run.
    if (!bound) {
      this.unqueue(waiting);
      this.running = false;
      return;
    }
    // File lines as they are for this run, to turn the runner's file line into a line of the cell.
    const fenceLines = new Map(cells(this.notebook ?? nb).map((c) => [c.id, c.line]));
    // A cell named like another notebook's loaded dataset replaces that table: the other notebook binds its data again.
    const shadowed = splitLoadedTables(nb, this.engine.datasets).shadowed.filter((t) => targets.includes(t));
    if (shadowed.length > 0) this.engine.release(shadowed);
    try {
      await this.engine.client.runNotebook(
        { text: this.text, only, datasets: this.ownDatasets, params: $state.snapshot(this.inputValues) },
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
      this.scheduleKeep();
    }
  }

  /** `ids` and the cells they read, directly or not, whose restored preview DuckDB does not hold. */
  private withUnheldInputs(nb: Notebook, ids: string[]): string[] {
    const graph = buildGraph(nb, { datasets: this.ownDatasets });
    const out = new Set(ids);
    const seen = new Set<string>();
    const visit = (c: string) => {
      if (seen.has(c)) return;
      seen.add(c);
      for (const d of graph.nodes.get(c)?.deps ?? []) {
        const r = this.runs[d];
        if (r?.restored && !r.registered) out.add(d);
        visit(d);
      }
    };
    for (const id of ids) visit(id);
    return [...out];
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
      ...(u.status === 'ok' ? { computedAt: Date.now() } : {}),
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
