/**
 * A plot's reference lines (`rule_x:` / `rule_y:`, e.g. a campaign's start read from a parameter) and
 * its axis titles when marks draw different columns on one axis (observed and fitted, treated and
 * synthetic): Plot alone leaves such an axis untitled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { plotSpec, type PlotSpec } from '../../../src/core/cells/plot.ts';
import { CELL_KIND_DEFS } from '../../../src/core/cells/registry.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { cells } from '../../../src/core/notebook/model.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';
import { plotToSvg } from '../../../src/cli/plotSvg.ts';

let engine: NativeEngine;
beforeAll(async () => {
  engine = await NativeEngine.create();
});
afterAll(() => engine.close());

const FRONT = '---\npulse: 1\nparams:\n  launch: "2026-03-05"\n---\n\n';
const DAILY = '```sql daily\nSELECT DATE \'2026-03-01\' + CAST(i AS INTEGER) AS day, 10 + i AS clicks FROM range(10) t(i)\n```\n\n';
// Clicks per impression halve with each exposure: 800, 400, 200 of 8,000 (10 %, 5 %, 2.5 %).
const FREQ = '```sql freq\nSELECT * FROM (VALUES (1, 800, 8000), (2, 400, 8000), (3, 200, 8000)) AS t(exposure, clicks, impressions)\n```\n\n';

async function runPlot(body: string, before = DAILY) {
  const { runs } = await runNotebook(parseNotebook(`${FRONT}${before}\`\`\`plot chart\n${body}\`\`\`\n`), engine);
  const r = runs.get('chart')!;
  if (r.error) return { error: r.error, errorLine: r.errorLine };
  const out = r.result!.output as { spec: Record<string, unknown> };
  const spec = out.spec as unknown as PlotSpec;
  return { error: undefined, spec, svg: plotToSvg(spec, rowsFromTable(r.result!.preview)) };
}
const yTitle = (svg: string) => /aria-label="y-axis label"[^>]*>[\s\S]*?<text[^>]*>([^<]*)<\/text>/.exec(svg)?.[1];

describe('plot rule_x / rule_y', () => {
  it('draws a labelled line at a date read from a parameter', async () => {
    const { error, spec, svg } = await runPlot('from: daily\nmark: lineY\nx: day\ny: clicks\nrule_x:\n  at: ${launch}\n  label: campaign starts\n');
    expect(error).toBeUndefined();
    expect(spec!.rules).toEqual([{ axis: 'x', at: '2026-03-05', label: 'campaign starts' }]);
    expect(svg).toContain('>campaign starts</text>');
  });
  it('takes a bare value and a list', () => {
    expect(plotSpec('from: t\nmark: dot\nx: a\ny: b\nrule_y: 0.5').rules).toEqual([{ axis: 'y', at: 0.5 }]);
    expect(plotSpec('from: t\nmark: dot\nx: a\ny: b\nrule_x: [1, {at: 3, label: cap}]').rules).toEqual([{ axis: 'x', at: 1 }, { axis: 'x', at: 3, label: 'cap' }]);
  });
  it('says which key and line is wrong, and what to write', async () => {
    const notADate = await runPlot('from: daily\nmark: lineY\nx: day\ny: clicks\nrule_x: soon\n');
    expect(notADate.error).toMatch(/`rule_x: soon` is not a date, and the x axis shows the dates of `day`: write one like 2025-03-01/);
    // Front matter (6 lines) and the daily cell (4) come first: the plot's fence is line 11, its 5th body line 16.
    expect(notADate.errorLine).toBe(16);
    const notANumber = await runPlot('from: daily\nmark: lineY\nx: day\ny: clicks\nrule_y: lots\n');
    expect(notANumber.error).toMatch(/`rule_y: lots` is not a number, and the y axis shows the numbers of `clicks`/);
    expect(() => plotSpec('from: t\nmark: dot\nx: a\ny: b\nrule_x:\n  when: 3\n')).toThrow(/`rule_x:` does not know `when:` \(it takes `at:` and `label:`\)/);
    expect(() => plotSpec('from: t\nmark: dot\nx: a\ny: b\nrule_x:\n  label: start\n')).toThrow(/`rule_x:` needs `at:`/);
  });
});

describe('an axis several columns are drawn on is titled', () => {
  it("with the measure the decay curve's observed and fitted columns share", async () => {
    const decay = '```decay curve\nfrom: freq\nage: exposure\nsuccesses: clicks\ntrials: impressions\noutput: curve\n```\n\n';
    const { error, spec, svg } = await runPlot('from: curve\nmarks:\n  - { mark: dot, x: age, y: engagement }\n  - { mark: lineY, x: age, y: fitted }\n', FREQ + decay);
    expect(error).toBeUndefined();
    expect(spec!.labels).toMatchObject({ engagement: 'clicks per impressions', fitted: 'clicks per impressions' });
    expect(yTitle(svg!)).toBe('↑ clicks per impressions');
  });
  it('with the names joined when the columns have no shared title', async () => {
    const both = '```sql both\nSELECT day, clicks, clicks * 2 AS doubled FROM daily\n```\n\n';
    const { svg } = await runPlot('from: both\nmarks:\n  - { mark: lineY, x: day, y: clicks }\n  - { mark: lineY, x: day, y: doubled }\n', DAILY + both);
    expect(yTitle(svg!)).toBe('↑ clicks, doubled');
  });
  it("geo-lift's series: treated and synthetic are the value's mean per region", () => {
    const nb = parseNotebook('```geo-lift s\nfrom: p\nregion: region\ntime: date\nvalue: conversions\ntreated: [a]\nstart: 2026-03-01\noutput: series\n```\n');
    const labels = CELL_KIND_DEFS.get('geo-lift')!.columnLabels!(cells(nb)[0]!);
    expect(labels.treated).toBe('conversions, mean per region');
    expect(labels.synthetic).toBe(labels.treated);
  });
});
