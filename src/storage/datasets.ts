/**
 * The dataset catalogue (IndexedDB) and its bytes (a DatasetStore, OPFS in the browser). The engine
 * registers a table lazily from `getDatasetBytes` when a cell first reads it, so start-up does not
 * read a 2 GB file.
 */
import type { DatasetBytes, DatasetStore } from './datasetStore.ts';
import { StorageError, toStorageError } from './errors.ts';
import type { DatasetRecord, PulseDb } from './schema.ts';

/** Table names are SQL identifiers (the engine quotes them anyway); the path reuses the name. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function datasetPath(name: string, format: DatasetRecord['format']): string {
  return `datasets/${name}.${format}`;
}

export type NewDataset = Omit<DatasetRecord, 'opfsPath' | 'addedAt' | 'size'> & { addedAt?: number };

/**
 * Store a dataset's bytes, then its catalogue entry. Replaces a dataset of the same name only with
 * `replace: true`; if the catalogue write fails the bytes are removed, so nothing half-stored stays.
 */
export async function addDataset(db: PulseDb, store: DatasetStore, dataset: NewDataset, bytes: DatasetBytes, options: { replace?: boolean } = {}): Promise<DatasetRecord> {
  if (!NAME.test(dataset.name)) throw new StorageError('failed', `"${dataset.name}" cannot name a table: use letters, digits and _ and start with a letter (e.g. ${dataset.name.replace(/\W+/g, '_').replace(/^(\d)/, '_$1') || 'data'}).`);
  const existing = await db.get('datasets', dataset.name);
  if (existing && !options.replace) throw new StorageError('failed', `A dataset named ${dataset.name} already exists (from ${existing.fileName}). Pick another name, or replace it.`);
  const opfsPath = datasetPath(dataset.name, dataset.format);
  try {
    await store.put(opfsPath, bytes);
  } catch (e) {
    throw toStorageError(e, `storing ${dataset.fileName}`);
  }
  const size = (await store.get(opfsPath))?.size ?? 0;
  const record: DatasetRecord = { ...dataset, opfsPath, size, addedAt: dataset.addedAt ?? Date.now() };
  try {
    await db.put('datasets', record);
  } catch (e) {
    if (!existing || existing.opfsPath !== opfsPath) await store.delete(opfsPath).catch(() => undefined);
    throw toStorageError(e, `cataloguing ${dataset.fileName}`);
  }
  if (existing && existing.opfsPath !== opfsPath) await store.delete(existing.opfsPath).catch(() => undefined);
  return record;
}

export async function listDatasets(db: PulseDb): Promise<DatasetRecord[]> {
  return db.getAll('datasets');
}

export async function getDataset(db: PulseDb, name: string): Promise<DatasetRecord | undefined> {
  return db.get('datasets', name);
}

/** The dataset's bytes for the engine to register; a clear error if they are gone (site data cleared). */
export async function getDatasetBytes(db: PulseDb, store: DatasetStore, name: string): Promise<Blob> {
  const record = await db.get('datasets', name);
  if (!record) throw new StorageError('not-found', `No dataset named ${name} is stored; add it in the data panel.`);
  const blob = await store.get(record.opfsPath);
  if (!blob) throw new StorageError('not-found', `The file behind dataset ${name} (${record.fileName}) is gone from browser storage, perhaps cleared with site data. Import ${record.fileName} again.`);
  return blob;
}

/** Remove the catalogue entry, then the bytes. */
export async function deleteDataset(db: PulseDb, store: DatasetStore, name: string): Promise<void> {
  const record = await db.get('datasets', name);
  if (!record) return;
  await db.delete('datasets', name);
  await store.delete(record.opfsPath);
}

/** Bytes in the store that no catalogue entry names (left by an interrupted import); safe to delete. */
export async function orphanedFiles(db: PulseDb, store: DatasetStore): Promise<string[]> {
  const known = new Set((await db.getAll('datasets')).map((d) => d.opfsPath));
  return (await store.list()).map((f) => f.path).filter((p) => p.startsWith('datasets/') && !known.has(p));
}
