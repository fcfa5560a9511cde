/**
 * openBundle in a worker of its own (bundleWorker.ts): the page stays responsive while a bundle is
 * unzipped, decrypted and checked, and a hostile one costs the worker, never the page. Where there
 * are no Web Workers (Node, the CLI and the unit tests) it runs in place.
 */
import { openBundle, type OpenBundleOptions, type OpenedBundle } from './bundle.ts';
import { OpenFileError, type OpenErrorCode } from './errors.ts';

export type BundleReply = { ok: true; bundle: OpenedBundle } | { ok: false; code: OpenErrorCode | null; message: string };

export function openBundleOffThread(bytes: Uint8Array, options: OpenBundleOptions = {}): Promise<OpenedBundle> {
  if (typeof Worker === 'undefined') return openBundle(bytes, options);
  const worker = new Worker(new URL('./bundleWorker.ts', import.meta.url), { type: 'module', name: 'pulse-bundle' });
  return new Promise<OpenedBundle>((resolve, reject) => {
    worker.onmessage = (ev: MessageEvent<BundleReply>) => {
      worker.terminate();
      const reply = ev.data;
      if (reply.ok) resolve(reply.bundle);
      else reject(reply.code ? new OpenFileError(reply.code, reply.message) : new Error(reply.message));
    };
    worker.onerror = (ev) => {
      worker.terminate();
      reject(new Error(`The bundle could not be opened: its worker stopped (${ev.message || 'out of memory?'}). Nothing was stored.`));
    };
    // A copy, not a transfer: the caller keeps its bytes to ask for a passphrase and try again.
    worker.postMessage({ bytes, options });
  });
}
