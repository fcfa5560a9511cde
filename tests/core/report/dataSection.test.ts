import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import type { CellRun } from '../../../src/core/notebook/runner.ts';
import { dataSectionHtml, dataSectionMarkdown, type DatasetBinding } from '../../../src/core/report/dataSection.ts';
import { htmlReport, jsonReport, markdownReport } from '../../../src/core/report/report.ts';

const hostile: DatasetBinding = {
  name: 'ads',
  source: 'file',
  file: 'exports/<img src=x onerror=alert(1)>|x_*y*.csv',
  platform: 'meta',
  layout: 'meta_ads_manager',
  schema: 'ad_daily',
  rows: 1234,
  warnings: ['line 7 has 3 of 9 columns | <b>read</b> as empty', 'second\nline'],
};
const sample: DatasetBinding = { name: 'paths', source: 'sample', file: 'paths.csv', platform: null, layout: null, schema: 'paths', rows: 3935, warnings: [] };

describe('the Data section of a run report', () => {
  it('Markdown: one table row per dataset; pipes, markup and line breaks from files and warnings are escaped', () => {
    expect(dataSectionMarkdown([hostile, sample])).toEqual([
      '## Data',
      '',
      '| dataset | bound to | platform | rows | warnings |',
      '| --- | --- | --- | --- | --- |',
      '| ads | exports/&lt;img src=x onerror=alert\\(1\\)&gt;\\|x\\_\\*y\\*.csv | meta \\(meta\\_ads\\_manager\\) | 1,234 | line 7 has 3 of 9 columns \\| &lt;b&gt;read&lt;/b&gt; as empty; second line |',
      '| paths | bundled sample paths.csv | none \\(loaded as it is\\) | 3,935 | — |',
      '',
    ]);
    expect(dataSectionMarkdown(undefined)).toEqual([]);
  });

  it('HTML: every text escaped, no tag from a file name or warning survives', () => {
    const html = dataSectionHtml([hostile, sample]);
    expect(html).toContain('<td>exports/&lt;img src=x onerror=alert(1)&gt;|x_*y*.csv</td>');
    expect(html).toContain('<div>line 7 has 3 of 9 columns | &lt;b&gt;read&lt;/b&gt; as empty</div>');
    expect(html).toContain('<td>bundled sample paths.csv</td>');
    expect(html).not.toMatch(/<img|<b>/);
    expect(dataSectionHtml([])).toBe('');
  });

  it('cell notes reach the JSON, Markdown and HTML reports, escaped', () => {
    const notebook = parseNotebook('---\npulse: 1\ntitle: T\n---\n\n```ctr rates\nfrom: ads\n```\n');
    const note = '`<script>alert(1)</script>` has no values in `ads` (the data has no such metric): what needs it is null or left out, never 0';
    const runs = new Map<string, CellRun>([
      ['rates', { id: 'rates', kind: 'ctr', status: 'ok', durationMs: 1, result: { columns: [], rowCount: 0, preview: tableFromIPC(new Uint8Array(0)), output: { type: 'table' }, note } }],
    ]);
    expect(jsonReport(notebook, runs, [sample]).cells[0]).toMatchObject({ id: 'rates', note });
    expect(jsonReport(notebook, runs, [sample]).datasets).toEqual([sample]);
    const md = markdownReport(notebook, runs, [sample]);
    expect(md).toContain('> \\`&lt;script&gt;alert\\(1\\)&lt;/script&gt;\\` has no values in \\`ads\\`');
    expect(md).not.toContain('<script>');
    expect(md).toContain('| paths | bundled sample paths.csv |');
    const html = htmlReport(notebook, runs, new Map(), [sample]);
    expect(html).toContain('<div class="note">`&lt;script&gt;alert(1)&lt;/script&gt;` has no values');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<h2>Data</h2>');
  });
});
