/**
 * Organic page and post exports. Each fixture under tests/fixtures/exports/ was written by hand for
 * these tests in the layout the platform's export has (header sets and quirks as /work/shared/exports.md
 * and docs/schema.md "Layouts recognized" describe them), with our own values:
 * - Meta Business Suite › Insights › Content › Export: Facebook posts (`Post ID`, `Page ID`, `Publish
 *   time` MM/DD/YYYY HH:MM, `Post type`, `Date` = "Lifetime", `Reactions, Comments and Shares`…) and
 *   Instagram posts (`Account username`, every field quoted, `Views`, `Plays` only on reels);
 * - legacy Page Insights "Export data": the post and page files, whose second line describes each metric;
 * - YouTube Studio "Table data.csv", whose first row is the channel's Total;
 * - X account analytics (2024+ "Post id", "Post Link", days as "Mon, Jan 06, 2025", Reposts beside Shares);
 * - LinkedIn page analytics: the Updates sheet (.xlsx, a description line above the header; built below
 *   from hand-written cells, one date as an Excel serial number) and the Followers sheet.
 * - TikTok Studio › Analytics › Overview (Date, Video Views, Profile Views, Likes, Comments, Shares per
 *   day: the metrics TikTok's Creator Academy "Understanding your analytics" lists; header names not
 *   verified from a real file), with full dates, and with year-less days dated by the file name's range.
 * Expected values are added up by hand from the fixture text, written out beside each assertion.
 */
import { readFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { importExport, sumColumn, type ImportResult } from '../../../src/core/importers/index.ts';
import { importAnyExport } from '../../../src/core/importers/excel.ts';

const load = (name: string): ImportResult => importExport(new Uint8Array(readFileSync(new URL(`../../fixtures/exports/${name}`, import.meta.url))), name);

describe('Meta Business Suite content exports', () => {
  it('Facebook posts: ids stay text, Post type gives the format, a multi-line post and HTML entities are read', () => {
    const r = load('facebook_posts_business_suite.csv');
    expect([r.platform, r.layout, r.table]).toEqual(['facebook', 'meta_business_suite_facebook_posts', 'posts']);
    expect(r.rows.map((x) => [x.post_id, x.date, x.hour, x.format])).toEqual([
      ['1234567890123456_987654321098765', '2025-01-13', 9, 'image'],
      ['1234567890123456_987654321098766', '2025-01-15', 18, 'video'],
      ['1234567890123456_987654321098767', '2025-01-20', 12, 'link'],
    ]);
    expect(sumColumn(r.rows, 'impressions')).toBe(18710); // 4210 + 12000 + 2500
    expect(sumColumn(r.rows, 'engagements')).toBe(872); // 187 + 640 + 45
    expect(sumColumn(r.rows, 'likes')).toBe(700); // reactions 150 + 520 + 30
    expect(sumColumn(r.rows, 'replies')).toBe(115); // 25 + 80 + 10
    expect(sumColumn(r.rows, 'shares')).toBe(57); // 12 + 40 + 5
    expect(sumColumn(r.rows, 'clicks')).toBe(220); // link clicks 40 + 0 + 180
    expect(r.rows[0]!.text).toBe('New spring blend is here 🌸\nCome taste it this weekend');
    expect(r.rows[0]!.headline_length).toBe('New spring blend is here 🌸'.length);
    expect(r.rows[1]!.text).toBe('Behind the bar with Ana & Luis');
    expect(r.rows.map((x) => x.page_id)).toEqual(['1234567890123456', '1234567890123456', '1234567890123456']);
    expect(r.rows.map((x) => x.reach)).toEqual([3118, 9870, 2100]);
    expect(r.rows.map((x) => x.post_type)).toEqual(['Photos', 'Reels', 'Links']);
    expect(r.warnings.join('\n')).toContain("account's own time zone");
  });

  it('Instagram posts: Views as impressions, Plays as video views, the 17-digit account id as text', () => {
    const r = load('instagram_posts_business_suite.csv');
    expect([r.platform, r.layout]).toEqual(['instagram', 'meta_business_suite_instagram_posts']);
    expect(r.rows.map((x) => [x.post_id, x.date, x.format])).toEqual([
      ['17900000000000001', '2025-02-07', 'image'],
      ['17900000000000002', '2025-02-09', 'video'],
      ['17900000000000003', '2025-02-12', 'carousel'],
    ]);
    expect(sumColumn(r.rows, 'impressions')).toBe(33900); // 5300 + 21000 + 7600
    expect(sumColumn(r.rows, 'likes')).toBe(2260); // 410 + 1320 + 530
    expect(sumColumn(r.rows, 'replies')).toBe(170); // 31 + 95 + 44
    expect(sumColumn(r.rows, 'shares')).toBe(217); // 22 + 160 + 35
    expect(r.rows.map((x) => x.video_views)).toEqual([null, 19800, null]);
    expect(r.rows[0]!.account_id).toBe('17840000000000000');
    expect(r.rows.map((x) => x.saves)).toEqual([48, 210, 120]);
  });
});

describe('Meta Business Suite results exports ("sep=," line, the chart title, "Date","Primary")', () => {
  it('"Instagram reach": one account_daily row per day, reach filled, platform from the title', () => {
    const r = load('meta_suite_instagram_reach.csv');
    expect([r.layout, r.table, r.detection.headerLine]).toEqual(['meta_business_suite_results', 'account_daily', 3]);
    expect(r.rows.map((x) => [x.date, x.platform, x.reach, x.metric])).toEqual([
      ['2025-01-01', 'instagram', 1520, 'Instagram reach'],
      ['2025-01-02', 'instagram', 1710, 'Instagram reach'],
      ['2025-01-03', 'instagram', 1390, 'Instagram reach'],
    ]);
    expect(r.skipped).toEqual([{ first: 1, last: 2, reason: expect.stringContaining('preamble') }]);
  });

  it('"Facebook Page visits" is no account_daily metric: the values go to value, and the note says so', () => {
    const r = load('meta_suite_facebook_visits.csv');
    expect(r.rows.map((x) => [x.date, x.platform, x.value, x.reach])).toEqual([['2025-01-01', 'facebook', 40, null], ['2025-01-02', 'facebook', 52, null]]);
    expect(r.warnings.join('\n')).toContain('"Facebook Page visits" is none of the account_daily metrics');
  });
});

describe('Legacy Facebook Page Insights exports (a description row under the header)', () => {
  it('post data: the description row is skipped, paid impressions mark a boosted post', () => {
    const r = load('facebook_post_insights_legacy.csv');
    expect([r.platform, r.layout, r.rows.length]).toEqual(['facebook', 'facebook_page_post_insights', 3]);
    expect(r.skipped).toEqual([{ first: 2, last: 2, reason: expect.stringContaining('description row') }]);
    expect(r.rows.map((x) => [x.date, x.timestamp, x.paid_organic, x.format])).toEqual([
      ['2025-03-03', '2025-03-03 10:00:00', 'organic', 'text'],
      ['2025-03-05', '2025-03-05 17:30:00', 'paid', 'image'],
      ['2025-03-14', '2025-03-14 08:00:00', 'organic', 'video'],
    ]);
    expect(sumColumn(r.rows, 'impressions')).toBe(10850); // 950 + 7300 + 2600
    expect(sumColumn(r.rows, 'engagements')).toBe(620); // 60 + 410 + 150
    expect(r.rows.map((x) => x.lifetime_post_paid_impressions)).toEqual([0, 4200, 0]);
    expect(r.warnings.join('\n')).not.toMatch(/not BIGINT|not DATE/);
  });

  it('page data: one account_daily row per day, followers from Lifetime Total Likes', () => {
    const r = load('facebook_page_insights_legacy.csv');
    expect([r.platform, r.layout, r.table]).toEqual(['facebook', 'facebook_page_insights', 'account_daily']);
    expect(r.rows.map((x) => [x.date, x.followers, x.new_followers, x.unfollows])).toEqual([
      ['2025-03-01', 10250, 14, 3],
      ['2025-03-02', 10261, 9, 2],
      ['2025-03-03', 10270, 12, 5],
    ]);
    expect([sumColumn(r.rows, 'impressions'), sumColumn(r.rows, 'reach'), sumColumn(r.rows, 'engagements')]).toEqual([10400, 6500, 355]); // 3400 + 2900 + 4100; 2100 + 1800 + 2600; 120 + 95 + 140
  });
});

describe('X account analytics, 2024+ download', () => {
  it('"Post Link" is the permalink, a day without a time has no hour, Reposts are shares and X\'s "Shares" is kept', () => {
    const r = load('x_account_analytics_content.csv');
    expect([r.platform, r.layout]).toEqual(['x', 'x_post_analytics']);
    expect(r.rows.map((x) => [x.post_id, x.date, x.timestamp, x.hour, x.permalink])).toEqual([
      ['1876543210987654321', '2025-01-06', null, null, 'https://x.com/lumen/status/1876543210987654321'],
      ['1877000000000000002', '2025-01-08', null, null, 'https://x.com/lumen/status/1877000000000000002'],
    ]);
    expect(sumColumn(r.rows, 'impressions')).toBe(20345); // 12345 + 8000
    expect(sumColumn(r.rows, 'shares')).toBe(65); // Reposts 25 + 40
    expect(sumColumn(r.rows, 'clicks')).toBe(95); // URL Clicks 95 + 0
    expect(r.rows.map((x) => x.extra_shares)).toEqual([3, 1]);
  });
});

describe('YouTube Studio and LinkedIn page analytics', () => {
  it('YouTube "Table data.csv": the Total row (first) is left out and checked, videos are posts', () => {
    const r = load('youtube_table_data.csv');
    expect([r.platform, r.layout, r.rows.length]).toEqual(['youtube', 'youtube_studio_table', 3]);
    expect(r.rows.map((x) => [x.post_id, x.date, x.format])).toEqual([
      ['dQw4w9WgXcA', '2025-01-05', 'video'],
      ['aBcD_eFgH12', '2025-02-02', 'video'],
      ['Zz9-yY8xX7w', '2025-03-09', 'video'],
    ]);
    expect(sumColumn(r.rows, 'video_views')).toBe(15230); // 9100 + 4630 + 1500, as the Total row says
    expect(sumColumn(r.rows, 'impressions')).toBe(210400); // 120300 + 70100 + 20000
    expect(r.totalsCheck).toMatchObject({ status: 'match', label: 'Total' });
    expect(r.rows[2]!.text).toBe('Q&A: your coffee questions');
    expect(r.rows.map((x) => x.watch_time_hours)).toEqual([520.1234, 221.8, 70.5278]);
  });

  it('LinkedIn Updates sheet (.xlsx): description line above the header, an Excel serial date, Sponsored posts are paid', () => {
    const aoa = [
      ['All posts: impressions, clicks, reactions, comments and reposts of each update'],
      ['Post title', 'Post link', 'Post type', 'Campaign name', 'Posted by', 'Created date', 'Audience', 'Impressions', 'Clicks', 'Click through rate (CTR)', 'Likes', 'Comments', 'Reposts', 'Follows', 'Engagement rate', 'Content Type'],
      ['We are hiring baristas', 'https://www.linkedin.com/feed/update/urn:li:activity:7281000000000000001', 'Organic', '', 'Ana Diaz', '01/06/2025', 'All followers', 3200, 140, 0.04375, 85, 12, 6, 3, 0.0771875, 'Image'],
      ['Our roastery in numbers', 'https://www.linkedin.com/feed/update/urn:li:activity:7281000000000000002', 'Sponsored', 'Q1 awareness', 'Lumen Coffee', 45672, 'Targeted', 15000, 600, 0.04, 210, 30, 18, 25, 0.05886667, 'Document'],
    ];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), 'All posts');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const r = importAnyExport(bytes, 'lumen_content_1736150400000.xlsx');
    expect([r.platform, r.layout, r.detection.headerLine]).toEqual(['linkedin', 'linkedin_page_posts', 2]);
    // 45672 days after 1899-12-30 is 2025-01-15 (45658 is 2025-01-01).
    expect(r.rows.map((x) => [x.post_id, x.date, x.paid_organic, x.format])).toEqual([
      ['urn:li:activity:7281000000000000001', '2025-01-06', 'organic', 'image'],
      ['urn:li:activity:7281000000000000002', '2025-01-15', 'paid', null],
    ]);
    expect([sumColumn(r.rows, 'impressions'), sumColumn(r.rows, 'clicks'), sumColumn(r.rows, 'likes'), sumColumn(r.rows, 'replies'), sumColumn(r.rows, 'shares')]).toEqual([18200, 740, 295, 42, 24]); // 3200 + 15000; 140 + 600; 85 + 210; 12 + 30; 6 + 18
    expect(r.rows.map((x) => x.content_type)).toEqual(['Image', 'Document']);
    expect(r.warnings.join('\n')).toContain('Excel serial');
  });

  it('LinkedIn Updates workbook: the first sheet, "Metrics", is daily page totals; "All posts" is chosen by name', () => {
    const metrics = [
      ['Aggregated metrics for all updates in the selected date range'],
      ['Date', 'Impressions (organic)', 'Impressions (sponsored)', 'Impressions (total)', 'Unique impressions (organic)', 'Clicks (organic)', 'Clicks (sponsored)', 'Clicks (total)', 'Reactions (total)', 'Comments (total)', 'Reposts (total)', 'Engagement rate (total)'],
      ['01/06/2025', 1200, 300, 1500, 900, 30, 12, 42, 55, 6, 2, 0.07],
      ['01/07/2025', 800, 0, 800, 650, 20, 0, 20, 31, 4, 1, 0.07],
      ['01/15/2025', 2000, 500, 2500, 1500, 60, 25, 85, 90, 10, 5, 0.076],
    ];
    const posts = [['All posts'], ['Post title', 'Post link', 'Post type', 'Created date', 'Impressions', 'Clicks', 'Likes', 'Comments', 'Reposts'], ['Hello', 'https://www.linkedin.com/feed/update/urn:li:activity:7281000000000000009', 'Organic', '01/06/2025', 1200, 30, 40, 5, 1]];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(metrics), 'Metrics');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(posts), 'All posts');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const r = importAnyExport(bytes, 'lumen_content.xlsx');
    expect([r.platform, r.layout, r.table, r.detection.headerLine]).toEqual(['linkedin', 'linkedin_page_metrics', 'account_daily', 2]);
    expect(r.rows.map((x) => [x.date, x.impressions, x.reach])).toEqual([['2025-01-06', 1500, 900], ['2025-01-07', 800, 650], ['2025-01-15', 2500, 1500]]);
    expect(r.rows.map((x) => x.clicks_total)).toEqual([42, 20, 85]);
    expect(r.warnings.join('\n')).toContain('the workbook has 2 sheets ("Metrics", "All posts"); read "Metrics"');
    const p = importAnyExport(bytes, 'lumen_content.xlsx', { sheet: 'All posts' });
    expect([p.layout, p.rows[0]!.post_id, p.rows[0]!.impressions]).toEqual(['linkedin_page_posts', 'urn:li:activity:7281000000000000009', 1200]);
  });

  it('LinkedIn Followers sheet: Total followers is the day\'s new followers', () => {
    const r = load('linkedin_page_followers.csv');
    expect([r.platform, r.layout, r.table]).toEqual(['linkedin', 'linkedin_page_followers', 'account_daily']);
    expect(r.rows.map((x) => [x.date, x.new_followers])).toEqual([['2025-01-29', 16], ['2025-01-30', 10], ['2025-01-31', 16]]);
    expect(r.rows.map((x) => x.organic_followers)).toEqual([14, 9, 11]);
  });
});

describe('TikTok Studio Overview download', () => {
  it('one account_daily row per day; engagements are likes + comments + shares; "1,800" views read whole', () => {
    const r = load('tiktok_studio_overview.csv');
    expect([r.platform, r.layout, r.table]).toEqual(['tiktok', 'tiktok_studio_overview', 'account_daily']);
    expect(r.rows.map((x) => [x.date, x.engagements, x.video_views, x.profile_views])).toEqual([
      ['2025-01-05', 170, 1200, 40], // 150 + 12 + 8
      ['2025-01-06', 241, 1800, 55], // 210 + 20 + 11
    ]);
  });

  it('days without a year ("December 31", "January 6") are placed in the range the file name gives', () => {
    const r = load('Overview(2024-12-30 to 2025-01-12).csv');
    expect(r.rows.map((x) => x.date)).toEqual(['2024-12-31', '2025-01-06']);
    expect(r.warnings.join('\n')).toContain('placed in the report range 2024-12-30 to 2025-01-12 from the file name');
    expect(r.warnings.join('\n')).not.toContain('not DATE');
  });
});
