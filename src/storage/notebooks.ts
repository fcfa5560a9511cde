/**
 * Notebooks: the working copies, and the one transactional write that every save goes through
 * (autosave, named save, restore, template reset, a tab's save over another's). That write never
 * loses text: whatever it replaces is in history first.
 */
import { parseNotebook } from '../core/notebook/format.ts';
import { notebookTitle } from '../core/notebook/model.ts';
import { StorageError, toStorageError } from './errors.ts';
import type { NotebookRecord, PulseDb, VersionKind, VersionRecord } from './schema.ts';

/** Title from the text's front matter; `fallback` while the text does not parse (mid-edit). */
export function titleOf(text: string, fallback = 'Untitled notebook'): string {
  try {
    return notebookTitle(parseNotebook(text));
  } catch {
    return fallback;
  }
}

function newId(): string {
  return globalThis.crypto.randomUUID();
}

export interface CreateNotebookInput {
  text: string;
  id?: string;
  templateId?: string;
  templateVersion?: number;
  /** Message of the first version (default "Created"). */
  message?: string;
  /** Kind of the first version (default `named`). */
  kind?: VersionKind;
  now?: number;
}

/** Create a notebook and its first version, in one transaction. */
export async function createNotebook(db: PulseDb, input: CreateNotebookInput): Promise<NotebookRecord> {
  const now = input.now ?? Date.now();
  const record: NotebookRecord = {
    id: input.id ?? newId(),
    title: titleOf(input.text),
    text: input.text,
    createdAt: now,
    updatedAt: now,
    revision: 1,
    ...(input.templateId !== undefined ? { templateId: input.templateId, templateVersion: input.templateVersion } : {}),
  };
  const version: VersionRecord = {
    notebookId: record.id,
    seq: 1,
    time: now,
    message: input.message ?? 'Created',
    kind: input.kind ?? 'named',
    text: input.text,
    revision: 1,
    ...(input.templateVersion !== undefined ? { templateVersion: input.templateVersion } : {}),
  };
  try {
    const tx = db.transaction(['notebooks', 'versions'], 'readwrite');
    await Promise.all([tx.objectStore('notebooks').add(record), tx.objectStore('versions').add(version), tx.done]);
  } catch (e) {
    throw toStorageError(e, `creating notebook "${record.title}"`);
  }
  return record;
}

export async function getNotebook(db: PulseDb, id: string): Promise<NotebookRecord | undefined> {
  return db.get('notebooks', id);
}

/** Every notebook, most recently edited first. */
export async function listNotebooks(db: PulseDb): Promise<NotebookRecord[]> {
  return (await db.getAllFromIndex('notebooks', 'byUpdatedAt')).reverse();
}

/** Delete a notebook and its whole history. */
export async function deleteNotebook(db: PulseDb, id: string): Promise<void> {
  const tx = db.transaction(['notebooks', 'versions'], 'readwrite');
  await Promise.all([
    tx.objectStore('notebooks').delete(id),
    tx.objectStore('versions').delete(IDBKeyRange.bound([id, 0], [id, Infinity])),
    tx.done,
  ]);
}

export interface VersionInput {
  kind: VersionKind;
  message: string;
  restoredFrom?: number;
  templateVersion?: number;
}

export interface WriteOptions {
  /** Record this write in history as a version. Autosave passes one only now and then. */
  version?: VersionInput;
  /**
   * The revision the writer loaded. When the stored revision differs (another tab saved), the
   * stored text is kept as a named "conflict" version before this text is written.
   */
  expectedRevision?: number;
  /** Set on the record with the text (template bookkeeping). */
  patch?: Partial<Pick<NotebookRecord, 'templateVersion' | 'dismissedTemplateVersion'>>;
  /** Clock for tests. */
  now?: number;
}

export interface WriteResult {
  notebook: NotebookRecord;
  /** The version this write added, if any. */
  version?: VersionRecord;
  /** Set when another tab had saved since `expectedRevision`: its text, kept as this version. */
  conflict?: VersionRecord;
}

const CONFLICT_MESSAGE = 'Conflict: text saved in another tab, kept here when this tab saved over it';

/**
 * Write a notebook's text in one transaction over `notebooks` and `versions`:
 * - another tab's save since `expectedRevision` becomes a named conflict version;
 * - a versioned write other than an autosave (restore, reset, named save) first puts working text
 *   that is not in history yet into history as an autosave, so it can be restored;
 * - then the text is written, the revision bumped and, if asked, a version appended.
 */
export async function writeNotebookText(db: PulseDb, id: string, text: string, options: WriteOptions = {}): Promise<WriteResult> {
  const now = options.now ?? Date.now();
  try {
    const tx = db.transaction(['notebooks', 'versions'], 'readwrite');
    const notebooks = tx.objectStore('notebooks');
    const versions = tx.objectStore('versions');
    const stored = await notebooks.get(id);
    if (!stored) {
      // Nothing written yet: the transaction commits empty.
      throw new StorageError('not-found', `Notebook ${id} is not in this browser's storage (deleted in another tab?). Download it from this tab to keep your text.`);
    }
    const lastCursor = await versions.openCursor(IDBKeyRange.bound([id, 0], [id, Infinity]), 'prev');
    const last = lastCursor?.value;
    let seq = last?.seq ?? 0;
    const append = async (v: Omit<VersionRecord, 'notebookId' | 'seq'>): Promise<VersionRecord> => {
      const record: VersionRecord = { notebookId: id, seq: ++seq, ...v };
      await versions.add(record);
      return record;
    };

    let conflict: VersionRecord | undefined;
    const otherTabSaved = options.expectedRevision !== undefined && options.expectedRevision !== stored.revision;
    if (otherTabSaved && stored.text !== text) {
      conflict = await append({ time: now, message: CONFLICT_MESSAGE, kind: 'named', text: stored.text, revision: stored.revision });
    } else if (options.version && options.version.kind !== 'autosave' && last?.text !== stored.text && stored.text !== text) {
      // Autosaves skip this: the text they replace is the same typing, a few seconds older.
      await append({ time: now, message: 'Unsaved edits, kept before this change', kind: 'autosave', text: stored.text, revision: stored.revision });
    }

    const notebook: NotebookRecord = {
      ...stored,
      ...options.patch,
      text,
      title: titleOf(text, stored.title),
      updatedAt: now,
      revision: stored.revision + 1,
    };
    await notebooks.put(notebook);
    const version = options.version ? await append({ time: now, text, revision: notebook.revision, ...options.version }) : undefined;
    await tx.done;
    return { notebook, ...(version ? { version } : {}), ...(conflict ? { conflict } : {}) };
  } catch (e) {
    throw toStorageError(e, 'saving the notebook');
  }
}
