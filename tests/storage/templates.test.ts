import { describe, expect, it } from 'vitest';
import { freshDb, notebookText } from './helpers.ts';
import { getNotebook, listNotebooks, writeNotebookText } from '../../src/storage/notebooks.ts';
import { listVersions } from '../../src/storage/versions.ts';
import {
  dismissTemplateOffer,
  isEditedFromTemplate,
  openModuleNotebook,
  openTemplateBeside,
  resetToTemplate,
  seedFromTemplate,
  syncShippedTemplates,
  templateOffers,
} from '../../src/storage/templates.ts';

const v1 = notebookText('CTR · Module 5', 'template v1\n');
const v2 = notebookText('CTR · Module 5', 'template v2\n');

describe('templates', () => {
  it('seeds a module notebook once and opens the same one afterwards', async () => {
    const db = await freshDb();
    const sync = await syncShippedTemplates(db, [{ moduleId: 'ctr-05', version: 1, text: v1 }]);
    expect(sync.added.map((t) => t.title)).toEqual(['CTR · Module 5']);
    const nb = await openModuleNotebook(db, 'ctr-05');
    expect(nb).toMatchObject({ text: v1, templateId: 'ctr-05', templateVersion: 1 });
    expect((await openModuleNotebook(db, 'ctr-05')).id).toBe(nb.id);
    expect((await syncShippedTemplates(db, [{ moduleId: 'ctr-05', version: 1, text: v1 }])).added).toEqual([]);
  });

  it('reset to template keeps the user’s edits in history', async () => {
    const db = await freshDb();
    await syncShippedTemplates(db, [{ moduleId: 'ctr-05', version: 1, text: v1 }]);
    const nb = await seedFromTemplate(db, 'ctr-05');
    await writeNotebookText(db, nb.id, notebookText('CTR · Module 5', 'my edits\n'));
    expect(await isEditedFromTemplate(db, (await getNotebook(db, nb.id))!)).toBe(true);
    const { notebook, version } = await resetToTemplate(db, nb.id);
    expect(notebook.text).toBe(v1);
    expect(version).toMatchObject({ kind: 'template-reset', templateVersion: 1 });
    const history = await listVersions(db, nb.id);
    expect(history.map((v) => v.kind)).toEqual(['template-reset', 'autosave', 'named']);
    expect(history[1]!.text).toContain('my edits');
  });

  it('a newer template updates an untouched copy in place (old text in history)', async () => {
    const db = await freshDb();
    await syncShippedTemplates(db, [{ moduleId: 'ctr-05', version: 1, text: v1 }]);
    const nb = await seedFromTemplate(db, 'ctr-05');
    const sync = await syncShippedTemplates(db, [{ moduleId: 'ctr-05', version: 1, text: v1 }, { moduleId: 'ctr-05', version: 2, text: v2 }]);
    expect(sync.updated.map((n) => n.id)).toEqual([nb.id]);
    expect(sync.offers).toEqual([]);
    expect(await getNotebook(db, nb.id)).toMatchObject({ text: v2, templateVersion: 2 });
    expect((await listVersions(db, nb.id)).map((v) => [v.kind, v.text])).toEqual([
      ['template-update', v2],
      ['named', v1],
    ]);
  });

  it('a newer template never overwrites an edited copy: it is offered beside it', async () => {
    const db = await freshDb();
    await syncShippedTemplates(db, [{ moduleId: 'ctr-05', version: 1, text: v1 }]);
    const nb = await seedFromTemplate(db, 'ctr-05');
    const mine = notebookText('CTR · Module 5', 'my analysis\n');
    await writeNotebookText(db, nb.id, mine);
    const sync = await syncShippedTemplates(db, [{ moduleId: 'ctr-05', version: 2, text: v2 }]);
    expect(sync.updated).toEqual([]);
    expect(sync.offers).toEqual([expect.objectContaining({ notebookId: nb.id, moduleId: 'ctr-05', fromVersion: 1, template: expect.objectContaining({ version: 2 }) })]);
    expect((await getNotebook(db, nb.id))?.text).toBe(mine);

    const beside = await openTemplateBeside(db, sync.offers[0]!);
    expect(beside).toMatchObject({ text: v2, templateVersion: 2, templateId: 'ctr-05' });
    expect(beside.id).not.toBe(nb.id);
    expect((await getNotebook(db, nb.id))?.text).toBe(mine);
    expect(await listNotebooks(db)).toHaveLength(2);
    expect(await templateOffers(db)).toEqual([]); // answered
  });

  it('a dismissed offer does not come back for that version, but does for the next', async () => {
    const db = await freshDb();
    await syncShippedTemplates(db, [{ moduleId: 'ctr-05', version: 1, text: v1 }]);
    const nb = await seedFromTemplate(db, 'ctr-05');
    await writeNotebookText(db, nb.id, 'edited');
    const { offers } = await syncShippedTemplates(db, [{ moduleId: 'ctr-05', version: 2, text: v2 }]);
    await dismissTemplateOffer(db, offers[0]!);
    expect(await templateOffers(db)).toEqual([]);
    const later = await syncShippedTemplates(db, [{ moduleId: 'ctr-05', version: 3, text: 'v3' }]);
    expect(later.offers.map((o) => o.template.version)).toEqual([3]);
    expect((await getNotebook(db, nb.id))?.text).toBe('edited');
  });

  it('reset on a notebook not made from a template says what to do instead', async () => {
    const db = await freshDb();
    const { createNotebook } = await import('../../src/storage/notebooks.ts');
    const nb = await createNotebook(db, { text: 'x' });
    await expect(resetToTemplate(db, nb.id)).rejects.toThrow(/restore an earlier version/);
    await expect(seedFromTemplate(db, 'nope')).rejects.toThrow(/No template nope/);
  });
});
