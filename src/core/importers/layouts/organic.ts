/**
 * Organic page and post exports: Meta Business Suite content downloads (Facebook and Instagram), the
 * legacy Facebook Page Insights post and page exports (a description row under the header), YouTube
 * Studio's "Table data.csv", LinkedIn page analytics (posts and followers sheets). Layouts as
 * /work/shared/exports.md and docs/schema.md describe them.
 */
import type { CanonicalRow, Layout, RowContext } from '../layout.ts';
import { parseDate } from '../values.ts';
import { countEmoji, decodeEntities } from './posts.ts';

/** The canonical format of a platform's own post type (`Photos`, `IG reel`, `Carousel album`, `Links`…). */
export function formatOfPostType(type: string | undefined): string | null {
  const t = (type ?? '').trim().toLowerCase();
  if (t === '') return null;
  if (/reel|video|live|short/.test(t)) return 'video';
  if (/carousel|carrousel|album|karussell|multi/.test(t)) return 'carousel';
  if (/photo|image|picture|bild|foto/.test(t)) return 'image';
  if (/link|article/.test(t)) return 'link';
  if (/text|status/.test(t)) return 'text';
  return null;
}

/** Text-derived columns of a post row (headline length, emoji, hour) and its format from the post type. */
function finishPost(row: CanonicalRow, ctx: RowContext, postType: string | undefined, timeZoneNote: boolean): void {
  if (typeof row.text === 'string') row.text = decodeEntities(row.text);
  const text = typeof row.text === 'string' ? row.text : '';
  row.headline_length = text ? text.split('\n')[0]!.length : null;
  row.emoji_count = text ? countEmoji(text) : null;
  if (typeof row.timestamp === 'string') {
    row.hour = Number(row.timestamp.slice(11, 13));
    if (timeZoneNote) ctx.note('publish times are written in the account\'s own time zone, which the export does not name: they are read as UTC');
  }
  row.format ??= formatOfPostType(postType);
  row.paid_organic ??= 'organic';
}

/** Meta Business Suite › Insights › Content › Export, Facebook Page posts. */
export const metaSuiteFacebookPosts: Layout = {
  platform: 'facebook',
  id: 'meta_business_suite_facebook_posts',
  table: 'posts',
  signature: [['post id'], ['publish time'], ['page id', 'page name']],
  columns: [
    { to: 'post_id', aliases: ['post id'] },
    { to: 'permalink', aliases: ['permalink'] },
    { to: 'text', aliases: ['description', 'title'] },
    { to: ['date', 'timestamp'], aliases: ['publish time'] },
    // Meta replaced "Impressions" by "Views" in 2025; files of either vintage exist.
    { to: 'impressions', aliases: ['impressions', 'views'] },
    { to: 'engagements', aliases: ['reactions, comments and shares', 'engagements'] },
    { to: 'likes', aliases: ['reactions', 'likes'] },
    { to: 'replies', aliases: ['comments'] },
    { to: 'shares', aliases: ['shares'] },
    { to: 'clicks', aliases: ['link clicks'] },
    { to: 'video_views', aliases: ['3-second video views', 'video views'] },
  ],
  constants: { platform: 'facebook' },
  dateOrder: 'mdy',
  finish(row, ctx) {
    finishPost(row, ctx, ctx.peek('post type'), true);
  },
};

/** Meta Business Suite › Insights › Content › Export, Instagram posts, reels and stories. */
export const metaSuiteInstagramPosts: Layout = {
  platform: 'instagram',
  id: 'meta_business_suite_instagram_posts',
  table: 'posts',
  signature: [['post id'], ['publish time'], ['account username', 'account id']],
  columns: [
    { to: 'post_id', aliases: ['post id'] },
    { to: 'permalink', aliases: ['permalink'] },
    { to: 'text', aliases: ['description'] },
    { to: ['date', 'timestamp'], aliases: ['publish time'] },
    { to: 'impressions', aliases: ['impressions', 'views'] },
    { to: 'engagements', aliases: ['interactions', 'engagements'] },
    { to: 'likes', aliases: ['likes'] },
    { to: 'replies', aliases: ['comments'] },
    { to: 'shares', aliases: ['shares'] },
    { to: 'video_views', aliases: ['plays', 'video views'] },
  ],
  constants: { platform: 'instagram' },
  dateOrder: 'mdy',
  finish(row, ctx) {
    finishPost(row, ctx, ctx.peek('post type'), true);
  },
};

/**
 * Legacy Facebook Page Insights "Export data" › Post data: one header row of `Lifetime Post …` metric
 * names, then a row describing each metric (skipped by the importer), then one row per post.
 */
