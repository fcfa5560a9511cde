import { botClicksPerDay, generateAdDaily, type AdRow } from './ads.ts';
import { EMAIL_HEADER, EVENTS_HEADER, PATHS_HEADER, USERS_HEADER, generateEmail, generateEvents, generatePaths, generateUsers, planEmailCampaigns, userLine, type EventTruth } from './audience.ts';
import { csvLine, dayAt } from './calendar.ts';
import { COMMENTS_HEADER, POSTS_HEADER, generateComments, generatePosts, postLine } from './content.ts';
import { ga4Export, googleAdsExport, klaviyoExport, linkedinExport, mailchimpExport, metaExport, tiktokExport, xAdsExport, xPostsExport } from './exports.ts';
import { AB_TEST, BOTS, DAY_OF_WEEK_MULTIPLIERS, DAY_NAMES, DUPLICATE_MAX_OFFSET_MS, HOLIDAYS, PATH_BASE_LOG_ODDS, PATH_CHANNEL_EFFECTS, POST_EMOJI_MULTIPLIER, POST_FORMAT_CTR, SEGMENTS, SIZES, START_DATE } from './plan.ts';
import { substream } from './random.ts';
import { generateEmailSocial } from './emailSocial/index.ts';
import { generateSegments } from './segments/index.ts';
import { generateOps } from './ops/index.ts';
import { generateRecs } from './recs/index.ts';

export { mulberry32, substream } from './random.ts';
export { SIZES } from './plan.ts';

/** One file of the sample set: its name and its content as chunks, produced on demand, in order. */
export interface SampleFile {
  name: string;
  chunks: () => Iterable<string | Uint8Array>;
}

export const AD_DAILY_HEADER = ['date', 'date_end', 'platform', 'account', 'campaign', 'campaign_id', 'campaign_type', 'ad_group', 'ad', 'variant', 'paid_organic', 'impressions', 'reach', 'clicks', 'all_clicks', 'click_definition', 'engagements', 'video_views', 'video_autoplays', 'spend', 'currency', 'conversions', 'conversion_value'];

function adLine(r: AdRow): string {
  return csvLine([r.date, r.date, r.platform, r.account, r.campaign, r.campaign_id, r.campaign_type, r.ad_group, r.ad, r.variant, 'paid', r.impressions, r.reach, r.clicks, r.all_clicks, r.click_definition, r.engagements, r.video_views, r.video_autoplays, r.spend.toFixed(2), r.currency, r.conversions, r.conversion_value.toFixed(2)]);
}

/**
 * The seeded sample set: platform exports in their real layouts, the canonical tables as CSV and
 * ground_truth.json with every planted effect. Same seed and size → byte-identical files. Files must
 * be consumed in order: ground_truth.json and the GA4 / email exports use what earlier files recorded.
 * @example for (const f of generateSample(42, 'small')) for (const c of f.chunks()) write(f.name, c)
 */
