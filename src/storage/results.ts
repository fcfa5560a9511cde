/**
 * The results of a notebook's last runs, kept so it reopens with them on screen before DuckDB is up:
 * one IndexedDB record per notebook (what each cell's result was computed from, when, its columns
 * and small outputs) and each table's first rows as Arrow IPC in the DatasetStore (OPFS), under
 * `results/<notebook>/<cell>.arrow`. Bounded by core's RESULT_LIMITS (docs/storage.md).
 */
import { RESULT_LIMITS, rowsToKeep, type ResultLimits } from '../core/notebook/resultLimits.ts';
import type { DatasetStore } from './datasetStore.ts';
import type { KeptCellResult, PulseDb, ResultsRecord } from './schema.ts';

/** One cell's result to keep: `rows` are new rows to write; without them the kept file (rowsPath) stays. */
export interface CellResultToKeep {
  result: KeptCellResult;
  rows?: Uint8Array;
}

export interface LoadedResults {
  record: ResultsRecord;
  /** Kept rows by cell id (Arrow IPC). */
  rows: Record<string, Uint8Array>;
}

const dirOf = (notebookKey: string) => `results/${encodeURIComponent(notebookKey)}`;
/** File of one cell's rows; `n` changes with every write so a reader never meets a half-written file it trusts. */
const rowsPathOf = (notebookKey: string, cellId: string, n: number) => `${dirOf(notebookKey)}/${encodeURIComponent(cellId)}.${n.toString(36)}.arrow`;

/**
 * Keep a notebook's results (replacing what was kept): rows within the limits, in notebook order;
 * a cell whose rows do not fit is kept without them only when it has no table to show (rowCount 0).
 * Files of results no longer kept are removed.
 */
export async function saveResults(
  db: PulseDb,
  store: DatasetStore,
  notebookKey: string,
  cells: ReadonlyArray<{ id: string } & CellResultToKeep>,
  inputValues: Record<string, unknown>,
  now = Date.now(),
  limits: ResultLimits = RESULT_LIMITS,
): Promise<ResultsRecord> {
  const old = await db.get('results', notebookKey);
  const sizes = cells.map((c) => ({ id: c.id, bytes: c.rows?.byteLength ?? c.result.bytes ?? 0 }));
  const fits = rowsToKeep(sizes, limits);
  const kept: Record<string, KeptCellResult> = {};
  for (const c of cells) {
    const hasRows = c.rows !== undefined || c.result.rowsPath !== undefined;
    if (hasRows && !fits.has(c.id)) continue;
    let result = c.result;
    if (c.rows) {
      const path = rowsPathOf(notebookKey, c.id, now);
      await store.put(path, c.rows);
      result = { ...result, rowsPath: path, bytes: c.rows.byteLength };
    }
    kept[c.id] = result;
  }
  const record: ResultsRecord = { notebookKey, cells: kept, inputValues, savedAt: now };
  await db.put('results', record);
  const inUse = new Set(Object.values(kept).map((r) => r.rowsPath));
  for (const r of Object.values(old?.cells ?? {})) if (r.rowsPath && !inUse.has(r.rowsPath)) await store.delete(r.rowsPath).catch(() => undefined);
  return record;
}

/** A notebook's kept results with their rows; a result whose rows file is gone is left out. */
export async function loadResults(db: PulseDb, store: DatasetStore, notebookKey: string): Promise<LoadedResults | null> {
  const record = await db.get('results', notebookKey);
  if (!record) return null;
  const rows: Record<string, Uint8Array> = {};
  const cells: Record<string, KeptCellResult> = {};
  await Promise.all(
    Object.entries(record.cells).map(async ([id, r]) => {
      if (!r.rowsPath) {
        cells[id] = r;
        return;
      }
      // One unreadable file costs that cell's result, not the notebook's.
      const bytes = await store
        .get(r.rowsPath)
        .then((blob) => blob?.arrayBuffer())
        .catch(() => undefined);
      if (!bytes) return;
      rows[id] = new Uint8Array(bytes);
      cells[id] = r;
    }),
  );
  return { record: { ...record, cells }, rows };
}

/** Forget a notebook's kept results and their files. */
export async function clearResults(db: PulseDb, store: DatasetStore, notebookKey: string): Promise<void> {
  const old = await db.get('results', notebookKey);
  await db.delete('results', notebookKey);
  for (const r of Object.values(old?.cells ?? {})) if (r.rowsPath) await store.delete(r.rowsPath).catch(() => undefined);
}
