/**
 * The storage and sharing services as the UI uses them: one object the composition root (main.ts)
 * builds from `openLocalStorage()` and the worker client, and hands to the components. It only
 * composes `src/storage` and `src/share`; nothing here talks to IndexedDB or OPFS itself.
 */
import type { PulseWorkerClient } from '../engines/wasm/client';
import {
  addDataset,
  Autosaver,
  deleteDataset,
  diffVersions,
  dismissTemplateOffer,
  getDatasetBytes,
  getMapping,
  listMappings,
  saveMapping,
  getNotebook,
  getTemplate,
  latestTemplate,
  listDatasets,
  listNotebooks,
  listProgress,
  clearProgress,
  progressSummary,
  recordExerciseVerdict,
  saveResults,
  loadResults,
  type CellResultToKeep,
  type LoadedResults,
  type ResultsRecord,
  type ExerciseStatus,
  listVersions,
  NotebookSession,
  openModuleNotebook,
  userModuleNotebook,
  openTemplateBeside,
  requestPersistence,
  resetToTemplate,
  storageInfo,
  syncShippedTemplates,
  templateOffers,
  toStorageError,
  type DatasetRecord,
  type KeptCellResult,
  type LocalStorage,
  type MappingRecord,
  type NotebookRecord,
  type SaveStatus,
  type ShippedTemplate,
  type StorageInfo,
  type TemplateOffer,
  type VersionDiff,
  type VersionRecord,
} from '../storage';
import { OpenFileError } from '../share/errors';
import type { BundleDatasetInput, OpenedFile } from '../share';
import type { UserMapping } from '../core/importers/mapping';
import type { NotebookEntry } from './notebooks';
import { forgetFirstScreen } from './firstScreenStore';

export type { DatasetRecord, KeptCellResult, NotebookRecord, SaveStatus, StorageInfo, TemplateOffer, VersionDiff, VersionRecord };
export { NotebookSession, Autosaver, OpenFileError };

/**
 * Opening files, bundles and the HTML report load with their first use: they carry the report's
 * Markdown renderer, apache-arrow and the zip code, which a notebook's first screen does not need
 * (docs/performance.md, open with results).
 */
const share = () => import('../share');

/** The template id of a bundled notebook: its module (`ctr-05`), or its key for notebooks without one. */
export const templateIdOf = (entry: NotebookEntry): string => entry.module ?? entry.key;

/** A file opened and stored: the new notebook, and the datasets it brought. */
export interface OpenedAndStored {
  notebook: NotebookRecord;
  datasets: string[];
}

export class Persistence {
  constructor(
    readonly local: LocalStorage,
    private readonly client: PulseWorkerClient,
    private readonly bundled: NotebookEntry[],
  ) {}

  get db() {
    return this.local.db;
  }

  /**
   * Store the notebooks this build ships as templates. The shipped files carry no version number, so
   * a template whose text is not stored yet becomes the module's next version (1 the first time).
   */
  async syncTemplates(): Promise<TemplateOffer[]> {
    const shipped: ShippedTemplate[] = [];
    for (const entry of this.bundled) {
      const moduleId = templateIdOf(entry);
      const latest = await latestTemplate(this.db, moduleId);
      let version = latest ? latest.version + 1 : 1;
      for (let v = latest?.version ?? 0; v >= 1; v--) {
        if ((await getTemplate(this.db, moduleId, v))?.text === entry.text) {
          version = v;
          break;
        }
      }
      shipped.push({ moduleId, version, text: entry.text });
    }
    return (await syncShippedTemplates(this.db, shipped)).offers;
  }

  private templatesSynced: Promise<void> | null = null;
  /**
   * `syncTemplates`, once per page. It reads every shipped module, so it is kept off the way to the first
   * screen (main.ts starts it when the page is idle); opening a module for the first time waits for it.
   */
  syncTemplatesOnce(): Promise<void> {
    return (this.templatesSynced ??= this.syncTemplates().then(
      () => undefined,
      () => undefined,
    ));
  }

  /** The user's copy of a bundled notebook, seeded from its template the first time. */
  async openBundled(entry: NotebookEntry): Promise<NotebookRecord> {
    const moduleId = templateIdOf(entry);
    const mine = await userModuleNotebook(this.db, moduleId);
    if (mine) return mine;
    await this.syncTemplatesOnce();
    return openModuleNotebook(this.db, moduleId);
  }

  getNotebook(id: string): Promise<NotebookRecord | undefined> {
    return getNotebook(this.db, id);
  }

  listNotebooks(): Promise<NotebookRecord[]> {
    return listNotebooks(this.db);
  }

  openSession(id: string, hasUnsavedEdits: () => boolean): Promise<NotebookSession> {
    return NotebookSession.open(this.db, id, { hasUnsavedEdits });
  }

  listVersions(id: string): Promise<VersionRecord[]> {
    return listVersions(this.db, id);
  }

  diff(id: string, from: number, to: number): Promise<VersionDiff> {
    return diffVersions(this.db, id, from, to);
  }

  /** Reset through the session, so the revision check and the other tabs see it. */
  resetToTemplate(session: NotebookSession) {
    // The kept first screens show the text and results being replaced.
    forgetFirstScreen();
    return session.write((expectedRevision) => resetToTemplate(this.db, session.notebookId, { expectedRevision }));
  }

  async offerFor(notebookId: string): Promise<TemplateOffer | undefined> {
    // Offers come from comparing the stored templates with the shipped ones.
    await this.syncTemplatesOnce();
    return (await templateOffers(this.db)).find((o) => o.notebookId === notebookId);
  }

  openTemplateBeside(offer: TemplateOffer): Promise<NotebookRecord> {
    return openTemplateBeside(this.db, offer);
  }