export function generateSample(seed: number, sizeName: 'small' | 'large' = 'small'): SampleFile[] {
  const size = SIZES[sizeName];
  const ads = generateAdDaily(substream(seed, 'ads'), size.days);
  const users = generateUsers(substream(seed, 'users'), size);
  const posts = generatePosts(substream(seed, 'posts'), size);
  const comments = generateComments(substream(seed, 'comments'), posts, size.users);
  const campaigns = planEmailCampaigns(substream(seed, 'email-plan'), size);
  const eventTruth: EventTruth = { events: 0, duplicateEventIds: [], utmMistakes: [], botEventIds: 0, botUserIds: [], ga4ByDate: new Map() };
  const pathTruth = { converted: 0, notConverted: 0, value: 0 };
  const one = (s: string | Uint8Array) => () => [s];
  const table = (header: string[], lines: () => Iterable<string>) =>
    function* () {
      yield header.join(',') + '\n';
      yield* lines();
    };

  const groundTruth = () => {
    const arms = Object.fromEntries(Object.entries(AB_TEST.arms).map(([k, v]) => [k, { ad: v.ad, ctr: v.ctr }]));
    const truth = {
      seed,
      size: sizeName,
      start_date: START_DATE,
      end_date: dayAt(size.days - 1),
      definitions: { ctr: 'clicks / impressions in ad_daily, clicks = link clicks' },
      ab_test: { platform: AB_TEST.platform, campaign: AB_TEST.campaign, ad_group: AB_TEST.ad_group, variant_column: 'variant', start: AB_TEST.start, end: AB_TEST.end, arms, relative_lift: AB_TEST.arms.variant_b.ctr / AB_TEST.arms.control.ctr - 1, absolute_lift: AB_TEST.arms.variant_b.ctr - AB_TEST.arms.control.ctr },
      bot_traffic: { days: BOTS.days, user_ids: eventTruth.botUserIds, events: eventTruth.botEventIds, user_agents: BOTS.userAgents, interval_seconds: BOTS.intervalSeconds, clicks_per_user_per_day: BOTS.clicksPerUserPerDay, ad_daily: { platform: BOTS.platform, campaign: BOTS.campaign, ad: 'Lifestyle video', extra_clicks_per_day: botClicksPerDay() } },
      weekly_seasonality: { day_of_week_multipliers: Object.fromEntries(DAY_NAMES.map((d, i) => [d, DAY_OF_WEEK_MULTIPLIERS[i]])), applies_to: ['ad_daily.impressions', 'events sessions', 'posts.impressions'] },
      holidays: Object.fromEntries(Object.entries(HOLIDAYS).filter(([d]) => d <= dayAt(size.days - 1)).map(([d, h]) => [d, h])),
      segments: Object.fromEntries(Object.entries(SEGMENTS).map(([k, s]) => [k, { share: s.share, users: users.filter((u) => u.segment === k).length, sessions_per_week: s.sessionsPerWeek * size.sessionScale, channel_mix: s.channelMix, email_open_rate: s.emailOpenRate, email_click_rate: s.emailClickRate, purchase_rate: s.purchaseRate, device_mix: s.device, peak_hour_utc: s.peakHour }])),
      duplicate_events: { tracking_systems: ['ga4', 'server'], count: eventTruth.duplicateEventIds.length, max_offset_ms: DUPLICATE_MAX_OFFSET_MS, event_ids: eventTruth.duplicateEventIds },
      utm_mistakes: { count_events: eventTruth.utmMistakes.length, count_sessions: new Set(eventTruth.utmMistakes.map((m) => m.session_id)).size, kinds: { case_variant: 'utm_source in a different case (Facebook, FACEBOOK)', missing_medium: 'utm_medium empty on a tagged visit' }, events: eventTruth.utmMistakes },
      comments: { count: comments.lines.length, sentiment_counts: comments.labels, label_column: 'comments.sentiment' },
      posts: { count: posts.length, format_ctr: POST_FORMAT_CTR, emoji_ctr_multiplier: POST_EMOJI_MULTIPLIER },
      paths: { count: size.paths, converted: pathTruth.converted, not_converted: pathTruth.notConverted, conversion_value: Math.round(pathTruth.value * 100) / 100, base_log_odds: PATH_BASE_LOG_ODDS, channel_log_odds: PATH_CHANNEL_EFFECTS, model: 'logit P(convert) = base + sum of effects of the distinct channels on the path' },
      events: { count: eventTruth.events },
      exports: { 'meta_ads.csv': 'meta', 'linkedin_campaigns.csv': 'linkedin', 'x_ads.csv': 'x', 'x_post_analytics.csv': 'x', 'tiktok_ads.csv': 'tiktok', 'google_ads_campaign_report.csv': 'google_ads', 'ga4_traffic_daily.csv': 'ga4', 'mailchimp_campaigns.csv': 'mailchimp', 'klaviyo_campaigns.csv': 'klaviyo' },
    };
    return JSON.stringify(truth, null, 1) + '\n';
  };

  return [
    { name: 'ad_daily.csv', chunks: table(AD_DAILY_HEADER, () => ads.map(adLine)) },
    { name: 'users.csv', chunks: table(USERS_HEADER, () => users.map(userLine)) },
    { name: 'events.csv', chunks: table(EVENTS_HEADER, () => generateEvents(substream(seed, 'events'), size, users, eventTruth)) },
    { name: 'email.csv', chunks: table(EMAIL_HEADER, () => generateEmail(substream(seed, 'email'), users, campaigns)) },
    { name: 'posts.csv', chunks: table(POSTS_HEADER, () => posts.map(postLine)) },
    { name: 'comments.csv', chunks: table(COMMENTS_HEADER, () => comments.lines) },
    { name: 'paths.csv', chunks: table(PATHS_HEADER, () => generatePaths(substream(seed, 'paths'), size, users, pathTruth)) },
    { name: 'meta_ads.csv', chunks: one(metaExport(ads)) },
    { name: 'linkedin_campaigns.csv', chunks: one(linkedinExport(ads)) },
    { name: 'x_ads.csv', chunks: one(xAdsExport(ads)) },
    { name: 'x_post_analytics.csv', chunks: one(xPostsExport(posts)) },
    { name: 'tiktok_ads.csv', chunks: one(tiktokExport(ads)) },
    { name: 'google_ads_campaign_report.csv', chunks: one(googleAdsExport(ads)) },
    { name: 'ga4_traffic_daily.csv', chunks: () => [ga4Export(eventTruth.ga4ByDate)] },
    { name: 'mailchimp_campaigns.csv', chunks: () => [mailchimpExport(campaigns)] },
    { name: 'klaviyo_campaigns.csv', chunks: () => [klaviyoExport(campaigns)] },
    { name: 'ground_truth.json', chunks: () => [groundTruth()] },
    // The email + social curriculum's files (own substreams: the files above do not change).
    ...generateEmailSocial(seed, sizeName),
    // The audience-segmentation curriculum's files (own substreams as well).
    ...generateSegments(seed, sizeName),
    // The enterprise social operations curriculum's files (own substreams, ops_ prefix).
    ...generateOps(seed, sizeName),
    // The recommendations curriculum's files (own substreams, own truth file).
    ...generateRecs(seed, sizeName),
  ];
}
