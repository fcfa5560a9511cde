/**
 * The notebooks Pulse ships: every `notebooks/**\/*.pulse.md` in the repository, bundled as text, plus
 * a built-in quick start.
 */
import { frontMatterData } from '../core/notebook/format';
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

function meta(key: string, text: string): { title: string; module?: string } {
  try {
    const data = frontMatterData(text);
    const module = data?.module;
    return { title: typeof data?.title === 'string' ? data.title : 'Untitled notebook', module: typeof module === 'string' ? module : undefined };
  } catch {
    return { title: key };
  }
}

/**
 * Title and module are read from the text when first asked for: parsing every shipped notebook up
 * front cost ~0.1–0.5 s of the first screen, and a reopened notebook needs only its own.
 */
function entry(key: string, text: string): NotebookEntry {
  let m: { title: string; module?: string } | null = null;
  return {
    key,
    text,
    get title() {
      return (m ??= meta(key, text)).title;
    },
    get module() {
      return (m ??= meta(key, text)).module;
    },
  };
}

/** Bundled notebooks, the quick start first, then by path. */
export const bundledNotebooks: NotebookEntry[] = [
  entry('quick-start', quickStart),
  ...Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, text]) => entry(path.replace(/^\/notebooks\//, ''), text)),
];
