/**
 * The engine as the UI sees it: worker status, crash message, the live catalogue (data panel and
 * editor completion), file imports with progress and a memory pre-flight, and column profiles.
 */
import type { TableInfo } from '../../core/engine';
import type { PulseWorkerClient, WorkerStatus } from '../../engines/wasm/client';
import type { ExportImported, ExportSniff, TableProfile } from '../../engines/wasm/protocol';
import { formatFromFileName, tableNameFromFileName } from '../../engines/wasm/sqlText';
import { memoryBudget, preflight } from '../../app/preflight';
import { canonicalTextColumns } from '../../core/notebook/datasets';
import type { UserMapping } from '../../core/importers/mapping';
import type { CanonicalTableName } from '../../core/importers/schema';
import { IMPORTER_MAX_BYTES, choiceFromMapping, constantsFromMapping, importSummary, isCanonicalTable, missingRequired, proposeMapping, wrongTableMessage } from '../../app/imports';

export interface ImportJob {
  id: number;
  fileName: string;
  table: string;
  bytesRead: number;
  bytesTotal: number;
  /**
   * `confirm`: the pre-flight thinks the file will not fit and waits for the user;
   * `choose-sheet`: a workbook with several sheets waits for one to be picked;
   * `map`: a file of no known layout, for a dataset of a canonical schema, waits for a column mapping.
   */
  state: 'confirm' | 'choose-sheet' | 'map' | 'reading' | 'done' | 'error' | 'cancelled';
  error?: string;
  /** Pre-flight message when memory is tight or short. */
  warning?: string;
  sheets?: string[];
  sheet?: string;
  rowCount?: number;
  /** Whether the table was kept in browser storage for the next visit. */
  kept?: 'saving' | 'kept' | 'failed';
  /** Set when the file is a bundled sample bound to a notebook's dataset (src/app/samples.ts). */
  sample?: string;
  /** Canonical schema the notebook declares for the table (`schema: ad_daily`). */
  schema?: string;
  /** What the importers made of it: "Meta Ads Manager export → ad_daily, 326 rows, totals match". */
  summary?: string;
  /** The importers' warnings (total row mismatch, ambiguous dates, …). */
  importWarnings?: string[];
  /** Set when a saved column mapping was applied without asking. */
  notice?: string;
  /** The column mapping dialog's state (`map`), or the mapping applied (to edit it). */
  mapping?: MappingDraft;
  /** Cleared from the data panel's list by the user ("Clear finished"); the job itself is kept. */
  dismissed?: boolean;
  /** The file's tables when it holds several (a GA4 overview download); `tableIndex` was imported. */
  tables?: { index: number; title: string; rows: number }[];
  tableIndex?: number;
}

/** A column mapping being made (or edited) for a file of no known layout. */
export interface MappingDraft {
  table: CanonicalTableName;
  headers: string[];
  signature: string;
  numberFormat: 'dot' | 'comma';
  preview: Record<string, string>[];
  /** Canonical column → file header ('' for none, CONSTANT_CHOICE for a value set on every row). */
  choice: Record<string, string>;
  /** Canonical column → the value set on every row (platform, currency, … the file lacks). */
  constants: Record<string, string>;
}

let jobSeq = 0;

/** A dataset kept in this browser's storage (OPFS), as the data panel lists it. */
export interface StoredDataset {
  name: string;
  fileName: string;
  rowCount: number;
  size: number;
}

/**
 * Where imported tables are kept between visits (the app's Persistence, given by the composition
 * root). Without one, tables last until the tab closes.
 */
export interface DatasetKeeper {
  storeImported(table: string, fileName: string): Promise<{ persistence: string }>;
  registerStored(name: string): Promise<void>;
  listDatasets(): Promise<StoredDataset[]>;
  storageInfo(): Promise<{ summary: string; persisted: boolean; usage: number; quota: number }>;
  /** Remove a kept table (e.g. "Back to sample", so the next visit does not bring the user's copy back). */
  deleteStored?(name: string): Promise<void>;
  /** Column mappings saved for unknown layouts, by header signature. */
  getMapping?(signature: string): Promise<UserMapping | undefined>;
  saveMapping?(mapping: UserMapping): Promise<void>;
}

const isDone = (job: ImportJob) => job.state === 'done';
const isFinished = (job: ImportJob) => job.state === 'done' || job.state === 'error' || job.state === 'cancelled';

