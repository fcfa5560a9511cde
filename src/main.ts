/**
 * Composition root: picks the implementations (the DuckDB-WASM worker client that src/boot.ts started) and mounts the UI. Components never
 * import `@duckdb/*` directly; they get the services built here.
 */
import { mount } from 'svelte';
import { client } from './boot';
import App from './ui/App.svelte';
import { bundledNotebooks } from './app/notebooks';
import { Persistence } from './app/persistence';
import { openLocalStorage, type StorageError } from './storage';


/**
 * Browser storage (IndexedDB + OPFS). When it cannot open (a private window, a newer Pulse, another
 * tab holding an old schema) the app still runs with notebooks in memory and says why.
 */
const storageProblems: { message: string | null; onChange?: (m: string | null) => void } = { message: null };
const report = (message: string | null) => {
  storageProblems.message = message;
  storageProblems.onChange?.(message);
};
const persistence = openLocalStorage({
  onBlocked: (e: StorageError) => report(e.message),
  onVersionChange: () => report('A newer Pulse opened in another tab and needs the storage: reload this tab to keep saving (your text here is kept until you do).'),
}).then(
  async (local) => {
    report(null);
    const p = new Persistence(local, client, bundledNotebooks);
    // The shipped templates are stored once the first screen is drawn (App.svelte), so a reopened
    // notebook's results come first; a module opened for the first time waits for them.
    return p;
  },
  (e: unknown) => {
    report(Persistence.message(e, 'opening browser storage'));
    return null;
  },
);

mount(App, { target: document.getElementById('app')!, props: { client, notebooks: bundledNotebooks, persistence, storageProblems } });
// Offline PWA (src/pwa, docs/pwa.md): the install fetches and stores the whole app (~50 MB), so it waits
// until DuckDB is up and has been idle for 2 s, not competing with a first import on two cores.
void import('./pwa/register').then((pwa) => pwa.registerServiceWorker({ after: client.idle(2000) }));
