import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaredDatasets } from '../../../src/core/notebook/datasets.ts';
import { cellsThatCannotRun, columnsReadFrom, csvHeaderColumns } from '../../../src/core/notebook/datasetColumns.ts';
import { importExport } from '../../../src/core/importers/import.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';

const nb = (body: string) => parseNotebook(`---\npulse: 1\ndatasets:\n  ads: { schema: ad_daily }\n  events: { schema: events }\n---\n\n${body}`);

describe('columnsReadFrom', () => {
  it('names the canonical columns a SQL cell reads from the dataset, in schema order', () => {
    const n = nb('```sql v\nSELECT variant, sum(clicks) AS clicks, sum(impressions) AS impressions FROM ads WHERE date >= DATE \'2024-01-01\' GROUP BY 1\n```\n');
    expect(columnsReadFrom(n, 'ads', 'ad_daily')).toEqual(['date', 'variant', 'impressions', 'clicks']);
  });

  it('skips types, typed literals, function names, aliases and other tables\' qualified columns', () => {
    const n = nb(
      '```sql v\nSELECT CAST(x AS DATE) AS spend, y::date, date_trunc(\'week\', d) AS week, e.platform, a.campaign\nFROM ads a JOIN events e ON a.ad = e.channel\n```\n',
    );
    // `a.campaign` and `a.ad` are qualified by an alias the heuristic does not resolve: left to the cell.
    expect(columnsReadFrom(n, 'ads', 'ad_daily')).toEqual([]);
  });

  it('counts `ads.col` and the text values of a declarative cell that reads the dataset, not cells that do not', () => {
    const n = nb(
      '```sql s\nSELECT ads.spend FROM ads\n```\n\n```ab-test t\nfrom: ads\ngroup: variant\nsuccesses: conversions\ntrials: clicks\n```\n\n```sql other\nSELECT reach FROM events\n```\n',
    );
    expect(columnsReadFrom(n, 'ads', 'ad_daily')).toEqual(['variant', 'clicks', 'spend', 'conversions']);
  });

  it('asks nothing of the bundled samples that every module notebook is not given', () => {
    const dir = 'notebooks';
    const files = [...readdirSync(dir).filter((f) => f.endsWith('.pulse.md')).map((f) => join(dir, f)), ...readdirSync(join(dir, 'ctr')).map((f) => join(dir, 'ctr', f))];
    let checked = 0;
    for (const file of files) {
      const notebook = parseNotebook(readFileSync(file, 'utf8'));
      for (const d of declaredDatasets(notebook)) {
        const sample = d.sample ? join('public/sample', d.sample) : undefined;
        if (!d.schema || !sample || !existsSync(sample)) continue;
        const header = new Set(readFileSync(sample, 'utf8').split(/\r?\n/, 1)[0]!.split(',').map((h) => h.trim().toLowerCase()));
        const missing = columnsReadFrom(notebook, d.name, d.schema).filter((c) => !header.has(c));
        expect(missing, `${file}: ${d.name} (${d.sample})`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('cellsThatCannotRun', () => {
  const n = nb(
    '# Reach\n\n```sql clicks_by_day\nSELECT date, sum(clicks) AS clicks FROM ads GROUP BY 1\n```\n\n## Conversion rate\n\n```sql conv\nSELECT variant, sum(conversions) / sum(clicks) AS cr FROM ads GROUP BY 1\n```\n\n```plot conv_chart\nfrom: conv\nmark: barY\nx: variant\ny: cr\n```\n\n## Tests\n\n```ab-test t\nfrom: ads\ngroup: variant\nsuccesses: conversions\ntrials: clicks\n```\n',
  );

  it('names each cell that reads a column the file lacks, its section, and the cells reading its result', () => {
    expect(cellsThatCannotRun(n, 'ads', 'ad_daily', ['date', 'variant', 'clicks', 'impressions'])).toEqual([
      { id: 'conv', section: 'Conversion rate', missing: ['conversions'] },
      { id: 'conv_chart', section: 'Conversion rate', missing: [], via: 'conv' },
      { id: 't', section: 'Tests', missing: ['conversions'] },
    ]);
  });

  it('is empty when the file holds every column the notebook reads', () => {
    expect(cellsThatCannotRun(n, 'ads', 'ad_daily', ['date', 'variant', 'clicks', 'conversions'])).toEqual([]);
  });

  it('on CTR module 1 with an export without conversions: the KPI cell (line 31 reads sum(conversions)) and the two cells built on it', () => {
    const notebook = parseNotebook(readFileSync('notebooks/ctr/01-defining-and-measuring-ctr.pulse.md', 'utf8'));
    const all = columnsReadFrom(notebook, 'ads', 'ad_daily');
    const section = '1. CTR versus engagement rate, conversion rate and impression share';
    expect(cellsThatCannotRun(notebook, 'ads', 'ad_daily', all.filter((c) => c !== 'conversions'))).toEqual([
      { id: 'kpis', section, missing: ['conversions'] },
      { id: 'kpis_long', section, missing: [], via: 'kpis' },
      { id: 'kpis_chart', section, missing: [], via: 'kpis' },
    ]);
    expect(cellsThatCannotRun(notebook, 'ads', 'ad_daily', all)).toEqual([]);
  });
});

describe('columns of the bundled sample beyond the canonical schema', () => {
  // `frequency_bucket` and `hides` are not ad_daily columns: only a sample written with them has them.
  const n = nb(
    '## Reach\n\n```sql daily\nSELECT date, sum(impressions) AS impressions FROM ads GROUP BY 1\n```\n\n## Fatigue\n\n```sql curve\nSELECT frequency_bucket, sum(clicks) / sum(impressions) AS ctr, sum(hides) AS hides FROM ads GROUP BY 1\n```\n\n```plot curve_chart\nfrom: curve\nmark: lineY\nx: frequency_bucket\ny: ctr\n```\n',
  );
  const sample = csvHeaderColumns('date,platform,ad_group,frequency_bucket,impressions,clicks,hides\n2025-01-06,meta,A,1,100,2,0\n');

  it('are read from the sample header (BOM, quoted names)', () => {
    expect(csvHeaderColumns('\uFEFFdate,"ad set, name",frequency_bucket\r\n1,2,3')).toEqual(['date', 'ad set, name', 'frequency_bucket']);
  });

  it('are looked for when the sample is given: schema columns first, then the sample\'s', () => {
    expect(columnsReadFrom(n, 'ads', 'ad_daily')).toEqual(['date', 'impressions', 'clicks']);
    expect(columnsReadFrom(n, 'ads', 'ad_daily', sample)).toEqual(['date', 'impressions', 'clicks', 'frequency_bucket', 'hides']);
  });

  it('a file without them stops the cell that reads them and the chart on it, in its section', () => {
    expect(cellsThatCannotRun(n, 'ads', 'ad_daily', ['date', 'impressions', 'clicks', 'frequency'], sample)).toEqual([
      { id: 'curve', section: 'Fatigue', missing: ['frequency_bucket', 'hides'] },
      { id: 'curve_chart', section: 'Fatigue', missing: [], via: 'curve' },
    ]);
    expect(cellsThatCannotRun(n, 'ads', 'ad_daily', ['date', 'impressions', 'clicks', 'frequency_bucket', 'hides'], sample)).toEqual([]);
  });

  it('segments module 7 asks nothing of a Meta ad set export that the sample has beyond the schema (it derives the bucket from Frequency)', () => {
    const notebook = parseNotebook(readFileSync('notebooks/segments/07-translating-insights-into-content-strategy.pulse.md', 'utf8'));
    const meta = importExport(readFileSync('tests/fixtures/exports/meta_adsets_frequency.csv'), 'meta_adsets_frequency.csv');
    const withValues = meta.columns.map((c) => c.name).filter((c) => meta.rows.some((r) => r[c] !== null && r[c] !== undefined));
    expect(withValues).toContain('frequency');
    const header = csvHeaderColumns(readFileSync('public/sample/audience_ad_sets.csv', 'utf8'));
    expect(cellsThatCannotRun(notebook, 'ads', 'ad_daily', withValues, header)).toEqual([]);
  });
});
