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
 * `openBundle` validates everything and returns the contents; it stores nothing. It reads only the
 * files the manifest lists, refuses a zip holding any other, and reads each file only up to the size
 * the manifest declares (zipEntries.ts), so a zip bomb is refused without being inflated. In the app
 * it runs in a worker (openBundleOffThread.ts).
 */
import { zipSync, type Zippable } from 'fflate';
import { listZipEntries, readZipEntry, ZipReadError, type ZipEntry } from './zipEntries.ts';
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
const README_PATH = 'README.txt';
/** A manifest lists a notebook and a few datasets with their schemas: 4 MiB is far past any real one. */
const MAX_MANIFEST_BYTES = 4 * 1024 ** 2;
const PARQUET_MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]);
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
    if (!looksLikeParquet(d.parquet)) throw new Error(`Dataset ${d.name} is not Parquet bytes: a bundle carries every dataset as Parquet from the engine.`);
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
    [README_PATH]: encodeUtf8(`This is an encrypted Pulse bundle ("${title}").\nOpen the .pulse.zip file in Pulse and enter the passphrase it was shared with.\n`),
    [ENCRYPTED_PATH]: [sealed, { level: 0 }],
  });
}

/** A zip read through its central directory: entries by name, read one at a time with a size bound. */
interface ZipIndex {
  zip: Uint8Array;
  entries: Map<string, ZipEntry>;
}

function indexZip(bytes: Uint8Array, what: string): ZipIndex {
  if (!startsWith(bytes, ZIP_MAGIC) && !startsWith(bytes, EMPTY_ZIP_MAGIC)) {
    throw new OpenFileError('not-a-bundle', `${what} is not a Pulse bundle (.pulse.zip): it is not a zip file. To open a notebook, choose its .pulse.md file; to add data, use the data panel.`);
  }
  const entries = new Map<string, ZipEntry>();
  try {
    for (const e of listZipEntries(bytes)) {
      if (entries.has(e.name)) throw invalidZip(what, `holds two files named ${JSON.stringify(e.name)}`);
      entries.set(e.name, e);
    }
  } catch (e) {
    throw zipError(e, what);
  }
  return { zip: bytes, entries };
}

function invalidZip(what: string, detail: string): OpenFileError {
  return new OpenFileError('invalid-manifest', `${what} ${detail}: it was not made by Pulse or was changed after. Ask for the bundle again; nothing was stored.`);
}

/** `file` names the entry being read ("The notebook (notebook.pulse.md)") when there is one. */
function zipError(e: unknown, what: string, file?: string): Error {
  if (e instanceof OpenFileError) return e;
  if (e instanceof ZipReadError) {
    if (e.reason === 'unsupported') return new OpenFileError('invalid-manifest', `${what} is a zip Pulse cannot read (${e.message}); Pulse bundles never use it. Ask for the bundle again; nothing was stored.`);
    if (e.reason === 'size-mismatch') return new OpenFileError('checksum', `${file ?? what} in this bundle is not the file that was shared: ${e.message}. The bundle was damaged or changed; ask for it again. Nothing was stored.`);
    return new OpenFileError('truncated', `${what} is damaged or cut short (${e.message}): the download or copy was probably interrupted. Download or copy it again; nothing was stored.`);
  }
  return new OpenFileError('truncated', `${what} is damaged or cut short (${e instanceof Error ? e.message : String(e)}): the download or copy was probably interrupted. Download or copy it again; nothing was stored.`);
}

/** Entries a zip may hold besides what its manifest lists: directory entries (an archiver re-zipping a bundle adds them). */
const isDirectory = (e: ZipEntry) => e.name.endsWith('/') && e.size === 0;

/** Refuse a zip holding files nobody listed: they would never be read, and a zip bomb hides in them. */
function refuseUnlisted(index: ZipIndex, listed: ReadonlySet<string>, what: string): void {
  const extra = [...index.entries.values()].filter((e) => !listed.has(e.name) && !isDirectory(e)).map((e) => e.name);
  if (extra.length > 0) {
    const shown = extra.slice(0, 3).map((n) => JSON.stringify(n)).join(', ') + (extra.length > 3 ? ` and ${extra.length - 3} more` : '');
    throw invalidZip(what, `holds ${extra.length} file${extra.length === 1 ? '' : 's'} its manifest does not list (${shown})`);
  }
}

/** One entry, read only up to `size` bytes; `label` names it in messages ("The notebook"). */
function readEntry(index: ZipIndex, path: string, size: number, what: string, label: string): Uint8Array | null {
  const entry = index.entries.get(path);
  if (!entry) return null;
  try {
    return readZipEntry(index.zip, entry, size);
  } catch (e) {
    throw zipError(e, what, `${label} (${path})`);
  }
}

