import { describe, expect, it } from 'vitest';
import { isLocalImageSource, urlHost, urlKind } from '../../../src/core/report/urls.ts';

// Read as the WHATWG URL parser reads them: C0 controls and spaces trimmed, tab/CR/LF removed, \ as / for http(s).
describe('urlKind', () => {
  it.each([
    ['javascript:alert(1)', 'other-scheme'],
    [' JaVaScRiPt:alert(1)', 'other-scheme'],
    ['java\tscript:alert(1)', 'other-scheme'],
    ['\u0001javascript:alert(1)', 'other-scheme'],
    ['vbscript:msgbox(1)', 'other-scheme'],
    ['data:text/html;base64,PHNjcmlwdD4=', 'other-scheme'],
    ['https://example.com/a', 'web'],
    ['HTTP://example.com', 'web'],
    ['mailto:ann@example.com', 'mailto'],
    ['#section', 'fragment'],
    ['//tracker.example/p.gif', 'network'],
    ['/\\tracker.example/p.gif', 'network'],
    ['\\\\tracker.example/p.gif', 'network'],
    ['\n//tracker.example', 'network'],
    ['notes.html', 'relative'],
    ['/docs/x', 'relative'],
    ['./a:b', 'relative'],
  ])('%j is %s', (url, kind) => expect(urlKind(url)).toBe(kind));
});

describe('urlHost', () => {
  it('is the host a browser would contact, without user info or port', () => {
    expect(urlHost('https://bank.example@evil.example:8443/x')).toBe('evil.example');
    expect(urlHost('//Tracker.Example/p.gif')).toBe('tracker.example');
    expect(urlHost('https://[::1]:80/')).toBe('[::1]');
    expect(urlHost('/\\evil.example/x')).toBe('evil.example');
    expect(urlHost('notes.html')).toBeNull();
  });
});

describe('isLocalImageSource', () => {
  it('keeps blob: and base64 raster data: URLs only', () => {
    expect(isLocalImageSource('blob:http://127.0.0.1:5173/4d7b6f0e-8c1d-4f6a-9d7e-0a1b2c3d4e5f')).toBe(true);
    expect(isLocalImageSource('data:image/png;base64,iVBORw0KGgo=')).toBe(true);
    expect(isLocalImageSource('data:image/svg+xml;base64,PHN2Zz4=')).toBe(false);
    expect(isLocalImageSource('data:image/svg+xml,<svg/>')).toBe(false);
    expect(isLocalImageSource('data:text/html;base64,PHNjcmlwdD4=')).toBe(false);
    expect(isLocalImageSource('https://tracker.example/p.gif')).toBe(false);
    expect(isLocalImageSource('//tracker.example/p.gif')).toBe(false);
    expect(isLocalImageSource('/local.png')).toBe(false);
  });
});
