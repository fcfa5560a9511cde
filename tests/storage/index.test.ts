import { describe, expect, it } from 'vitest';
import { freshFactory } from './helpers.ts';
import { MemoryDatasetStore, OpfsDatasetStore, openLocalStorage } from '../../src/storage/index.ts';

describe('openLocalStorage', () => {
  it('falls back to an in-memory dataset store, and says so, where there is no OPFS', async () => {
    const s = await openLocalStorage({ name: 'root', idbFactory: freshFactory(), storage: { estimate: async () => ({}) } as unknown as StorageManager });
    expect(s.datasetStore).toBeInstanceOf(MemoryDatasetStore);
    expect(s.datasetsPersist).toBe(false);
    s.db.close();
  });

  it('uses OPFS where navigator.storage.getDirectory exists', async () => {
    const storage = { estimate: async () => ({}), getDirectory: async () => ({}) } as unknown as StorageManager;
    const s = await openLocalStorage({ name: 'root2', idbFactory: freshFactory(), storage });
    expect(s.datasetStore).toBeInstanceOf(OpfsDatasetStore);
    expect(s.datasetsPersist).toBe(true);
    s.db.close();
  });
});