/**
 * Jobs the data panel lists: not cleared by the user, and not a sample that loaded fine (the
 * notebook's datasets list says that already; a module opens several of them every time).
 */
export const shownJobs = (jobs: readonly ImportJob[]) => jobs.filter((j) => !j.dismissed && !(j.sample && isDone(j)));

/** The message of an error thrown in the worker (Comlink keeps name and message). */
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Whether the notebook text names `table` as a word (the cue to load a stored dataset). */
export const mentions = (text: string, table: string) => new RegExp(`(^|[^A-Za-z0-9_])${table}([^A-Za-z0-9_]|$)`, 'i').test(text);

const isExcel = (name: string) => /\.xlsx$/i.test(name);

export class EngineState {
  status = $state<WorkerStatus>({ state: 'starting' });
  /** Milliseconds from navigation to the first "ready" (performance.now() counts from the page's time origin). */
  readyAfterMs = $state<number | null>(null);
  /** The last crash, kept until dismissed so the restart does not hide it. */
  crashMessage = $state<string | null>(null);
  catalog = $state<TableInfo[]>([]);
  imports = $state<ImportJob[]>([]);
  /** Tables the user imported: the notebook's datasets (cell results are not datasets). */
  datasets = $state<string[]>([]);
  /** Datasets loaded from a bundled sample: table → sample file. A user's import under the same name replaces it. */
  samples = $state<Record<string, string>>({});
  /** Column profiles by table, with the row count they were computed at. */
  profiles = $state<Record<string, { version: number; profile?: TableProfile; error?: string }>>({});
  /** Bumped on every worker restart. */
  generation = $state(0);
  /** Bumped on every catalogue refresh (after imports and runs): profiles older than it are redone. */
  catalogVersion = $state(0);
  /** Files waiting for the user (pre-flight or sheet choice), by job id. */
  private pending = new Map<number, File>();
  /** Files imported through a column mapping, by job id, so the mapping can be edited and applied again. */
  private mapped = new Map<number, File>();
  /** Multi-table exports, by job id, so another of their tables can be imported in place. */
  private multiTable = new Map<number, { file: File; options: { expectTable?: string } }>();
  /** Datasets kept in browser storage (loaded into DuckDB only when a cell reads them). */
  stored = $state<StoredDataset[]>([]);
  /** Storage usage line for the data panel, and what the browser said about keeping the data. */
  storage = $state<{ summary: string; persisted: boolean } | null>(null);
  persistMessage = $state<string | null>(null);
  /** Why a dataset could not be kept in storage or loaded from it, by table name. */
  storeErrors = $state<Record<string, string>>({});
  keeper: DatasetKeeper | null = null;
  private loading = new Map<string, Promise<void>>();

  constructor(readonly client: PulseWorkerClient) {
    client.onStatus((s) => {
      this.status = s;
      if (s.state === 'ready' && this.readyAfterMs === null) this.readyAfterMs = Math.round(performance.now());
      if (s.state === 'crashed') {
        this.crashMessage = s.message;
        this.generation++;
        this.catalog = [];
        this.datasets = [];
        this.samples = {};
        this.profiles = {};
      }
      if (s.state === 'ready') void this.refreshCatalog();
    });
  }

  /** Attach browser storage: list the stored datasets (not loaded yet) and the usage line. */
  async useKeeper(keeper: DatasetKeeper): Promise<void> {
    this.keeper = keeper;
    await this.refreshStored();
  }

  async refreshStored(): Promise<void> {
    if (!this.keeper) return;
    try {
      this.stored = (await this.keeper.listDatasets()).map(({ name, fileName, rowCount, size }) => ({ name, fileName, rowCount, size }));
      this.storage = await this.keeper.storageInfo();
    } catch (e) {
      this.persistMessage = e instanceof Error ? e.message : String(e);
    }
  }

  /**
   * Load the stored datasets this notebook text names and DuckDB does not have yet (the first run on
   * a visit), so start-up never reads a large file nobody asked for.
   */
  async ensureDatasets(text: string): Promise<void> {
    const wanted = this.stored.filter((d) => !this.datasets.includes(d.name) && mentions(text, d.name)).map((d) => d.name);
    // One at a time: the worker swaps each loaded table in with BEGIN … COMMIT on one connection, and two
    // loads at once interleave their transactions ("Current transaction is aborted"): both tables fail.
    for (const name of wanted) await this.loadStored(name);
  }

