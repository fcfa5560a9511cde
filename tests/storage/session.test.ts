import { afterEach, describe, expect, it } from 'vitest';
import { freshFactory, notebookText, settle } from './helpers.ts';
import { openPulseDb } from '../../src/storage/schema.ts';
import { createNotebook, getNotebook } from '../../src/storage/notebooks.ts';
import { listVersions } from '../../src/storage/versions.ts';
import { NotebookSession, type SessionEvent } from '../../src/storage/session.ts';

const open: NotebookSession[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

/** Two tabs: two database connections and two BroadcastChannels in one process. */
async function twoTabs(unsaved: { a: boolean; b: boolean } = { a: false, b: false }) {
  const factory = freshFactory();
  const dbA = await openPulseDb('tabs', factory);
  const dbB = await openPulseDb('tabs', factory);
  const nb = await createNotebook(dbA, { text: notebookText('Shared', 'base\n') });
  const a = await NotebookSession.open(dbA, nb.id, { tabId: 'A', hasUnsavedEdits: () => unsaved.a });
  const b = await NotebookSession.open(dbB, nb.id, { tabId: 'B', hasUnsavedEdits: () => unsaved.b });
  open.push(a, b);
  const events = { a: [] as SessionEvent[], b: [] as SessionEvent[] };
  a.on((e) => events.a.push(e));
  b.on((e) => events.b.push(e));
  return { dbA, dbB, nb, a, b, events, unsaved };
}

describe('two tabs on one notebook', () => {
  it('an idle tab shows the other tab’s save (BroadcastChannel notice)', async () => {
    const { a, b, events } = await twoTabs();
    await a.save(notebookText('Shared', 'from A\n'), 'A edits');
    await settle();
    expect(events.b).toHaveLength(1);
    expect(events.b[0]).toMatchObject({ type: 'reloaded', notebook: { text: notebookText('Shared', 'from A\n') } });
    expect(b.notebook.revision).toBe(a.notebook.revision);
    // B goes on from A's text without a conflict
    const r = await b.save(notebookText('Shared', 'from A, then B\n'), 'B edits');
    expect(r.conflict).toBeUndefined();
  });

  it('both edit: the second save keeps the first tab’s text as a named conflict version — nothing is silently overwritten', async () => {
    const { dbA, nb, a, b, events, unsaved } = await twoTabs({ a: true, b: true });
    const textA = notebookText('Shared', 'A typed this\n');
    const textB = notebookText('Shared', 'B typed that\n');
    await a.autosave(textA);
    await settle();
    expect(events.b).toEqual([{ type: 'diverged', revision: a.notebook.revision }]);
    unsaved.b = false;
    const r = await b.autosave(textB);
    expect(r.conflict).toMatchObject({ kind: 'named', text: textA });
    expect(r.conflict!.message).toMatch(/^Conflict: text saved in another tab/);
    expect(events.b.at(-1)).toMatchObject({ type: 'conflict', theirs: { text: textA } });
    expect((await getNotebook(dbA, nb.id))?.text).toBe(textB);
    const texts = (await listVersions(dbA, nb.id)).map((v) => v.text);
    expect(texts).toContain(textA);
    expect(texts).toContain(textB);
    // A hears about B's save; A has unsaved edits again, so it is told, and its next save keeps B's text too
    await settle();
    expect(events.a.at(-1)).toMatchObject({ type: 'diverged' });
    const again = await a.save(notebookText('Shared', 'A again\n'), 'A');
    expect(again.conflict?.text).toBe(textB);
  });

  it('a version check alone catches the conflict when the notice never arrives', async () => {
    const factory = freshFactory();
    const db1 = await openPulseDb('nochannel', factory);
    const db2 = await openPulseDb('nochannel', factory);
    const nb = await createNotebook(db1, { text: 'base\n' });
    const a = await NotebookSession.open(db1, nb.id, { channel: null });
    const b = await NotebookSession.open(db2, nb.id, { channel: null });
    await a.save('A\n', 'a');
    const r = await b.save('B\n', 'b');
    expect(r.conflict?.text).toBe('A\n');
    expect((await listVersions(db1, nb.id)).map((v) => v.text)).toEqual(['B\n', 'A\n', 'A\n', 'base\n']);
  });

  it('saving the same text as the other tab is no conflict', async () => {
    const factory = freshFactory();
    const db = await openPulseDb('same', factory);
    const nb = await createNotebook(db, { text: 'base\n' });
    const a = await NotebookSession.open(db, nb.id, { channel: null });
    const b = await NotebookSession.open(db, nb.id, { channel: null });
    await a.save('same\n', 'a');
    expect((await b.save('same\n', 'b')).conflict).toBeUndefined();
  });

  it('autosave writes history at most every autosaveVersionEveryMs', async () => {
    const factory = freshFactory();
    const db = await openPulseDb('auto', factory);
    const nb = await createNotebook(db, { text: 'base\n' });
    let t = 0;
    const s = await NotebookSession.open(db, nb.id, { channel: null, autosaveVersionEveryMs: 60_000, clock: { now: () => t, setTimeout: () => 0, clearTimeout: () => undefined } });
    for (t = 0; t < 120_000; t += 2000) await s.autosave(`text at ${t}\n`);
    const autos = (await listVersions(db, nb.id)).filter((v) => v.kind === 'autosave');
    expect(autos.map((v) => v.time)).toEqual([60_000, 0]);
    expect((await getNotebook(db, nb.id))?.text).toBe('text at 118000\n');
  });
});
