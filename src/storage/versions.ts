/**
 * Version history: append-only. A named save adds a version; a restore adds a version holding the
 * old text; nothing in `versions` is ever changed or removed (except with its notebook).
 */
import { diffHunks, lineDiff, type DiffHunk, type DiffLine } from './diff.ts';
import { StorageError } from './errors.ts';
import { writeNotebookText, type WriteResult } from './notebooks.ts';
import type { PulseDb, VersionKind, VersionRecord } from './schema.ts';

const range = (notebookId: string) => IDBKeyRange.bound([notebookId, 0], [notebookId, Infinity]);

export interface SaveVersionOptions {
  message?: string;
  /** Default `named`. */
  kind?: VersionKind;
  /** The revision this tab loaded; another tab's save since then is kept as a conflict version. */
  expectedRevision?: number;
  now?: number;
}

/** Save `text` as the notebook's working copy and as a new version. Never overwrites a version. */
export async function saveVersion(db: PulseDb, notebookId: string, text: string, options: SaveVersionOptions = {}): Promise<WriteResult> {
  const kind = options.kind ?? 'named';
  const message = options.message?.trim() || (kind === 'autosave' ? 'Autosave' : 'Saved');
  return writeNotebookText(db, notebookId, text, {
    version: { kind, message },
    ...(options.expectedRevision !== undefined ? { expectedRevision: options.expectedRevision } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
}

/** A notebook's versions, newest first. */
export async function listVersions(db: PulseDb, notebookId: string): Promise<VersionRecord[]> {
  return (await db.getAll('versions', range(notebookId))).reverse();
}

export async function getVersion(db: PulseDb, notebookId: string, seq: number): Promise<VersionRecord> {
  const v = await db.get('versions', [notebookId, seq]);
  if (!v) throw new StorageError('not-found', `Version ${seq} of this notebook is not in storage; pick another from the history list.`);
  return v;
}

/** The latest version, if any. */
export async function latestVersion(db: PulseDb, notebookId: string): Promise<VersionRecord | undefined> {
  const cursor = await db.transaction('versions').store.openCursor(range(notebookId), 'prev');
  return cursor?.value;
}

/**
 * Make version `seq` the working copy again, as a new `restore` version. The text it replaces is in
 * history first (see writeNotebookText), so a restore can itself be undone.
 */
export async function restoreVersion(db: PulseDb, notebookId: string, seq: number, options: { expectedRevision?: number; now?: number } = {}): Promise<WriteResult> {
  const old = await getVersion(db, notebookId, seq);
  const when = new Date(old.time).toISOString().replace('T', ' ').slice(0, 16);
  return writeNotebookText(db, notebookId, old.text, {
    version: { kind: 'restore', message: `Restored version ${seq} (${old.message}, ${when} UTC)`, restoredFrom: seq },
    ...options,
  });
}

export interface VersionDiff {
  from: VersionRecord;
  to: VersionRecord;
  lines: DiffLine[];
  hunks: DiffHunk[];
  added: number;
  removed: number;
}

/** A readable line diff between two versions of one notebook (either order). */
export async function diffVersions(db: PulseDb, notebookId: string, fromSeq: number, toSeq: number, context = 3): Promise<VersionDiff> {
  const [from, to] = await Promise.all([getVersion(db, notebookId, fromSeq), getVersion(db, notebookId, toSeq)]);
  const lines = lineDiff(from.text, to.text);
  return {
    from,
    to,
    lines,
    hunks: diffHunks(lines, context),
    added: lines.filter((l) => l.op === '+').length,
    removed: lines.filter((l) => l.op === '-').length,
  };
}