  /** Load one stored dataset into DuckDB (once; concurrent callers share the load). */
  loadStored(name: string): Promise<void> {
    if (!this.keeper || this.datasets.includes(name)) return Promise.resolve();
    let p = this.loading.get(name);
    if (!p) {
      const keeper = this.keeper;
      p = (async () => {
        try {
          await keeper.registerStored(name);
          delete this.storeErrors[name];
          if (!this.datasets.includes(name)) this.datasets.push(name);
        } catch (e) {
          this.storeErrors[name] = e instanceof Error ? e.message : String(e);
        } finally {
          this.loading.delete(name);
        }
        await this.refreshCatalog();
      })();
      this.loading.set(name, p);
    }
    return p;
  }

  /**
   * Loaded datasets a cell's result is about to replace (a cell of the open notebook named like another
   * notebook's dataset): no longer data, so a notebook that declares them binds its sample or stored
   * file again when it opens, rather than reading the cell's result.
   */
  release(names: string[]): void {
    this.forget(names);
    for (const n of names) delete this.samples[n];
  }

  /** Tables replaced in storage (a bundle's datasets): load them from storage again on next use. */
  forget(names: string[]): void {
    this.datasets = this.datasets.filter((d) => !names.includes(d));
  }

  get ready(): boolean {
    return this.status.state === 'ready';
  }

  async refreshCatalog(): Promise<void> {
    try {
      this.catalog = await this.client.call((api) => api.catalog());
      this.catalogVersion++;
    } catch {
      // The status line shows engine failures.
    }
  }

  /**
   * Import files as tables named after them (or as `as.table`: "use my data" for a notebook's dataset,
   * or a bundled sample when `as.sample` is set); each gets a pre-flight check and a progress bar.
   */
  async importFiles(files: Iterable<File>, as?: { table: string; sample?: string; schema?: string }): Promise<void> {
    for (const file of files) {
      this.imports.push({
        id: jobSeq++,
        fileName: as?.sample ? `sample ${file.name}` : file.name,
        table: as?.table ?? tableNameFromFileName(file.name),
        bytesRead: 0,
        bytesTotal: file.size,
        state: 'reading',
        ...(as?.sample ? { sample: as.sample } : {}),
        ...(as?.schema ? { schema: as.schema } : {}),
      });
      const job = this.imports[this.imports.length - 1]!;
      const format = isExcel(file.name) ? 'xlsx' : formatFromFileName(file.name);
      if (!format) {
        job.state = 'error';
        job.error = `"${file.name}" is not a CSV, TSV, JSON, NDJSON, Parquet or Excel (.xlsx) file.`;
        continue;
      }
      const check = preflight(file.size, format, await this.budget());
      if (check.verdict !== 'ok') job.warning = check.message;
      if (check.verdict === 'too-big') {
        job.state = 'confirm';
        this.pending.set(job.id, file);
        continue;
      }
      await this.startImport(job, file);
    }
  }

  /** Answer a pre-flight warning or a sheet choice: import (with the chosen sheet) or cancel. */
  async resume(jobId: number, go: boolean, sheet?: string): Promise<void> {
    const job = this.imports.find((j) => j.id === jobId);
    const file = this.pending.get(jobId);
    if (!job || !file) return;
    this.pending.delete(jobId);
    if (!go) {
      job.state = 'cancelled';
      return;
    }
    if (sheet !== undefined) job.sheet = sheet;
    await this.startImport(job, file, sheet !== undefined);
  }

  private async startImport(job: ImportJob, file: File, sheetChosen = false): Promise<void> {
    job.state = 'reading';
    await this.settle(job, async () => {
      if (isExcel(file.name)) {
        if (!sheetChosen) {
          const sheets = await this.client.call((api) => api.excelSheets(file));
          if (sheets.length > 1) {
            job.sheets = sheets;
            job.sheet = sheets[0];
            job.state = 'choose-sheet';
            this.pending.set(job.id, file);
            return null;
          }
        }
        const schema = isCanonicalTable(job.schema) ? job.schema : undefined;
        const r = await this.client.call((api) => api.importExcel(job.table, file, job.sheet, schema ? { expectTable: schema } : {}));
        if (r.export) {
          job.summary = importSummary(r.export);
          job.importWarnings = r.export.warnings;
        }
        return r.info;
      }
      const routed = await this.throughImporters(job, file);
      if (routed === 'waiting') return null;
      return routed ?? this.loadAsIs(job, file);
    });
  }