export const facebookPostInsights: Layout = {
  platform: 'facebook',
  id: 'facebook_page_post_insights',
  table: 'posts',
  signature: [['lifetime post total impressions', 'lifetime post total reach', 'lifetime engaged users'], ['post id', 'permalink']],
  columns: [
    { to: 'post_id', aliases: ['post id'] },
    { to: 'permalink', aliases: ['permalink'] },
    { to: 'text', aliases: ['post message'] },
    { to: ['date', 'timestamp'], aliases: ['posted'] },
    { to: 'impressions', aliases: ['lifetime post total impressions'] },
    { to: 'engagements', aliases: ['lifetime engaged users'] },
    { to: 'video_views', aliases: ['lifetime post total video views', 'lifetime total video views'] },
  ],
  constants: { platform: 'facebook' },
  dateOrder: 'mdy',
  finish(row, ctx) {
    // A post with paid impressions was boosted.
    const paid = Number((ctx.peek('lifetime post paid impressions') ?? '').replace(/[,\s]/g, ''));
    row.paid_organic = paid > 0 ? 'paid' : 'organic';
    finishPost(row, ctx, ctx.peek('type'), true);
  },
};

/** YouTube Studio › Analytics › Advanced mode › Export › "Table data.csv" (first row: the Total). */
export const youtubeStudioTable: Layout = {
  platform: 'youtube',
  id: 'youtube_studio_table',
  table: 'posts',
  signature: [['content'], ['video title'], ['views']],
  // "Chart data.csv" of the same download has these columns too, plus one row per video per day.
  notWith: ['date'],
  columns: [
    { to: 'post_id', aliases: ['content'] },
    { to: 'text', aliases: ['video title'] },
    { to: 'date', aliases: ['video publish time'] },
    { to: 'video_views', aliases: ['views'] },
    { to: 'impressions', aliases: ['impressions'] },
    { to: 'likes', aliases: ['likes'] },
    { to: 'shares', aliases: ['shares'] },
    { to: 'replies', aliases: ['comments added', 'comments'] },
  ],
  constants: { platform: 'youtube', format: 'video', paid_organic: 'organic' },
  dateOrder: 'mdy',
  finish(row, ctx) {
    if (typeof row.post_id === 'string') row.permalink = `https://www.youtube.com/watch?v=${row.post_id}`;
    finishPost(row, ctx, undefined, false);
  },
};

/**
 * LinkedIn page analytics › Updates › Export (.xls/.xlsx): a description line above the header, one row
 * per post; "Post type" says Organic or Sponsored, "Content Type" the format.
 */
export const linkedinPagePosts: Layout = {
  platform: 'linkedin',
  id: 'linkedin_page_posts',
  table: 'posts',
  signature: [['post title', 'update title'], ['post link', 'update link'], ['impressions']],
  columns: [
    { to: 'text', aliases: ['post title', 'update title'] },
    { to: 'permalink', aliases: ['post link', 'update link'] },
    { to: ['date', 'timestamp'], aliases: ['created date', 'date'] },
    { to: 'impressions', aliases: ['impressions'] },
    { to: 'clicks', aliases: ['clicks'] },
    { to: 'likes', aliases: ['likes', 'reactions'] },
    { to: 'replies', aliases: ['comments'] },
    { to: 'shares', aliases: ['reposts', 'shares'] },
    { to: 'video_views', aliases: ['video views'] },
  ],
  constants: { platform: 'linkedin' },
  dateOrder: 'mdy',
  finish(row, ctx) {
    // The post's URN is its id: https://www.linkedin.com/feed/update/urn:li:activity:7281…
    const urn = typeof row.permalink === 'string' ? /urn:li:[a-zA-Z]+:\d+/.exec(row.permalink) : null;
    row.post_id = urn ? urn[0] : null;
    row.paid_organic = /sponsored/i.test(ctx.peek('post type') ?? '') ? 'paid' : 'organic';
    // "Created date" carries no time: no hour.
    row.timestamp = null;
    finishPost(row, ctx, ctx.peek('content type'), false);
    row.hour = null;
  },
};

/**
 * Legacy Facebook Page Insights "Export data" › Page data: one row per day, `Lifetime Total Likes`,
 * `Daily New Likes` … with a description row under the header.
 */
export const facebookPageInsights: Layout = {
  platform: 'facebook',
  id: 'facebook_page_insights',
  table: 'account_daily',
  signature: [['lifetime total likes', 'daily new likes', 'daily unlikes', 'daily page engaged users', 'daily total reach'], ['date']],
  columns: [
    { to: 'date', aliases: ['date'] },
    { to: 'followers', aliases: ['lifetime total followers', 'lifetime total likes'] },
    { to: 'new_followers', aliases: ['daily new followers', 'daily new likes'] },
    { to: 'unfollows', aliases: ['daily unfollows', 'daily unlikes'] },
    { to: 'impressions', aliases: ['daily total impressions'] },
    { to: 'reach', aliases: ['daily total reach'] },
    { to: 'engagements', aliases: ['daily page engaged users'] },
  ],
  constants: { platform: 'facebook', account_role: 'own' },
  dateOrder: 'mdy',
};

/** LinkedIn page analytics › Followers › Export: new followers per day by source. */
export const linkedinPageFollowers: Layout = {
  platform: 'linkedin',
  id: 'linkedin_page_followers',
  table: 'account_daily',
  signature: [['organic followers'], ['sponsored followers'], ['date']],
  columns: [
    { to: 'date', aliases: ['date'] },
    // "Total followers" on this sheet is the day's new followers (sponsored + organic + auto-invited).
    { to: 'new_followers', aliases: ['total followers'] },
  ],
  constants: { platform: 'linkedin', account_role: 'own' },
  dateOrder: 'mdy',
};

