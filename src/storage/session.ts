/**
 * One tab's handle on one notebook. Every save carries the revision this tab loaded, so a save over
 * another tab's save keeps that tab's text as a named conflict version (writeNotebookText); a
 * BroadcastChannel notice tells the other tabs at once, so an idle tab just shows the new text and a
 * tab with unsaved edits can warn before it saves.
 */
import { systemClock, type Clock } from './clock.ts';
import { StorageError } from './errors.ts';
import { getNotebook, writeNotebookText, type WriteResult } from './notebooks.ts';
import type { NotebookRecord, PulseDb, VersionKind, VersionRecord } from './schema.ts';
import { restoreVersion } from './versions.ts';

export const SYNC_CHANNEL = 'pulse-notebooks';

/** What tabs tell each other. */
export interface SavedNotice {
  type: 'saved';
  notebookId: string;
  revision: number;
  tabId: string;
}

/** The part of BroadcastChannel a session uses. */
export interface SyncChannel {
  postMessage(message: SavedNotice): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

export type SessionEvent =
  /** Another tab saved and this tab had nothing unsaved: show `notebook.text`. */
  | { type: 'reloaded'; notebook: NotebookRecord }
  /** Another tab saved while this tab has unsaved edits: both are kept when this tab saves; say so. */
  | { type: 'diverged'; revision: number }
  /** This tab saved over another tab's save; the other text is kept as `theirs`. */
  | { type: 'conflict'; theirs: VersionRecord; notebook: NotebookRecord };

export interface SessionOptions {
  tabId?: string;
  /** A channel to other tabs; default a BroadcastChannel named SYNC_CHANNEL, or none where absent. */
  channel?: SyncChannel | null;
  /** Whether the editor holds edits not saved yet (Autosaver.hasUnsaved). */
  hasUnsavedEdits?: () => boolean;
  /**
   * Autosaves write the working copy every time, and a history version at most this often
   * (every write that would replace unhistoried text puts it in history first anyway).
   */
  autosaveVersionEveryMs?: number;
  clock?: Clock;
}

/** An autosave version a minute keeps history readable while no more than a few seconds are at risk. */
const DEFAULT_AUTOSAVE_VERSION_EVERY_MS = 60_000;

export class NotebookSession {
  readonly tabId: string;
  private record: NotebookRecord;
  private readonly channel: SyncChannel | null;
  private readonly listeners = new Set<(event: SessionEvent) => void>();
  private lastAutosaveVersionAt = -Infinity;
  private readonly onMessage = (event: { data: unknown }) => void this.handleNotice(event.data);

  private constructor(
    private readonly db: PulseDb,
    record: NotebookRecord,
    private readonly options: SessionOptions,
  ) {
    this.record = record;
    this.tabId = options.tabId ?? globalThis.crypto.randomUUID();
    this.channel = options.channel !== undefined ? options.channel : typeof BroadcastChannel === 'function' ? (new BroadcastChannel(SYNC_CHANNEL) as unknown as SyncChannel) : null;
    this.channel?.addEventListener('message', this.onMessage);
  }

  /** Load a notebook for editing in this tab. */
  static async open(db: PulseDb, notebookId: string, options: SessionOptions = {}): Promise<NotebookSession> {
    const record = await getNotebook(db, notebookId);
    if (!record) throw new StorageError('not-found', `Notebook ${notebookId} is not in this browser's storage; open it from My notebooks or from a file.`);
    return new NotebookSession(db, record, options);
  }

  get notebookId(): string {
    return this.record.id;
  }

  /** The notebook as this tab last loaded or saved it. */
  get notebook(): NotebookRecord {
    return this.record;
  }

  on(listener: (event: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Autosave: the working copy always, a history version at most every `autosaveVersionEveryMs`. */
  autosave(text: string): Promise<WriteResult> {
    const now = (this.options.clock ?? systemClock).now();
    const every = this.options.autosaveVersionEveryMs ?? DEFAULT_AUTOSAVE_VERSION_EVERY_MS;
    const withVersion = now - this.lastAutosaveVersionAt >= every;
    return this.write((revision) =>
      writeNotebookText(this.db, this.notebookId, text, {
        expectedRevision: revision,
        now,
        ...(withVersion ? { version: { kind: 'autosave', message: 'Autosave' } } : {}),
      }),
    ).then((result) => {
      if (result.version) this.lastAutosaveVersionAt = now;
      return result;
    });
  }

  /** A save with a message, as a new version. */
  save(text: string, message: string, kind: VersionKind = 'named'): Promise<WriteResult> {
    return this.write((revision) =>
      writeNotebookText(this.db, this.notebookId, text, { expectedRevision: revision, version: { kind, message: message.trim() || 'Saved' } }),
    );
  }

  /** Restore a version (a new `restore` version). */
  restore(seq: number): Promise<WriteResult> {
    return this.write((revision) => restoreVersion(this.db, this.notebookId, seq, { expectedRevision: revision }));
  }

  /**
   * Run any write that takes the revision this tab loaded (resetToTemplate, …), then track the new
   * revision, report a conflict, and tell the other tabs.
   */
  async write(fn: (expectedRevision: number) => Promise<WriteResult>): Promise<WriteResult> {
    const result = await fn(this.record.revision);
    this.record = result.notebook;
    if (result.conflict) this.emit({ type: 'conflict', theirs: result.conflict, notebook: result.notebook });
    this.channel?.postMessage({ type: 'saved', notebookId: this.notebookId, revision: result.notebook.revision, tabId: this.tabId });
    return result;
  }

  /** Stop listening to other tabs. */
  close(): void {
    this.channel?.removeEventListener('message', this.onMessage);
    if (this.options.channel === undefined) this.channel?.close();
    this.listeners.clear();
  }

  private async handleNotice(data: unknown): Promise<void> {
    const notice = data as Partial<SavedNotice> | null;
    if (!notice || notice.type !== 'saved' || notice.notebookId !== this.notebookId || notice.tabId === this.tabId) return;
    if ((notice.revision ?? 0) <= this.record.revision) return;
    if (this.options.hasUnsavedEdits?.()) {
      this.emit({ type: 'diverged', revision: notice.revision! });
      return;
    }
    const fresh = await getNotebook(this.db, this.notebookId);
    if (!fresh || fresh.revision <= this.record.revision) return;
    this.record = fresh;
    this.emit({ type: 'reloaded', notebook: fresh });
  }

  private emit(event: SessionEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
