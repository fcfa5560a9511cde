import { csvLine, dayAt, timestampOf, volumeMultiplier } from './calendar.ts';
import { POST_EMOJI_MULTIPLIER, POST_FORMAT_CTR, type SampleSize } from './plan.ts';
import { binomial, pick, poisson, weighted, type Rng } from './random.ts';

export interface SamplePost {
  post_id: string; date: string; timestamp: string; hour: number; platform: string; format: keyof typeof POST_FORMAT_CTR;
  text: string; headline_length: number; emoji_count: number; permalink: string; paid_organic: string;
  impressions: number; engagements: number; clicks: number; likes: number; shares: number; replies: number; video_views: number;
}

const HEADLINES = ['How we cut CPC by 30% in a week', 'Your notebook runs in the browser', 'Three ways to read a CTR spike', 'Behind the scenes of our spring launch', 'Ask us anything about attribution', 'New template: A/B test in 5 minutes'];
const EMOJI = ['🚀', '📈', '✨', '🔥', '👀'];

export const POSTS_HEADER = ['post_id', 'date', 'timestamp', 'hour', 'platform', 'format', 'text', 'headline_length', 'emoji_count', 'permalink', 'paid_organic', 'impressions', 'engagements', 'clicks', 'likes', 'shares', 'replies', 'video_views'];

/** Organic posts on four platforms; CTR follows POST_FORMAT_CTR and the emoji multiplier. */
export function generatePosts(rng: Rng, size: SampleSize): SamplePost[] {
  const posts: SamplePost[] = [];
  for (let d = 0; d < size.days; d++) {
    const date = dayAt(d);
    for (const platform of ['meta', 'linkedin', 'x', 'tiktok']) {
      if (rng() > 0.6) continue;
      const format = platform === 'tiktok' ? 'video' : weighted(rng, { text: 0.2, image: 0.3, video: 0.2, carousel: 0.15, link: 0.15 });
      const emoji = rng() < 0.45;
      const headline = pick(rng, HEADLINES) + (emoji ? ` ${pick(rng, EMOJI)}` : '');
      const text = `${headline}\n${pick(rng, ['Read more on the blog.', 'Link in bio.', 'Full thread below.', 'Try it on your own data.'])}`;
      const hour = pick(rng, [8, 9, 12, 13, 17, 19, 21]);
      const ts = timestampOf(Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00Z`) + Math.floor(rng() * 3_600_000));
      const impressions = Math.round(800 + 4000 * rng() * volumeMultiplier(date));
      const ctr = POST_FORMAT_CTR[format] * (emoji ? POST_EMOJI_MULTIPLIER : 1);
      const clicks = binomial(rng, impressions, ctr);
      const likes = binomial(rng, impressions, 0.02);
      const shares = binomial(rng, impressions, 0.003);
      const replies = poisson(rng, 5);
      const id = platform === 'x' ? String(1870000000000000000n + BigInt(posts.length * 7919 + Math.floor(rng() * 1000))) : `${platform}_${posts.length + 1}`;
      posts.push({
        post_id: id, date: ts.slice(0, 10), timestamp: ts, hour: Number(ts.slice(11, 13)), platform, format, text, headline_length: headline.length,
        emoji_count: emoji ? 1 : 0, permalink: platform === 'x' ? `https://x.com/pulsedemo/status/${id}` : `https://example.com/${platform}/${id}`, paid_organic: 'organic',
        impressions, engagements: clicks + likes + shares + replies, clicks, likes, shares, replies, video_views: format === 'video' ? binomial(rng, impressions, 0.3) : 0,
      });
    }
  }
  return posts;
}

export function postLine(p: SamplePost): string {
  return csvLine(POSTS_HEADER.map((k) => p[k as keyof SamplePost]));
}

const COMMENTS = {
  positive: ['Love this, thanks for sharing!', 'This is exactly what I needed 🙌', 'Great tips, saved for later', 'Super helpful thread', 'Brilliant, works like a charm'],
  neutral: ['Is there a version for LinkedIn?', 'What time zone is this in?', 'Posted the link in our team chat', 'Does this work with GA4 exports?', 'Following'],
  negative: ['The app keeps crashing on my phone', 'Too expensive for small teams', 'This did not work for me at all 😡', 'Worst update so far', 'Support never answered my email'],
} as const;

export const COMMENTS_HEADER = ['comment_id', 'post_id', 'platform', 'user_id', 'timestamp', 'text', 'sentiment'];

/** Comments with known sentiment: each post gets a few, drawn from labelled templates. */
export function generateComments(rng: Rng, posts: SamplePost[], userCount: number): { lines: string[]; labels: Record<'positive' | 'neutral' | 'negative', number> } {
  const lines: string[] = [];
  const labels = { positive: 0, neutral: 0, negative: 0 };
  let n = 0;
  for (const p of posts) {
    for (let k = poisson(rng, 3); k > 0; k--) {
      const sentiment = weighted(rng, { positive: 0.5, neutral: 0.3, negative: 0.2 });
      labels[sentiment]++;
      const ts = timestampOf(Date.parse(p.timestamp.replace(' ', 'T') + 'Z') + Math.floor(rng() * 86_400_000));
      lines.push(csvLine([`c${String(++n).padStart(6, '0')}`, p.post_id, p.platform, `u${String(1 + Math.floor(rng() * userCount)).padStart(6, '0')}`, ts, pick(rng, COMMENTS[sentiment]), sentiment]));
    }
  }
  return { lines, labels };
}
