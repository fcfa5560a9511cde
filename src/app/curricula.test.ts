import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CURRICULA, describe as describeModule, firstParagraph, moduleLibrary } from './curricula';

describe('module library', () => {
  it('has the five curricula of COVERAGE.md with 44 modules', () => {
    expect(CURRICULA.map((c) => [c.slug, c.modules.length])).toEqual([
      ['ctr', 9],
      ['email-social', 9],
      ['segments', 9],
      ['recs', 9],
      ['ops', 8],
    ]);
  });

  it('matches templates by module id and marks the rest coming soon', () => {
    const text = readFileSync('notebooks/ctr/05-statistical-analysis-and-benchmarking.pulse.md', 'utf8');
    const [ctr, email] = moduleLibrary([{ key: 'ctr/05.pulse.md', title: 't', module: 'ctr-05', text }]);
    const m5 = ctr!.modules[4]!;
    expect(m5).toMatchObject({ id: 'ctr-05', number: 5, title: 'Statistical Analysis and Benchmarking' });
    expect(m5.summary).toMatch(/^Sets the significance threshold for tests, /);
    expect(ctr!.modules[0]!.entry).toBeUndefined();
    expect(email!.modules[0]).toEqual({ id: 'email-social-01', number: 1, title: 'Cross-channel architecture' });
  });

  it('takes the first prose paragraph, skipping headings and lists, and strips Markdown', () => {
    expect(firstParagraph('# Title\n\n- a list\n\nRead **ad_daily** with `sql` and [docs](x.md).\nNext line.\n\nLater.')).toBe('Read ad_daily with sql and docs. Next line.');
    expect(describeModule('---\ntitle: X · Module 2 — Two\n---\n\n# Two\n\nFirst sentence. The second.\n').summary).toBe('First sentence.');
  });

  it('does not end a sentence at a dot inside a word or number (.xlsx, 3.5)', () => {
    expect(describeModule('---\ntitle: Quick\n---\n\nDrop an Excel (.xlsx) file of 3.5 MB here. Then write SQL.\n').summary).toBe('Drop an Excel (.xlsx) file of 3.5 MB here.');
    expect(describeModule(readFileSync('src/app/quickStart.pulse.md', 'utf8')).summary).toBe('Drop a CSV, TSV, JSON, NDJSON, Parquet or Excel (.xlsx) file anywhere on this page (or use Add data).');
  });
});
