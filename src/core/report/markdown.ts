/**
 * Markdown to HTML without any way to run script: raw HTML in the Markdown is shown as text, and
 * links or images whose URL is not http(s), mailto, a fragment or relative are dropped. Used for the
 * static reports; the browser additionally passes prose through DOMPurify.
 */
import { Marked } from 'marked';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A URL a report may link to. */
export function isSafeUrl(url: string): boolean {
  const u = url.trim().replace(/[\u0000-\u001f\s]/g, '').toLowerCase();
  return /^(https?:|mailto:|#|\/|\.\/|\.\.\/)/.test(u) || !/^[a-z][a-z0-9+.-]*:/.test(u);
}

const safeMarked = new Marked({
  gfm: true,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
    link({ href, title, tokens }) {
      const body = this.parser.parseInline(tokens);
      if (!isSafeUrl(href)) return body;
      return `<a href="${escapeHtml(href)}"${title ? ` title="${escapeHtml(title)}"` : ''} rel="noopener noreferrer">${body}</a>`;
    },
    image({ href, text }) {
      return isSafeUrl(href) && !/^https?:/i.test(href.trim()) ? `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}">` : escapeHtml(text);
    },
  },
});

/** Render Markdown prose to script-free HTML. */
export function markdownToSafeHtml(markdown: string): string {
  return safeMarked.parse(markdown, { async: false }) as string;
}
