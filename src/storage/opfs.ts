/**
 * DatasetStore over the Origin Private File System (navigator.storage.getDirectory()). Kept thin: it
 * is exercised by the browser tests, not in Node. Writes go through createWritable(), which Chromium
 * and Firefox have on the main thread; Safari has it only from 18.2 on, hence the clear error.
 */
import type { DatasetBytes, DatasetStore, StoredFile } from './datasetStore.ts';
import { StorageError } from './errors.ts';

/** Directory iteration is in DOM.AsyncIterable, which this project's lib setting leaves out. */
interface IterableDirectory {
  entries(): AsyncIterableIterator<[string, FileSystemHandle]>;
}

function split(path: string): { dirs: string[]; name: string } {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..')) throw new Error(`invalid dataset path ${JSON.stringify(path)}`);
  return { dirs: parts.slice(0, -1), name: parts[parts.length - 1]! };
}

export class OpfsDatasetStore implements DatasetStore {
  constructor(private readonly storage: StorageManager = navigator.storage) {}

  /** Whether this browser has OPFS; without it, use MemoryDatasetStore and say datasets will not persist. */
  static supported(storage: StorageManager | undefined = globalThis.navigator?.storage): boolean {
    return typeof storage?.getDirectory === 'function';
  }

  private async dir(dirs: string[], create: boolean): Promise<FileSystemDirectoryHandle | null> {
    let dir = await this.storage.getDirectory();
    for (const d of dirs) {
      try {
        dir = await dir.getDirectoryHandle(d, { create });
      } catch (e) {
        if ((e as { name?: string }).name === 'NotFoundError') return null;
        throw e;
      }
    }
    return dir;
  }

  async put(path: string, bytes: DatasetBytes): Promise<void> {
    const { dirs, name } = split(path);
    const dir = (await this.dir(dirs, true))!;
    const handle = await dir.getFileHandle(name, { create: true });
    if (typeof handle.createWritable !== 'function') throw new StorageError('unavailable', 'This browser cannot write files to its private storage (OPFS createWritable is missing); update it, or use Chrome, Edge or Firefox to keep datasets across visits.');
    const writable = await handle.createWritable();
    try {
      if (bytes instanceof ReadableStream) await bytes.pipeTo(writable as WritableStream<Uint8Array>);
      else {
        await writable.write(bytes as Blob | Uint8Array<ArrayBuffer>);
        await writable.close();
      }
    } catch (e) {
      await writable.abort().catch(() => undefined);
      throw e;
    }
  }

  async get(path: string): Promise<Blob | null> {
    const { dirs, name } = split(path);
    const dir = await this.dir(dirs, false);
    if (!dir) return null;
    try {
      return await (await dir.getFileHandle(name)).getFile();
    } catch (e) {
      if ((e as { name?: string }).name === 'NotFoundError') return null;
      throw e;
    }
  }

  async delete(path: string): Promise<void> {
    const { dirs, name } = split(path);
    const dir = await this.dir(dirs, false);
    try {
      await dir?.removeEntry(name);
    } catch (e) {
      if ((e as { name?: string }).name !== 'NotFoundError') throw e;
    }
  }

  async list(): Promise<StoredFile[]> {
    const out: StoredFile[] = [];
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string) => {
      for await (const [name, handle] of (dir as unknown as IterableDirectory).entries()) {
        if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`);
        else out.push({ path: prefix + name, size: (await (handle as FileSystemFileHandle).getFile()).size });
      }
    };
    await walk(await this.storage.getDirectory(), '');
    return out.sort((a, b) => a.path.localeCompare(b.path));
  }

  async estimate(): Promise<{ usage: number; quota: number }> {
    const { usage = 0, quota = 0 } = await this.storage.estimate();
    return { usage, quota };
  }
}
