/**
 * LinkedIn Campaign Manager and X Ads downloads from an interface in German, French, Spanish, Brazilian
 * Portuguese, Italian or Dutch. Each fixture under tests/fixtures/exports/ was written by hand for these
 * tests in the layout /work/shared/exports.md describes (LinkedIn: the report title and range lines, a
 * blank line, the header, a localized Total row; X: one row per campaign and day), with the headers
 * translated as each platform's interface words them and the locale's delimiter, decimal mark and date
 * order. No localized export of either platform was available: the header words are unverified (said in
 * docs/schema.md). Expected numbers are added up by hand from the fixture text, written out beside each
 * assertion.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importExport, sumColumn, type ImportResult } from '../../../src/core/importers/index.ts';

const load = (name: string): ImportResult => importExport(new Uint8Array(readFileSync(new URL(`../../fixtures/exports/${name}`, import.meta.url))), name);
const sum = (r: ImportResult, column: string) => {
  const s = sumColumn(r.rows, column);
  return s === null ? null : Math.round(s * 100) / 100;
};

describe('LinkedIn Campaign Manager in other interface languages', () => {
  it('German: ";", "1.204,50", DD.MM.YYYY, "Klicks auf Landingpage" are the link clicks, a "Gesamt" row', () => {
    const r = load('linkedin_campaigns_de.csv');
    expect([r.platform, r.layout, r.detection.delimiter, r.detection.numberFormat]).toEqual(['linkedin', 'linkedin_campaign_manager', ';', 'comma']);
    expect(r.rows.map((x) => [x.date, x.campaign, x.campaign_id, x.ad_group, x.currency, x.variant])).toEqual([
      ['2025-03-03', 'Whitepaper - control', '612345701', 'Q1 Nachfrage', 'EUR', 'control'],
      ['2025-03-17', 'Whitepaper - variant_b', '612345702', 'Q1 Nachfrage', 'EUR', 'variant_b'],
    ]);
    expect(sum(r, 'spend')).toBe(2191.75); // 1204.50 + 987.25
    expect(sum(r, 'impressions')).toBe(22500); // 12480 + 10020
    expect(sum(r, 'clicks')).toBe(292); // 152 + 140 (Klicks auf Landingpage)
    expect(sum(r, 'all_clicks')).toBe(402); // 214 + 188 (Klicks: every click on the ad)
    expect(sum(r, 'engagements')).toBe(481); // 260 + 221
    expect(sum(r, 'conversions')).toBe(5); // 3 + 2
    expect(r.totalsCheck).toMatchObject({ status: 'match', label: 'Gesamt' });
  });

  it('French: "1 250,40" with a space group, DD/MM/YYYY decided by the 18th, a withheld impression count', () => {
    const r = load('linkedin_campaigns_fr.csv');
    expect([r.platform, r.layout]).toEqual(['linkedin', 'linkedin_campaign_manager']);
    expect(r.rows.map((x) => [x.date, x.impressions, x.campaign_type])).toEqual([['2025-03-04', 18400, 'Sponsored Content'], ['2025-03-18', null, 'Text Ad']]);
    expect(sum(r, 'spend')).toBe(1275); // 1250.40 + 24.60
    expect(sum(r, 'clicks')).toBe(173); // 170 + 3 (Clics vers la page de destination)
    expect(sum(r, 'all_clicks')).toBe(235); // 230 + 5
    expect(sum(r, 'conversions')).toBe(9); // 9 + 0
  });

  it('Spanish (comma-separated, "1.100,00" quoted), Brazilian Portuguese (R$ is BRL), Italian (tabs), Dutch (DD-MM-YYYY)', () => {
    const es = load('linkedin_campaigns_es.csv');
    expect([es.platform, sum(es, 'spend'), sum(es, 'impressions'), sum(es, 'clicks'), sum(es, 'conversions')]).toEqual(['linkedin', 2000.5, 17500, 186, 10]); // 1100 + 900.50; 9000 + 8500; 96 + 90; 4 + 6
    expect(es.rows.map((x) => x.date)).toEqual(['2025-05-14', '2025-05-15']);
    const pt = load('linkedin_campaigns_ptbr.csv');
    expect([pt.platform, sum(pt, 'spend'), sum(pt, 'impressions'), sum(pt, 'clicks'), sum(pt, 'engagements')]).toEqual(['linkedin', 3350, 43000, 400, 742]); // 2345.67 + 1004.33; 30100 + 12900; 275 + 125; 512 + 230
    expect(new Set(pt.rows.map((x) => x.currency))).toEqual(new Set(['BRL']));
    const it_ = load('linkedin_campaigns_it.csv');
    expect([it_.platform, it_.detection.delimiter, sum(it_, 'spend'), sum(it_, 'impressions'), sum(it_, 'clicks'), sum(it_, 'all_clicks')]).toEqual(['linkedin', '\t', 600, 30500, 270, 395]); // 512.30 + 87.70; 25000 + 5500; 210 + 60; 300 + 95
    expect(it_.rows.map((x) => x.date)).toEqual(['2025-06-13', '2025-06-14']);
    const nl = load('linkedin_campaigns_nl.csv');
    expect([nl.platform, sum(nl, 'spend'), sum(nl, 'impressions'), sum(nl, 'clicks'), sum(nl, 'conversions')]).toEqual(['linkedin', 2000, 100000, 765, 12]); // 1100.25 + 899.75; 60000 + 40000; 455 + 310; 8 + 4
    expect(nl.rows.map((x) => x.date)).toEqual(['2025-06-23', '2025-06-24']);
  });
});

describe('X Ads in other interface languages', () => {
  it('German: Ausgaben, Impressionen, Link-Klicks as the link clicks, Klicks as X clicks, Videostarts, DD.MM.YYYY', () => {
    const r = load('x_ads_de.csv');
    expect([r.platform, r.layout, r.detection.delimiter, r.detection.numberFormat]).toEqual(['x', 'x_ads', ';', 'comma']);
    expect(r.rows.map((x) => [x.date, x.campaign, x.campaign_id, x.currency])).toEqual([['2025-03-14', 'Frühjahrsstart', '1a2b3c', 'EUR'], ['2025-03-15', 'Frühjahrsstart', '1a2b3c', 'EUR']]);
    expect(sum(r, 'spend')).toBe(2221.75); // 1234.50 + 987.25
    expect(sum(r, 'impressions')).toBe(390520); // 210400 + 180120
    expect(sum(r, 'clicks')).toBe(3057); // 1655 + 1402 (Link-Klicks)
    expect(sum(r, 'all_clicks')).toBe(4512); // 2410 + 2102 (Klicks)
    expect(sum(r, 'engagements')).toBe(7589); // 4012 + 3577
    expect(sum(r, 'video_views')).toBe(22274); // 12044 + 10230 (Videostarts)
    expect(new Set(r.rows.map((x) => x.click_definition))).toEqual(new Set(['link_click']));
  });

  it('French with space groups and DD/MM/YYYY; Spanish, Brazilian Portuguese (R$ is BRL), Italian (tabs), Dutch (DD-MM-YYYY)', () => {
    const fr = load('x_ads_fr.csv');
    expect([fr.platform, sum(fr, 'spend'), sum(fr, 'impressions'), sum(fr, 'clicks'), sum(fr, 'all_clicks'), sum(fr, 'engagements')]).toEqual(['x', 2000, 160000, 1500, 2000, 3000]); // 1204.50 + 795.50; 98700 + 61300; 845 + 655; 1120 + 880; 1850 + 1150
    expect(fr.rows.map((x) => x.date)).toEqual(['2025-03-13', '2025-03-14']);
    const es = load('x_ads_es.csv');
    expect([es.platform, sum(es, 'spend'), sum(es, 'impressions'), sum(es, 'clicks'), sum(es, 'engagements')]).toEqual(['x', 2000, 95000, 1100, 2300]); // 1000.50 + 999.50; 50000 + 45000; 600 + 500; 1200 + 1100
    expect(es.rows.map((x) => x.date)).toEqual(['2025-04-15', '2025-04-16']);
    const pt = load('x_ads_ptbr.csv');
    expect([pt.platform, sum(pt, 'spend'), sum(pt, 'impressions'), sum(pt, 'clicks'), sum(pt, 'all_clicks')]).toEqual(['x', 3350, 177777, 3308, 4506]); // 2345.67 + 1004.33; 123456 + 54321; 2310 + 998; 3004 + 1502
    expect(new Set(pt.rows.map((x) => x.currency))).toEqual(new Set(['BRL']));
    const it_ = load('x_ads_it.csv');
    expect([it_.platform, it_.detection.delimiter, sum(it_, 'spend'), sum(it_, 'impressions'), sum(it_, 'clicks'), sum(it_, 'engagements')]).toEqual(['x', '\t', 600, 30500, 395, 740]); // 512.30 + 87.70; 25000 + 5500; 300 + 95; 610 + 130
    expect(it_.rows.map((x) => x.date)).toEqual(['2025-06-16', '2025-06-17']);
    const nl = load('x_ads_nl.csv');
    expect([nl.platform, sum(nl, 'spend'), sum(nl, 'impressions'), sum(nl, 'clicks'), sum(nl, 'all_clicks')]).toEqual(['x', 2000, 100000, 1200, 1550]); // 1100.25 + 899.75; 60000 + 40000; 700 + 500; 900 + 650
    expect(nl.rows.map((x) => x.date)).toEqual(['2025-06-23', '2025-06-24']);
  });
});