  /**
   * One import attempt for `job`: done with its table, or its error shown in place; then the catalogue
   * refreshes and a finished import is kept for the next visit. `null`: the job now waits for the user
   * (a sheet or a column mapping), and nothing else happens yet.
   */
  private async settle(job: ImportJob, attempt: () => Promise<TableInfo | null>): Promise<void> {
    try {
      const info = await attempt();
      if (info === null) return;
      this.done(job, info);
    } catch (e) {
      job.state = 'error';
      job.error = messageOf(e);
    }
    await this.refreshCatalog();
    if (isDone(job)) await this.keep(job);
  }

  /** The file as it is, through DuckDB's reader, with progress; a canonical dataset keeps text columns VARCHAR. */
  private loadAsIs(job: ImportJob, file: File): Promise<TableInfo> {
    return this.client.importFile(
      job.table,
      file,
      (p) => {
        job.bytesRead = p.bytesRead;
        job.bytesTotal = p.bytesTotal;
      },
      job.schema ? { columnTypes: canonicalTextColumns(job.schema) } : undefined,
    );
  }

  /** Clear finished imports from the data panel's list; running and waiting ones stay. */
  clearFinished(): void {
    for (const job of this.imports) if (isFinished(job)) job.dismissed = true;
  }

  private done(job: ImportJob, info: TableInfo): void {
    job.bytesRead = job.bytesTotal;
    job.rowCount = info.rowCount;
    job.state = 'done';
    if (!this.datasets.includes(job.table)) this.datasets.push(job.table);
    if (job.sample) this.samples[job.table] = job.sample;
    else delete this.samples[job.table];
  }

  /**
   * A CSV/TSV goes through the importers' detection first (in the worker), like `pulse run` does: a
   * platform export is imported into its canonical table; a file matching a saved column mapping is
   * mapped; a file of no known layout for a canonical dataset waits for a mapping (`'waiting'`).
   * Null: load the file as it is (DuckDB's reader). Throws with the importer's message otherwise.
   */
  private async throughImporters(job: ImportJob, file: File): Promise<TableInfo | null | 'waiting'> {
    const format = formatFromFileName(file.name);
    if ((format !== 'csv' && format !== 'tsv') || file.size > IMPORTER_MAX_BYTES) return null;
    const sniff: ExportSniff = await this.client.call((api) => api.sniffExport(file, file.name));
    if (sniff.wide) return null;
    const schema = isCanonicalTable(job.schema) ? job.schema : undefined;
    if (sniff.platform) {
      if (schema && sniff.table !== schema) throw new Error(wrongTableMessage(file.name, sniff, job.table, schema));
      return this.importThrough(job, file, schema ? { expectTable: schema } : {});
    }
    if (job.sample) return null;
    const saved = sniff.signature ? await this.keeper?.getMapping?.(sniff.signature).catch(() => undefined) : undefined;
    if (saved && (!schema || saved.table === schema)) {
      job.notice = `Mapped with the column mapping you saved for files with these headers (${saved.table}).`;
      job.mapping = this.draft(saved.table, sniff, choiceFromMapping(saved.table, saved, sniff.headers), constantsFromMapping(saved));
      this.mapped.set(job.id, file);
      return this.importThrough(job, file, { mapping: saved });
    }
    if (schema && missingRequired(schema, sniff.headers).length > 0) {
      job.mapping = this.draft(schema, sniff, proposeMapping(schema, sniff.headers));
      job.state = 'map';
      this.pending.set(job.id, file);
      return 'waiting';
    }
    return null;
  }

  private draft(table: CanonicalTableName, sniff: ExportSniff, choice: Record<string, string>, constants: Record<string, string> = {}): MappingDraft {
    return { table, headers: sniff.headers, signature: sniff.signature, numberFormat: sniff.numberFormat, preview: sniff.preview, choice, constants };
  }

  private async importThrough(job: ImportJob, file: File, options: { mapping?: UserMapping; expectTable?: string; table?: number }): Promise<TableInfo> {
    const r: ExportImported = await this.client.call((api) => api.importExport(job.table, file, file.name, options));
    job.summary = importSummary(r);
    job.importWarnings = r.warnings;
    if (r.tables && r.tableIndex !== undefined) {
      job.tables = r.tables;
      job.tableIndex = r.tableIndex;
      this.multiTable.set(job.id, { file, options: options.expectTable ? { expectTable: options.expectTable } : {} });
    }
    return r.info;
  }

