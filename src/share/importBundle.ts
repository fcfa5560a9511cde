/**
 * Storing what openBundle (or openNotebookFile) checked. A bundle always becomes a new notebook, never
 * a write over one the user has; its datasets are added unless a stored dataset of the same name holds
 * different data, which is refused up front (before anything is written) unless `replaceDatasets`.
 */
import { addDataset, deleteDataset, type NewDataset } from '../storage/datasets.ts';
import type { DatasetStore } from '../storage/datasetStore.ts';
import { createNotebook } from '../storage/notebooks.ts';
import type { DatasetRecord, NotebookRecord, PulseDb } from '../storage/schema.ts';
import type { OpenedBundle } from './bundle.ts';
import { OpenFileError } from './errors.ts';
import type { OpenedNotebook } from './notebookFile.ts';

export interface ImportedBundle {
  notebook: NotebookRecord;
  /** Datasets written from the bundle. */
  added: DatasetRecord[];
  /** Datasets already stored with the same bytes (same SHA-256), left as they were. */
  reused: string[];
}

/** Store an opened `.pulse.md` as a new notebook. */
export async function importNotebookFile(db: PulseDb, opened: OpenedNotebook, fileName: string): Promise<NotebookRecord> {
  return createNotebook(db, { text: opened.text, message: `Opened from ${fileName}` });
}

export async function importBundle(db: PulseDb, store: DatasetStore, bundle: OpenedBundle, options: { fileName?: string; replaceDatasets?: boolean; now?: number } = {}): Promise<ImportedBundle> {
  const reused: string[] = [];
  const toAdd: OpenedBundle['datasets'] = [];
  const replaced = new Set<string>();
  const clashes: string[] = [];
  for (const d of bundle.datasets) {
    const existing = await db.get('datasets', d.name);
    if (!existing) toAdd.push(d);
    else if (existing.sha256 === d.sha256) reused.push(d.name);
    else if (options.replaceDatasets) {
      toAdd.push(d);
      replaced.add(d.name);
    }
    else clashes.push(`${d.name} (yours is from ${existing.fileName})`);
  }
  if (clashes.length > 0) {
    throw new OpenFileError('dataset-exists', `This bundle's dataset${clashes.length > 1 ? 's' : ''} ${clashes.join(', ')} ${clashes.length > 1 ? 'have' : 'has'} the name of a dataset you already have, with different data. Rename or delete yours in the data panel, or open the bundle again and choose to replace them. Nothing was stored.`);
  }
  const now = options.now ?? Date.now();
  const added: DatasetRecord[] = [];
  try {
    for (const d of toAdd) {
      const record: NewDataset = { name: d.name, fileName: d.fileName, format: 'parquet', schema: d.schema, rowCount: d.rowCount, sha256: d.sha256, addedAt: now };
      added.push(await addDataset(db, store, record, d.parquet, { replace: options.replaceDatasets === true }));
    }
    const notebook = await createNotebook(db, { text: bundle.notebook.text, message: `Opened from bundle ${options.fileName ?? ''}`.trim(), now });
    return { notebook, added, reused };
  } catch (e) {
    // Undo the datasets this import added, so a failed import leaves storage as it was
    // (a replaced dataset keeps the bundle's bytes: the user chose to replace it).
    for (const r of added) {
      if (!replaced.has(r.name)) await deleteDataset(db, store, r.name).catch(() => undefined);
    }
    throw e;
  }
}
