/**
 * Where dataset bytes live: an interface with the browser's Origin Private File System behind it
 * (opfs.ts) and an in-memory one for tests. Paths are `/`-separated, e.g. `datasets/ads.parquet`.
 */

export type DatasetBytes = Blob | Uint8Array | ReadableStream<Uint8Array>;

export interface StoredFile {
  path: string;
  size: number;
}

export interface DatasetStore {
  /** Write (or replace) the bytes at `path`. Throws QuotaExceededError when storage is full. */
  put(path: string, bytes: DatasetBytes): Promise<void>;
  /** The bytes as a Blob (an OPFS File reads lazily, so a 2 GB dataset is not loaded here), or null. */
  get(path: string): Promise<Blob | null>;
  /** Remove the bytes; no error when absent. */
  delete(path: string): Promise<void>;
  list(): Promise<StoredFile[]>;
  /** Usage and quota of the origin, as navigator.storage.estimate() gives them. */
  estimate(): Promise<{ usage: number; quota: number }>;
}

async function toBlob(bytes: DatasetBytes): Promise<Blob> {
  if (bytes instanceof Blob) return bytes;
  if (bytes instanceof Uint8Array) return new Blob([bytes as Uint8Array<ArrayBuffer>]);
  return new Response(bytes).blob();
}

/** Dataset bytes in memory, for tests and for a browser without OPFS (then nothing survives a reload). */
export class MemoryDatasetStore implements DatasetStore {
  private readonly files = new Map<string, Blob>();

  constructor(private readonly quota = Number.MAX_SAFE_INTEGER) {}

  async put(path: string, bytes: DatasetBytes): Promise<void> {
    const blob = await toBlob(bytes);
    const used = (await this.estimate()).usage - (this.files.get(path)?.size ?? 0);
    if (used + blob.size > this.quota) throw new DOMException(`${path} does not fit: ${used + blob.size} > ${this.quota} bytes`, 'QuotaExceededError');
    this.files.set(path, blob);
  }

  async get(path: string): Promise<Blob | null> {
    return this.files.get(path) ?? null;
  }

  async delete(path: string): Promise<void> {
    this.files.delete(path);
  }

  async list(): Promise<StoredFile[]> {
    return [...this.files].map(([path, blob]) => ({ path, size: blob.size })).sort((a, b) => a.path.localeCompare(b.path));
  }

  async estimate(): Promise<{ usage: number; quota: number }> {
    let usage = 0;
    for (const blob of this.files.values()) usage += blob.size;
    return { usage, quota: this.quota };
  }
}
