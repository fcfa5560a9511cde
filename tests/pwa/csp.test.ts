import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CSP, CSP_DIRECTIVES, cspMetaTags, headersFile, HEADER_CSP, SECURITY_HEADERS } from '../../src/pwa/csp.ts';

const ROOT = new URL('../../', import.meta.url);

describe('the Content-Security-Policy, one policy for every way Pulse is served', () => {
  it('public/_headers is what csp.ts generates (edit both together)', () => {
    expect(readFileSync(new URL('public/_headers', ROOT), 'utf8')).toBe(headersFile());
  });

  it('_headers carries the CSP plus frame-ancestors, nosniff and no-referrer for every path (Netlify _headers syntax: path line, indented headers)', () => {
    const lines = headersFile().split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines[0]).toBe('/*');
    expect(lines.slice(1)).toEqual([
      `  Content-Security-Policy: ${CSP}; frame-ancestors 'none'`,
      '  X-Content-Type-Options: nosniff',
      '  Referrer-Policy: no-referrer',
    ]);
  });

  it('the meta policy is the header policy without the header-only frame-ancestors', () => {
    const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(cspMetaTags())![1];
    expect(content).toBe(CSP);
    expect(HEADER_CSP).toBe(`${content}; frame-ancestors 'none'`);
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(HEADER_CSP);
    // A meta policy ignores frame-ancestors, report-uri and sandbox (CSP3 §6.4.2, §3.3): none may be in it.
    expect(CSP).not.toMatch(/frame-ancestors|report-uri|sandbox/);
  });

  it('keeps what the app needs: wasm compilation, blob: workers, same-origin fetches only, no plugins', () => {
    const d = Object.fromEntries(CSP_DIRECTIVES.map((x) => [x.split(' ')[0], x.split(' ').slice(1)]));
    expect(d['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(d['worker-src']).toEqual(["'self'", 'blob:']);
    expect(d['connect-src']).toEqual(["'self'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(d['img-src']).not.toContain('https:');
  });

  it('index.html gets the policy from the build, not by hand', () => {
    expect(readFileSync(new URL('index.html', ROOT), 'utf8')).not.toContain('Content-Security-Policy');
  });
});
