import type { Layout } from '../layout.ts';

/** Count emoji (pictographs and regional-indicator pairs) in a text. */
export function countEmoji(text: string): number {
  return (text.match(/\p{Extended_Pictographic}|\p{Regional_Indicator}{2}/gu) ?? []).length;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/** Decode the few HTML entities platforms leave in exported text. */
export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, e: string) => ENTITIES[e]!);
}

/** X (Twitter) organic post analytics, the 40-column monthly download. */
export const xPosts: Layout = {
  platform: 'x',
  id: 'x_post_analytics',
  table: 'posts',
  signature: [['tweet id', 'post id'], ['impressions'], ['engagements', 'engagement rate']],
  columns: [
    { to: 'post_id', aliases: ['tweet id', 'post id'] },
    { to: 'permalink', aliases: ['tweet permalink', 'post permalink', 'post link'] },
    { to: 'text', aliases: ['tweet text', 'post text'] },
    { to: ['date', 'timestamp'], aliases: ['time', 'date'] },
    { to: 'impressions', aliases: ['impressions'] },
    { to: 'engagements', aliases: ['engagements'] },
    { to: 'shares', aliases: ['retweets', 'reposts'] },
    { to: 'replies', aliases: ['replies'] },
    { to: 'likes', aliases: ['likes', 'favorites'] },
    { to: 'clicks', aliases: ['url clicks'] },
    { to: 'video_views', aliases: ['media views', 'video views'] },
    { to: 'promoted_impressions', aliases: ['promoted impressions'] },
  ],
  constants: { platform: 'x' },
  dateOrder: 'mdy',
  finish(row, ctx) {
    // Organic posts hold "-" in the promoted columns; a number there means the post was promoted.
    row.paid_organic = typeof row.promoted_impressions === 'number' && row.promoted_impressions > 0 ? 'paid' : 'organic';
    delete row.promoted_impressions;
    // X writes HTML entities into post text (&amp;).
    if (typeof row.text === 'string') row.text = decodeEntities(row.text);
    const text = typeof row.text === 'string' ? row.text : '';
    row.headline_length = text ? text.split('\n')[0]!.length : null;
    row.emoji_count = text ? countEmoji(text) : null;
    // The 2024+ account analytics download dates posts by day only ("Mon, Jan 06, 2025"): no time, no hour.
    const when = ctx.peek('time') ?? ctx.peek('date') ?? '';
    if (!when.includes(':')) row.timestamp = null;
    if (typeof row.timestamp === 'string') row.hour = Number(row.timestamp.slice(11, 13));
    row.format = /https?:\/\/\S*(video|\/i\/)/.test(text) ? 'video' : /https?:\/\//.test(text) ? 'link' : 'text';
  },
};
