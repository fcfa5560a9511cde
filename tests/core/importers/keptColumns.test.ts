import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importExport } from '../../../src/core/importers/index.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/exports/${name}`, import.meta.url)));

// Expected values are read by eye from the fixture's first data row (tests/fixtures/exports/meta_ads_daily.csv).
describe('an export keeps every column the canonical schema does not name', () => {
  it('Meta Ads Manager: Frequency, CPM, Quality ranking … kept as extra columns, named in the notes', () => {
    const r = importExport(fixture('meta_ads_daily.csv'), 'meta_ads_daily.csv');
    expect(r.keptColumns).toEqual([
      { header: 'Ad delivery', column: 'ad_delivery' },
      { header: 'Frequency', column: 'frequency' },
      { header: 'CPM (cost per 1,000 impressions) (USD)', column: 'cpm_cost_per_1_000_impressions_usd' },
      { header: 'CTR (link click-through rate)', column: 'ctr_link_click_through_rate' },
      { header: 'CTR (all)', column: 'ctr_all' },
      { header: 'Quality ranking', column: 'quality_ranking' },
      { header: 'Attribution setting', column: 'attribution_setting' },
    ]);
    const types = Object.fromEntries(r.columns.map((c) => [c.name, c.type]));
    expect([types.frequency, types.quality_ranking, types.ad_delivery]).toEqual(['DOUBLE', 'VARCHAR', 'VARCHAR']);
    const first = r.rows[0]!;
    expect([first.frequency, first.cpm_cost_per_1_000_impressions_usd, first.quality_ranking, first.attribution_setting]).toEqual([1.40789474, 11.93691589, 'Average', '7-day click or 1-day view']);
    // The layout's own extras stay as they were, not duplicated ("Result indicator" → result_indicator).
    expect(r.columns.filter((c) => c.name.endsWith('result_indicator')).map((c) => c.name)).toEqual(['result_indicator']);
    // "Reporting starts/ends" were read by the layout (the row's period): not kept a second time.
    expect(r.columns.map((c) => c.name)).not.toContain('reporting_starts');
    expect(r.warnings).toContain(
      'kept 7 column(s) the ad_daily schema does not name, as extra columns: "Ad delivery" as ad_delivery, "Frequency" as frequency, "CPM (cost per 1,000 impressions) (USD)" as cpm_cost_per_1_000_impressions_usd, "CTR (link click-through rate)" as ctr_link_click_through_rate, "CTR (all)" as ctr_all, "Quality ranking" as quality_ranking, "Attribution setting" as attribution_setting',
    );
  });

  it('says which metrics the export lacks (this Meta export has no video or conversion columns)', () => {
    const r = importExport(fixture('meta_ads_daily.csv'), 'meta_ads_daily.csv');
    expect(r.missingMetrics).toEqual(['engagements', 'video_views', 'video_autoplays', 'conversions', 'conversion_value']);
    expect(r.warnings.some((w) => w.startsWith('the export has no values for engagements, video_views, video_autoplays, conversions, conversion_value: cells that read them cannot run'))).toBe(true);
  });

  it('a kept column whose name a canonical column already has gets extra_ in front', () => {
    // Meta's layout reads the variant from the ad name, so the file's own "Variant" column is left over.
    const csv = 'Day,Campaign name,Ad name,Amount spent (USD),Impressions,Link clicks,Variant,Objective\n2024-03-01,Spring,Hero - variant_b,10.5,1000,12,B,Sales\n';
    const r = importExport(new TextEncoder().encode(csv), 'meta.csv');
    expect(r.layout).toBe('meta_ads_manager');
    expect(r.keptColumns).toEqual([{ header: 'Variant', column: 'extra_variant' }, { header: 'Objective', column: 'objective' }]);
    expect([r.rows[0]!.variant, r.rows[0]!.extra_variant, r.rows[0]!.objective]).toEqual(['variant_b', 'B', 'Sales']);
  });
});
