/**
 * Main-thread side of the Pulse worker: starts it, wraps it with Comlink, and replaces it when it
 * crashes (an uncaught error or a wasm trap such as out-of-memory), with a message for the UI.
 */
import * as Comlink from 'comlink';
import type { RegisterOptions, TableInfo } from '../../core/engine';
import type { CellUpdate, EngineInfo, ImportProgress, PulseWorkerApi, RunRequest } from './protocol';

export type WorkerStatus =
  | { state: 'starting' }
  | { state: 'ready'; info: EngineInfo }
  | { state: 'crashed'; message: string }
  | { state: 'failed'; message: string };

/** A wasm trap leaves DuckDB unusable; these messages mark one. */
const FATAL = /RuntimeError|memory access out of bounds|Aborted\(|unreachable|Out of memory|Cannot enlarge memory/i;

export class PulseWorkerClient {
  private worker: Worker | null = null;
  private remote: Comlink.Remote<PulseWorkerApi> | null = null;
  private ready: Promise<EngineInfo> | null = null;
  private listeners = new Set<(s: WorkerStatus) => void>();
  /** Increments on every restart; UI state tied to an older worker (tables, results) is gone. */
  generation = 0;

  constructor(private readonly spawn: () => Worker) {}

  /** Start the worker (once) and wait until DuckDB is ready. */
  start(): Promise<EngineInfo> {
    if (this.ready) return this.ready;
    this.emit({ state: 'starting' });
    const worker = this.spawn();
    this.worker = worker;
    this.remote = Comlink.wrap<PulseWorkerApi>(worker);
    worker.addEventListener('error', (ev) => {
      ev.preventDefault();
      this.crashed(`The DuckDB worker crashed (${ev.message || 'unknown error'}). It was restarted; tables loaded before the crash must be imported again. Your notebook text is kept.`);
    });
    this.ready = this.remote.start().then(
      (info) => {
        this.emit({ state: 'ready', info });
        return info;
      },
      (e: unknown) => {
        const message = `DuckDB could not start: ${e instanceof Error ? e.message : String(e)}`;
        this.emit({ state: 'failed', message });
        throw new Error(message);
      },
    );
    return this.ready;
  }

  /** The worker API, once started. Calls that hit a fatal wasm error restart the worker. */
  async api(): Promise<Comlink.Remote<PulseWorkerApi>> {
    await this.start();
    return this.remote!;
  }

  /**
   * Run `fn` against the worker; when it fails with a fatal wasm error, restart the worker and rethrow
   * with a message saying so.
   */
  async call<T>(fn: (api: Comlink.Remote<PulseWorkerApi>) => Promise<T>): Promise<T> {
    const api = await this.api();
    try {
      return await fn(api);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (FATAL.test(msg) || (e instanceof Error && e.name === 'RuntimeError')) {
        this.crashed(`DuckDB ran out of memory or hit an internal error (${msg}). The engine was restarted; import your tables again. Your notebook text is kept.`);
        throw new Error(`DuckDB crashed: ${msg}. The engine was restarted.`);
      }
      throw e;
    }
  }

  /** Run notebook cells in the worker; `onCell` hears each cell start and finish. */
  runNotebook(req: RunRequest, onCell: (u: CellUpdate) => void): Promise<void> {
    return this.call((api) => api.runNotebook(req, Comlink.proxy(onCell)));
  }

  /** Resolves once DuckDB is up and the worker has had nothing to do for `quietMs`. */
  async idle(quietMs: number): Promise<void> {
    await (await this.api()).whenIdle(quietMs);
  }

  /** Import a user's file as a table, reporting progress. */
  importFile(name: string, file: File, onProgress: (p: ImportProgress) => void, options?: RegisterOptions): Promise<TableInfo> {
    return this.call((api) => api.importFile(name, file, file.name, undefined, Comlink.proxy(onProgress), options));
  }

  /** Cancel the running query (no-op when none runs). */
  async cancel(): Promise<boolean> {
    if (!this.remote) return false;
    return this.remote.cancel();
  }

  onStatus(fn: (s: WorkerStatus) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Stop the worker for good. */
  terminate(): void {
    this.remote?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
    this.ready = null;
  }

  private crashed(message: string): void {
    this.terminate();
    this.generation++;
    this.emit({ state: 'crashed', message });
    void this.start().catch(() => undefined);
  }

  private emit(s: WorkerStatus): void {
    for (const l of this.listeners) l(s);
  }
}

/** The worker as Vite bundles it (module worker, same origin). */
export function spawnPulseWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'pulse-duckdb' });
}
