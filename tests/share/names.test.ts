import { describe, expect, it } from 'vitest';
import { downloadName } from '../../src/share/names.ts';

describe('downloadName', () => {
  it('keeps a readable name and drops what file systems refuse', () => {
    expect(downloadName('CTR · Module 5 — Statistical analysis and benchmarking')).toBe('CTR-Module-5-Statistical-analysis-and-benchmarking.pulse.md');
    expect(downloadName('a/b\\c:d*e?f"g<h>i|j')).toBe('a-b-c-d-e-f-g-h-i-j.pulse.md');
    expect(downloadName('Études de marché 2026', '.pulse.zip')).toBe('Études-de-marché-2026.pulse.zip');
    expect(downloadName('日本語のノート', '.html')).toBe('日本語のノート.html');
  });

  it('never gives an empty, hidden, dotted or reserved name', () => {
    expect(downloadName('')).toBe('notebook.pulse.md');
    expect(downloadName('   ...  ')).toBe('notebook.pulse.md');
    expect(downloadName('.env')).toBe('env.pulse.md');
    expect(downloadName('../../etc/passwd')).toBe('etc-passwd.pulse.md');
    expect(downloadName('CON')).toBe('CON-notebook.pulse.md');
    expect(downloadName('nul.txt')).toBe('nul.txt-notebook.pulse.md');
    expect(downloadName('tab\there\u0000nul')).toBe('tab-here-nul.pulse.md');
  });

  it('caps the length', () => {
    const name = downloadName('x'.repeat(500));
    expect(name).toBe('x'.repeat(120) + '.pulse.md');
  });
});
