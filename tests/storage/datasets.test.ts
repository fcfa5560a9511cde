import { describe, expect, it } from 'vitest';
import { freshDb } from './helpers.ts';
import { MemoryDatasetStore, type DatasetStore } from '../../src/storage/datasetStore.ts';
import { addDataset, deleteDataset, getDatasetBytes, listDatasets, orphanedFiles, type NewDataset } from '../../src/storage/datasets.ts';
import { StorageError } from '../../src/storage/errors.ts';
import { formatBytes, requestPersistence, storageInfo } from '../../src/storage/quota.ts';
import { deleteMapping, getMapping, listMappings, saveMapping } from '../../src/storage/mappings.ts';
import { headerSignature } from '../../src/core/importers/mapping.ts';

const ads: NewDataset = { name: 'ads', fileName: 'meta.csv', format: 'csv', schema: { columns: [{ name: 'day', type: 'DATE' }], canonical: 'ad_daily' }, rowCount: 2, addedAt: 5 };
const bytes = (s: string) => new TextEncoder().encode(s);

describe('dataset catalogue and bytes', () => {
  it('stores bytes and catalogue entry; reads them back; deletes both', async () => {
    const db = await freshDb();
    const store = new MemoryDatasetStore();
    const rec = await addDataset(db, store, ads, bytes('day\n2024-01-01\n'));
    expect(rec).toMatchObject({ name: 'ads', opfsPath: 'datasets/ads.csv', size: 15, addedAt: 5 });
    expect(await (await getDatasetBytes(db, store, 'ads')).text()).toBe('day\n2024-01-01\n');
    expect((await listDatasets(db)).map((d) => d.name)).toEqual(['ads']);
    await deleteDataset(db, store, 'ads');
    expect(await listDatasets(db)).toEqual([]);
    expect(await store.list()).toEqual([]);
  });

  it('refuses to replace a dataset of the same name unless asked', async () => {
    const db = await freshDb();
    const store = new MemoryDatasetStore();
    await addDataset(db, store, ads, bytes('a'));
    await expect(addDataset(db, store, ads, bytes('b'))).rejects.toThrow(/already exists \(from meta.csv\)/);
    await addDataset(db, store, { ...ads, format: 'parquet' }, bytes('bb'), { replace: true });
    expect(await store.list()).toEqual([{ path: 'datasets/ads.parquet', size: 2 }]);
  });

  it('a name that is not an identifier gets a suggestion', async () => {
    const db = await freshDb();
    await expect(addDataset(db, new MemoryDatasetStore(), { ...ads, name: '2024 ads' }, bytes('a'))).rejects.toThrow(/e\.g\. _2024_ads/);
  });

  it('a full store gives a quota error that says what to do, and stores nothing', async () => {
    const db = await freshDb();
    const store = new MemoryDatasetStore(4);
    const err = await addDataset(db, store, ads, bytes('too many bytes')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).kind).toBe('quota');
    expect((err as StorageError).message).toMatch(/storing meta\.csv.*delete datasets/);
    expect(await listDatasets(db)).toEqual([]);
    expect(await store.list()).toEqual([]);
  });

  it('bytes gone from the store (site data cleared) name the file to import again', async () => {
    const db = await freshDb();
    const store = new MemoryDatasetStore();
    await addDataset(db, store, ads, bytes('a'));
    await store.delete('datasets/ads.csv');
    await expect(getDatasetBytes(db, store, 'ads')).rejects.toThrow(/Import meta\.csv again/);
  });

  it('a catalogue write that fails removes the bytes it just wrote', async () => {
    const db = await freshDb();
    const store = new MemoryDatasetStore();
    const failing = new Proxy(db, {
      get(target, prop) {
        if (prop === 'put') return () => Promise.reject(new DOMException('quota', 'QuotaExceededError'));
        const v = Reflect.get(target, prop);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    await expect(addDataset(failing, store, ads, bytes('abc'))).rejects.toMatchObject({ kind: 'quota' });
    expect(await store.list()).toEqual([]);
  });

  it('lists files no catalogue entry names (an interrupted import)', async () => {
    const db = await freshDb();
    const store: DatasetStore = new MemoryDatasetStore();
    await addDataset(db, store, ads, bytes('a'));
    await store.put('datasets/left.parquet', bytes('x'));
    expect(await orphanedFiles(db, store)).toEqual(['datasets/left.parquet']);
  });
});

describe('storage estimate and persistence', () => {
  it('formats usage like browser settings do', async () => {
    expect([formatBytes(512), formatBytes(1_234_567), formatBytes(9_800_000_000)]).toEqual(['512 B', '1.2 MB', '9.8 GB']);
    const info = await storageInfo({ estimate: async () => ({ usage: 1_200_000_000, quota: 9_800_000_000 }), persisted: async () => true });
    expect(info).toEqual({ usage: 1_200_000_000, quota: 9_800_000_000, persisted: true, summary: '1.2 GB of 9.8 GB used' });
  });

  it('asks for persistence once and says what a refusal means', async () => {
    let asked = 0;
    const refusing = { estimate: async () => ({}), persisted: async () => false, persist: async () => (asked++, false) };
    expect(await requestPersistence(refusing)).toMatchObject({ persisted: false, message: expect.stringMatching(/may clear Pulse data.*install Pulse/) });
    expect(asked).toBe(1);
    const already = { estimate: async () => ({}), persisted: async () => true, persist: async () => (asked++, true) };
    expect((await requestPersistence(already)).persisted).toBe(true);
    expect(asked).toBe(1);
    expect((await requestPersistence({ estimate: async () => ({}) })).persisted).toBe(false);
  });
});

describe('importer mappings', () => {
  it('saves a mapping under its header signature and finds it for the same headers in another order', async () => {
    const db = await freshDb();
    const signature = headerSignature(['Day', 'Clicks']);
    await saveMapping(db, { signature, table: 'ad_daily', columns: { Day: 'date', Clicks: 'clicks' } }, 7);
    expect(await getMapping(db, headerSignature(['clicks', 'day']))).toMatchObject({ table: 'ad_daily', savedAt: 7 });
    expect(await listMappings(db)).toHaveLength(1);
    await deleteMapping(db, signature);
    expect(await getMapping(db, signature)).toBeUndefined();
  });
});
