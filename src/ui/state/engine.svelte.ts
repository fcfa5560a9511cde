/**
 * The engine as the UI sees it: worker status, crash message, the live catalogue (data panel and
 * editor completion), file imports with progress and a memory pre-flight, and column profiles.
 */
import type { TableInfo } from '../../core/engine';
import type { PulseWorkerClient, WorkerStatus } from '../../engines/wasm/client';
import type { TableProfile } from '../../engines/wasm/protocol';
import { formatFromFileName, tableNameFromFileName } from '../../engines/wasm/sqlText';
import { memoryBudget, preflight } from '../../app/preflight';

export interface ImportJob {
  id: number;
  fileName: string;
  table: string;
  bytesRead: number;
  bytesTotal: number;
  /**
   * `confirm`: the pre-flight thinks the file will not fit and waits for the user;
   * `choose-sheet`: a workbook with several sheets waits for one to be picked.
   */
  state: 'confirm' | 'choose-sheet' | 'reading' | 'done' | 'error' | 'cancelled';
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
}

/** Whether the notebook text names `table` as a word (the cue to load a stored dataset). */
export const mentions = (text: string, table: string) => new RegExp(`(^|[^A-Za-z0-9_])${table}([^A-Za-z0-9_]|$)`, 'i').test(text);

const isExcel = (name: string) => /\.xlsx$/i.test(name);

export class EngineState {
  status = $state<WorkerStatus>({ state: 'starting' });
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
    await Promise.all(wanted.map((name) => this.loadStored(name)));
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
  async importFiles(files: Iterable<File>, as?: { table: string; sample?: string }): Promise<void> {
    for (const file of files) {
      this.imports.push({
        id: jobSeq++,
        fileName: as?.sample ? `sample ${file.name}` : file.name,
        table: as?.table ?? tableNameFromFileName(file.name),
        bytesRead: 0,
        bytesTotal: file.size,
        state: 'reading',
        ...(as?.sample ? { sample: as.sample } : {}),
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
    try {
      let info: TableInfo;
      if (isExcel(file.name)) {
        if (!sheetChosen) {
          const sheets = await this.client.call((api) => api.excelSheets(file));
          if (sheets.length > 1) {
            job.sheets = sheets;
            job.sheet = sheets[0];
            job.state = 'choose-sheet';
            this.pending.set(job.id, file);
            return;
          }
        }
        info = await this.client.call((api) => api.importExcel(job.table, file, job.sheet));
      } else {
        info = await this.client.importFile(job.table, file, (p) => {
          job.bytesRead = p.bytesRead;
          job.bytesTotal = p.bytesTotal;
        });
      }
      job.bytesRead = job.bytesTotal;
      job.rowCount = info.rowCount;
      job.state = 'done';
      if (!this.datasets.includes(job.table)) this.datasets.push(job.table);
      if (job.sample) this.samples[job.table] = job.sample;
      else delete this.samples[job.table];
    } catch (e) {
      job.state = 'error';
      job.error = e instanceof Error ? e.message : String(e);
    }
    await this.refreshCatalog();
    if (job.state === 'done') await this.keep(job);
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
