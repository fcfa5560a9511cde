/**
 * `.pulse.zip` bundles: the notebook and its datasets as Parquet, so a colleague sees the same
 * results. Layout:
 *
 *   manifest.json            format, version, names, schemas, sizes, SHA-256 of every file
 *   notebook.pulse.md
 *   datasets/<name>.parquet  bytes from the engine (Arrow → parquet-wasm), stored, not deflated
 *
 * Encrypted, the same zip is encrypted whole (crypto.ts) and wrapped in an outer zip holding
 * `bundle.pulse.enc` and a README, so the download is still a zip any archiver lists.
 * `openBundle` validates everything and returns the contents; it stores nothing.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { decryptWithPassphrase, encryptWithPassphrase, isEncrypted, MIN_ITERATIONS } from './crypto.ts';
import { decodeUtf8Strict, encodeUtf8, sha256Hex, startsWith } from './bytes.ts';
import { OpenFileError } from './errors.ts';
import { openNotebookFile } from './notebookFile.ts';
import type { ColumnInfo } from '../storage/schema.ts';

export const BUNDLE_FORMAT = 'pulse-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
const NOTEBOOK_PATH = 'notebook.pulse.md';
const MANIFEST_PATH = 'manifest.json';
const ENCRYPTED_PATH = 'bundle.pulse.enc';
const ZIP_MAGIC = new Uint8Array([0x50, 0x4b, 0x03, 0x04]);
const EMPTY_ZIP_MAGIC = new Uint8Array([0x50, 0x4b, 0x05, 0x06]);
/** Larger than any dataset a browser tab handles (the wasm heap is ~3.1 GiB): guards against zip bombs. */
const DEFAULT_MAX_EXPANDED_BYTES = 4 * 1024 ** 3;
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface BundleDatasetInput {
  /** Table name the notebook queries. */
  name: string;
  /** Parquet bytes from the engine. */
  parquet: Uint8Array;
  schema: { columns: ColumnInfo[]; canonical?: string };
  rowCount: number;
  /** The file the dataset was first imported from, shown to the colleague. */
  fileName?: string;
}

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  formatVersion: number;
  createdAt: string;
  notebook: ManifestFile & { title: string };
  datasets: Array<ManifestFile & { name: string; fileName: string; format: 'parquet'; schema: { columns: ColumnInfo[]; canonical?: string }; rowCount: number }>;
}

export interface OpenedBundle {
  manifest: BundleManifest;
  notebook: { text: string; title: string };
  datasets: Array<{ name: string; fileName: string; schema: { columns: ColumnInfo[]; canonical?: string }; rowCount: number; sha256: string; parquet: Uint8Array }>;
  encrypted: boolean;
}

export interface CreateBundleOptions {
  /** Encrypt with this passphrase. */
  passphrase?: string;
  /** PBKDF2 iterations, at least 600,000. */
  iterations?: number;
  now?: Date;
}

/** Build a `.pulse.zip` from the notebook text and its datasets' Parquet bytes. */
export async function createBundle(notebookText: string, datasets: BundleDatasetInput[], options: CreateBundleOptions = {}): Promise<Uint8Array> {
  const { title } = openNotebookFile(notebookText, 'The notebook');
  const names = new Set<string>();
  for (const d of datasets) {
    if (!TABLE_NAME.test(d.name)) throw new Error(`Dataset name ${JSON.stringify(d.name)} is not a table name (letters, digits, _).`);
    if (names.has(d.name)) throw new Error(`Dataset ${d.name} is listed twice.`);
    names.add(d.name);
  }
  const notebookBytes = encodeUtf8(notebookText);
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    createdAt: (options.now ?? new Date()).toISOString(),
    notebook: { path: NOTEBOOK_PATH, title, size: notebookBytes.length, sha256: await sha256Hex(notebookBytes) },
    datasets: await Promise.all(
      datasets.map(async (d) => ({
        name: d.name,
        path: `datasets/${d.name}.parquet`,
        fileName: d.fileName ?? `${d.name}.parquet`,
        format: 'parquet' as const,
        schema: d.schema,
        rowCount: d.rowCount,
        size: d.parquet.length,
        sha256: await sha256Hex(d.parquet),
      })),
    ),
  };
  const files: Zippable = {
    [MANIFEST_PATH]: encodeUtf8(JSON.stringify(manifest, null, 2) + '\n'),
    [NOTEBOOK_PATH]: notebookBytes,
  };
  // Parquet is already compressed (ZSTD): store it, do not deflate it again.
  for (const d of datasets) files[`datasets/${d.name}.parquet`] = [d.parquet, { level: 0 }];
  const zip = zipSync(files, { level: 6 });
  if (options.passphrase === undefined) return zip;
  const sealed = await encryptWithPassphrase(zip, options.passphrase, options.iterations ?? MIN_ITERATIONS);
  return zipSync({
    'README.txt': encodeUtf8(`This is an encrypted Pulse bundle ("${title}").\nOpen the .pulse.zip file in Pulse and enter the passphrase it was shared with.\n`),
    [ENCRYPTED_PATH]: [sealed, { level: 0 }],
  });
}

