/**
 * Mailchimp campaign reports and Klaviyo campaign exports from an interface in German, French or
 * Spanish. Each fixture under tests/fixtures/exports/ was written by hand for these tests in the column
 * layout /work/shared/exports.md gives for the platform (Mailchimp: Title, Subject, Audience, Send Date,
 * Send Weekday, Total Recipients, Successful Deliveries, Soft / Hard Bounces, Unique / Total Opens and
 * Clicks, Unsubscribes, Abuse Complaints, Unique Id; Klaviyo: Campaign Name, Subject, List, Send Time,
 * Total Recipients, Unique Placed Order, Revenue, …, Campaign ID, Variant), with the headers as each
 * interface words them and the locale's delimiter, decimal mark and date order. No localized export of
 * either platform was available: the header words are unverified (said in docs/schema.md). Expected
 * numbers are added up by hand from the fixture text, written out beside each assertion.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importExport, sumColumn, type ImportResult } from '../../../src/core/importers/index.ts';

const load = (name: string): ImportResult => importExport(new Uint8Array(readFileSync(new URL(`../../fixtures/exports/${name}`, import.meta.url))), name);
const sum = (r: ImportResult, column: string) => {
  const s = sumColumn(r.rows, column);
  return s === null ? null : Math.round(s * 100) / 100;
};

describe('Mailchimp campaign reports in other interface languages', () => {
  it('German: "12.480" counts, DD.MM.YYYY HH:MM send times, soft + hard bounces added up', () => {
    const r = load('mailchimp_campaigns_de.csv');
    expect([r.platform, r.layout, r.table]).toEqual(['mailchimp', 'mailchimp_campaigns', 'email']);
    expect(r.rows.map((x) => [x.campaign, x.campaign_id, x.send_time])).toEqual([['März-Newsletter', 'a1b2c3d4e5', '2024-03-05 09:46:00'], ['Frühlingsaktion (A)', 'f6g7h8i9j0', '2024-03-12 14:00:00']]);
    expect(r.rows.map((x) => x.bounces)).toEqual([179, 60]); // 102 + 77; 40 + 20
    expect(sum(r, 'sends')).toBe(18720); // 12480 + 6240
    expect(sum(r, 'deliveries')).toBe(18481); // 12301 + 6180
    expect(sum(r, 'opens')).toBe(7238); // 4920 + 2318 (Eindeutige Öffnungen)
    expect(sum(r, 'total_opens')).toBe(10962); // 7842 + 3120
    expect(sum(r, 'clicks')).toBe(1214); // 812 + 402
    expect(sum(r, 'total_clicks')).toBe(1792); // 1204 + 588
    expect(sum(r, 'unsubscribes')).toBe(50); // 31 + 19
    expect(sum(r, 'complaints')).toBe(3); // 2 + 1
  });

  it('French: ";", space-grouped counts, DD/MM/YYYY decided by the 19th; Spanish: DD/MM/YYYY with "10.000"', () => {
    const fr = load('mailchimp_campaigns_fr.csv');
    expect([fr.platform, fr.detection.delimiter]).toEqual(['mailchimp', ';']);
    expect(fr.rows.map((x) => x.date)).toEqual(['2024-03-05', '2024-03-19']);
    expect([sum(fr, 'sends'), sum(fr, 'opens'), sum(fr, 'clicks'), sum(fr, 'bounces'), sum(fr, 'unsubscribes')]).toEqual([18720, 7238, 1214, 239, 50]); // 12480 + 6240; 4920 + 2318; 812 + 402; 102 + 77 + 40 + 20; 31 + 19
    const es = load('mailchimp_campaigns_es.csv');
    expect(es.rows.map((x) => [x.send_time, x.sends, x.deliveries, x.bounces, x.opens, x.clicks, x.total_clicks, x.complaints])).toEqual([['2024-03-14 09:46:00', 10000, 9800, 200, 3920, 700, 1000, 1]]); // bounces 120 + 80
  });

  it('Brazilian Portuguese and Italian: the same columns in their words, DD/MM/YYYY', () => {
    const pt = load('mailchimp_campaigns_ptbr.csv');
    expect([pt.platform, pt.layout]).toEqual(['mailchimp', 'mailchimp_campaigns']);
    expect(pt.rows.map((x) => [x.send_time, x.sends, x.deliveries, x.bounces, x.opens, x.total_opens, x.clicks, x.total_clicks, x.unsubscribes])).toEqual([['2024-05-20 10:15:00', 5000, 4900, 100, 2100, 3000, 300, 450, 12]]); // bounces 60 + 40
    const it_ = load('mailchimp_campaigns_it.csv');
    expect([it_.platform, it_.layout, it_.detection.delimiter]).toEqual(['mailchimp', 'mailchimp_campaigns', ';']);
    expect(it_.rows.map((x) => [x.send_time, x.sends, x.deliveries, x.bounces, x.opens, x.clicks, x.complaints])).toEqual([['2024-06-17 08:30:00', 4000, 3950, 50, 1580, 240, 1]]); // bounces 30 + 20
  });
});

describe('Klaviyo campaign exports in other interface languages', () => {
  it('German: "4.812,40 €" revenue, orders as conversions, A/B variants, DD.MM.YYYY', () => {
    const r = load('klaviyo_campaigns_de.csv');
    expect([r.platform, r.layout, r.detection.delimiter]).toEqual(['klaviyo', 'klaviyo_campaigns', ';']);
    expect(r.rows.map((x) => [x.send_time, x.variant, x.campaign_id])).toEqual([['2024-03-07 10:00:00', 'A', '01HQX4K2ABCD'], ['2024-03-07 10:00:00', 'B', '01HQX4K2ABCD']]);
    expect(sum(r, 'revenue')).toBe(10917.15); // 4812.40 + 6104.75
    expect(sum(r, 'conversions')).toBe(217); // 96 + 121 (Eindeutige aufgegebene Bestellungen)
    expect(sum(r, 'sends')).toBe(16031); // 8020 + 8011
    expect(sum(r, 'deliveries')).toBe(15865); // 7940 + 7925
    expect(sum(r, 'opens')).toBe(6251); // 3011 + 3240
    expect(sum(r, 'complaints')).toBe(5); // 3 + 2 (Spam-Beschwerden)
  });

  it('French: space-grouped counts and "3 401,00 €"; Spanish: comma-separated with "20.410"', () => {
    const fr = load('klaviyo_campaigns_fr.csv');
    expect([fr.platform, fr.layout]).toEqual(['klaviyo', 'klaviyo_campaigns']);
    expect(fr.rows.map((x) => x.date)).toEqual(['2024-03-14', '2024-03-21']);
    expect([sum(fr, 'sends'), sum(fr, 'deliveries'), sum(fr, 'bounces'), sum(fr, 'conversions'), sum(fr, 'revenue'), sum(fr, 'total_clicks')]).toEqual([40800, 40192, 608, 228, 9001.5, 1965]); // 20410 + 20390; 20102 + 20090; 308 + 300; 88 + 140; 3401 + 5600.50; 955 + 1010
    const es = load('klaviyo_campaigns_es.csv');
    expect(es.rows.map((x) => [x.campaign, x.send_time, x.sends, x.deliveries, x.opens, x.clicks, x.conversions, x.revenue])).toEqual([['Novedades de marzo', '2024-03-14 16:30:00', 20410, 20102, 6230, 702, 88, 3401]]);
  });
});
