/**
 * The engine as the UI sees it: worker status, crash message, the live catalogue (data panel and
 * editor completion) and file imports with progress.
 */
import type { TableInfo } from '../../core/engine';
import type { PulseWorkerClient, WorkerStatus } from '../../engines/wasm/client';
import { formatFromFileName, tableNameFromFileName } from '../../engines/wasm/sqlText';

export interface ImportJob {
  id: number;
  fileName: string;
  table: string;
  bytesRead: number;
  bytesTotal: number;
  state: 'reading' | 'done' | 'error';
  error?: string;
  rowCount?: number;
}

let jobSeq = 0;

export class EngineState {
  status = $state<WorkerStatus>({ state: 'starting' });
  /** The last crash, kept until dismissed so the restart does not hide it. */
  crashMessage = $state<string | null>(null);
  catalog = $state<TableInfo[]>([]);
  imports = $state<ImportJob[]>([]);
  /** Tables the user imported: the notebook's datasets (cell results are not datasets). */
  datasets = $state<string[]>([]);
  /** Bumped on every worker restart. */
  generation = $state(0);

  constructor(readonly client: PulseWorkerClient) {
    client.onStatus((s) => {
      this.status = s;
      if (s.state === 'crashed') {
        this.crashMessage = s.message;
        this.generation++;
        this.catalog = [];
        this.datasets = [];
      }
      if (s.state === 'ready') void this.refreshCatalog();
    });
  }

  get ready(): boolean {
    return this.status.state === 'ready';
  }

  async refreshCatalog(): Promise<void> {
    try {
      this.catalog = await this.client.call((api) => api.catalog());
    } catch {
      // The status line shows engine failures.
    }
  }

  /** Import files as tables named after them; each gets a progress bar. */
  async importFiles(files: Iterable<File>): Promise<void> {
    for (const file of files) {
      const job: ImportJob = {
        id: jobSeq++,
        fileName: file.name,
        table: tableNameFromFileName(file.name),
        bytesRead: 0,
        bytesTotal: file.size,
        state: 'reading',
      };
      this.imports.push(job);
      const live = this.imports[this.imports.length - 1];
      if (!formatFromFileName(file.name)) {
        live.state = 'error';
        live.error = `"${file.name}" is not a CSV, TSV, JSON, NDJSON or Parquet file.`;
        continue;
      }
      try {
        const info = await this.client.importFile(live.table, file, (p) => {
          live.bytesRead = p.bytesRead;
          live.bytesTotal = p.bytesTotal;
        });
        live.bytesRead = live.bytesTotal;
        live.rowCount = info.rowCount;
        live.state = 'done';
        if (!this.datasets.includes(live.table)) this.datasets.push(live.table);
      } catch (e) {
        live.state = 'error';
        live.error = e instanceof Error ? e.message : String(e);
      }
      await this.refreshCatalog();
    }
  }

  /** Completion schema for the SQL editor: table → column names. */
  get schema(): Record<string, string[]> {
    return Object.fromEntries(this.catalog.map((t) => [t.name, t.columns.map((c) => c.name)]));
  }
}
