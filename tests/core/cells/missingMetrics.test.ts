/**
 * A metric the bound export lacks (tests/fixtures/exports/meta_ads_daily.csv has no "Post engagements"
 * and no purchases or leads column, so the importer sets engagements and conversions NULL) is named in
 * place on the cell that shows the NULLs, with what the platform calls the column to add.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { missingMetricHint, exportHeaderFor } from '../../../src/core/cells/shared/missingMetrics.ts';
import { importExport, importToArrow } from '../../../src/core/importers/index.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/exports/${name}`, import.meta.url)));
let engine: NativeEngine;
beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.registerArrow('ads', importToArrow(importExport(fixture('meta_ads_daily.csv'), 'meta_ads_daily.csv')));
});
afterAll(() => engine.close());

async function runCells(text: string) {
  const { runs } = await runNotebook(parseNotebook(text), engine);
  return runs;
}

const ENGAGEMENTS_HINT = 'this export has no engagements column; Meta calls it "Post engagements": add it to the export\'s columns';

describe('a metric the export lacks is named on the cell', () => {
  it("names the header Meta's export gives each canonical column", () => {
    // Ads Manager's column names (Meta Business Help Center, "Ads Manager metrics"): Post engagements, Link clicks, Purchases.
    expect(exportHeaderFor('meta', 'engagements')).toBe('Post engagements');
    expect(exportHeaderFor('meta', 'clicks')).toBe('Link clicks');
    expect(exportHeaderFor('meta', 'conversions')).toBe('Purchases');
    expect(exportHeaderFor('meta', 'spend')).toBe('Amount spent');
    expect(missingMetricHint('engagements', ['meta'])).toBe(ENGAGEMENTS_HINT);
    expect(missingMetricHint('engagements', [])).toBe('the data has no such metric: add a column named engagements to the data to fill it');
  });

  it('an export that has the column the hint names fills it: "Post engagements" is read as engagements', () => {
    const csv = 'Day,Campaign name,Ad set name,Ad name,Amount spent (USD),Impressions,Link clicks,Post engagements,Reporting starts,Reporting ends\n2024-03-01,Spring,Broad,Hero,153.27,12840,154,412,2024-03-01,2024-03-01\n';
    const r = importExport(new TextEncoder().encode(csv), 'meta.csv');
    expect(r.platform).toBe('meta');
    expect(r.rows[0]!.engagements).toBe(412);
  });

  it('a sql cell computing cost per engagement and per acquisition says which columns are empty and why', async () => {
    const runs = await runCells(`\`\`\`sql platform_costs
SELECT platform, sum(spend) AS spend, sum(engagements) AS engagements,
       sum(spend) / nullif(sum(engagements), 0) AS cost_per_engagement,
       sum(spend) / nullif(sum(conversions), 0) AS cost_per_acquisition,
       sum(spend) / nullif(sum(clicks), 0) AS cpc
FROM ads GROUP BY platform
\`\`\`

\`\`\`plot cpe_chart
from: platform_costs
mark: barX
y: platform
x: cost_per_engagement
\`\`\`
`);
    const r = runs.get('platform_costs')!;
    expect(r.error).toBeUndefined();
    const row = rowsFromTable(r.result!.preview)[0]!;
    expect(row.cost_per_engagement).toBeNull();
    // Spend over link clicks is not empty: 6 rows of the fixture, so it is not named.
    expect(row.cpc).not.toBeNull();
    expect(r.result!.note).toBe(
      '`engagements`, `cost_per_engagement`, `cost_per_acquisition` are empty: ' +
        `\`ads\` has no values in \`engagements\` (${ENGAGEMENTS_HINT}); ` +
        '`ads` has no values in `conversions` (this export has no conversions column; Meta calls it "Purchases": add it to the export\'s columns)',
    );
    expect(runs.get('cpe_chart')!.result!.note).toBe('`cost_per_engagement` has no values in `platform_costs`, so it is not drawn');
  });

  it('a sql cell whose empty column has another cause says nothing about metrics', async () => {
    const runs = await runCells('```sql odd\nSELECT platform, NULL::DOUBLE AS nothing, sum(clicks) AS clicks FROM ads GROUP BY platform\n```\n');
    expect(runs.get('odd')!.result!.note).toBeUndefined();
  });

  it('the ctr and exception kinds name the column and the header to add', async () => {
    const runs = await runCells(`\`\`\`ctr eng_rate
from: ads
clicks: engagements
impressions: impressions
\`\`\`

\`\`\`exception eng_drop
from: ads
metrics: [engagements]
baseline: trailing_mean
grain: day
window: 1
\`\`\`
`);
    const expected = `\`engagements\` has no values in \`ads\` (${ENGAGEMENTS_HINT}): what needs it is null or left out, never 0`;
    expect(runs.get('eng_rate')!.result!.note).toBe(expected);
    expect(runs.get('eng_drop')!.result!.note).toContain(expected);
  });
});
