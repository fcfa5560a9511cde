import { marked } from 'marked';
import DOMPurify from 'dompurify';

const cache = new Map<string, string>();

/**
 * Markdown to HTML that is safe to insert: a shared notebook is data, not code, so DOMPurify removes
 * scripts, event handlers and javascript: URLs. Memoized: editing a cell re-renders the blocks but
 * not their prose.
 */
export function sanitizedMarkdown(text: string): string {
  let html = cache.get(text);
  if (html === undefined) {
    html = DOMPurify.sanitize(marked.parse(text, { async: false }) as string, { USE_PROFILES: { html: true } });
    if (cache.size > 500) cache.clear();
    cache.set(text, html);
  }
  return html;
}
