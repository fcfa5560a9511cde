/**
 * Pulse's Content-Security-Policy, in one place for every way the app is served: the header Vite's dev
 * and preview servers send, the `<meta http-equiv>` the built index.html carries (so an ordinary
 * static host that sends no header still gets the policy), and `public/_headers` for hosts that read
 * one (Netlify, Cloudflare Pages). docs/security.md explains what each directive is for.
 */
import type { Plugin } from 'vite';

/** Directives a `<meta>` element carries as well as a header. */
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "connect-src 'self'",
  // DuckDB and parquet-wasm compile WebAssembly; nothing may eval JavaScript.
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  // Svelte sets inline styles on the app's own elements; prose can carry none (sanitize.ts).
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
] as const;

/** The policy as a `<meta>` element may carry it. */
export const CSP = CSP_DIRECTIVES.join('; ');

/**
 * `frame-ancestors` only works in a header: browsers ignore it in `<meta>` (CSP Level 3, §6.4.2), so
 * only a header stops another site from framing Pulse under a transparent overlay.
 */
export const HEADER_CSP = `${CSP}; frame-ancestors 'none'`;

/** Every security header a host should send with every response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': HEADER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** `public/_headers` as Netlify and Cloudflare Pages read it: a path pattern, then indented `Name: value` lines. */
export function headersFile(): string {
  const lines = Object.entries(SECURITY_HEADERS).map(([name, value]) => `  ${name}: ${value}`);
  return `# Generated from src/pwa/csp.ts (tests/pwa/csp.test.ts keeps them equal): edit both together.\n/*\n${lines.join('\n')}\n`;
}

/** The `<meta>` elements index.html carries: the policy and the referrer policy. */
export function cspMetaTags(): string {
  // CSP_DIRECTIVES hold single quotes only, so a double-quoted attribute needs no escaping.
  if (CSP.includes('"')) throw new Error('CSP must not contain a double quote');
  return `<meta http-equiv="Content-Security-Policy" content="${CSP}">\n    <meta name="referrer" content="no-referrer">`;
}

/**
 * `pulse:csp`: puts the policy into every built HTML page right after `<meta charset>` (which must
 * come first) and before anything that loads: a meta policy covers only what follows it.
 */
export function pulseCsp(): Plugin {
  return {
    name: 'pulse:csp',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        const charset = /<meta charset=[^>]*>/i.exec(html);
        if (!charset) throw new Error('pulse:csp: index.html needs <meta charset> first in <head>');
        const at = charset.index + charset[0].length;
        return `${html.slice(0, at)}\n    ${cspMetaTags()}${html.slice(at)}`;
      },
    },
  };
}
