/**
 * The module library: the five curricula and their modules, in the order and with the ids of
 * ../shared/COVERAGE.md (`ctr-01` … `ops-08`, 44 modules). A module whose template exists in
 * notebooks/ (front matter `module: <id>`) opens from its card; the others are listed as coming soon.
 */
import { parseNotebook } from '../core/notebook/format';
import { notebookTitle } from '../core/notebook/model';
import type { NotebookEntry } from './notebooks';

export interface Curriculum {
  /** Slug: module ids are `<slug>-NN`, templates live in notebooks/<slug>/. */
  slug: string;
  title: string;
  /** Module titles in order: module N is `modules[N - 1]`. */
  modules: string[];
}

export const CURRICULA: Curriculum[] = [
  {
    slug: 'ctr',
    title: 'Click-through rate in social media analytics',
    modules: [
      'Defining and measuring CTR',
      'Platform data collection and limits',
      'Pipeline architecture',
      'Segmentation and attribution',
      'Statistics and benchmarking',
      'Creative and copy testing',
      'Governance and compliance',
      'Business integration',
      'Forecasting and prediction',
    ],
  },
  {
    slug: 'email-social',
    title: 'Email and social integration',
    modules: [
      'Cross-channel architecture',
      'Aligned KPIs',
      'Unified attribution',
      'Behavioural segmentation',
      'Integrated A/B testing',
      'Reporting and alerting',
      'Privacy and compliance',
      'Budget allocation',
      'Scaling analytics',
    ],
  },
  {
    slug: 'segments',
    title: 'Audience segmentation',
    modules: [
      'Objectives and KPIs',
      'Sourcing and integration',
      'Cleaning and profiles',
      'Behaviour frameworks',
      'Privacy and ethics',
      'Cross-platform synthesis',
      'Insights to content',
      'Attribution and optimization',
      'Governance and scale',
    ],
  },
  {
    slug: 'recs',
    title: 'Recommendations analysis',
    modules: [
      'Objectives and KPIs',
      'Collection architecture',
      'Quality and preprocessing',
      'Sentiment and intent',
      'Segmentation and clustering',
      'Recommendation engine',
      'Governance and ethics',
      'Attribution and ROI',
      'Operationalizing',
    ],
  },
  {
    // COVERAGE.md names this curriculum's slug `ops` (module ids ops-01 … ops-08).
    slug: 'ops',
    title: 'Enterprise social operations',
    modules: [
      'Strategic alignment',
      'Governance and risk',
      'Audience intelligence',
      'Content strategy',
      'Paid social performance',
      'Influencers and community',
      'Analytics and reporting',
      'Technology and scale',
    ],
  },
];

/** `ctr`, 5 → `ctr-05`. */
export const moduleId = (slug: string, n: number) => `${slug}-${String(n).padStart(2, '0')}`;

export interface ModuleCard {
  id: string;
  number: number;
  title: string;
  /** One sentence of what the module teaches, from its template's first prose paragraph. */
  summary?: string;
  /** The bundled template, when there is one; without it the module is "coming soon". */
  entry?: NotebookEntry;
}

export interface LibrarySection {
  curriculum: Curriculum;
  modules: ModuleCard[];
}

/** The library's sections: every curriculum with all its modules, templates matched by `module:` id. */
export function moduleLibrary(bundled: readonly NotebookEntry[]): LibrarySection[] {
  const byModule = new Map(bundled.filter((e) => e.module).map((e) => [e.module!, e]));
  return CURRICULA.map((curriculum) => ({
    curriculum,
    modules: curriculum.modules.map((fallback, i) => {
      const id = moduleId(curriculum.slug, i + 1);
      const entry = byModule.get(id);
      if (!entry) return { id, number: i + 1, title: fallback };
      const { title, summary } = describe(entry.text, fallback);
      return { id, number: i + 1, title, ...(summary ? { summary } : {}), entry };
    }),
  }));
}

/** Bundled notebooks that are not curriculum modules (quick start, getting started). */
export function otherNotebooks(bundled: readonly NotebookEntry[]): NotebookEntry[] {
  const ids = new Set(CURRICULA.flatMap((c) => c.modules.map((_, i) => moduleId(c.slug, i + 1))));
  return bundled.filter((e) => !e.module || !ids.has(e.module));
}

/**
 * A card's title and one-line summary from its notebook (a module's template, or another bundled
 * notebook such as the quick start): the title without the
 * "CTR · Module 5 — " prefix; the first sentence of the first prose paragraph that says what
 * "this module" does (else the paragraph's first sentence), Markdown stripped.
 */
export function describe(text: string, fallbackTitle = 'Untitled notebook'): { title: string; summary?: string } {
  // The library re-derives its cards whenever the list of notebooks changes; parse each template once.
  const key = `${fallbackTitle}\u0000${text}`;
  let card = described.get(key);
  if (!card) described.set(key, (card = describeUncached(text, fallbackTitle)));
  return card;
}

const described = new Map<string, { title: string; summary?: string }>();

function describeUncached(text: string, fallbackTitle: string): { title: string; summary?: string } {
  let nb;
  try {
    nb = parseNotebook(text);
  } catch {
    return { title: fallbackTitle };
  }
  const full = notebookTitle(nb);
  const title = full === 'Untitled notebook' ? fallbackTitle : full.replace(/^.*?\bModule\s+\d+\s*[—–:-]\s*/i, '').trim() || full;
  const paragraph = firstParagraph(nb.blocks.filter((b) => b.type === 'prose').map((b) => b.text).join('\n'));
  if (!paragraph) return { title };
  // A sentence ends at . ! or ? before a space or the end: "(.xlsx)" or "3.5" stay inside it.
  const sentences = paragraph.match(/(?:[^.!?]|[.!?]+(?!\s|$))+(?:[.!?]+(?=\s|$)|$)/g)?.map((s) => s.trim()).filter(Boolean) ?? [paragraph];
  const says = sentences.find((s) => /^this (module|notebook) \w/i.test(s));
  // "This module puts the definitions side by side …" → "Puts the definitions side by side …"
  const summary = says ? says.replace(/^this (module|notebook) (\w)/i, (_, _m, c: string) => c.toUpperCase()) : sentences[0];
  return { title, ...(summary ? { summary } : {}) };
}

/** The first paragraph of Markdown that is not a heading, a list, a quote, a table or HTML. */
export function firstParagraph(markdown: string): string | undefined {
  for (const para of markdown.split(/\n\s*\n/)) {
    const lines = para.split('\n').map((l) => l.trim()).filter(Boolean);
    if (lines.length === 0) continue;
    if (/^(#|[-*+] |\d+\. |>|\||<|```|~~~)/.test(lines[0]!)) continue;
    return plain(lines.join(' '));
  }
  return undefined;
}

/** Markdown inline syntax removed: links keep their text, emphasis and code marks go. */
function plain(s: string): string {
  return s
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*(.*?)\*\*/g, '$1')
    .replace(/(?<!\w)__(.*?)__(?!\w)/g, '$1')
    .replace(/\*(\S(?:.*?\S)?)\*/g, '$1')
    .replace(/(?<!\w)_(\S(?:.*?\S)?)_(?!\w)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
