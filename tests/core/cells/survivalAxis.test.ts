/**
 * The survival kind knows the unit of its durations (days from `start:` / `end:` dates, or `unit:`
 * for a `time:` column) and says it: a plot of its result titles the time axis with it, the verdict
 * gives medians in it. Without a known unit the axis says "time", as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import type { PlotSpec } from '../../../src/core/cells/plot.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';
import { plotToSvg } from '../../../src/cli/plotSvg.ts';

let engine: NativeEngine;
beforeAll(async () => {
  engine = await NativeEngine.create();
});
afterAll(() => engine.close());

// ads: a unfollows after 10 days, c after 41, b has not (censored at 2024-02-15, the latest date: 45 days);
// organic: d after 20 days. S(ads) = 2/3 after day 10, 1/3 after day 41, so its median is 41; organic's is 20.
const DATA = `\`\`\`sql follows
SELECT * FROM (VALUES
  ('a', DATE '2024-01-01', DATE '2024-01-11', 'ads'), ('b', DATE '2024-01-01', NULL, 'ads'), ('c', DATE '2024-01-05', DATE '2024-02-15', 'ads'),
  ('d', DATE '2024-01-01', DATE '2024-01-21', 'organic')
) AS t(user_id, followed, unfollowed, source)
\`\`\`

\`\`\`sql weeks
SELECT * FROM (VALUES (9, 1, 'A'), (13, 1, 'A'), (20, 0, 'A'), (5, 1, 'B'), (8, 1, 'B')) AS t(time, status, arm)
\`\`\`
`;
const CHART = (from: string, extra = '') => `\`\`\`plot chart\nfrom: ${from}\nmarks:\n  - {mark: areaY, x: time, y1: lower, y2: upper, fill: group, z: group}\n  - {mark: line, x: time, y: survival, stroke: group, z: group}\n${extra}\`\`\`\n`;

async function runChart(survival: string, extra = '') {
  const nb = parseNotebook(`${DATA}\n\`\`\`survival km\n${survival}output: steps\n\`\`\`\n\n${CHART('km', extra)}`);
  const { runs } = await runNotebook(nb, engine);
  const r = runs.get('chart')!;
  expect(r.error, runs.get('km')?.error).toBeUndefined();
  const out = r.result!.output as { type: 'plot'; spec: Record<string, unknown>; data: Record<string, unknown>[] };
  const spec = out.spec as unknown as PlotSpec;
  return { spec, svg: plotToSvg(spec, rowsFromTable(r.result!.preview)) };
}

/** The x axis title of an SVG drawn by Observable Plot (its `aria-label="x-axis label"` group). */
const xAxisTitle = (svg: string) => /aria-label="x-axis label"[^>]*>[\s\S]*?<text[^>]*>([^<]*)<\/text>/.exec(svg)?.[1];

describe('survival: the unit of time', () => {
  it('durations from start / end dates are days: the step chart\'s x axis says "time (days)"', async () => {
    const { spec, svg } = await runChart('from: follows\nstart: followed\nend: unfollowed\ngroup: source\n');
    expect(spec.labels).toMatchObject({ time: 'time (days)' });
    expect(xAxisTitle(svg)).toMatch(/^time \(days\)/);
  });

  it('a time column with `unit: weeks` says weeks; without `unit:` the axis says "time" as the column is named', async () => {
    expect(xAxisTitle((await runChart('from: weeks\ntime: time\nevent: status\ngroup: arm\nunit: weeks\n')).svg)).toMatch(/^time \(weeks\)/);
    const plain = await runChart('from: weeks\ntime: time\nevent: status\ngroup: arm\n');
    expect(plain.spec.labels).toBeUndefined();
    expect(xAxisTitle(plain.svg)).toMatch(/^time\b(?! \()/);
  });

  it("the plot's own x_axis label wins", async () => {
    const { svg } = await runChart('from: follows\nstart: followed\nend: unfollowed\ngroup: source\n', 'x_axis: {label: Days since the follow}\n');
    expect(xAxisTitle(svg)).toMatch(/^Days since the follow/);
  });

  it('the verdict gives the medians in days', async () => {
    const nb = parseNotebook(`${DATA}\n\`\`\`survival km\nfrom: follows\nstart: followed\nend: unfollowed\ngroup: source\noutput: summary\n\`\`\`\n`);
    const { runs } = await runNotebook(nb, engine);
    expect(runs.get('km')!.result!.verdict).toMatch(/Median: ads 41 days \(95 % CI .+\), organic 20 days \(/);
  });

  it('`unit:` other than days with start / end dates is an error naming the option', async () => {
    const nb = parseNotebook(`${DATA}\n\`\`\`survival km\nfrom: follows\nstart: followed\nend: unfollowed\nunit: weeks\n\`\`\`\n`);
    const { runs } = await runNotebook(nb, engine);
    expect(runs.get('km')!.error).toMatch(/unit.*durations from `start:` and `end:` are in days/);
  });
});
