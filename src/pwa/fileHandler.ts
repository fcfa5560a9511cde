/**
 * The PWA file handler's consumer. The manifest (public/manifest.webmanifest) declares Pulse as a
 * handler for `.pulse.md` files; when the installed app is opened with one (double-click, "Open with"),
 * Chromium puts the files on `window.launchQueue`. The UI calls {@link onLaunchFiles} once, with the
 * same function its file picker and drag-and-drop use; files that arrived before that are delivered
 * then (the launch queue keeps them).
 *
 * Nothing here parses or stores: the callback gets plain `File`s and validates them like any other
 * opened file (a file that is not a notebook gets a clear message and changes nothing).
 */

/** The part of the File Handling API that Pulse uses. */
interface LaunchParams {
  readonly files: ReadonlyArray<{ readonly kind: string; getFile?(): Promise<File> }>;
}
interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => unknown): void;
}

/** The extension the manifest's file handler accepts. */
export const NOTEBOOK_EXTENSION = '.pulse.md';

export function isNotebookFileName(name: string): boolean {
  return name.toLowerCase().endsWith(NOTEBOOK_EXTENSION);
}

/**
 * Hand every file the app was launched with to `open`, in launch order. Returns false where the
 * browser has no launch queue (no File Handling API, or not launched as an installed app), so the
 * caller knows only the picker and drag-and-drop are there. A failing `open` is reported through
 * `onError` and does not stop the files after it.
 */
export function onLaunchFiles(
  open: (file: File) => unknown | Promise<unknown>,
  onError: (error: unknown, file: File) => void = (e) => console.error(e),
  scope: { launchQueue?: LaunchQueue } = globalThis as { launchQueue?: LaunchQueue },
): boolean {
  const queue = scope.launchQueue;
  if (!queue || typeof queue.setConsumer !== 'function') return false;
  queue.setConsumer(async (params) => {
    for (const handle of params.files ?? []) {
      if (handle.kind !== 'file' || typeof handle.getFile !== 'function') continue;
      let file: File;
      try {
        file = await handle.getFile();
      } catch (e) {
        console.error(e);
        continue;
      }
      try {
        await open(file);
      } catch (e) {
        onError(e, file);
      }
    }
  });
  return true;
}