/** A Parquet file starts and ends with the magic bytes `PAR1` (Apache Parquet file format). */
export function looksLikeParquet(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && startsWith(bytes, PARQUET_MAGIC) && startsWith(bytes.subarray(bytes.length - 4), PARQUET_MAGIC);
}

/** What a non-Parquet file looks like, for the message: its first bytes as text when printable. */
function firstBytes(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 24);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  return /^[\x20-\x7e\t\r\n]*$/.test(text) ? `it starts with ${JSON.stringify(text)}` : `it starts with bytes ${Array.from(head.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ')}`;
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
  let index = indexZip(bytes, what);
  let encrypted = false;
  const sealedEntry = index.entries.get(ENCRYPTED_PATH);
  if (sealedEntry && !index.entries.has(MANIFEST_PATH)) {
    refuseUnlisted(index, new Set([ENCRYPTED_PATH, README_PATH]), what);
    if (sealedEntry.size > maxBytes) throw tooLarge(what, maxBytes);
    const sealed = readEntry(index, ENCRYPTED_PATH, sealedEntry.size, what, 'The encrypted part')!;
    if (!isEncrypted(sealed)) throw new OpenFileError('invalid-manifest', `${what} looks like an encrypted Pulse bundle but its encrypted part is damaged; ask for the bundle again.`);
    encrypted = true;
    index = indexZip(await decryptWithPassphrase(sealed, options.passphrase), what);
  }
  const manifestEntry = index.entries.get(MANIFEST_PATH);
  if (!manifestEntry) throw new OpenFileError('not-a-bundle', `${what} is a zip file but not a Pulse bundle (it has no manifest.json). To add data files, use the data panel.`);
  if (manifestEntry.size > MAX_MANIFEST_BYTES) throw invalid(`is ${manifestEntry.size} bytes, far more than any Pulse manifest (at most ${MAX_MANIFEST_BYTES})`);
  const manifestBytes = readEntry(index, MANIFEST_PATH, manifestEntry.size, what, 'The manifest')!;
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(decodeUtf8Strict(manifestBytes) ?? '');
  } catch {
    throw invalid('is not valid JSON');
  }
  const manifest = checkManifest(manifestJson);
  const listed = [manifest.notebook, ...manifest.datasets];
  refuseUnlisted(index, new Set([MANIFEST_PATH, ...listed.map((f) => f.path)]), what);
  // Declared sizes are checked before anything is inflated; each read stops at its declared size.
  const declared = listed.reduce((sum, f) => sum + f.size, 0);
  if (declared > maxBytes) throw tooLarge(what, maxBytes);

  const verified = async (f: ManifestFile, label: string): Promise<Uint8Array> => {
    const data = readEntry(index, f.path, f.size, what, label);
    if (!data) throw new OpenFileError('truncated', `This bundle lists ${label} (${f.path}) but does not hold it; ask for the bundle again. Nothing was stored.`);
    if ((await sha256Hex(data)) !== f.sha256) {
      throw new OpenFileError('checksum', `${label} (${f.path}) in this bundle is not the file that was shared: its checksum does not match the manifest. The bundle was damaged or changed; ask for it again. Nothing was stored.`);
    }
    return data;
  };
  const notebookBytes = await verified(manifest.notebook, 'The notebook');
  const notebook = openNotebookFile(notebookBytes, `The bundle's notebook (${NOTEBOOK_PATH})`);
  const datasets: OpenedBundle['datasets'] = [];
  for (const d of manifest.datasets) {
    const parquet = await verified(d, `Dataset ${d.name}`);
    if (!looksLikeParquet(parquet)) {
      throw new OpenFileError('not-parquet', `Dataset ${d.name} (${d.path}) in this bundle is not a Parquet file (${firstBytes(parquet)}); Pulse bundles hold every dataset as Parquet. The bundle was not made by Pulse or was changed; ask for it again. Nothing was stored.`);
    }
    // A copy that owns its bytes: a stored entry is a view into the whole zip.
    datasets.push({ name: d.name, fileName: typeof d.fileName === 'string' ? d.fileName : `${d.name}.parquet`, schema: d.schema, rowCount: d.rowCount, sha256: d.sha256, parquet: parquet.slice() });
  }
  return { manifest, notebook, datasets, encrypted };
}

function tooLarge(what: string, maxBytes: number): OpenFileError {
  return new OpenFileError('too-large', `${what} expands to more than ${Math.round(maxBytes / 1024 ** 3)} GiB, more than a browser tab can hold; open it with pulse run instead.`);
}

/** Whether bytes are a zip (a bundle), as opposed to a `.pulse.md` text. */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP_MAGIC);
}
