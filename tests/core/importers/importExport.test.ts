import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectExport, importExport, sumColumn } from '../../../src/core/importers/index.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/exports/${name}`, import.meta.url)));
const load = (name: string) => importExport(fixture(name), name);

// Expected sums are the hand-computed totals of each hand-written fixture's rows.
describe('importExport on one fixture per platform layout', () => {
  it('Meta Ads Manager: UTF-8 BOM, quoted headers, CTR without %, empty cells, variant from the ad name', () => {
    const r = load('meta_ads_daily.csv');
    expect([r.platform, r.layout, r.table]).toEqual(['meta', 'meta_ads_manager', 'ad_daily']);
    expect(r.detection.bom).toBe(true);
    expect(r.rows).toHaveLength(6);
    expect(sumColumn(r.rows, 'impressions')).toBe(54950);
    expect(sumColumn(r.rows, 'clicks')).toBe(764);
    expect(sumColumn(r.rows, 'all_clicks')).toBe(1443);
    expect(sumColumn(r.rows, 'spend')).toBeCloseTo(665.03, 2);
    expect(r.rows[0]).toMatchObject({ currency: 'USD', variant: 'control', click_definition: 'link_click', campaign: 'Spring Sale, 2024' });
    expect(r.rows[4]!.ad).toBe('Carousel 🛍️ "Best sellers"');
    expect(r.rows[5]!.clicks).toBeNull();
  });

  it('Meta (French locale): semicolons, 1.234,5 numbers, DD/MM/YYYY, period rows', () => {
    const r = load('meta_ads_fr.csv');
    expect(r.detection.delimiter).toBe(';');
    expect(r.detection.numberFormat).toBe('comma');
    expect(r.rows[0]).toMatchObject({ date: '2024-03-01', date_end: '2024-03-31', spend: 1234.5, impressions: 98765, clicks: 1012, currency: 'EUR' });
    expect(sumColumn(r.rows, 'spend')).toBeCloseTo(2743.45, 2);
  });

  it('LinkedIn: UTF-16 LE with BOM, tabs, preamble, blank impressions, Total row matches', () => {
    const r = load('linkedin_campaigns.csv');
    expect([r.platform, r.detection.encoding, r.detection.delimiter, r.detection.headerLine]).toEqual(['linkedin', 'utf-16le', '\t', 5]);
    expect(r.rows).toHaveLength(5);
    expect(r.rows[4]!.impressions).toBeNull();
    expect(r.rows[0]).toMatchObject({ clicks: 61, all_clicks: 96, click_definition: 'link_click', variant: 'control' });
    expect(r.totalsCheck.status).toBe('match');
    expect(r.totalsCheck.columns.map((c) => c.column)).toEqual(expect.arrayContaining(['impressions', 'clicks', 'all_clicks', 'spend', 'conversions']));
    // 3/1 … 3/3/2024: no day above 12, but as M/D the dates span 2 days and as D/M two months: M/D, said.
    expect(r.warnings.join(' ')).toMatch(/no day above 12 tells the date order: read as MM\/DD\/YYYY/);
  });

  it('X Ads: $1,234.50 spend, 1,234 counts, -- placeholders, link clicks vs X clicks', () => {
    const r = load('x_ads.csv');
    expect(r.platform).toBe('x');
    expect(sumColumn(r.rows, 'spend')).toBeCloseTo(2266.75, 2);
    expect(sumColumn(r.rows, 'impressions')).toBe(399470);
    expect(sumColumn(r.rows, 'clicks')).toBe(3057);
    expect(sumColumn(r.rows, 'all_clicks')).toBe(4573);
    expect(r.rows[0]!.date).toBe('2024-03-14');
  });

  it('X post analytics: all quoted, float counts, embedded newline, "-" promoted columns → posts', () => {
    const r = load('x_post_analytics.csv');
    expect([r.layout, r.table]).toEqual(['x_post_analytics', 'posts']);
    expect(r.rows[0]).toMatchObject({ post_id: '1765432109876543210', impressions: 1777, clicks: 18, hour: 21, paid_organic: 'organic', emoji_count: 1 });
    expect(r.rows[1]!.paid_organic).toBe('paid');
    expect(r.rows[1]!.text).toContain('& power');
  });

  it('TikTok: 2023 capitalisation, percent CTR, Total row matches', () => {
    const r = load('tiktok_ads.csv');
    expect(r.platform).toBe('tiktok');
    expect(r.rows).toHaveLength(4);
    expect(r.totalsCheck).toMatchObject({ status: 'match', label: 'Total of 4 results' });
    expect(sumColumn(r.rows, 'clicks')).toBe(1838);
    expect(sumColumn(r.rows, 'video_views')).toBe(41230);
  });

  it('GA4: # preamble, YYYYMMDD dates, a second table reported, Excel-trailing commas, Grand total', () => {
    const r = load('ga4_traffic_daily.csv');
    expect([r.platform, r.table, r.rows.length]).toEqual(['ga4', 'web_daily', 3]);
    expect(r.rows[0]).toMatchObject({ date: '2024-03-01', sessions: 1530, conversions: 41 });
    expect(r.warnings.join(' ')).toMatch(/holds 2 tables; read table 1/);
    const ch = load('ga4_channels_excel.csv');
    expect(ch.rows).toHaveLength(4);
    expect(ch.rows[2]).toMatchObject({ dimension_value: '(direct)', date: '2024-03-01', date_end: '2024-03-31' });
    expect(ch.totalsCheck.status).toBe('match');
  });

  it('Google Ads: title and range lines, quoted separators, " --", several Total rows, conversions not compared', () => {
    const r = load('google_ads_campaigns.csv');
    expect([r.platform, r.rows.length]).toEqual(['google_ads', 3]);
    expect(r.rows[0]).toMatchObject({ date: '2025-07-08', date_end: '2025-07-31', impressions: 12480, clicks: 1904, click_definition: 'ad_click', currency: 'USD' });
    expect(r.totalsCheck).toMatchObject({ status: 'match', label: 'Total: Account' });
    expect(r.totalsCheck.columns.map((c) => c.column)).not.toContain('conversions');
    expect(sumColumn(r.rows, 'conversions')).toBeCloseTo(321.83, 2);
  });

  it('Mailchimp: "Mar 05, 2024 09:46 am" dates, soft + hard bounces, test send flagged', () => {
    const r = load('mailchimp_campaigns.csv');
    expect(r.platform).toBe('mailchimp');
    expect(r.rows[0]).toMatchObject({ send_time: '2024-03-05 09:46:00', sends: 12480, bounces: 179, opens: 4920, clicks: 812 });
    expect(r.rows[1]!.send_time).toBe('2024-03-12 14:00:00');
    expect(r.warnings.join(' ')).toMatch(/test sends/);
  });

  it('Klaviyo: lower-case labels, $ revenue, variants', () => {
    const r = load('klaviyo_campaigns.csv');
    expect(r.platform).toBe('klaviyo');
    expect(r.rows.map((x) => x.variant)).toEqual(['A', 'B', null]);
    expect(sumColumn(r.rows, 'revenue')).toBeCloseTo(14318.15, 2);
    expect(sumColumn(r.rows, 'conversions')).toBe(305);
  });

  it('a total row that disagrees with the rows is reported', () => {
    const text = new TextDecoder().decode(fixture('tiktok_ads.csv')).replace('Total of 4 results,-,-,-,USD,351.20,160093', 'Total of 4 results,-,-,-,USD,351.20,170093');
    const r = importExport(new TextEncoder().encode(text), 'tiktok_edited.csv');
    expect(r.totalsCheck.status).toBe('mismatch');
    expect(r.warnings.join(' ')).toMatch(/impressions = 170093, but its rows sum to 160093/);
  });

  it('detectExport reports layout, header row and mapping without importing', () => {
    const d = detectExport(fixture('google_ads_campaigns.csv'), 'g.csv');
    expect(d).toMatchObject({ platform: 'google_ads', headerRowIndex: 2, delimiter: ',', encoding: 'utf-8' });
    expect(d.columnMapping['Impr.']).toBe('impressions');
    expect(d.preamble).toMatchObject({ start: '2025-07-08', end: '2025-07-31' });
  });
});

describe('a file already in the canonical schema is not taken for a platform export', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('canonical posts columns (post_id, impressions, engagements …) load as they are, every row and column kept', () => {
    const text = 'post_id,date,platform,format,impressions,engagements,clicks,likes,replies\n1,2025-01-06,linkedin,video,100,9,4,3,1\n2,2025-01-07,x,text,50,2,1,1,0\n';
    const d = detectExport(enc(text), 'posts.csv');
    expect(d.platform).toBeNull();
  });
  it('a real X post analytics header still is X, even with lower-case canonical-looking metric names', () => {
    const text = 'Tweet id,Tweet permalink,Tweet text,time,impressions,engagements,engagement rate,retweets,replies,likes,url clicks\n' +
      '1,https://x.com/a/status/1,hi,2025-01-06 10:00 +0000,100,9,0.09,1,1,3,4\n';
    expect(detectExport(enc(text), 'tweet_activity.csv').platform).toBe('x');
  });
});
