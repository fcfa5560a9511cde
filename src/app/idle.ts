/**
 * Resolves in the browser's next idle moment (after the current frame is painted), or after `timeout`
 * ms at the latest: for work a person does not see at once, kept off the way to the first screen.
 */
export function whenIdle(timeout = 2000): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout });
    else setTimeout(resolve, 0);
  });
}
