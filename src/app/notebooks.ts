/**
 * The notebooks Pulse ships: every `notebooks/**\/*.pulse.md` in the repository, bundled as text, plus
 * a built-in quick start.
 */
import { parseNotebook } from '../core/notebook/format';
import { notebookTitle } from '../core/notebook/model';
import quickStart from './quickStart.pulse.md?raw';

export interface NotebookEntry {
  /** Stable key used in the URL: the file path under notebooks/, or `quick-start`. */
  key: string;
  title: string;
  /** Module id from front matter (`ctr-05`), when there is one. */
  module?: string;
  text: string;
}

const files = import.meta.glob('/notebooks/**/*.pulse.md', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

function entry(key: string, text: string): NotebookEntry {
  try {
    const nb = parseNotebook(text);
    const module = nb.frontMatter?.data.module;
    return { key, title: notebookTitle(nb), module: typeof module === 'string' ? module : undefined, text };
  } catch {
    return { key, title: key, text };
  }
}

/** Bundled notebooks, the quick start first, then by path. */
export const bundledNotebooks: NotebookEntry[] = [
  entry('quick-start', quickStart),
  ...Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, text]) => entry(path.replace(/^\/notebooks\//, ''), text)),
];
