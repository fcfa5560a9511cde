/** A bundle of the open notebook: the stored tables it reads are loaded first, then exported as Parquet. */
import type { Persistence } from '../../app/persistence';
import type { EngineState } from './engine.svelte';
import type { NotebookState } from './notebook.svelte';
import { fileStem } from '../download';

let bundler: Pick<Persistence, 'bundle'> | null = null;

/** The composition root's sharing service (set once storage is open). */
export function useBundler(p: Pick<Persistence, 'bundle'> | null): void {
  bundler = p;
}

export async function downloadBundle(nb: NotebookState, engine: EngineState, datasets: string[], passphrase?: string): Promise<{ fileName: string; bytes: Uint8Array }> {
  if (!bundler) throw new Error('Bundles need browser storage, which is not available here; download the notebook (.pulse.md) instead.');
  if (!nb.notebook) throw new Error('The notebook has a format error: fix it before bundling.');
  await engine.ensureDatasets(nb.text);
  const bytes = await bundler.bundle(nb.text, datasets, passphrase);
  return { fileName: `${fileStem(nb.title)}.pulse.zip`, bytes };
}
