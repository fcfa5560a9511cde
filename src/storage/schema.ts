/**
 * The IndexedDB schema of Pulse, declared once as an idb `DBSchema` type, and the versioned
 * migrations that bring any older database up to it. Every repository takes the `PulseDb` this
 * module opens; nothing else calls `indexedDB.open`.
 */
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { UserMapping } from '../core/importers/mapping.ts';
import { StorageError, toStorageError } from './errors.ts';

/** How a version came to be. Restores and template changes are versions too: nothing is overwritten. */
export type VersionKind = 'autosave' | 'named' | 'restore' | 'template-reset' | 'template-update';

/** The working copy of one notebook: what the editor shows and autosave writes. */
export interface NotebookRecord {
  id: string;
  title: string;
  /** The `.pulse.md` text. */
  text: string;
  /** Module id of the template it was seeded from (`ctr-05`). */
  templateId?: string;
  /** Template version the text was last seeded or reset from. */
  templateVersion?: number;
  /** A newer template version the user chose to keep aside (not offered again). */
  dismissedTemplateVersion?: number;
  createdAt: number;
  updatedAt: number;
  /** Bumped on every write; a tab saves only over the revision it loaded (see conflict.ts). */
  revision: number;
}

/** One entry of a notebook's history. Never changed once written. */
export interface VersionRecord {
  notebookId: string;
  /** 1, 2, 3… per notebook. */
  seq: number;
  time: number;
  message: string;
  kind: VersionKind;
  text: string;
  /** The notebook revision this text was written as, or found at, when the version was made. */
  revision?: number;
  /** For `restore`: the seq restored. */
  restoredFrom?: number;
  /** For template kinds: the template version applied. */
  templateVersion?: number;
}

/** A module notebook as shipped, one record per (module, version). */
export interface TemplateRecord {
  moduleId: string;
  version: number;
  title: string;
  text: string;
}

/** Column name and type, as the engine describes a table. */
export interface ColumnInfo {
  name: string;
  type: string;
}

/** The catalogue entry of an imported dataset; its bytes live in a DatasetStore (OPFS). */
export interface DatasetRecord {
  /** Table name the notebooks query (`ads`). */
  name: string;
  /** The file the user imported. */
  fileName: string;
  format: 'csv' | 'json' | 'ndjson' | 'parquet' | 'xlsx' | 'arrow';
  /** Columns as stored; `canonical` names the canonical table when an importer mapped it. */
  schema: { columns: ColumnInfo[]; canonical?: string };
  /** Bytes in the DatasetStore. */
  size: number;
  rowCount: number;
  /** Path of the bytes inside the DatasetStore. */
  opfsPath: string;
  addedAt: number;
  /** Hex SHA-256 of the stored bytes, when known (bundles set it). */
  sha256?: string;
}

/** A user mapping for an unknown export layout, keyed by header signature. */
export interface MappingRecord extends UserMapping {
  savedAt: number;
}

/** A trainee's exercise verdicts in one module, kept so the library can show "2/3 exercises". */
export interface ProgressRecord {
  /** Module id (`ctr-05`), or the notebook key for notebooks without one. */
  moduleId: string;
  /** Last verdict per exercise cell id, for the exercises the module has now. */
  exercises: Record<string, 'passed' | 'failed' | 'unanswered'>;
  /** How many exercises the module has. */
  total: number;
  updatedAt: number;
}

/** One cell's result as last computed, kept so the notebook reopens with it (results.ts). */
export interface KeptCellResult {
  /** `resultKeys` at the time it was computed: what it was computed from. */
  key: string;
  computedAt: number;
  rowCount: number;
  columns: ColumnInfo[];
  durationMs?: number;
  note?: string;
  verdict?: string;
  formats?: Record<string, string>;
  /** What the kind shows besides the table (plot rows, input, exercise verdict), as plain JSON. */
  output?: unknown;
  /** Path of the first rows (Arrow IPC) in the DatasetStore, when kept; `keptRows` of `rowCount`. */
  rowsPath?: string;
  keptRows?: number;
  bytes?: number;
}

/** The results of one notebook's last runs, by cell id. */
export interface ResultsRecord {
  /** The notebook's key in the app (a stored notebook's id, or a bundled notebook's key). */
  notebookKey: string;
  cells: Record<string, KeptCellResult>;
  /** Values set on input controls when these results were computed. */
  inputValues: Record<string, unknown>;
  savedAt: number;
}

