import { describe, expect, it } from 'vitest';
import { freshFactory, notebookText } from './helpers.ts';
import { openPulseDb, PULSE_DB_VERSION } from '../../src/storage/schema.ts';
import { StorageError } from '../../src/storage/errors.ts';

/** Build a version-1 database with the raw IndexedDB API, as the first Pulse release did. */
function createV1ByHand(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = factory.open(name, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore('notebooks', { keyPath: 'id' });
      db.createObjectStore('versions', { keyPath: ['notebookId', 'seq'] });
      db.createObjectStore('templates', { keyPath: ['moduleId', 'version'] });
      db.createObjectStore('datasets', { keyPath: 'name' });
    };
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction(['notebooks', 'versions', 'templates', 'datasets'], 'readwrite');
      // v1 notebooks had no revision counter.
      tx.objectStore('notebooks').put({ id: 'n1', title: 'Old', text: notebookText('Old'), templateId: 'ctr-05', templateVersion: 1, createdAt: 1, updatedAt: 2 });
      tx.objectStore('versions').put({ notebookId: 'n1', seq: 1, time: 1, message: 'Created', kind: 'named', text: notebookText('Old') });
      tx.objectStore('templates').put({ moduleId: 'ctr-05', version: 1, title: 'Old', text: notebookText('Old') });
      tx.objectStore('datasets').put({ name: 'ads', fileName: 'ads.csv', format: 'csv', schema: { columns: [] }, size: 3, rowCount: 1, opfsPath: 'datasets/ads.csv', addedAt: 5 });
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

describe('openPulseDb', () => {
  it('creates every store at the current version on a fresh profile', async () => {
    const db = await openPulseDb('fresh', freshFactory());
    expect(db.version).toBe(PULSE_DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['datasets', 'mappings', 'notebooks', 'progress', 'results', 'templates', 'versions']);
    expect([...db.transaction('notebooks').store.indexNames].sort()).toEqual(['byTemplate', 'byUpdatedAt']);
    db.close();
  });

  it('migrates a version-1 database made by hand: every record survives, revisions are backfilled', async () => {
    const factory = freshFactory();
    await createV1ByHand(factory, 'old');
    const db = await openPulseDb('old', factory);
    expect(db.version).toBe(PULSE_DB_VERSION);
    const nb = await db.get('notebooks', 'n1');
    expect(nb).toMatchObject({ id: 'n1', title: 'Old', templateId: 'ctr-05', revision: 1 });
    expect(await db.get('versions', ['n1', 1])).toMatchObject({ message: 'Created' });
    expect(await db.get('templates', ['ctr-05', 1])).toMatchObject({ title: 'Old' });
    expect(await db.get('datasets', 'ads')).toMatchObject({ fileName: 'ads.csv' });
    expect(await db.getAllFromIndex('notebooks', 'byTemplate', 'ctr-05')).toHaveLength(1);
    await db.put('mappings', { signature: 'a|b', table: 'ad_daily', columns: { a: 'date' }, savedAt: 1 });
    expect(await db.count('mappings')).toBe(1);
    // v3 added exercise progress; the older stores are untouched by it.
    expect(await db.count('progress')).toBe(0);
    await db.put('progress', { moduleId: 'ctr-05', exercises: { ex_a: 'passed' }, total: 3, updatedAt: 1 });
    expect(await db.get('progress', 'ctr-05')).toMatchObject({ total: 3 });
    db.close();
  });

  it('migrates a version-3 database (exercise progress) to version 4: progress and notebooks survive, kept results start empty', async () => {
    const factory = freshFactory();
    await new Promise<void>((resolve, reject) => {
      const req = factory.open('v3', 3);
      req.onupgradeneeded = () => {
        const db = req.result;
        for (const name of ['notebooks', 'datasets', 'mappings']) db.createObjectStore(name, { keyPath: name === 'datasets' ? 'name' : name === 'mappings' ? 'signature' : 'id' });
        db.createObjectStore('versions', { keyPath: ['notebookId', 'seq'] });
        db.createObjectStore('templates', { keyPath: ['moduleId', 'version'] });
        db.createObjectStore('progress', { keyPath: 'moduleId' });
        req.transaction!.objectStore('notebooks').put({ id: 'n3', title: 'Kept', text: notebookText('Kept'), createdAt: 1, updatedAt: 2, revision: 4 });
        req.transaction!.objectStore('progress').put({ moduleId: 'ctr-01', exercises: { ex_a: 'passed' }, total: 2, updatedAt: 3 });
      };
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
    });
    const db = await openPulseDb('v3', factory);
    expect(db.version).toBe(4);
    expect(await db.get('notebooks', 'n3')).toMatchObject({ title: 'Kept', revision: 4 });
    expect(await db.get('progress', 'ctr-01')).toMatchObject({ total: 2 });
    expect(await db.count('results')).toBe(0);
    await db.put('results', { notebookKey: 'n3', cells: {}, inputValues: {}, savedAt: 5 });
    expect(await db.get('results', 'n3')).toMatchObject({ savedAt: 5 });
    db.close();
  });

  it('reopening at the current version changes nothing', async () => {
    const factory = freshFactory();
    const db = await openPulseDb('same', factory);
    await db.put('notebooks', { id: 'x', title: 't', text: 't', createdAt: 1, updatedAt: 1, revision: 7 });
    db.close();
    const again = await openPulseDb('same', factory);
    expect((await again.get('notebooks', 'x'))?.revision).toBe(7);
    again.close();
  });

  it('a database from a newer Pulse is refused with a message to reload', async () => {
    const factory = freshFactory();
    await new Promise<void>((resolve) => {
      const req = factory.open('future', PULSE_DB_VERSION + 5);
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
    });
    const err = await openPulseDb('future', factory).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).kind).toBe('version');
    expect((err as StorageError).message).toMatch(/newer version of Pulse.*Reload/);
  });

  it('an older tab holding the database open is reported as blocked, with what to do', async () => {
    const factory = freshFactory();
    await createV1ByHand(factory, 'held');
    // An old tab: v1 open, and it ignores versionchange (old code never closed).
    const old = await new Promise<IDBDatabase>((resolve) => {
      const req = factory.open('held', 1);
      req.onsuccess = () => resolve(req.result);
    });
    let blocked: StorageError | undefined;
    const opening = openPulseDb('held', factory, { onBlocked: (e) => (blocked = e) });
    await new Promise((r) => setTimeout(r, 50));
    expect(blocked?.kind).toBe('blocked');
    expect(blocked?.message).toMatch(/Close the other Pulse tabs/);
    old.close(); // the user closes the old tab: the upgrade goes on
    const db = await opening;
    expect(db.version).toBe(PULSE_DB_VERSION);
    db.close();
  });

  it('a newer tab asking to upgrade closes this connection and tells the UI', async () => {
    const factory = freshFactory();
    let asked = false;
    const db = await openPulseDb('upgrade', factory, { onVersionChange: () => (asked = true) });
    await new Promise<void>((resolve) => {
      const req = factory.open('upgrade', PULSE_DB_VERSION + 1);
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
    });
    expect(asked).toBe(true);
    expect(() => db.transaction('notebooks')).toThrow();
  });
});
