/**
 * The copy of a reopened notebook's first screen that public/first-screen.js drew before the app
 * loaded: removed once the app's own page is on screen (or the app shows anything else).
 */
export function dismissFirstScreen(): void {
  document.getElementById('first-screen')?.remove();
  document.documentElement.classList.remove('first-screen');
}

/** Whether a first screen copy is still drawn over the page. */
export const firstScreenShown = (): boolean => document.getElementById('first-screen') !== null;

/** What the app has on screen, as far as the kept copy is concerned. */
export interface AppOnScreen {
  hash: string;
  /** The notebook page is built (its first frame paints next). */
  pageDrawn: boolean;
  storageReady: boolean;
  /** A notebook is being opened (its record, kept results and page chunk are read). */
  loading: boolean;
  /** A banner is up (storage blocked by another tab, a file that would not open, the engine crashed). */
  banner: boolean;
}

/**
 * Whether the copy may stay over the app: only while the notebook at the address is still being
 * opened and the app has nothing to say. A banner (say, "close the other Pulse tab": storage waits
 * for it, and the notebook with it) must not sit hidden under a picture of the page until the 30 s
 * timeout of public/first-screen.js.
 */
export function copyMayStay(app: AppOnScreen): boolean {
  return app.hash.startsWith('#/nb/') && !app.pageDrawn && (!app.storageReady || app.loading) && !app.banner;
}
