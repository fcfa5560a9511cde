/** One entry point for a file the user drops or picks (or the PWA file handler passes): notebook or bundle. */
import { looksLikeZip, type OpenedBundle } from './bundle.ts';
import { openBundleOffThread } from './openBundleOffThread.ts';
import { openNotebookFile, type OpenedNotebook } from './notebookFile.ts';

export type OpenedFile = ({ kind: 'notebook' } & OpenedNotebook) | ({ kind: 'bundle' } & OpenedBundle);

/** Check a dropped or picked file; stores nothing. Throws OpenFileError with a message to show. */
export async function openFile(bytes: Uint8Array, fileName: string, options: { passphrase?: string } = {}): Promise<OpenedFile> {
  if (looksLikeZip(bytes)) return { kind: 'bundle', ...(await openBundleOffThread(bytes, { fileName, ...options })) };
  return { kind: 'notebook', ...openNotebookFile(bytes, fileName) };
}
