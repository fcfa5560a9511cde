/**
 * Prose Markdown to HTML that is safe to insert. A shared notebook is data written by someone else, so
 * its prose may not run script (DOMPurify), load anything from another origin (no remote images,
 * media, frames, styles, fonts or links to stylesheets: a tracking pixel would reveal who opened the
 * notebook and when), draw outside its own box (no `style`, no `<style>`, no classes of the app's own
 * CSS) or ask for input (no forms, inputs or buttons). Links open in a new tab, without the opener or a
 * referrer, and say which host they go to. docs/security.md has the whole trust model.
 */
import { Marked } from 'marked';
import DOMPurify from 'dompurify';
import { isLocalImageSource, urlKind } from '../../core/report/urls';

/** Elements prose never keeps: they fetch, embed, style, submit or take input. */
const FORBID_TAGS = [
  'style', 'link', 'meta', 'base', 'picture', 'source', 'video', 'audio', 'track', 'object', 'embed', 'iframe',
  'frame', 'frameset', 'portal', 'applet', 'form', 'input', 'button', 'select', 'option', 'optgroup', 'textarea',
  'datalist', 'output', 'fieldset', 'legend', 'label', 'dialog', 'template', 'canvas', 'map', 'area', 'svg', 'math',
  'noscript', 'marquee',
];
/** Attributes that fetch, style, or point elsewhere, beyond what DOMPurify's HTML profile removes. */
const FORBID_ATTR = ['style', 'srcset', 'sizes', 'background', 'poster', 'action', 'formaction', 'ping', 'usemap', 'longdesc', 'target', 'rel', 'xlink:href', 'popover', 'popovertarget', 'download'];
/** The one class prose keeps: marked's `language-xxx` on code blocks. */
const KEPT_CLASS = /^language-[\w-]+$/;

const purify = DOMPurify(window);
purify.addHook('uponSanitizeAttribute', (_node, data) => {
  if (data.attrName !== 'class') return;
  data.attrValue = data.attrValue.split(/\s+/).filter((c) => KEPT_CLASS.test(c)).join(' ');
  if (data.attrValue === '') data.keepAttr = false;
});
purify.addHook('afterSanitizeAttributes', (node) => {
  for (const name of ['src', 'href']) {
    const value = node.getAttribute(name);
    if (value === null) continue;
    const allowed = node.nodeName === 'IMG' && name === 'src' ? isLocalImageSource(value) : node.nodeName === 'A' && name === 'href' ? isLinkable(value) : false;
    if (!allowed) node.removeAttribute(name);
  }
});

function isLinkable(href: string): boolean {
  const kind = urlKind(href);
  return kind !== 'other-scheme';
}

// Task-list boxes as text: prose keeps no <input>.
const proseMarked = new Marked({ gfm: true, renderer: { checkbox: ({ checked }) => (checked ? '☑ ' : '☐ ') } });

/** Open a link in a new tab with no opener and no referrer, and show its destination host. */
function decorateLink(a: HTMLAnchorElement): void {
  const href = a.getAttribute('href');
  if (href === null) {
    a.replaceWith(...a.childNodes);
    return;
  }
  if (urlKind(href) === 'fragment') return;
  const url = new URL(href, location.href);
  a.setAttribute('target', '_blank');
  a.setAttribute('rel', 'noopener noreferrer');
  a.setAttribute('referrerpolicy', 'no-referrer');
  const where = url.protocol === 'mailto:' ? mailAddress(url) : url.origin === location.origin ? null : url.host;
  a.setAttribute('title', where === null ? `${url.href} (opens in a new tab)` : `${url.href} (opens ${where} in a new tab)`);
  if (where !== null) {
    const host = a.ownerDocument.createElement('span');
    host.className = 'link-host';
    host.textContent = url.protocol === 'mailto:' ? ` (mail to ${where})` : ` (${where} ↗)`;
    a.append(host);
  }
}

function mailAddress(url: URL): string {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return url.pathname;
  }
}

/** An image that would load from elsewhere is shown as its alt text. */
function replaceRemoteImage(img: HTMLImageElement): void {
  if (img.getAttribute('src') !== null) return;
  const label = img.ownerDocument.createElement('span');
  label.className = 'image-not-loaded';
  label.textContent = `[image not loaded${img.alt ? `: ${img.alt}` : ''}]`;
  label.title = 'Prose shows only images that came with the notebook; remote images are never fetched.';
  img.replaceWith(label);
}

const cache = new Map<string, string>();

/** Sanitized HTML of `text`'s Markdown. Memoized: editing a cell re-renders the blocks but not their prose. */
export function sanitizedMarkdown(text: string): string {
  let html = cache.get(text);
  if (html === undefined) {
    html = sanitizeProseHtml(proseMarked.parse(text, { async: false }) as string);
    if (cache.size > 500) cache.clear();
    cache.set(text, html);
  }
  return html;
}

/** Sanitize rendered prose HTML (exported for the hostile-corpus tests). */
export function sanitizeProseHtml(html: string): string {
  // The fragment stays in DOMPurify's inert document: nothing in it loads while it is decorated.
  const fragment = purify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    SANITIZE_NAMED_PROPS: true,
    RETURN_DOM_FRAGMENT: true,
  }) as DocumentFragment | null;
  // null when the HTML parses to no <body> at all (a leading <frameset>): nothing to show.
  if (fragment === null) return '';
  for (const img of fragment.querySelectorAll('img')) replaceRemoteImage(img);
  for (const a of fragment.querySelectorAll('a')) decorateLink(a);
  const box = fragment.ownerDocument.createElement('div');
  box.append(fragment);
  return box.innerHTML;
}
