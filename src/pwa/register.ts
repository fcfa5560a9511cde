/**
 * Registers Pulse's service worker (src/pwa/sw.ts) with workbox-window and runs the update flow:
 *
 * 1. A new version installs in the background beside the running one and waits.
 * 2. The page is told: a cancelable `pulse:update-ready` event on `window` (detail: `{ accept }`), and,
 *    unless a listener calls `preventDefault()` to show its own UI, a small banner
 *    "A new version is ready — reload" made here, outside Svelte.
 * 3. On accept: `messageSkipWaiting()`; once the new worker controls the page, reload once. Nothing
 *    reloads without the user's say, so a page never runs old code against new files.
 *
 * When another tab accepted the update, this tab is controlled by the new worker while running the old
 * code: it shows "Pulse was updated in another tab — reload" (event `pulse:updated-elsewhere`).
 */
import { Workbox } from 'workbox-window';

/**
 * True in a `vite build` (the `pulse:pwa` plugin defines it and writes sw.js there), false under the
 * dev server. Not `import.meta.env.PROD`: that follows NODE_ENV, which vitest sets to "test" when the
 * e2e suite builds the app.
 */
declare const __PULSE_SERVICE_WORKER__: boolean | undefined;

export interface RegisterOptions {
  /**
   * Register only after this settles (DuckDB started and idle), so the install reuses the wasm just
   * fetched and does not slow the user's first import.
   */
  after?: Promise<unknown>;
  /** Script URL; the build writes it at the base of the app. */
  url?: string;
  /** How often a long-lived tab asks for a new version, in ms (0: only on navigation). */
  checkEveryMs?: number;
}

export interface UpdateReadyDetail {
  /** Activate the waiting version and reload onto it. */
  accept(): void;
}

export const UPDATE_READY_EVENT = 'pulse:update-ready';
export const UPDATED_ELSEWHERE_EVENT = 'pulse:updated-elsewhere';
const BANNER_ID = 'pulse-update-banner';

/**
 * Register the service worker in a built app. Under the dev server it only removes a worker that a
 * build served on the same origin left behind. Resolves to the Workbox instance, or null when there is none.
 */
export async function registerServiceWorker(options: RegisterOptions = {}): Promise<Workbox | null> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null;
  if (typeof __PULSE_SERVICE_WORKER__ === 'undefined' || !__PULSE_SERVICE_WORKER__) {
    for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
    return null;
  }
  await options.after?.catch(() => undefined);
  const base = import.meta.env.BASE_URL;
  const wb = new Workbox(options.url ?? `${base}sw.js`, { scope: base, updateViaCache: 'none' });
  let accepted = false;

  const accept = () => {
    if (accepted) return;
    accepted = true;
    setBanner(null);
    // Reload once, when the new worker controls this page (and so serves the new files).
    let reloading = false;
    wb.addEventListener('controlling', () => {
      if (reloading) return;
      reloading = true;
      location.reload();
    });
    wb.messageSkipWaiting();
  };

  let offered: ServiceWorker | null = null;
  const offer = (waiting: ServiceWorker | null | undefined) => {
    if (accepted || !waiting || waiting === offered) return;
    offered = waiting;
    const detail: UpdateReadyDetail = { accept };
    const shown = dispatchEvent(new CustomEvent(UPDATE_READY_EVENT, { detail, cancelable: true }));
    if (shown) setBanner({ text: 'A new version is ready — ', action: 'reload', onAction: accept });
  };
  wb.addEventListener('waiting', (event) => offer(event.sw));

  wb.addEventListener('controlling', (event) => {
    // The first install takes the page (clientsClaim): same version, nothing to say.
    if (accepted || !event.isUpdate) return;
    const shown = dispatchEvent(new CustomEvent(UPDATED_ELSEWHERE_EVENT, { cancelable: true }));
    if (shown) setBanner({ text: 'Pulse was updated in another tab — ', action: 'reload', onAction: () => location.reload() });
  });

  let registration: ServiceWorkerRegistration | undefined;
  try {
    registration = await wb.register();
  } catch (e) {
    // No service worker (storage blocked, a private window, sw.js unreachable): Pulse still works online.
    console.warn(`Pulse: the service worker was not registered, so the app will not work offline (${e instanceof Error ? e.message : String(e)}).`);
    return null;
  }
  const every = options.checkEveryMs ?? 60 * 60 * 1000;
  // workbox-window stops listening after the first update found outside its own register() call, so
  // a long-lived tab also watches the registration itself for every later one.
  registration?.addEventListener('updatefound', () => {
    const sw = registration.installing;
    sw?.addEventListener('statechange', () => {
      if (sw.state === 'installed' && registration.waiting === sw && navigator.serviceWorker.controller) offer(sw);
    });
  });
  if (every > 0) {
    setInterval(() => {
      if (navigator.onLine) void wb.update().catch(() => undefined);
    }, every);
  }
  return wb;
}

/** The banner, or none. Made of plain DOM so the Svelte tree is untouched; inline styles through CSSOM. */
function setBanner(spec: { text: string; action: string; onAction: () => void } | null): void {
  document.getElementById(BANNER_ID)?.remove();
  if (!spec) return;
  const bar = document.createElement('div');
  bar.id = BANNER_ID;
  bar.dataset.testid = 'pwa-update';
  bar.setAttribute('role', 'status');
  bar.setAttribute('aria-live', 'polite');
  bar.style.cssText =
    'position:fixed;left:50%;bottom:16px;transform:translateX(-50%);z-index:1000;display:flex;gap:12px;align-items:center;' +
    'padding:10px 14px;border-radius:8px;background:#1d2330;color:#fff;font:14px/1.4 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.25)';
  const text = document.createElement('span');
  text.textContent = spec.text;
  const button = (label: string, testid: string, onClick: () => void, primary: boolean) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.dataset.testid = testid;
    b.style.cssText = `border:0;border-radius:6px;padding:4px 10px;cursor:pointer;font:inherit;${primary ? 'background:#4fd1a5;color:#1d2330;font-weight:600' : 'background:transparent;color:#c9cfdb'}`;
    b.addEventListener('click', onClick);
    return b;
  };
  bar.append(text, button(spec.action, 'pwa-reload', spec.onAction, true), button('later', 'pwa-later', () => bar.remove(), false));
  document.body.append(bar);
}
