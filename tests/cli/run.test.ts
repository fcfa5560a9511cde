/**
 * `pulse run` end to end through `main(argv, io)` on the fixtures in tests/fixtures (notebooks/ and
 * cli/), plus the real `bin/pulse.mjs` as a child process for exit status and stack-trace checks.
 * Expected values are worked out by hand from the fixture CSVs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { markdownText } from '../../src/core/report/markdownEscape.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FX = join(ROOT, 'tests/fixtures');
const VARIANTS_NB = join(FX, 'notebooks/variants.pulse.md');
/** A,120,10000 and B,150,10000 */
const VARIANTS_CSV = join(FX, 'variants.csv');
/** A: 120/10000 and 300/25000; B: 150/10000 and 500/40000 */
const MIXED_CSV = join(FX, 'cli/variants_mixed.csv');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pulse-cli-test-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Ran {
  code: number;
  stdout: string[];
  stderr: string[];
}

async function pulse(...argv: string[]): Promise<Ran> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(argv, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) });
  return { code, stdout, stderr };
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const STACK = /\n\s+at |\bat .*\.(ts|js|mjs):\d+/;

describe('pulse run: reports', () => {
  it('writes the JSON report in the documented shape with hand-computed values', async () => {
    const out = join(dir, 'variants.json');
    const r = await pulse('run', VARIANTS_NB, '--data', `ads=${VARIANTS_CSV}`, '--out', out);
    expect(r.code).toBe(0);
    // the one binding, on stderr: variants.csv has the header and two data rows
    expect(r.stderr).toEqual(['ads: variants.csv loaded as it is (no platform export layout recognized), 2 rows']);
    expect(r.stdout).toEqual([`3 of 3 cells ok, report written to ${out}`]);
    // ctr = round(clicks / impressions, 4): 120/10000 = 0.012, 150/10000 = 0.015
    const variantRows = [
      { variant: 'A', clicks: 120, impressions: 10000, ctr: 0.012 },
      { variant: 'B', clicks: 150, impressions: 10000, ctr: 0.015 },
    ];
    expect(readJson(out)).toEqual({
      notebook: 'Variant CTR',
      datasets: [{ name: 'ads', source: 'file', file: VARIANTS_CSV, platform: null, layout: null, schema: 'ad_daily', rows: 2, warnings: [] }],
      cells: [
        { id: 'variants', kind: 'sql', status: 'ok', columns: ['variant', 'clicks', 'impressions', 'ctr'], rows: variantRows, rowCount: 2, error: null },
        { id: 'ctr_by_variant', kind: 'plot', status: 'ok', columns: ['variant', 'clicks', 'impressions', 'ctr'], rows: variantRows, rowCount: 2, error: null },
        {
          id: 'before_launch',
          kind: 'checklist',
          status: 'ok',
          columns: ['item', 'done'],
          rows: [
            { item: 'Both variants ran on the same days', done: true },
            { item: 'UTM parameters checked', done: false },
          ],
          rowCount: 2,
          error: null,
        },
      ],
    });
    // sums of BIGINT columns (HUGEINT in DuckDB) are JSON numbers, not strings
    expect(readFileSync(out, 'utf8')).toMatch(/"clicks": 120,/);
  });

  it('writes dates and timestamps as ISO 8601 strings and a BIGINT beyond 2^53 as an exact string', async () => {
    const out = join(dir, 'daily.json');
    const r = await pulse('run', join(FX, 'cli/daily.pulse.md'), '--data', `ads=${MIXED_CSV}`, '--out', out);
    expect(r.code).toBe(0);
    expect(readJson(out).cells).toEqual([
      {
        id: 'daily',
        kind: 'sql',
        status: 'ok',
        columns: ['day', 'clicks', 'checked_at', 'big_id'],
        rows: [
          // 2024-01-01: 120 + 150; 2024-01-02: 300 + 500
          { day: '2024-01-01', clicks: 270, checked_at: '2024-01-01T01:30:00.000', big_id: '9007199254740993' },
          { day: '2024-01-02', clicks: 800, checked_at: '2024-01-02T01:30:00.000', big_id: '9007199254740993' },
        ],
        rowCount: 2,
        error: null,
      },
    ]);
  });

  it('writes a Markdown report with the result tables', async () => {
    const out = join(dir, 'variants.md');
    const r = await pulse('run', VARIANTS_NB, '--data', `ads=${VARIANTS_CSV}`, '--out', out);
    expect(r.code).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md.startsWith('# Variant CTR\n')).toBe(true);
    expect(md).toContain('Clicks and impressions per creative variant');
    expect(md).toContain('**sql `variants`** — ok, 2 rows');
    expect(md).toContain('| variant | clicks | impressions | ctr |\n| --- | --- | --- | --- |\n| A | 120 | 10,000 | 0.012 |\n| B | 150 | 10,000 | 0.015 |');
    expect(md).toContain('| UTM parameters checked | false |');
  });

  it('writes a script-free HTML report with an SVG chart for the plot cell', async () => {
    const out = join(dir, 'variants.html');
    const r = await pulse('run', VARIANTS_NB, '--data', `ads=${VARIANTS_CSV}`, '--out', out);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<title>Variant CTR</title>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers either
    const plot = /<section class="cell" id="cell-ctr_by_variant">([\s\S]*?)<\/section>/.exec(html)?.[1];
    expect(plot, 'the plot cell has a section').toBeDefined();
    expect(plot).toMatch(/<svg[\s>]/);
    // two bars, one per variant
    expect(plot!.match(/<rect\b/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    const table = /<section class="cell" id="cell-variants">([\s\S]*?)<\/section>/.exec(html)?.[1];
    expect(table).toContain('<th>ctr</th>');
    expect(table).toContain('<td class="n">0.015</td>');
  });

  it('reads an .xlsx platform export (its first sheet) through the importers', async () => {
    const nb = join(dir, 'xlsx.pulse.md');
    writeFileSync(nb, '---\npulse: 1\ntitle: Xlsx\ndatasets:\n  ads: { schema: ad_daily }\n---\n\n```sql totals\nSELECT count(*)::INTEGER AS n, sum(clicks)::INTEGER AS clicks, min(date)::VARCHAR AS first_day FROM ads\n```\n');
    const out = join(dir, 'xlsx.json');
    const r = await pulse('run', nb, '--data', `ads=${join(FX, 'exports/tiktok_ads.xlsx')}`, '--out', out);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    expect(r.stderr.join('\n')).toMatch(/tiktok_ads\.xlsx \(sheet "Campaign report"\) read as a tiktok export \(tiktok_ads_manager\) → ad_daily, 4 rows; totals match/);
    // The sheet's four rows: destination clicks 688 + 402 + 731 + 390 (tests/core/importers/realLayouts.test.ts reads them from the cells).
    expect(readJson(out).cells[0].rows).toEqual([{ n: 4, clicks: 2211, first_day: '2024-05-06' }]);
  });

  it('--param min_impressions=20000 changes the rows the SQL cell returns', async () => {
    const base = join(dir, 'mixed-default.json');
    const filtered = join(dir, 'mixed-20000.json');
    expect((await pulse('run', VARIANTS_NB, '--data', `ads=${MIXED_CSV}`, '--out', base)).code).toBe(0);
    expect((await pulse('run', VARIANTS_NB, '--data', `ads=${MIXED_CSV}`, '--param', 'min_impressions=20000', '--out', filtered)).code).toBe(0);
    // default 100 keeps all four rows: A 420/35000 = 0.012, B 650/50000 = 0.013
    expect(readJson(base).cells[0].rows).toEqual([
      { variant: 'A', clicks: 420, impressions: 35000, ctr: 0.012 },
      { variant: 'B', clicks: 650, impressions: 50000, ctr: 0.013 },
    ]);
    // >= 20000 keeps A 300/25000 = 0.012 and B 500/40000 = 0.0125
    expect(readJson(filtered).cells[0].rows).toEqual([
      { variant: 'A', clicks: 300, impressions: 25000, ctr: 0.012 },
      { variant: 'B', clicks: 500, impressions: 40000, ctr: 0.0125 },
    ]);
    // on variants.csv (10000 impressions per row) nothing is left
    const none = join(dir, 'variants-20000.json');
    expect((await pulse('run', VARIANTS_NB, '--data', `ads=${VARIANTS_CSV}`, '--param=min_impressions=20000', `--out=${none}`)).code).toBe(0);
    expect(readJson(none).cells[0]).toMatchObject({ id: 'variants', status: 'ok', rows: [], rowCount: 0 });
  });
});

describe('pulse run: what each dataset was bound to', () => {
  const MIXED_NB = join(FX, 'cli/mixed.pulse.md');
  /** Data rows of the bundled paths.csv (no quoted fields, so one line per row), counted here. */
  const pathsRows = () => readFileSync(join(ROOT, 'public/sample/paths.csv'), 'utf8').split('\n').filter((l) => l.trim() !== '').length - 1;

  it('names the bundled sample bound beside the user\'s file, on stderr and in all three reports', async () => {
    const n = pathsRows();
    const json = join(dir, 'mixed.json');
    const r = await pulse('run', MIXED_NB, '--data', `ads=${VARIANTS_CSV}`, '--out', json);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    expect(r.stderr).toEqual([
      'ads: variants.csv loaded as it is (no platform export layout recognized), 2 rows',
      `paths: bundled sample paths.csv (no --data paths=…), ${n.toLocaleString('en-US')} rows`,
      'warning: paths runs on bundled sample data while ads comes from your files: pass --data paths=FILE, or --no-samples to make this an error',
    ]);
    const report = readJson(json);
    expect(report.datasets).toEqual([
      { name: 'ads', source: 'file', file: VARIANTS_CSV, platform: null, layout: null, schema: 'ad_daily', rows: 2, warnings: [] },
      { name: 'paths', source: 'sample', file: 'paths.csv', platform: null, layout: null, schema: 'paths', rows: n, warnings: [] },
    ]);
    expect(report.cells.find((c: { id: string }) => c.id === 'journeys').rows).toEqual([{ n }]);

    const md = join(dir, 'mixed.md');
    expect((await pulse('run', MIXED_NB, '--data', `ads=${VARIANTS_CSV}`, '--out', md)).code).toBe(0);
    expect(readFileSync(md, 'utf8')).toContain(
      `## Data\n\n| dataset | bound to | platform | rows | warnings |\n| --- | --- | --- | --- | --- |\n| ads | ${markdownText(VARIANTS_CSV)} | none \\(loaded as it is\\) | 2 | — |\n| paths | bundled sample paths.csv | none \\(loaded as it is\\) | ${n.toLocaleString('en-US')} | — |`,
    );
    const html = join(dir, 'mixed.html');
    expect((await pulse('run', MIXED_NB, '--data', `ads=${VARIANTS_CSV}`, '--out', html)).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain(`<tr><td><code>paths</code></td><td>bundled sample paths.csv</td><td>none (loaded as it is)</td><td class="n">${n.toLocaleString('en-US')}</td><td>—</td></tr>`);
  });

  it('--no-samples makes the unbound dataset an error (exit 2) before anything runs', async () => {
    const out = join(dir, 'no-samples.json');
    const r = await pulse('run', MIXED_NB, '--data', `ads=${VARIANTS_CSV}`, '--no-samples', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr.join('\n')).toMatch(/dataset `paths` is not bound and --no-samples is set: pass --data paths=FILE/);
    expect(() => readFileSync(out)).toThrow(/ENOENT/);
    // with every dataset given, --no-samples changes nothing
    const both = await pulse('run', MIXED_NB, '--data', `ads=${VARIANTS_CSV}`, '--data', `paths=${join(ROOT, 'public/sample/paths.csv')}`, '--no-samples');
    expect(both.code).toBe(0);
    expect(both.stderr.some((l) => /bundled sample|warning/.test(l))).toBe(false);
  });

  it('refuses a file without a column the notebook reads (exit 2), naming the column and the file, before any cell runs', async () => {
    const p = join(dir, 'no-clicks.csv');
    writeFileSync(p, 'variant,link_clicks,impressions\nA,120,10000\nB,150,10000\n');
    const out = join(dir, 'no-clicks.json');
    const r = await pulse('run', VARIANTS_NB, '--data', `ads=${p}`, '--out', out);
    expect(r.code).toBe(2);
    const err = r.stderr.join('\n');
    expect(err).toContain(`--data ads: ${p} has no column clicks, which the notebook reads from \`ads\` (canonical schema ad_daily; the file's columns: variant, link_clicks, impressions)`);
    expect(err).not.toMatch(/Binder Error|cell /);
    expect(r.stdout.join('\n')).not.toMatch(/cells ok/);
    expect(() => readFileSync(out)).toThrow(/ENOENT/);
  });

  it('warns before running when the file lacks a column the sample has beyond the schema, naming the cells, their section and what is built on them', async () => {
    // audience_ad_sets.csv has frequency_bucket, which is not an ad_daily column; variants.csv has none.
    const nb = join(dir, 'sample-columns.pulse.md');
    writeFileSync(
      nb,
      '---\npulse: 1\ndatasets:\n  ads: { schema: ad_daily, sample: audience_ad_sets.csv }\n---\n\n## Totals\n\n```sql totals\nSELECT sum(clicks) AS clicks FROM ads\n```\n\n' +
        '## Fatigue\n\n```sql by_bucket\nSELECT frequency_bucket, sum(clicks) AS clicks FROM ads GROUP BY 1\n```\n\n```sql top_bucket\nSELECT * FROM by_bucket LIMIT 1\n```\n',
    );
    const r = await pulse('run', nb, '--data', `ads=${VARIANTS_CSV}`);
    const err = r.stderr.join('\n');
    expect(err).toContain(
      'ads: warning: this file has no column frequency_bucket, which the bundled sample audience_ad_sets.csv has beyond the ad_daily schema: by_bucket (section "Fatigue") reads it and cannot run, nor can top_bucket, built on it; the rest of the notebook runs.',
    );
    expect(err.indexOf('this file has no column frequency_bucket')).toBeLessThan(err.indexOf('cell by_bucket'));
    expect(r.stdout.join('\n')).toContain('1 of 3 cells ok');
    // the bundled sample itself has the column: no warning
    const onSample = await pulse('run', nb);
    expect(onSample.code, onSample.stderr.join('\n')).toBe(0);
    expect(onSample.stderr.join('\n')).not.toMatch(/has no column/);
  });

  it('a platform export is listed with its platform and layout', async () => {
    const out = join(dir, 'meta.json');
    const r = await pulse('run', VARIANTS_NB, '--data', `ads=${join(ROOT, 'public/sample/meta_ads.csv')}`, '--out', out);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    const [d] = readJson(out).datasets;
    expect(d).toMatchObject({ name: 'ads', source: 'file', platform: 'meta', layout: 'meta_ads_manager', schema: 'ad_daily' });
    expect(r.stderr[0]).toMatch(new RegExp(`^ads: meta_ads\\.csv read as a meta export \\(meta_ads_manager\\) → ad_daily, ${d.rows} rows`));
  });
});

describe('pulse run: empty input', () => {
  it('a filter that matches nothing gives an empty result and an empty chart with a note in every report', async () => {
    const args = [VARIANTS_NB, '--data', `ads=${VARIANTS_CSV}`, '--param', 'min_impressions=20000'];
    const json = join(dir, 'none.json');
    const r = await pulse('run', ...args, '--out', json);
    expect(r.code).toBe(0);
    const note = '`variants` has no rows (a filter that matches nothing?), so the chart is empty';
    // the plot fence is on this line of the notebook file
    const line = readFileSync(VARIANTS_NB, 'utf8').split('\n').findIndex((l) => l.startsWith('```plot ctr_by_variant')) + 1;
    expect(r.stderr.at(-1)).toBe(`cell ctr_by_variant (${VARIANTS_NB}:${line}): ${note}`);
    expect(readJson(json).cells[1]).toMatchObject({ id: 'ctr_by_variant', status: 'ok', rowCount: 0, note });
    const md = join(dir, 'none.md');
    expect((await pulse('run', ...args, '--out', md)).code).toBe(0);
    expect(readFileSync(md, 'utf8')).toContain(`**plot \`ctr_by_variant\`** — ok, 0 rows\n\n> ${markdownText(note)}\n`);
    const html = join(dir, 'none.html');
    expect((await pulse('run', ...args, '--out', html)).code).toBe(0);
    const plot = /<section class="cell" id="cell-ctr_by_variant">([\s\S]*?)<\/section>/.exec(readFileSync(html, 'utf8'))?.[1];
    expect(plot).toContain(`<div class="note">${note}</div>`);
    expect(plot).toMatch(/<svg[\s>]/);
  });
});

describe('pulse run: failing cells', () => {
  it('exits 1, names the failing cell and why on one line, runs the independent cell and skips the dependent one', async () => {
    const nb = join(FX, 'cli/failing.pulse.md');
    const out = join(dir, 'failing.json');
    const r = await pulse('run', nb, '--data', `ads=${MIXED_CSV}`, '--out', out);
    expect(r.code).toBe(1);
    // the error points at the line of the bad column in the file
    const badLine = readFileSync(nb, 'utf8').split('\n').findIndex((l) => l.includes('no_such_column')) + 1;
    const brokenLine = r.stderr.find((l) => l.includes('broken') && l.includes('failed'));
    expect(brokenLine, r.stderr.join('\n')).toBeDefined();
    expect(brokenLine).not.toContain('\n');
    expect(brokenLine).toContain(`failing.pulse.md:${badLine}`);
    expect(brokenLine).toMatch(/no_such_column/);
    expect(r.stderr.some((l) => l.includes('independent'))).toBe(false);
    expect(r.stdout).toEqual([`1 of 3 cells ok, report written to ${out}`]);

    const cells = readJson(out).cells;
    expect(cells.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      ['broken', 'error'],
      ['independent', 'ok'],
      ['downstream', 'skipped'],
    ]);
    expect(cells[0]).toMatchObject({ columns: [], rows: [], rowCount: 0 });
    expect(cells[0].error).toMatch(/Binder Error: Referenced column "no_such_column" not found/);
    // 4 rows, 120 + 300 + 150 + 500 clicks
    expect(cells[1]).toEqual({ id: 'independent', kind: 'sql', status: 'ok', columns: ['n', 'clicks'], rows: [{ n: 4, clicks: 1070 }], rowCount: 1, error: null });
    expect(cells[2].error).toContain('broken');
  });

  it('a cycle between two cells fails both, naming the cycle, and the rest still runs', async () => {
    const out = join(dir, 'cycle.json');
    const r = await pulse('run', join(FX, 'cli/cycle.pulse.md'), '--data', `ads=${MIXED_CSV}`, '--out', out);
    expect(r.code).toBe(1);
    const cells = readJson(out).cells;
    for (const id of ['loop_a', 'loop_b']) {
      const c = cells.find((x: { id: string }) => x.id === id);
      expect(c.status).toBe('error');
      expect(c.error).toMatch(/cycle/i);
      expect(c.error).toContain('loop_a');
      expect(c.error).toContain('loop_b');
      expect(r.stderr.some((l) => l.startsWith(`cell ${id} `) && /cycle/.test(l))).toBe(true);
    }
    expect(cells.find((x: { id: string }) => x.id === 'standalone')).toMatchObject({ status: 'ok', rows: [{ n: 4 }] });
  });
});

describe('pulse: exit 2 with a clear message and no stack trace', () => {
  const garbage = () => {
    const p = join(dir, 'garbage.csv');
    const b = Buffer.alloc(600);
    for (let k = 0; k < b.length; k++) b[k] = (k * 37 + 11) % 256;
    writeFileSync(p, b);
    return p;
  };
  const cases: { what: string; argv: () => string[]; says: RegExp }[] = [
    { what: 'an unknown command', argv: () => ['frobnicate'], says: /unknown command `frobnicate`/ },
    { what: 'no notebook', argv: () => ['run'], says: /which notebook\?/ },
    { what: 'a missing notebook', argv: () => ['run', join(dir, 'nope.pulse.md')], says: /nope\.pulse\.md: no such notebook file/ },
    // unclosed.pulse.md opens a sql fence on line 8 and never closes it
    { what: 'a notebook parse error', argv: () => ['run', join(FX, 'cli/unclosed.pulse.md')], says: /unclosed\.pulse\.md: line 8: the `sql` cell opened here is never closed/ },
    { what: '--data without =', argv: () => ['run', VARIANTS_NB, '--data', VARIANTS_CSV], says: /--data needs NAME=VALUE/ },
    { what: 'an unknown option', argv: () => ['run', VARIANTS_NB, '--frobnicate'], says: /unknown option --frobnicate/ },
    { what: 'a missing data file', argv: () => ['run', VARIANTS_NB, '--data', `ads=${join(dir, 'missing.csv')}`], says: /--data ads: .*missing\.csv: no such file/ },
    {
      what: 'an empty data file',
      argv: () => {
        const p = join(dir, 'empty.csv');
        writeFileSync(p, '');
        return ['run', VARIANTS_NB, '--data', `ads=${p}`];
      },
      says: /--data ads: .*empty\.csv: .*empty/,
    },
    { what: 'a binary garbage data file', argv: () => ['run', VARIANTS_NB, '--data', `ads=${garbage()}`], says: /--data ads: .*garbage\.csv: .*binary/ },
    {
      what: 'a broken .xlsx workbook',
      argv: () => {
        const p = join(dir, 'ads.xlsx');
        writeFileSync(p, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]));
        return ['run', VARIANTS_NB, '--data', `ads=${p}`];
      },
      says: /--data ads: ads\.xlsx: cannot read the workbook/,
    },
    { what: 'a bad --out extension', argv: () => ['run', VARIANTS_NB, '--data', `ads=${VARIANTS_CSV}`, '--out', join(dir, 'report.pdf')], says: /--out .*report\.pdf: .*\.json, \.md or \.html/ },
    { what: 'a declared dataset with no binding and no sample', argv: () => ['run', VARIANTS_NB], says: /dataset `ads` has no sample data: pass --data ads=FILE/ },
    {
      // a bad argument, like any other: exit 2 naming the parameter, not every cell failing with exit 1
      what: '--param with a value of the wrong type',
      argv: () => ['run', VARIANTS_NB, '--data', `ads=${VARIANTS_CSV}`, '--param', 'min_impressions=lots'],
      says: /min_impressions.*lots|lots.*min_impressions/,
    },
  ];
  for (const c of cases) {
    it(`for ${c.what}`, async () => {
      const r = await pulse(...c.argv());
      const err = r.stderr.join('\n');
      expect(r.code, err).toBe(2);
      expect(err).toMatch(c.says);
      expect(err).not.toMatch(STACK);
      expect(r.stdout.join('\n')).not.toMatch(/report written/);
    });
  }

  it('writes no report when the arguments are bad', async () => {
    const out = join(dir, 'never.json');
    const r = await pulse('run', VARIANTS_NB, '--data', `ads=${join(dir, 'missing.csv')}`, '--out', out);
    expect(r.code).toBe(2);
    expect(() => readFileSync(out)).toThrow(/ENOENT/);
  });
});

describe('bin/pulse.mjs as a real process', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'bin/pulse.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

  it('exits 2 on a bad data file with a one-line message naming it and no stack trace; exits 1 on a failed cell; 0 when all ok', () => {
    const p = join(dir, 'proc-empty.csv');
    writeFileSync(p, '');
    const bad = run('run', VARIANTS_NB, '--data', `ads=${p}`);
    expect(bad.status, bad.stderr).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^pulse run: --data ads: .*proc-empty\.csv: the file is empty/);
    expect(bad.stderr).not.toMatch(STACK);
    expect(bad.stdout).toBe('');

    const failed = run('run', join(FX, 'cli/failing.pulse.md'), '--data', `ads=${MIXED_CSV}`);
    expect(failed.status, failed.stderr).toBe(1);
    expect(failed.stderr).toMatch(/^cell broken \(.*failing\.pulse\.md:12\) failed: Binder Error/m);
    expect(failed.stderr).not.toMatch(STACK);
    expect(failed.stdout.trim()).toBe('1 of 3 cells ok');

    const ok = run('run', VARIANTS_NB, '--data', `ads=${VARIANTS_CSV}`);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout.trim()).toBe('3 of 3 cells ok');
  });
});