  dismissOffer(offer: TemplateOffer): Promise<void> {
    return dismissTemplateOffer(this.db, offer);
  }

  // ---- exercise progress ----

  /** Keep an exercise's verdict for the module card ("2/3 exercises"). */
  async recordExercise(moduleId: string, exerciseId: string, status: ExerciseStatus, exerciseIds: string[]): Promise<void> {
    await recordExerciseVerdict(this.db, moduleId, exerciseId, status, exerciseIds);
  }

  /** Forget a module's exercise verdicts (its notebook was reset to the template). */
  clearExerciseProgress(moduleId: string): Promise<void> {
    return clearProgress(this.db, moduleId);
  }

  /** Passed and total exercises per module id. */
  async exerciseProgress(): Promise<Record<string, { passed: number; total: number }>> {
    return Object.fromEntries((await listProgress(this.db)).map((r) => [r.moduleId, progressSummary(r)]));
  }

  // ---- results kept between visits ----

  /** Keep a notebook's results for its next opening (rows within core's RESULT_LIMITS, in OPFS). */
  keepResults(notebookKey: string, cells: ReadonlyArray<{ id: string } & CellResultToKeep>, inputValues: Record<string, unknown>): Promise<ResultsRecord> {
    return saveResults(this.db, this.local.datasetStore, notebookKey, cells, inputValues);
  }

  /** The results kept from a notebook's last runs, or null. */
  keptResults(notebookKey: string): Promise<LoadedResults | null> {
    return loadResults(this.db, this.local.datasetStore, notebookKey);
  }

  // ---- datasets ----

  listDatasets(): Promise<DatasetRecord[]> {
    return listDatasets(this.db);
  }

  /**
   * Keep an imported table: its Parquet bytes (from the engine) in OPFS and its catalogue entry, so
   * the next visit has it without importing again. Then ask the browser to keep Pulse's data.
   */
  async storeImported(table: string, fileName: string): Promise<{ record: DatasetRecord; persistence: string }> {
    const info = await this.client.call((api) => api.describe(table));
    if (!info) throw new Error(`No table ${table} to keep.`);
    const { bytes } = await this.client.call((api) => api.exportTable(table, 'parquet'));
    const record = await addDataset(
      this.db,
      this.local.datasetStore,
      { name: table, fileName, format: 'parquet', schema: { columns: info.columns }, rowCount: info.rowCount },
      bytes,
      { replace: true },
    );
    const { message } = await requestPersistence();
    return { record, persistence: message };
  }

  /** Register a stored dataset in the engine (the first time a cell reads it on this visit). */
  async registerStored(name: string): Promise<void> {
    const blob = await getDatasetBytes(this.db, this.local.datasetStore, name);
    await this.client.call((api) => api.importFile(name, blob, `${name}.parquet`, 'parquet'));
  }

  deleteDataset(name: string): Promise<void> {
    // A kept first screen may show rows of the file being deleted.
    forgetFirstScreen();
    return deleteDataset(this.db, this.local.datasetStore, name);
  }

  // ---- column mappings (files of no known layout) ----

  /** Keep a column mapping for the next file with the same headers (`headerSignature`). */
  async saveMapping(mapping: UserMapping): Promise<void> {
    await saveMapping(this.db, JSON.parse(JSON.stringify(mapping)) as UserMapping);
  }

  getMapping(signature: string): Promise<MappingRecord | undefined> {
    return getMapping(this.db, signature);
  }

  listMappings(): Promise<MappingRecord[]> {
    return listMappings(this.db);
  }

  storageInfo(): Promise<StorageInfo> {
    return storageInfo();
  }

  requestPersistence(): Promise<{ persisted: boolean; message: string }> {
    return requestPersistence();
  }

  // ---- sharing ----

  /**
   * Check a picked or dropped file (notebook or bundle) and store it as a new notebook. Throws
   * OpenFileError (nothing stored) with a message for the user; `passphrase-required` asks for one.
   */
  async openAndStore(bytes: Uint8Array, fileName: string, passphrase?: string): Promise<OpenedAndStored> {
    const { openFile, importNotebookFile, importBundle } = await share();
    const opened: OpenedFile = await openFile(bytes, fileName, passphrase === undefined ? {} : { passphrase });
    if (opened.kind === 'notebook') return { notebook: await importNotebookFile(this.db, opened, fileName), datasets: [] };
    const imported = await importBundle(this.db, this.local.datasetStore, opened, { fileName });
    if (imported.added.length > 0) await requestPersistence().catch(() => undefined);
    return { notebook: imported.notebook, datasets: [...imported.added.map((d) => d.name), ...imported.reused] };
  }

  /** A `.pulse.zip` of the notebook and the datasets it reads, as Parquet from the engine. */
  async bundle(text: string, datasetNames: string[], passphrase?: string): Promise<Uint8Array> {
    const stored = new Map((await listDatasets(this.db)).map((d) => [d.name, d]));
    const inputs: BundleDatasetInput[] = [];
    for (const name of datasetNames) {
      const info = await this.client.call((api) => api.describe(name));
      if (!info) continue;
      const { bytes } = await this.client.call((api) => api.exportTable(name, 'parquet'));
      inputs.push({ name, parquet: bytes, schema: { columns: info.columns }, rowCount: info.rowCount, fileName: stored.get(name)?.fileName ?? `${name}.parquet` });
    }
    const { createBundle } = await share();
    return createBundle(text, inputs, passphrase ? { passphrase } : {});
  }

  /** Any failure as a message a person can act on. */
  static message(e: unknown, doing: string): string {
    if (e instanceof OpenFileError) return e.message;
    return toStorageError(e, doing).message;
  }
}