  /** Import another table of a multi-table export (GA4 overview) in place of the one imported. */
  async chooseTable(jobId: number, index: number): Promise<void> {
    const job = this.imports.find((j) => j.id === jobId);
    const held = this.multiTable.get(jobId);
    if (!job || !held || index === job.tableIndex) return;
    job.state = 'reading';
    job.error = undefined;
    await this.settle(job, () => this.importThrough(job, held.file, { ...held.options, table: index }));
  }

  /**
   * Apply the mapping dialog's choice: save the mapping (for the next file with the same headers) and
   * import the file through it. Also re-maps a file imported with a saved mapping ("Edit mapping").
   */
  async applyMapping(jobId: number, mapping: UserMapping): Promise<void> {
    const job = this.imports.find((j) => j.id === jobId);
    const file = this.pending.get(jobId) ?? this.mapped.get(jobId);
    if (!job || !file) return;
    this.pending.delete(jobId);
    job.state = 'reading';
    job.error = undefined;
    job.notice = undefined;
    await this.settle(job, async () => {
      await this.keeper?.saveMapping?.(mapping);
      const info = await this.importThrough(job, file, { mapping });
      if (job.mapping) job.mapping = { ...job.mapping, choice: choiceFromMapping(mapping.table, mapping, job.mapping.headers), constants: constantsFromMapping(mapping) };
      this.mapped.set(job.id, file);
      return info;
    });
  }

  /** Reopen the mapping dialog of a job imported through a (saved) mapping. */
  editMapping(jobId: number): void {
    const job = this.imports.find((j) => j.id === jobId);
    const file = this.mapped.get(jobId);
    if (!job || !file || !job.mapping) return;
    this.pending.set(jobId, file);
    job.state = 'map';
  }

  /** Close the mapping dialog: import the file as it is (`asIs`), or not at all. */
  async skipMapping(jobId: number, asIs: boolean): Promise<void> {
    const job = this.imports.find((j) => j.id === jobId);
    const file = this.pending.get(jobId);
    if (!job || !file) return;
    this.pending.delete(jobId);
    if (this.mapped.has(jobId) && job.rowCount !== undefined && !asIs) {
      job.state = 'done'; // editing was cancelled: the mapped import stands
      return;
    }
    if (!asIs) {
      job.state = 'cancelled';
      return;
    }
    job.state = 'reading';
    job.summary = undefined;
    job.notice = undefined;
    await this.settle(job, () => this.loadAsIs(job, file));
  }

  /** Drop the kept copy of a table from browser storage (the sample is back in its place). */
  async deleteStored(name: string): Promise<void> {
    if (!this.keeper?.deleteStored) return;
    try {
      await this.keeper.deleteStored(name);
      delete this.storeErrors[name];
    } catch (e) {
      this.storeErrors[name] = messageOf(e);
    }
    await this.refreshStored();
  }

  /** Keep an imported table in browser storage for the next visit, and ask the browser to keep it. */
  private async keep(job: ImportJob): Promise<void> {
    if (!this.keeper || job.sample) return;
    job.kept = 'saving';
    try {
      const { persistence } = await this.keeper.storeImported(job.table, job.fileName);
      this.persistMessage = persistence;
      job.kept = 'kept';
      delete this.storeErrors[job.table];
    } catch (e) {
      job.kept = 'failed';
      this.storeErrors[job.table] = e instanceof Error ? e.message : String(e);
    }
    await this.refreshStored();
  }

  private async budget() {
    let used = 0;
    try {
      used = await this.client.call((api) => api.memoryUsage());
    } catch {
      // Unknown: count nothing as used.
    }
    return memoryBudget(used, navigator as { deviceMemory?: number }, performance as { memory?: { jsHeapSizeLimit: number; usedJSHeapSize: number } });
  }

  /** Compute (once per table version) the column profile shown in the data panel. */
  async loadProfile(table: string): Promise<void> {
    const info = this.catalog.find((t) => t.name === table);
    if (!info) return;
    const version = this.catalogVersion;
    if (this.profiles[table]?.version === version) return;
    this.profiles[table] = { version };
    try {
      const profile = await this.client.call((api) => api.profile(table));
      this.profiles[table] = { version, profile };
    } catch (e) {
      this.profiles[table] = { version, error: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Completion schema for the SQL editor: table → column names. */
  get schema(): Record<string, string[]> {
    return Object.fromEntries(this.catalog.map((t) => [t.name, t.columns.map((c) => c.name)]));
  }
}