function unzip(bytes: Uint8Array, what: string, maxBytes: number): Record<string, Uint8Array> {
  if (!startsWith(bytes, ZIP_MAGIC) && !startsWith(bytes, EMPTY_ZIP_MAGIC)) {
    throw new OpenFileError('not-a-bundle', `${what} is not a Pulse bundle (.pulse.zip): it is not a zip file. To open a notebook, choose its .pulse.md file; to add data, use the data panel.`);
  }
  let total = 0;
  try {
    return unzipSync(bytes, {
      filter: (f) => {
        total += f.originalSize;
        if (total > maxBytes) throw new OpenFileError('too-large', `${what} expands to more than ${Math.round(maxBytes / 1024 ** 3)} GiB, more than a browser tab can hold; open it with pulse run instead.`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof OpenFileError) throw e;
    throw new OpenFileError('truncated', `${what} is damaged or cut short (${e instanceof Error ? e.message : String(e)}): the download or copy was probably interrupted. Download or copy it again; nothing was stored.`);
  }
}

function invalid(detail: string): OpenFileError {
  return new OpenFileError('invalid-manifest', `This bundle's manifest.json ${detail}; it was not made by Pulse or was edited by hand. Ask for the bundle again; nothing was stored.`);
}

function checkManifest(value: unknown): BundleManifest {
  const m = value as Partial<BundleManifest> | null;
  if (!m || typeof m !== 'object' || m.format !== BUNDLE_FORMAT) throw new OpenFileError('not-a-bundle', 'This zip is not a Pulse bundle: its manifest.json is not a Pulse manifest. To add data files, use the data panel.');
  if (typeof m.formatVersion !== 'number' || m.formatVersion > BUNDLE_FORMAT_VERSION) throw new OpenFileError('invalid-manifest', `This bundle was made by a newer Pulse (format ${String(m.formatVersion)}, this Pulse reads ${BUNDLE_FORMAT_VERSION}): reload Pulse to update it, then open the bundle again.`);
  const file = (f: Partial<ManifestFile> | undefined, what: string) => {
    if (!f || typeof f.path !== 'string' || typeof f.size !== 'number' || typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)) throw invalid(`has no valid path, size and sha256 for ${what}`);
  };
  file(m.notebook, 'the notebook');
  if (m.notebook!.path !== NOTEBOOK_PATH) throw invalid(`names the notebook ${JSON.stringify(m.notebook!.path)}, not ${NOTEBOOK_PATH}`);
  if (!Array.isArray(m.datasets)) throw invalid('has no datasets list');
  const names = new Set<string>();
  for (const d of m.datasets) {
    file(d, `dataset ${JSON.stringify(d?.name)}`);
    if (typeof d.name !== 'string' || !TABLE_NAME.test(d.name) || names.has(d.name)) throw invalid(`has a missing, repeated or invalid dataset name ${JSON.stringify(d.name)}`);
    names.add(d.name);
    if (d.path !== `datasets/${d.name}.parquet`) throw invalid(`puts dataset ${d.name} at ${JSON.stringify(d.path)}, not datasets/${d.name}.parquet`);
    if (!d.schema || !Array.isArray(d.schema.columns) || typeof d.rowCount !== 'number') throw invalid(`has no schema or row count for dataset ${d.name}`);
  }
  return m as BundleManifest;
}

export interface OpenBundleOptions {
  passphrase?: string;
  /** Name of the file, for messages. */
  fileName?: string;
  maxExpandedBytes?: number;
}

/**
 * Read and check a `.pulse.zip`: decrypts when encrypted, then checks the manifest, that every file
 * it lists is there with its size and SHA-256, and that the notebook is a Pulse notebook. Throws an
 * OpenFileError saying what is wrong; stores nothing either way (see importBundle).
 */
export async function openBundle(bytes: Uint8Array, options: OpenBundleOptions = {}): Promise<OpenedBundle> {
  const what = options.fileName ?? 'This file';
  const maxBytes = options.maxExpandedBytes ?? DEFAULT_MAX_EXPANDED_BYTES;
  let files = unzip(bytes, what, maxBytes);
  let encrypted = false;
  const sealed = files[ENCRYPTED_PATH];
  if (sealed && !files[MANIFEST_PATH]) {
    if (!isEncrypted(sealed)) throw new OpenFileError('invalid-manifest', `${what} looks like an encrypted Pulse bundle but its encrypted part is damaged; ask for the bundle again.`);
    encrypted = true;
    files = unzip(await decryptWithPassphrase(sealed, options.passphrase), what, maxBytes);
  }
  const manifestBytes = files[MANIFEST_PATH];
  if (!manifestBytes) throw new OpenFileError('not-a-bundle', `${what} is a zip file but not a Pulse bundle (it has no manifest.json). To add data files, use the data panel.`);
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(decodeUtf8Strict(manifestBytes) ?? '');
  } catch {
    throw invalid('is not valid JSON');
  }
  const manifest = checkManifest(manifestJson);

  const verified = async (f: ManifestFile, what: string): Promise<Uint8Array> => {
    const data = files[f.path];
    if (!data) throw new OpenFileError('truncated', `This bundle lists ${what} (${f.path}) but does not hold it; ask for the bundle again. Nothing was stored.`);
    if (data.length !== f.size || (await sha256Hex(data)) !== f.sha256) {
      throw new OpenFileError('checksum', `${what} (${f.path}) in this bundle is not the file that was shared: its checksum does not match the manifest. The bundle was damaged or changed; ask for it again. Nothing was stored.`);
    }
    return data;
  };
  const notebookBytes = await verified(manifest.notebook, 'The notebook');
  const notebook = openNotebookFile(notebookBytes, `The bundle's notebook (${NOTEBOOK_PATH})`);
  const datasets: OpenedBundle['datasets'] = [];
  for (const d of manifest.datasets) {
    const parquet = await verified(d, `Dataset ${d.name}`);
    datasets.push({ name: d.name, fileName: typeof d.fileName === 'string' ? d.fileName : `${d.name}.parquet`, schema: d.schema, rowCount: d.rowCount, sha256: d.sha256, parquet });
  }
  return { manifest, notebook, datasets, encrypted };
}

/** Whether bytes are a zip (a bundle), as opposed to a `.pulse.md` text. */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP_MAGIC);
}
