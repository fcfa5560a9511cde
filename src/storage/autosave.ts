/**
 * Autosave with a retry queue. The latest text stays in memory until a save of it succeeds: a
 * failed save (full storage, a blocked database) is retried with backoff, and `flush()` (pagehide,
 * a named save, closing the notebook) saves at once.
 */
import { systemClock, type Clock } from './clock.ts';
import { StorageError, toStorageError } from './errors.ts';

export type SaveStatus =
  | { state: 'saved'; at: number }
  | { state: 'pending' }
  | { state: 'saving' }
  /** The text is still in memory; `retryAt` is when the next try is, or undefined when it waits for `retryNow()`. */
  | { state: 'error'; error: StorageError; retryAt?: number };

export interface AutosaverOptions {
  /** Quiet time after the last change before saving. */
  debounceMs?: number;
  /** Longest time a change waits while typing goes on: at most this much typing is at risk. */
  maxWaitMs?: number;
  /** Waits between retries after a failed save; the last one repeats. */
  retryDelaysMs?: number[];
  clock?: Clock;
  onStatus?: (status: SaveStatus) => void;
}

/** 1 s of quiet or 4 s of continuous typing, whichever comes first (issue 5: "a few seconds at risk"). */
const DEFAULT_DEBOUNCE_MS = 1000;
const DEFAULT_MAX_WAIT_MS = 4000;
/** Quick first retries for a transient failure, then every 30 s while storage stays full. */
const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000];

export class Autosaver {
  private pending: string | null = null;
  private firstChangeAt: number | null = null;
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private failures = 0;
  private disposed = false;
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly retryDelaysMs: number[];
  private readonly clock: Clock;
  private status: SaveStatus;

  /** `save` writes one text; it may throw, and is called again later with the newest text. */
  constructor(
    private readonly save: (text: string) => Promise<unknown>,
    private readonly options: AutosaverOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.clock = options.clock ?? systemClock;
    this.status = { state: 'saved', at: this.clock.now() };
  }

  /** Whether some text is not saved yet (show "unsaved", warn on close). */
  get hasUnsaved(): boolean {
    return this.pending !== null;
  }

  /** The newest text not saved yet, if any. */
  get unsavedText(): string | null {
    return this.pending;
  }

  get currentStatus(): SaveStatus {
    return this.status;
  }

  /** The editor changed: save this text after the debounce (or the max wait). */
  change(text: string): void {
    if (this.disposed) return;
    this.pending = text;
    const now = this.clock.now();
    this.firstChangeAt ??= now;
    if (this.status.state === 'error') return; // the retry timer saves the newest text
    this.setStatus({ state: 'pending' });
    this.schedule(Math.min(this.debounceMs, this.firstChangeAt + this.maxWaitMs - now));
  }

  /** Save now whatever is pending (pagehide, before a named save). Resolves once it is saved or has failed. */
  async flush(): Promise<void> {
    this.clearTimer();
    if (this.inFlight) await this.inFlight;
    if (this.pending !== null && !this.disposed) await this.run();
  }

  /** Try a failed save again now (storage freed, the other tab closed). */
  retryNow(): Promise<void> {
    return this.flush();
  }

  /** Stop timers. Call `flush()` first to keep the pending text. */
  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  private schedule(ms: number): void {
    this.clearTimer();
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.run();
    }, Math.max(0, ms));
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private run(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const text = this.pending;
    if (text === null) return Promise.resolve();
    this.setStatus({ state: 'saving' });
    this.inFlight = (async () => {
      try {
        await this.save(text);
        this.failures = 0;
        if (this.pending === text) {
          this.pending = null;
          this.firstChangeAt = null;
          this.setStatus({ state: 'saved', at: this.clock.now() });
        } else {
          // Typing went on during the save: the newer text waits its turn.
          this.firstChangeAt = this.clock.now();
          this.setStatus({ state: 'pending' });
          if (!this.disposed) this.schedule(this.debounceMs);
        }
      } catch (e) {
        const error = toStorageError(e, 'saving the notebook');
        const delay = this.retryDelaysMs[Math.min(this.failures, this.retryDelaysMs.length - 1)]!;
        this.failures++;
        if (error.retryable && !this.disposed) {
          this.setStatus({ state: 'error', error, retryAt: this.clock.now() + delay });
          this.schedule(delay);
        } else {
          this.setStatus({ state: 'error', error });
        }
      } finally {
        this.inFlight = null;
      }
    })();
    return this.inFlight;
  }

  private setStatus(status: SaveStatus): void {
    this.status = status;
    this.options.onStatus?.(status);
  }
}
