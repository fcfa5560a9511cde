import { describe, expect, it } from 'vitest';
import { freshDb, notebookText } from './helpers.ts';
import { createNotebook, deleteNotebook, getNotebook, listNotebooks, writeNotebookText } from '../../src/storage/notebooks.ts';
import { diffVersions, getVersion, latestVersion, listVersions, restoreVersion, saveVersion } from '../../src/storage/versions.ts';
import { StorageError } from '../../src/storage/errors.ts';

describe('notebooks', () => {
  it('create, list most recent first, read, delete with history', async () => {
    const db = await freshDb();
    const a = await createNotebook(db, { text: notebookText('A'), now: 1 });
    const b = await createNotebook(db, { text: notebookText('B'), now: 2 });
    expect(a.title).toBe('A');
    expect((await listNotebooks(db)).map((n) => n.title)).toEqual(['B', 'A']);
    expect(await listVersions(db, a.id)).toHaveLength(1);
    await deleteNotebook(db, a.id);
    expect(await getNotebook(db, a.id)).toBeUndefined();
    expect(await listVersions(db, a.id)).toEqual([]);
    expect(await listVersions(db, b.id)).toHaveLength(1);
  });

  it('keeps the last good title while the text does not parse mid-edit', async () => {
    const db = await freshDb();
    const nb = await createNotebook(db, { text: notebookText('Good') });
    const { notebook } = await writeNotebookText(db, nb.id, '---\ntitle: [unclosed\n---\n');
    expect(notebook.title).toBe('Good');
  });

  it('writing a notebook that is gone says so and what to do', async () => {
    const db = await freshDb();
    const err = await writeNotebookText(db, 'nope', 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).kind).toBe('not-found');
    expect((err as Error).message).toMatch(/Download it/);
  });
});

describe('versions', () => {
  it('saveVersion appends, never overwrites; listVersions is newest first', async () => {
    const db = await freshDb();
    const nb = await createNotebook(db, { text: 'v1\n', now: 10 });
    await saveVersion(db, nb.id, 'v2\n', { message: 'second', now: 20 });
    await saveVersion(db, nb.id, 'v2\n', { message: 'same text, still a version', now: 30 });
    const list = await listVersions(db, nb.id);
    expect(list.map((v) => [v.seq, v.kind, v.message, v.text])).toEqual([
      [3, 'named', 'same text, still a version', 'v2\n'],
      [2, 'named', 'second', 'v2\n'],
      [1, 'named', 'Created', 'v1\n'],
    ]);
    expect((await getNotebook(db, nb.id))?.text).toBe('v2\n');
    expect((await latestVersion(db, nb.id))?.seq).toBe(3);
  });

  it('restore is a new version; the working text it replaces goes into history first', async () => {
    const db = await freshDb();
    const nb = await createNotebook(db, { text: 'one\n' });
    await saveVersion(db, nb.id, 'two\n', { message: 'two' });
    await writeNotebookText(db, nb.id, 'three, typed but never saved as a version\n'); // autosave of the working copy only
    const { notebook, version } = await restoreVersion(db, nb.id, 1);
    expect(notebook.text).toBe('one\n');
    expect(version).toMatchObject({ seq: 4, kind: 'restore', restoredFrom: 1, text: 'one\n' });
    expect(version?.message).toMatch(/^Restored version 1 \(Created, /);
    const list = await listVersions(db, nb.id);
    expect(list.map((v) => v.kind)).toEqual(['restore', 'autosave', 'named', 'named']);
    expect(list[1]!.text).toBe('three, typed but never saved as a version\n');
    // and the restore can itself be undone
    await restoreVersion(db, nb.id, 2);
    expect((await getNotebook(db, nb.id))?.text).toBe('two\n');
    expect(await listVersions(db, nb.id)).toHaveLength(5); // 'one' was already history: no extra copy
  });

  it('diffs any two versions, either way round', async () => {
    const db = await freshDb();
    const nb = await createNotebook(db, { text: 'a\nb\nc\n' });
    await saveVersion(db, nb.id, 'a\nB\nc\nd\n');
    const d = await diffVersions(db, nb.id, 1, 2);
    expect(d.added).toBe(2);
    expect(d.removed).toBe(1);
    expect(d.hunks).toHaveLength(1);
    expect(d.hunks[0]!.lines.map((l) => l.op + l.text)).toEqual(['=a', '-b', '+B', '=c', '+d']);
    const back = await diffVersions(db, nb.id, 2, 1);
    expect([back.added, back.removed]).toEqual([1, 2]);
  });

  it('a missing version is a clear not-found', async () => {
    const db = await freshDb();
    const nb = await createNotebook(db, { text: 'x' });
    await expect(getVersion(db, nb.id, 9)).rejects.toThrow(/Version 9 .* pick another/);
  });
});
