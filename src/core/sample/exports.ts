import type { AdRow } from './ads.ts';
import type { EmailCampaign } from './audience.ts';
import { csvLine, dayOfWeek } from './calendar.ts';
import type { SamplePost } from './content.ts';
import { DAY_NAMES } from './plan.ts';

/**
 * Platform exports written from the generated tables, each in its platform's layout with its quirks
 * (see docs/schema.md and exports.md). Their sums equal the canonical tables' sums per platform.
 */

const fmt = (n: number, d = 2) => n.toFixed(d);
const thousands = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const sum = (rows: AdRow[], k: keyof AdRow) => rows.reduce((s, r) => s + (r[k] as number), 0);
const pct = (num: number, den: number, d = 2) => (den ? `${((100 * num) / den).toFixed(d)}%` : '--');
const us = (date: string) => `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}/${date.slice(0, 4)}`;

/** Meta Ads Manager, Day breakdown: UTF-8 with BOM, CTR in percent without a sign, quoted headers. */
export function metaExport(rows: AdRow[]): string {
  let s = '\ufeff"Day","Campaign name","Ad set name","Ad name","Ad delivery","Results","Result indicator","Amount spent (USD)",Impressions,Reach,"Link clicks","CTR (link click-through rate)","Clicks (all)","3-second video plays","Reporting starts","Reporting ends"\n';
  for (const r of rows.filter((x) => x.platform === 'meta')) {
    s += csvLine([r.date, r.campaign, r.ad_group, r.ad, 'active', r.conversions || '', r.conversions ? 'actions:offsite_conversion.fb_pixel_purchase' : '', r.spend, r.impressions, r.reach, r.clicks, ((100 * r.clicks) / r.impressions).toFixed(8), r.all_clicks, r.video_views || '', r.date, r.date]);
  }
  return s;
}

/** LinkedIn Campaign Manager: UTF-16 LE with BOM, tabs, a preamble and a Total row. */
export function linkedinExport(rows: AdRow[]): Uint8Array {
  const li = rows.filter((x) => x.platform === 'linkedin');
  const header = ['Start Date (in UTC)', 'Account Name', 'Currency', 'Campaign Group Name', 'Campaign ID', 'Campaign Name', 'Campaign Type', 'Total Spent', 'Impressions', 'Clicks', 'Average CTR', 'Conversions', 'Total Engagements', 'Clicks to Landing Page'];
  const lines = ['Campaign Performance Report (in UTC)', `Report Start: ${us(li[0]!.date)}`, `Report End: ${us(li[li.length - 1]!.date)}`, '', header.join('\t')];
  for (const r of li) lines.push([us(r.date), r.account, r.currency, r.ad_group, r.campaign_id, r.campaign, r.campaign_type, fmt(r.spend), thousands(r.impressions), r.all_clicks, pct(r.all_clicks, r.impressions), r.conversions, r.engagements, r.clicks].join('\t'));
  lines.push(['Total', '', '', '', '', '', '', fmt(sum(li, 'spend')), thousands(sum(li, 'impressions')), sum(li, 'all_clicks'), pct(sum(li, 'all_clicks'), sum(li, 'impressions')), sum(li, 'conversions'), sum(li, 'engagements'), sum(li, 'clicks')].join('\t'));
  const text = lines.join('\r\n') + '\r\n';
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + 2 * i] = c & 0xff;
    out[3 + 2 * i] = c >> 8;
  }
  return out;
}

/** X Ads: dollar-formatted spend, thousands separators, `--` placeholders. */
export function xAdsExport(rows: AdRow[]): string {
  let s = csvLine(['ID', 'Campaign', 'Time', 'Campaign start date', 'Campaign end date', 'Currency', 'Spend', 'Impressions', 'Engagements', 'Billed engagements', 'Clicks', 'Link clicks', 'Media engagements', 'Engagement rate']);
  for (const r of rows.filter((x) => x.platform === 'x')) {
    s += csvLine([r.campaign_id, r.campaign, us(r.date), us(rows[0]!.date), '--', 'USD', `$${thousands(r.spend, 2)}`, thousands(r.impressions), thousands(r.engagements), '--', thousands(r.all_clicks), thousands(r.clicks), '--', pct(r.engagements, r.impressions)]);
  }
  return s;
}

