/**
 * Storage failures mapped to messages a person can act on. The browser's errors (QuotaExceededError,
 * a blocked upgrade, a private window without IndexedDB) say what broke; these say what to do.
 */

export type StorageErrorKind =
  /** Out of space: QuotaExceededError. Retryable once space is freed. */
  | 'quota'
  /** Another tab holds an older schema version open. Retryable once it closes. */
  | 'blocked'
  /** No IndexedDB / OPFS here (private window, blocked by a site setting). */
  | 'unavailable'
  /** The database was written by a newer Pulse. */
  | 'version'
  /** The record asked for is not there. */
  | 'not-found'
  /** Anything else the browser threw (message keeps its text). Retryable. */
  | 'failed';

export class StorageError extends Error {
  constructor(
    readonly kind: StorageErrorKind,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StorageError';
  }

  /** Whether trying the same write again later can succeed (the retry queue keeps it). */
  get retryable(): boolean {
    return this.kind === 'quota' || this.kind === 'blocked' || this.kind === 'failed';
  }
}

function errorName(e: unknown): string {
  return typeof e === 'object' && e !== null && 'name' in e ? String((e as { name: unknown }).name) : '';
}

/** A QuotaExceededError, however the browser wraps it (Firefox names the code, Safari the name). */
export function isQuotaError(e: unknown): boolean {
  if (e instanceof StorageError) return e.kind === 'quota';
  const name = errorName(e);
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
  // An IndexedDB transaction aborted for quota carries the DOMException as its `error`.
  const inner = typeof e === 'object' && e !== null && 'error' in e ? (e as { error: unknown }).error : undefined;
  return inner !== undefined && inner !== e && isQuotaError(inner);
}

/**
 * Map anything a storage call threw to a StorageError whose message says what happened, where, and
 * what to do. `doing` completes "while …" (e.g. "saving the notebook").
 */
export function toStorageError(e: unknown, doing: string): StorageError {
  if (e instanceof StorageError) return e;
  if (isQuotaError(e)) {
    return new StorageError('quota', `Browser storage is full while ${doing}. Your notebook stays open in this tab and is saved as soon as there is room: delete datasets you no longer need in the data panel, or download the notebook (.pulse.md) to keep a copy now.`, e);
  }
  const name = errorName(e);
  if (name === 'VersionError') {
    return new StorageError('version', `This browser's Pulse data was written by a newer version of Pulse (while ${doing}). Reload the page to get the newest Pulse; nothing was changed.`, e);
  }
  if (name === 'SecurityError' || name === 'InvalidStateError' || name === 'NotAllowedError') {
    return new StorageError('unavailable', `This browser does not let Pulse store data (while ${doing}; ${name}). Private windows and some site settings block it: open Pulse in a normal window, or download your notebook to keep it.`, e);
  }
  const detail = e instanceof Error ? e.message : String(e);
  return new StorageError('failed', `Storage failed while ${doing}: ${detail}. Your notebook stays open in this tab; Pulse tries again shortly.`, e);
}
