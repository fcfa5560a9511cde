/**
 * Markdown to HTML without any way to run script or load anything: raw HTML in the Markdown is shown
 * as text, links whose URL is not http(s), mailto, a fragment or relative are shown as their text,
 * and images other than raster data: URLs as their alt text. Used for the static reports; the browser
 * renders prose with its own sanitizer (src/ui/notebook/sanitize.ts).
 */
import { Marked, type Token, type Tokens } from 'marked';
import { fencedBlock, markdownText } from './markdownEscape.ts';
import { isLocalImageSource, urlKind } from './urls.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A URL a report may link to: http(s), mailto, a fragment or a relative path. Protocol-relative
 * `//host/x` (and `/\\host/x`, which browsers read the same way) is refused: it is a remote URL
 * that does not say so.
 */
export function isSafeUrl(url: string): boolean {
  const kind = urlKind(url);
  return kind === 'web' || kind === 'mailto' || kind === 'fragment' || kind === 'relative';
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
      // Only images that load nothing: raster data: URLs (the report's own policy allows no other).
      return isLocalImageSource(href) ? `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}">` : escapeHtml(text);
    },
  },
});

/** Render Markdown prose to script-free HTML. */
export function markdownToSafeHtml(markdown: string): string {
  return safeMarked.parse(markdown, { async: false }) as string;
}

/** Raw HTML as text that shows the same characters. */
const htmlAsText = (raw: string) => raw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Edit {
  raw: string;
  to: string;
}

/** Tokens whose raw Markdown must change, outermost first (their children are not visited). */
function collectEdits(tokens: readonly Token[], edits: Edit[]): void {
  for (const t of tokens) {
    if (t.type === 'html') edits.push({ raw: t.raw, to: htmlAsText(t.raw) });
    else if (t.type === 'link' && !isSafeUrl((t as Tokens.Link).href)) edits.push({ raw: t.raw, to: markdownText((t as Tokens.Link).text) });
    else if (t.type === 'image' && !isLocalImageSource((t as Tokens.Image).href)) {
      edits.push({ raw: t.raw, to: markdownText(`[image not included: ${(t as Tokens.Image).text}]`) });
    } else {
      if ('tokens' in t && Array.isArray(t.tokens)) collectEdits(t.tokens, edits);
      if (t.type === 'list') for (const item of (t as Tokens.List).items) collectEdits(item.tokens, edits);
      if (t.type === 'table') {
        const table = t as Tokens.Table;
        for (const cell of [...table.header, ...table.rows.flat()]) collectEdits(cell.tokens, edits);
      }
    }
  }
}

/**
 * Prose Markdown for the Markdown report, with what could come alive in a viewer that renders HTML
 * made inert: raw HTML shown as text, links with unsafe URLs (javascript:, data:, `//host`) as their
 * text, images other than raster data: URLs as their alt text. Everything else stays as written. When an edit cannot be
 * placed in the source (nested containers rewrite it), the whole block is shown as a code block.
 */
export function safeProseMarkdown(markdown: string): string {
  const src = markdown.replace(/\r\n?/g, '\n');
  const edits: Edit[] = [];
  collectEdits(new Marked({ gfm: true }).lexer(src), edits);
  let out = '';
  let at = 0;
  for (const e of edits) {
    const i = src.indexOf(e.raw, at);
    if (i < 0) return fencedBlock(src.replace(/\n+$/, ''), 'markdown');
    out += src.slice(at, i) + e.to;
    at = i + e.raw.length;
  }
  return out + src.slice(at);
}