/** TikTok Ads Manager: 2023 capitalisation and a "Total of N results" row. */
export function tiktokExport(rows: AdRow[]): string {
  const tt = rows.filter((x) => x.platform === 'tiktok');
  let s = 'By Day,Campaign name,Ad group name,Ad name,Currency,Cost,Impressions,Reach,Clicks (Destination),CTR (Destination),Clicks (all),Conversions,2-second video views\n';
  for (const r of tt) s += csvLine([r.date, r.campaign, r.ad_group, r.ad, 'USD', fmt(r.spend), r.impressions, r.reach, r.clicks, pct(r.clicks, r.impressions), r.all_clicks, r.conversions, r.video_views]);
  s += csvLine([`Total of ${tt.length} results`, '-', '-', '-', 'USD', fmt(sum(tt, 'spend')), sum(tt, 'impressions'), '-', sum(tt, 'clicks'), pct(sum(tt, 'clicks'), sum(tt, 'impressions')), sum(tt, 'all_clicks'), sum(tt, 'conversions'), sum(tt, 'video_views')]);
  return s;
}

/** Google Ads campaign report with a Day segment: title and range lines, `" --"`, Total rows. */
export function googleAdsExport(rows: AdRow[]): string {
  const ga = rows.filter((x) => x.platform === 'google_ads');
  const long = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  let s = `Campaign report\n"${long(ga[0]!.date)} - ${long(ga[ga.length - 1]!.date)}"\n`;
  s += 'Day,Campaign,Campaign status,Campaign type,Currency code,Impr.,Interactions,Clicks,CTR,Avg. CPC,Cost,Conversions,Conv. rate,Search impr. share\n';
  const line = (label: string[], rs: AdRow[], type: string) => {
    const imp = sum(rs, 'impressions');
    const clicks = sum(rs, 'clicks');
    const cost = sum(rs, 'spend');
    return csvLine([...label, 'USD', thousands(imp), thousands(clicks), thousands(clicks), pct(clicks, imp), clicks ? fmt(cost / clicks) : ' --', thousands(cost, 2), fmt(sum(rs, 'conversions')), pct(sum(rs, 'conversions'), clicks), type === 'Search' ? `${(40 + (imp % 50)).toFixed(2)}%` : ' --']);
  };
  for (const r of ga) s += line([r.date, r.campaign, 'Enabled', r.campaign_type], [r], r.campaign_type);
  s += line(['Total: Campaigns', '', '', ''], ga, '');
  s += line(['Total: Account', '', '', ''], ga, '');
  for (const type of [...new Set(ga.map((r) => r.campaign_type))]) s += line([`Total: ${type}`, '', '', ''], ga.filter((r) => r.campaign_type === type), '');
  return s;
}

/** GA4 "Traffic acquisition: Date" download: the 9-line `#` preamble, YYYYMMDD dates, fractions. */
export function ga4Export(byDate: Map<string, { users: Set<string>; sessions: number; events: number; purchases: number; revenue: number }>): string {
  const dates = [...byDate.keys()].sort();
  const compact = (d: string) => d.replace(/-/g, '');
  let s = `# ----------------------------------------\n# Traffic acquisition: Date\n# Account: Pulse Demo\n# Property: Pulse Demo Web\n# ----------------------------------------\n# \n# All Users\n# Start date: ${compact(dates[0]!)}\n# End date: ${compact(dates[dates.length - 1]!)}\n\n`;
  s += 'Date,Active users,Sessions,Event count,Key events,Total revenue\n';
  for (const d of dates) {
    const g = byDate.get(d)!;
    s += csvLine([compact(d), g.users.size, g.sessions, g.events, g.purchases, Math.round(g.revenue * 100) / 100]);
  }
  return s;
}

