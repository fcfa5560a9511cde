/** Storage usage for the data panel, and the request that keeps the browser from evicting Pulse's data. */

export interface StorageInfo {
  usage: number;
  quota: number;
  /** Whether the browser promised not to evict this origin's data (false where unknown). */
  persisted: boolean;
  /** e.g. "1.2 GB of 9.8 GB used". */
  summary: string;
}

/** The StorageManager calls used here (navigator.storage in a browser). */
export type StorageManagerLike = Pick<StorageManager, 'estimate'> & Partial<Pick<StorageManager, 'persist' | 'persisted'>>;

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Bytes in decimal units, as browsers' storage settings show them: 1234567 → "1.2 MB". */
export function formatBytes(bytes: number): string {
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${v} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${UNITS[u]}`;
}

export async function storageInfo(storage: StorageManagerLike | undefined = globalThis.navigator?.storage): Promise<StorageInfo> {
  if (!storage) return { usage: 0, quota: 0, persisted: false, summary: 'storage size unknown in this browser' };
  const { usage = 0, quota = 0 } = await storage.estimate();
  const persisted = (await storage.persisted?.()) ?? false;
  return { usage, quota, persisted, summary: `${formatBytes(usage)} of ${formatBytes(quota)} used` };
}

/**
 * Ask the browser to keep Pulse's data under storage pressure. Chromium grants it silently to
 * installed or engaged sites, Firefox asks the user; call it after a user action (an import, a save).
 * Returns whether the data is now persistent and a line for the data panel.
 */
export async function requestPersistence(storage: StorageManagerLike | undefined = globalThis.navigator?.storage): Promise<{ persisted: boolean; message: string }> {
  if (!storage?.persist) return { persisted: false, message: 'This browser cannot promise to keep Pulse data; download notebooks and bundles to keep copies.' };
  if (await storage.persisted?.()) return { persisted: true, message: 'Pulse data is kept: the browser will not clear it to free space.' };
  const persisted = await storage.persist();
  return persisted
    ? { persisted: true, message: 'Pulse data is kept: the browser will not clear it to free space.' }
    : { persisted: false, message: 'The browser may clear Pulse data when space runs low: install Pulse as an app, or download bundles of the notebooks you need.' };
}
