/**
 * App services for local storage, for the composition root (src/main.ts) to wire into the UI.
 * Components do not import `idb` or this folder's internals; they get these through the root.
 */
import { MemoryDatasetStore, type DatasetStore } from './datasetStore.ts';
import { OpfsDatasetStore } from './opfs.ts';
import { openPulseDb, PULSE_DB_NAME, type OpenOptions, type PulseDb } from './schema.ts';

export * from './schema.ts';
export * from './errors.ts';
export * from './clock.ts';
export * from './notebooks.ts';
export * from './versions.ts';
export * from './diff.ts';
export * from './autosave.ts';
export * from './session.ts';
export * from './templates.ts';
export * from './datasetStore.ts';
export * from './datasets.ts';
export * from './mappings.ts';
export * from './progress.ts';
export * from './results.ts';
export * from './quota.ts';
export { OpfsDatasetStore } from './opfs.ts';

export interface LocalStorage {
  db: PulseDb;
  datasetStore: DatasetStore;
  /** False when the browser has no OPFS: datasets then last only until the tab closes; say so in the data panel. */
  datasetsPersist: boolean;
}

/** Open the database and pick the dataset store: OPFS where the browser has it, memory otherwise. */
export async function openLocalStorage(options: OpenOptions & { name?: string; idbFactory?: IDBFactory; storage?: StorageManager } = {}): Promise<LocalStorage> {
  const db = await openPulseDb(options.name ?? PULSE_DB_NAME, options.idbFactory, options);
  const storage = options.storage ?? globalThis.navigator?.storage;
  if (storage && OpfsDatasetStore.supported(storage)) return { db, datasetStore: new OpfsDatasetStore(storage), datasetsPersist: true };
  return { db, datasetStore: new MemoryDatasetStore(), datasetsPersist: false };
}
