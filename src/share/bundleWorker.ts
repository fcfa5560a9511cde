/**
 * The bundle worker: opens one `.pulse.zip` (unzip, decrypt, check sizes and checksums) off the main
 * thread, so a large or hostile bundle never freezes the page. One request per worker; see
 * openBundleOffThread.ts for the protocol.
 */
import { openBundle, type OpenBundleOptions } from './bundle.ts';
import { OpenFileError } from './errors.ts';
import type { BundleReply } from './openBundleOffThread.ts';

self.onmessage = async (ev: MessageEvent<{ bytes: Uint8Array; options: OpenBundleOptions }>) => {
  let reply: BundleReply;
  let transfer: Transferable[] = [];
  try {
    const bundle = await openBundle(ev.data.bytes, ev.data.options);
    reply = { ok: true, bundle };
    transfer = bundle.datasets.map((d) => d.parquet.buffer as ArrayBuffer);
  } catch (e) {
    reply = e instanceof OpenFileError ? { ok: false, code: e.code, message: e.message } : { ok: false, code: null, message: e instanceof Error ? e.message : String(e) };
  }
  (self as unknown as Worker).postMessage(reply, transfer);
};
