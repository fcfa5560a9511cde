/**
 * Datasets bind by name (DESIGN.md): a notebook's front matter names the tables it needs; when one is
 * not loaded yet, its bundled sample (`public/sample/<file>`, served by the app at `/sample/<file>`)
 * is fetched from the app's own origin and imported under that name, through the same import path
 * (and progress bar) as a user's file. A table the user imported under the dataset's name wins over
 * the sample ("use my data").
 */
import { declaredDatasets, samplePathProblem } from '../core/notebook/datasets';
import type { DatasetDecl, Notebook } from '../core/notebook/model';

/** What the engine knows about loaded tables, as far as binding is concerned. */
export interface LoadedTables {
  /** Tables the user or a sample loaded (not cell results). */
  datasets: readonly string[];
  /** Tables loaded from a bundled sample: table → sample file. */
  samples: Readonly<Record<string, string>>;
}

/** How one declared dataset stands. */
export type BindingState =
  /** Loaded from the user's own file. */
  | 'user'
  /** Loaded from the sample the notebook names. */
  | 'sample'
  /** Not loaded; its sample will be imported. */
  | 'import'
  /** Not loaded and the notebook names no sample: the user must add a file under this name. */
  | 'missing';

export interface DatasetBinding extends DatasetDecl {
  state: BindingState;
}

/** The state of every dataset `notebook` declares, given what is loaded. */
export function datasetBindings(notebook: Notebook | null, loaded: LoadedTables): DatasetBinding[] {
  if (!notebook) return [];
  return declaredDatasets(notebook).map((d) => ({ ...d, state: bindingState(d, loaded) }));
}

function bindingState(d: DatasetDecl, loaded: LoadedTables): BindingState {
  const fromSample = loaded.samples[d.name];
  if (loaded.datasets.includes(d.name)) {
    if (fromSample === undefined) return 'user';
    // A table loaded from another notebook's (different) sample is not this notebook's data.
    if (!d.sample || fromSample === d.sample) return 'sample';
  }
  return d.sample ? 'import' : 'missing';
}

/** Where the app serves a bundled sample file (same origin; relative to the page, so it works under a sub-path). */
export function sampleUrl(sample: string, base: string = document.baseURI): string {
  const problem = samplePathProblem(sample);
  if (problem) throw new Error(`sample "${sample}" must name a file in the bundled sample folder, but ${problem}`);
  const clean = sample.replace(/^\.\//, '');
  return new URL(`sample/${clean.split('/').map(encodeURIComponent).join('/')}`, base).href;
}

/**
 * Fetch a bundled sample as a `File` the import flow takes like a user's file. `base`: the page's
 * address (default: the document's).
 */
export async function fetchSample(sample: string, fetchFn: typeof fetch = fetch, base?: string): Promise<File> {
  const url = sampleUrl(sample, base);
  let res: Response;
  try {
    res = await fetchFn(url);
  } catch (e) {
    throw new Error(`Could not load the sample file ${sample}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!res.ok) throw new Error(`Could not load the sample file ${sample} (HTTP ${res.status}).`);
  // A single-page-app host (Vite's servers, most static hosts) answers a file it does not have with
  // index.html and 200: imported, that page would become the table.
  if (/^text\/html/i.test(res.headers.get('Content-Type') ?? '') && !/\.html?$/i.test(sample)) {
    throw new Error(`Could not load the sample file ${sample}: the server answered with a web page, so the file is not in the app's sample folder (public/sample).`);
  }
  const blob = await res.blob();
  const name = sample.split('/').pop() ?? sample;
  return new File([blob], name, { type: blob.type || 'text/csv' });
}

/** The part of the engine's UI state that binding needs (EngineState implements it). */
export interface SampleImporter extends LoadedTables {
  /**
   * Import `file` as `table`, marked as coming from bundled sample `sample`; `schema` is the canonical
   * table the notebook declares (its text columns stay text). Resolves when done (or failed).
   */
  importFiles(files: Iterable<File>, as?: { table: string; sample?: string; schema?: string }): Promise<void>;
}

/** Sample imports in flight, by `table:sample`, so two notebooks opened in quick succession share one. */
const inFlight = new Map<string, Promise<void>>();

/**
 * Import the sample of every declared dataset that is not loaded yet. Resolves with the datasets still
 * unbound afterwards (no sample and not loaded, or a sample that failed to load): an empty list means
 * the notebook can run.
 */
export async function bindSamples(notebook: Notebook | null, engine: SampleImporter, fetchFn: typeof fetch = fetch): Promise<{ missing: DatasetBinding[]; failed: { name: string; sample: string; error: string }[] }> {
  const failed: { name: string; sample: string; error: string }[] = [];
  const todo = datasetBindings(notebook, engine).filter((b) => b.state === 'import');
  for (const b of todo) {
    const sample = b.sample!;
    const key = `${b.name}:${sample}`;
    let job = inFlight.get(key);
    if (!job) {
      job = (async () => {
        const file = await fetchSample(sample, fetchFn);
        await engine.importFiles([file], { table: b.name, sample, ...(b.schema ? { schema: b.schema } : {}) });
      })().finally(() => inFlight.delete(key));
      inFlight.set(key, job);
    }
    try {
      await job;
    } catch (e) {
      failed.push({ name: b.name, sample, error: e instanceof Error ? e.message : String(e) });
    }
  }
  const after = datasetBindings(notebook, engine);
  for (const b of after) {
    if (b.state === 'import' && !failed.some((f) => f.name === b.name)) {
      failed.push({ name: b.name, sample: b.sample!, error: `the sample file ${b.sample} did not load (see the Data panel)` });
    }
  }
  return { missing: after.filter((b) => b.state === 'missing'), failed };
}
