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
