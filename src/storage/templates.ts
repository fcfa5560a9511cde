/**
 * Module templates: the notebooks as shipped, one record per (module, version), never deleted.
 * A user's module notebook is seeded from the newest version; a newer shipped version updates an
 * untouched copy in place (the old text stays in history) and is only offered beside an edited one.
 */
import { StorageError } from './errors.ts';
import { createNotebook, getNotebook, writeNotebookText, type WriteResult } from './notebooks.ts';
import type { NotebookRecord, PulseDb, TemplateRecord } from './schema.ts';
import { titleOf } from './notebooks.ts';

export interface ShippedTemplate {
  moduleId: string;
  version: number;
  text: string;
}

/** A newer template for an edited notebook, offered beside it. */
export interface TemplateOffer {
  notebookId: string;
  moduleId: string;
  /** The version the notebook was seeded or reset from. */
  fromVersion: number;
  template: TemplateRecord;
}

export interface TemplateSync {
  /** Template versions stored for the first time. */
  added: TemplateRecord[];
  /** Unedited notebooks moved to the newer template (a `template-update` version each). */
  updated: NotebookRecord[];
  /** Edited notebooks with a newer template to offer beside them. */
  offers: TemplateOffer[];
}

export async function latestTemplate(db: PulseDb, moduleId: string): Promise<TemplateRecord | undefined> {
  const cursor = await db.transaction('templates').store.openCursor(IDBKeyRange.bound([moduleId, -Infinity], [moduleId, Infinity]), 'prev');
  return cursor?.value;
}

export async function getTemplate(db: PulseDb, moduleId: string, version: number): Promise<TemplateRecord | undefined> {
  return db.get('templates', [moduleId, version]);
}

/** Whether the notebook's text differs from the template version it was seeded or reset from. */
export async function isEditedFromTemplate(db: PulseDb, notebook: NotebookRecord): Promise<boolean> {
  if (notebook.templateId === undefined || notebook.templateVersion === undefined) return true;
  const base = await getTemplate(db, notebook.templateId, notebook.templateVersion);
  return !base || base.text !== notebook.text;
}

/**
 * Store the templates this build ships (call at start-up with every module notebook). New versions
 * are added; unedited notebooks of that module move to the newest version; edited ones get an offer.
 */
export async function syncShippedTemplates(db: PulseDb, shipped: ShippedTemplate[], now = Date.now()): Promise<TemplateSync> {
  const added: TemplateRecord[] = [];
  const tx = db.transaction('templates', 'readwrite');
  for (const t of shipped) {
    if (await tx.store.getKey([t.moduleId, t.version])) continue;
    const record: TemplateRecord = { moduleId: t.moduleId, version: t.version, title: titleOf(t.text, t.moduleId), text: t.text };
    await tx.store.add(record);
    added.push(record);
  }
  await tx.done;

  const updated: NotebookRecord[] = [];
  const modules = new Set(added.map((t) => t.moduleId));
  for (const moduleId of modules) {
    const latest = (await latestTemplate(db, moduleId))!;
    for (const nb of await db.getAllFromIndex('notebooks', 'byTemplate', moduleId)) {
      if ((nb.templateVersion ?? 0) >= latest.version || (await isEditedFromTemplate(db, nb))) continue;
      const result = await writeNotebookText(db, nb.id, latest.text, {
        expectedRevision: nb.revision,
        now,
        patch: { templateVersion: latest.version },
        version: { kind: 'template-update', message: `Updated to template ${moduleId} v${latest.version}`, templateVersion: latest.version },
      });
      updated.push(result.notebook);
    }
  }
  return { added, updated, offers: await templateOffers(db) };
}

/** Edited notebooks whose template has a newer version the user has not set aside. */
export async function templateOffers(db: PulseDb): Promise<TemplateOffer[]> {
  const offers: TemplateOffer[] = [];
  const notebooks = await db.getAll('notebooks');
  for (const nb of notebooks) {
    if (nb.templateId === undefined) continue;
    const latest = await latestTemplate(db, nb.templateId);
    if (!latest || latest.version <= (nb.templateVersion ?? 0) || latest.version <= (nb.dismissedTemplateVersion ?? 0)) continue;
    // A copy already made from this version beside the notebook answers the offer.
    if (notebooks.some((other) => other.templateId === nb.templateId && (other.templateVersion ?? 0) >= latest.version)) continue;
    if (!(await isEditedFromTemplate(db, nb))) continue;
    offers.push({ notebookId: nb.id, moduleId: nb.templateId, fromVersion: nb.templateVersion ?? 0, template: latest });
  }
  return offers;
}

/** A new notebook from a module's newest template (or `version`). */
export async function seedFromTemplate(db: PulseDb, moduleId: string, version?: number, now = Date.now()): Promise<NotebookRecord> {
  const template = version === undefined ? await latestTemplate(db, moduleId) : await getTemplate(db, moduleId, version);
  if (!template) throw new StorageError('not-found', `No template ${moduleId}${version === undefined ? '' : ` v${version}`} is stored; reload Pulse so it stores the module notebooks it ships.`);
  return createNotebook(db, {
    text: template.text,
    templateId: moduleId,
    templateVersion: template.version,
    message: `Created from template ${moduleId} v${template.version}`,
    now,
  });
}

/** The user's notebook for a module, most recently edited first; seeded from the template when there is none. */
export async function openModuleNotebook(db: PulseDb, moduleId: string): Promise<NotebookRecord> {
  return (await userModuleNotebook(db, moduleId)) ?? seedFromTemplate(db, moduleId);
}

/** The user's copy of a module (the one edited last), if there is one; it needs no stored template. */
export async function userModuleNotebook(db: PulseDb, moduleId: string): Promise<NotebookRecord | undefined> {
  const mine = await db.getAllFromIndex('notebooks', 'byTemplate', moduleId);
  return mine.length > 0 ? mine.reduce((a, b) => (b.updatedAt > a.updatedAt ? b : a)) : undefined;
}

/**
 * Put the newest template text back into the notebook, as a `template-reset` version; the user's
 * text is in history first, so the reset can be undone by restoring it.
 */
export async function resetToTemplate(db: PulseDb, notebookId: string, options: { expectedRevision?: number; now?: number } = {}): Promise<WriteResult> {
  const nb = await getNotebook(db, notebookId);
  if (!nb?.templateId) throw new StorageError('not-found', 'This notebook was not made from a module template, so there is nothing to reset to; restore an earlier version from the history instead.');
  const template = await latestTemplate(db, nb.templateId);
  if (!template) throw new StorageError('not-found', `Template ${nb.templateId} is not stored; reload Pulse so it stores the module notebooks it ships.`);
  return writeNotebookText(db, notebookId, template.text, {
    ...options,
    patch: { templateVersion: template.version },
    version: { kind: 'template-reset', message: `Reset to template ${nb.templateId} v${template.version}`, templateVersion: template.version },
  });
}

/** Answer an offer by opening the newer template as a second notebook beside the edited one. */
export async function openTemplateBeside(db: PulseDb, offer: TemplateOffer, now = Date.now()): Promise<NotebookRecord> {
  return seedFromTemplate(db, offer.moduleId, offer.template.version, now);
}

/** Answer an offer by keeping the edited notebook as it is; the offer does not come back for this version. */
export async function dismissTemplateOffer(db: PulseDb, offer: TemplateOffer): Promise<void> {
  const tx = db.transaction('notebooks', 'readwrite');
  const nb = await tx.store.get(offer.notebookId);
  if (nb) await tx.store.put({ ...nb, dismissedTemplateVersion: offer.template.version });
  await tx.done;
}
