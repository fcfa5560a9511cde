/**
 * Composition root: picks the implementations (DuckDB-WASM worker) and mounts the UI. Components never
 * import `@duckdb/*` directly; they get the services built here.
 */
import { mount } from 'svelte';
import { tableFromIPC } from 'apache-arrow';
import { PulseWorkerClient, spawnPulseWorker } from './engines/wasm/client';
import App from './ui/App.svelte';
import { bundledNotebooks } from './app/notebooks';

const client = new PulseWorkerClient(spawnPulseWorker);
void client.start().catch(() => undefined);

// Test and console hook: the e2e suite reads engine timings through it.
(globalThis as { __pulse?: unknown }).__pulse = { client, arrow: { tableFromIPC } };

mount(App, { target: document.getElementById('app')!, props: { client, notebooks: bundledNotebooks } });
void import('./pwa/register').then((pwa) => pwa.registerServiceWorker({ after: client.start() })); // offline PWA: src/pwa, docs/pwa.md