export interface PulseSchema extends DBSchema {
  notebooks: {
    key: string;
    value: NotebookRecord;
    indexes: { byTemplate: string; byUpdatedAt: number };
  };
  versions: {
    key: [string, number];
    value: VersionRecord;
  };
  templates: {
    key: [string, number];
    value: TemplateRecord;
  };
  datasets: {
    key: string;
    value: DatasetRecord;
  };
  mappings: {
    key: string;
    value: MappingRecord;
  };
  progress: {
    key: string;
    value: ProgressRecord;
  };
  results: {
    key: string;
    value: ResultsRecord;
  };
}

export type PulseDb = IDBPDatabase<PulseSchema>;
type UpgradeTx = IDBPTransaction<PulseSchema, StoreNames<PulseSchema>[], 'versionchange'>;

export const PULSE_DB_NAME = 'pulse';

/**
 * Migrations, one per schema version, each run once in the upgrade transaction when a database is
 * older than its version. Append only: a shipped migration never changes.
 */
const MIGRATIONS: ReadonlyArray<(db: PulseDb, tx: UpgradeTx) => void> = [
  // v1: notebooks, their history, shipped templates, the dataset catalogue.
  (db) => {
    db.createObjectStore('notebooks', { keyPath: 'id' });
    db.createObjectStore('versions', { keyPath: ['notebookId', 'seq'] });
    db.createObjectStore('templates', { keyPath: ['moduleId', 'version'] });
    db.createObjectStore('datasets', { keyPath: 'name' });
  },
  // v2: importer mappings; notebook indexes; every notebook gets the revision counter tabs check.
  (db, tx) => {
    db.createObjectStore('mappings', { keyPath: 'signature' });
    const notebooks = tx.objectStore('notebooks');
    notebooks.createIndex('byTemplate', 'templateId');
    notebooks.createIndex('byUpdatedAt', 'updatedAt');
    void (async () => {
      for (let c = await notebooks.openCursor(); c; c = await c.continue()) {
        if (typeof c.value.revision !== 'number') void c.update({ ...c.value, revision: 1 });
      }
    })();
  },
  // v3: exercise progress per module.
  (db) => {
    db.createObjectStore('progress', { keyPath: 'moduleId' });
  },
  // v4: the results of each notebook's last runs (their rows are in the DatasetStore, under results/).
  (db) => {
    db.createObjectStore('results', { keyPath: 'notebookKey' });
  },
];

/** The schema version this code writes. */
export const PULSE_DB_VERSION = MIGRATIONS.length;

export interface OpenOptions {
  /** Another tab holds an older version open: tell the user to close it (message in StorageError). */
  onBlocked?: (error: StorageError) => void;
  /** A newer Pulse in another tab wants to upgrade: this connection has been closed; ask for a reload. */
  onVersionChange?: () => void;
}

/**
 * Open (creating or migrating) the Pulse database.
 * `idbFactory` defaults to the browser's `indexedDB`; tests pass fake-indexeddb's.
 * Rejects with a StorageError whose message says what to do.
 */
export async function openPulseDb(name = PULSE_DB_NAME, idbFactory?: IDBFactory, options: OpenOptions = {}): Promise<PulseDb> {
  const factory = idbFactory ?? globalThis.indexedDB;
  if (!factory) throw new StorageError('unavailable', 'This browser gives Pulse no IndexedDB storage (a private window or a blocked site setting). Open Pulse in a normal window, or download your notebook to keep it.');
  let request: IDBOpenDBRequest;
  try {
    request = factory.open(name, PULSE_DB_VERSION);
  } catch (e) {
    throw toStorageError(e, 'opening the database');
  }
  request.addEventListener('upgradeneeded', (event) => {
    const db = wrap(request.result) as unknown as PulseDb;
    const tx = wrap(request.transaction!) as unknown as UpgradeTx;
    for (let v = event.oldVersion; v < PULSE_DB_VERSION; v++) MIGRATIONS[v]!(db, tx);
  });
  request.addEventListener('blocked', () => {
    options.onBlocked?.(new StorageError('blocked', 'Pulse is open in another tab with an older version and is holding the database. Close the other Pulse tabs (or reload them) to continue; your work in this tab is kept meanwhile.'));
  });
  let db: PulseDb;
  try {
    db = (await wrap(request)) as unknown as PulseDb;
  } catch (e) {
    throw toStorageError(e, 'opening the database');
  }
  db.addEventListener('versionchange', () => {
    db.close();
    options.onVersionChange?.();
  });
  return db;
}
