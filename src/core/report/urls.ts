/**
 * What a URL in prose or a report points at, read the way a browser reads it (WHATWG URL): leading and
 * trailing control characters and spaces are ignored, tabs and newlines anywhere are dropped, and a
 * backslash counts as a slash, so `java\tscript:`, ` javascript:` and `/\evil.example` are caught.
 * Pure string work: core has no DOM and no `URL`.
 */

export type UrlKind =
  /** `#section`: a place in the same page. */
  | 'fragment'
  /** `notes.html`, `/x`, `./y`: same origin as the page. */
  | 'relative'
  /** `//host/x`: another host, on the page's scheme (protocol-relative). */
  | 'network'
  /** `http:` or `https:` with a host. */
  | 'web'
  | 'mailto'
  /** Any other scheme: javascript:, vbscript:, data:, blob:, file:, … */
  | 'other-scheme';

/** The URL text as a browser parses it. */
export function browserUrlText(raw: string): string {
  return raw.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
}

/** The scheme in lower case (`javascript`), or null for a relative or protocol-relative URL. */
export function urlScheme(raw: string): string | null {
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(browserUrlText(raw));
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * @example urlKind('//tracker.example/p.gif') // 'network'
 * @example urlKind(' JaVa\tScRiPt:alert(1)') // 'other-scheme'
 */
export function urlKind(raw: string): UrlKind {
  const text = browserUrlText(raw);
  const scheme = urlScheme(text);
  if (scheme === 'http' || scheme === 'https') return 'web';
  if (scheme === 'mailto') return 'mailto';
  if (scheme !== null) return 'other-scheme';
  if (text.startsWith('#')) return 'fragment';
  if (/^[/\\]{2}/.test(text)) return 'network';
  return 'relative';
}

/**
 * The host a web or protocol-relative URL goes to, lower case, without user info or port
 * (`https://bank.example@evil.example:8443/x` → `evil.example`); null for other kinds.
 */
export function urlHost(raw: string): string | null {
  const kind = urlKind(raw);
  if (kind !== 'web' && kind !== 'network') return null;
  const text = browserUrlText(raw).replace(/\\/g, '/');
  const authority = /^(?:[a-z][a-z0-9+.-]*:)?\/*([^/?#]*)/i.exec(text)?.[1] ?? '';
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const host = hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : hostPort.replace(/:\d*$/, '');
  return host.toLowerCase() || null;
}

/** Raster image types a data: URL may carry (no SVG: an SVG image is a document that can load more). */
const RASTER_DATA_URL = /^data:image\/(?:png|jpeg|gif|webp|avif);base64,[a-z0-9+/=\s]*$/i;

/**
 * An image source that loads nothing from anywhere: a `blob:` URL (images from an opened bundle) or
 * a base64 raster `data:` URL. Everything else, remote or relative, is refused.
 */
export function isLocalImageSource(raw: string): boolean {
  const text = browserUrlText(raw);
  return /^blob:/i.test(text) || RASTER_DATA_URL.test(text);
}