/** Mailchimp campaign list with statistics: `Jun 01, 2023 09:46 pm` dates and percent rates. */
export function mailchimpExport(campaigns: EmailCampaign[]): string {
  let s = 'Title,Subject,Audience,Send Date,Send Weekday,Total Recipients,Successful Deliveries,Soft Bounces,Hard Bounces,Unique Opens,Open Rate,Total Opens,Unique Clicks,Click Rate,Total Clicks,Unsubscribes,Abuse Complaints,Unique Id\n';
  for (const c of campaigns.filter((x) => x.platform === 'mailchimp')) {
    const t = c.totals;
    const d = new Date(c.send_time.replace(' ', 'T') + 'Z');
    const h = d.getUTCHours();
    const when = `${d.toLocaleDateString('en-US', { month: 'short', day: '2-digit', year: 'numeric', timeZone: 'UTC' })} ${String(h % 12 || 12).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} ${h < 12 ? 'am' : 'pm'}`;
    const soft = Math.floor(t.bounces / 2);
    s += csvLine([c.campaign, c.subject, 'Pulse Newsletter', when, DAY_NAMES[dayOfWeek(c.send_time.slice(0, 10))], thousands(t.sends), thousands(t.deliveries), soft, t.bounces - soft, thousands(t.opens), pct(t.opens, t.deliveries), thousands(t.total_opens), thousands(t.clicks), pct(t.clicks, t.deliveries), thousands(t.total_clicks), t.unsubscribes, t.complaints, c.campaign_id]);
  }
  return s;
}

/** Klaviyo campaign export, newer lower-case labels, revenue as `$1,234.50`. */
export function klaviyoExport(campaigns: EmailCampaign[]): string {
  let s = 'Campaign Name,Subject,List,Send Time,Send Weekday,Total recipients,Unique Placed Order,Placed Order Rate,Revenue,Unique opens,Open Rate,Total opens,Unique clicks,Click Rate,Total clicks,Unsubscribes,Spam Complaints,Successful deliveries,Bounces,Campaign ID,Campaign Channel\n';
  for (const c of campaigns.filter((x) => x.platform === 'klaviyo')) {
    const t = c.totals;
    s += csvLine([c.campaign, c.subject, 'Pulse Newsletter', c.send_time, DAY_NAMES[dayOfWeek(c.send_time.slice(0, 10))], t.sends, t.conversions, pct(t.conversions, t.deliveries), `$${thousands(t.revenue, 2)}`, t.opens, pct(t.opens, t.deliveries, 1), t.total_opens, t.clicks, pct(t.clicks, t.deliveries), t.total_clicks, t.unsubscribes, t.complaints, t.deliveries, t.bounces, c.campaign_id, 'Email']);
  }
  return s;
}

/** X post analytics: every field quoted, counts as floats, `-` in the promoted columns. */
export function xPostsExport(posts: SamplePost[]): string {
  const q = (v: string | number) => `"${String(v).replace(/"/g, '""')}"`;
  const cols = ['Tweet id', 'Tweet permalink', 'Tweet text', 'time', 'impressions', 'engagements', 'engagement rate', 'retweets', 'replies', 'likes', 'url clicks', 'media views', 'promoted impressions', 'promoted engagements', 'promoted url clicks'];
  let s = cols.map(q).join(',') + '\n';
  for (const p of posts.filter((x) => x.platform === 'x')) {
    s += [p.post_id, p.permalink, p.text, `${p.timestamp.slice(0, 16)} +0000`, `${p.impressions}.0`, `${p.engagements}.0`, String(p.engagements / p.impressions), `${p.shares}.0`, `${p.replies}.0`, `${p.likes}.0`, `${p.clicks}.0`, `${p.video_views}.0`, '-', '-', '-'].map(q).join(',') + '\n';
  }
  return s;
}
