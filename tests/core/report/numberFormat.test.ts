import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { htmlReport, markdownReport } from '../../../src/core/report/report.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;
beforeAll(async () => (engine = await NativeEngine.create()));
afterAll(() => engine.close());

describe('numbers in reports read as in the grid', () => {
  it('keeps cents, groups thousands and shows declared rates as percentages', async () => {
    const nb = parseNotebook(
      '```sql totals\n-- format: ctr=percent, cpc=money:USD\nSELECT 49987.97::DOUBLE AS spend, 1234567::BIGINT AS impressions, 0.012345::DOUBLE AS ctr, 0.4567::DOUBLE AS cpc\n```\n',
    );
    const { runs } = await runNotebook(nb, engine);
    expect(runs.get('totals')!.error).toBeUndefined();
    const html = htmlReport(nb, runs);
    // The old report printed 49988 here (six significant digits) while the grid showed the cents.
    expect(html).toContain('<td class="n">49,987.97</td>');
    expect(html).toContain('<td class="n">1,234,567</td>');
    expect(html).toContain('<td class="n">1.23 %</td>');
    expect(html).toContain('<td class="n">0.46 USD</td>');
    expect(markdownReport(nb, runs)).toContain('| 49,987.97 | 1,234,567 | 1.23 % | 0.46 USD |');
  });

  it("names money's currency from the row's currency column", async () => {
    const nb = parseNotebook("```sql by_account\nSELECT * FROM (VALUES ('EUR', 1234.5::DOUBLE), ('USD', 99.999::DOUBLE)) v(currency, spend)\n```\n");
    const { runs } = await runNotebook(nb, engine);
    const md = markdownReport(nb, runs);
    expect(md).toContain('| EUR | 1,234.50 EUR |');
    expect(md).toContain('| USD | 100.00 USD |');
  });

  it('rejects a format it does not know, naming the line', async () => {
    const nb = parseNotebook('```sql t\nSELECT 1 AS x\n-- format: x=percentage\n```\n');
    const { runs } = await runNotebook(nb, engine);
    expect(runs.get('t')!.error).toMatch(/`x=percentage` is not one/);
    expect(runs.get('t')!.errorLine).toBe(3);
  });

  it('leads an analysis with its verdict', async () => {
    const nb = parseNotebook('```power size\nbaseline: 0.5\nmde: 0.25\nmde_type: absolute\npower: 0.9\n```\n');
    const { runs } = await runNotebook(nb, engine);
    expect(htmlReport(nb, runs)).toContain('<p class="verdict">Needs 77 per group (154 in all) to detect 50.0 % → 75.0 % with 90 % power</p>');
  });
});
