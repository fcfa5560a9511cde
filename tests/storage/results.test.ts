import { describe, expect, it } from 'vitest';
import { freshDb } from './helpers.ts';
import { MemoryDatasetStore } from '../../src/storage/datasetStore.ts';
import { clearResults, loadResults, saveResults } from '../../src/storage/results.ts';
import type { KeptCellResult } from '../../src/storage/schema.ts';

const meta = (key: string, rowCount = 2): KeptCellResult => ({ key, computedAt: 1000, rowCount, columns: [{ name: 'clicks', type: 'BIGINT' }] });
const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

describe('kept results', () => {
  it('round-trips a notebook’s results: metadata in IndexedDB, rows in the dataset store', async () => {
    const db = await freshDb();
    const store = new MemoryDatasetStore();
    await saveResults(db, store, 'file/ctr 01', [
      { id: 'variants', result: meta('k1'), rows: bytes(10, 7) },
      { id: 'pick', result: { ...meta('k2', 1), output: { type: 'input', value: 'B' } } },
    ], { pick: 'B' }, 5);
    const loaded = (await loadResults(db, store, 'file/ctr 01'))!;
    expect(loaded.record.inputValues).toEqual({ pick: 'B' });
    expect(loaded.record.cells.variants).toMatchObject({ key: 'k1', computedAt: 1000, rowCount: 2, bytes: 10 });
    expect(loaded.record.cells.pick!.output).toEqual({ type: 'input', value: 'B' });
    expect([...loaded.rows.variants!]).toEqual(Array(10).fill(7));
    // The notebook key may hold a slash: it stays one folder.
    expect((await store.list()).map((f) => f.path)).toEqual([`results/file%2Fctr%2001/variants.${(5).toString(36)}.arrow`]);
    expect(await loadResults(db, store, 'other')).toBeNull();
    db.close();
  });

  it('keeps an unchanged cell’s file, replaces a re-run cell’s and removes files of results no longer kept', async () => {
    const db = await freshDb();
    const store = new MemoryDatasetStore();
    const first = await saveResults(db, store, 'n', [
      { id: 'a', result: meta('a1'), rows: bytes(4) },
      { id: 'b', result: meta('b1'), rows: bytes(4) },
    ], {}, 1);
    await saveResults(db, store, 'n', [
      { id: 'a', result: first.cells.a! },
      { id: 'c', result: meta('c1'), rows: bytes(3) },
    ], {}, 2);
    const loaded = (await loadResults(db, store, 'n'))!;
    expect(Object.keys(loaded.record.cells).sort()).toEqual(['a', 'c']);
    expect((await store.list()).map((f) => f.path)).toEqual(['results/n/a.1.arrow', 'results/n/c.2.arrow']);
    await clearResults(db, store, 'n');
    expect(await store.list()).toEqual([]);
    expect(await loadResults(db, store, 'n')).toBeNull();
    db.close();
  });

  it('keeps rows within the per-cell and per-notebook limits, in notebook order', async () => {
    const db = await freshDb();
    const store = new MemoryDatasetStore();
    const limits = { rows: 10, cellBytes: 100, notebookBytes: 150 };
    const saved = await saveResults(db, store, 'n', [
      { id: 'a', result: meta('a'), rows: bytes(90) },
      { id: 'big', result: meta('big'), rows: bytes(120) },
      { id: 'b', result: meta('b'), rows: bytes(70) },
      { id: 'c', result: meta('c'), rows: bytes(60) },
    ], {}, 1, limits);
    // a (90) fits; big is over 100; b would make 160 > 150; c makes 150.
    expect(Object.keys(saved.cells)).toEqual(['a', 'c']);
    expect((await store.estimate()).usage).toBe(150);
    db.close();
  });

  it('leaves out a result whose rows file has gone missing, rather than show an empty table as current', async () => {
    const db = await freshDb();
    const store = new MemoryDatasetStore();
    const saved = await saveResults(db, store, 'n', [{ id: 'a', result: meta('a'), rows: bytes(4) }, { id: 'b', result: meta('b'), rows: bytes(4) }], {}, 1);
    await store.delete(saved.cells.a!.rowsPath!);
    expect(Object.keys((await loadResults(db, store, 'n'))!.record.cells)).toEqual(['b']);
    db.close();
  });

  it('an unreadable rows file costs only that cell’s result', async () => {
    const db = await freshDb();
    const store = new MemoryDatasetStore();
    const saved = await saveResults(db, store, 'n', [{ id: 'a', result: meta('a'), rows: bytes(4) }, { id: 'b', result: meta('b'), rows: bytes(4) }], {}, 1);
    const broken = saved.cells.a!.rowsPath!;
    const flaky = Object.assign(Object.create(store) as MemoryDatasetStore, {
      get: (path: string) => (path === broken ? Promise.reject(new DOMException('locked', 'NotReadableError')) : store.get(path)),
    });
    expect(Object.keys((await loadResults(db, flaky, 'n'))!.record.cells)).toEqual(['b']);
    db.close();
  });
});