/** What a Business Suite results file's metric (its title line) is in account_daily, or null to keep it as `value`. */
function resultsMetric(title: string): string | null {
  const t = title.toLowerCase();
  if (/unfollow/.test(t)) return 'unfollows';
  if (/follow/.test(t)) return 'new_followers';
  if (/reach/.test(t)) return 'reach';
  if (/interaction|engagement/.test(t)) return 'engagements';
  if (/impression|views/.test(t)) return 'impressions';
  return null;
}

/**
 * Meta Business Suite › Insights › Results › Export: one file per chart (`Reach.csv`, `Follows.csv`…):
 * a `"sep=,"` line, the chart's title (`"Instagram reach"`), then `"Date","Primary"` with one value per
 * day. The title says the metric and the platform.
 */
export const metaSuiteResults: Layout = {
  platform: 'meta',
  id: 'meta_business_suite_results',
  table: 'account_daily',
  signature: [['primary'], ['date']],
  columns: [
    { to: 'date', aliases: ['date'] },
    { to: 'metric_value', aliases: ['primary'] },
  ],
  extraColumns: [
    { name: 'metric', type: 'VARCHAR', description: "Business Suite results file: the chart's title, i.e. what the day's value counts (e.g. Instagram reach)." },
    { name: 'value', type: 'DOUBLE', description: 'Business Suite results file: the day\'s value when its metric is none of the account_daily columns (visits, link clicks…).' },
  ],
  constants: { account_role: 'own' },
  dateOrder: 'mdy',
  finish(row, ctx) {
    const title = ctx.preamble.title ?? '';
    row.metric = title || null;
    row.platform = /instagram/i.test(title) ? 'instagram' : /facebook/i.test(title) ? 'facebook' : 'meta';
    const target = resultsMetric(title);
    if (target) row[target] = row.metric_value ?? null;
    else {
      row.value = row.metric_value ?? null;
      ctx.note(title ? `"${title}" is none of the account_daily metrics: its values are in the column value` : 'the file has no title line naming its metric: the values are in the column value');
    }
    delete row.metric_value;
    if (target) ctx.note(`"${title}" fills ${target}: one row per day`);
  },
};

/**
 * LinkedIn page analytics › Updates › Export, its "Metrics" sheet (the workbook's first; "All posts" is
 * `linkedin_page_posts`): a description line, then one row per day with organic, sponsored and total
 * counts. The impression totals fill account_daily; every other column (clicks, reactions, comments,
 * reposts, engagement rate by organic / sponsored / total) is kept as it is: LinkedIn's own engagement
 * count is not in the sheet.
 */
export const linkedinPageMetrics: Layout = {
  platform: 'linkedin',
  id: 'linkedin_page_metrics',
  table: 'account_daily',
  signature: [['impressions (total)', 'impressions (organic)'], ['date']],
  columns: [
    { to: 'date', aliases: ['date'] },
    { to: 'impressions', aliases: ['impressions (total)'] },
    { to: 'reach', aliases: ['unique impressions (total)', 'unique impressions (organic)'] },
  ],
  constants: { platform: 'linkedin', account_role: 'own' },
  dateOrder: 'mdy',
};

/**
 * TikTok Studio › Analytics › Overview download: one row per day with video (post) views, profile
 * views, likes, comments and shares (TikTok's help lists these metrics; the header names are not
 * verified from a real file). Engagements are likes + comments + shares, as TikTok's analytics count
 * them; every column is kept.
 */
export const tiktokStudioOverview: Layout = {
  platform: 'tiktok',
  id: 'tiktok_studio_overview',
  table: 'account_daily',
  signature: [['profile views'], ['video views', 'post views'], ['date']],
  columns: [{ to: 'date', aliases: ['date'] }],
  constants: { platform: 'tiktok', account_role: 'own' },
  dateOrder: 'mdy',
  finish(row, ctx) {
    // Days written without a year ("January 5"): the report range in the file name gives it.
    const { start, end } = ctx.preamble;
    const raw = (ctx.peek('date') ?? '').trim();
    if (row.date === null && start && end && raw) {
      const inRange = [Number(start.slice(0, 4)), Number(end.slice(0, 4))]
        .map((y) => parseDate(`${raw} ${y}`, 'mdy')?.date)
        .find((d) => d !== undefined && d >= start && d <= end);
      if (inRange) {
        row.date = inRange;
        ctx.note(`the days have no year ("January 5"): each is placed in the report range ${start} to ${end} from the file name`);
      }
    }
    const parts = ['likes', 'comments', 'shares'].map((h) => ctx.peek(h));
    if (parts.every((p) => p !== undefined && /^\d+$/.test(p.trim().replace(/[,.\s]/g, '')))) {
      row.engagements = parts.reduce((s, p) => s + Number(p!.trim().replace(/[,.\s]/g, '')), 0);
      ctx.note('engagements are likes + comments + shares, as TikTok analytics count them');
    }
  },
};
