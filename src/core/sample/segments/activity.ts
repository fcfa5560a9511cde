/**
 * What the segmentation sample's audience does: posts on the three own accounts, sessions of
 * interactions (a Markov chain over actions, at the hours of the person's cluster), follows and
 * unfollows, hides and reports, comments and brand mentions, bot bursts; and the tables built from
 * them (daily account totals with follower breakdowns, ad sets by frequency, the A/B test).
 */
import { csvLine, dayAt, timestampOf } from '../calendar.ts';
import { binomial, pick, poisson, weighted, type Rng } from '../random.ts';
import type { Bot, Person } from './people.ts';
import {
  AB_TEST, AD_SETS, AGE_BRACKETS, AGE_BY_PLATFORM, AGE_LABELS, BASE_FOLLOWERS, BEHAVIOUR, BOTS, BRANDS, BREAKDOWN_GLITCH, CLUSTERS, DRIFT,
  ENGAGEMENT_PER_REACH, FREQUENCY_BUCKETS, GENDER_LABELS, GENDER_SHARES, GENDERS, HIDE_RATE, OWN_ACCOUNT, PULL_GAPS, PLATFORM_FORMATS, PLATFORMS, POSTS_PER_DAY,
  REACH_RATE, REPORT_SHARE_OF_HIDES, SENTIMENT, TEMPLATES, THEMES, TRANSITIONS, type Action, type Cluster, type Format, type Platform, type SegmentsSize, type Theme,
} from './plan.ts';

const DAY_MS = 86_400_000;
const START_MS = Date.parse(`${dayAt(0)}T00:00:00Z`);
/** Europe/Berlin: UTC+1, UTC+2 from 2025-03-30 01:00 UTC to 2025-10-26 01:00 UTC. */
const DST = [Date.UTC(2025, 2, 30, 1), Date.UTC(2025, 9, 26, 1)] as const;

/** Epoch ms (UTC) of a Berlin wall-clock time `hour` (fractional) on window day `day`. */
export function berlinToUtc(day: number, hour: number): number {
  const local = START_MS + day * DAY_MS + hour * 3_600_000;
  const winter = local - 3_600_000;
  return winter >= DST[0] && winter < DST[1] ? local - 7_200_000 : winter;
}

export interface Post {
  id: string;
  platform: Platform;
  day: number;
  ms: number;
  format: Format;
  theme: Theme;
}

export function generatePosts(rng: Rng, size: SegmentsSize): Post[] {
  const posts: Post[] = [];
  let n = 0;
  for (let day = -14; day < size.days; day++) {
    for (const platform of PLATFORMS) {
      let count = Math.floor(POSTS_PER_DAY[platform]) + (rng() < POSTS_PER_DAY[platform] % 1 ? 1 : 0);
      for (; count > 0; count--) {
        n++;
        const formats = PLATFORM_FORMATS[platform];
        posts.push({ id: `P${String(n).padStart(5, '0')}`, platform, day, ms: berlinToUtc(day, 9 + rng() * 10), format: weighted(rng, formats), theme: weighted(rng, THEMES) });
      }
    }
  }
  return posts;
}

export interface ActivityTruth {
  interactions: number;
  follows: { giveaway: number; other: number };
  unfollows: { giveaway: number; other: number };
  comments: Record<Cluster, Record<'positive' | 'neutral' | 'negative', number>>;
  hides: Record<Theme, { views: number; hides: number }>;
  transitions: Record<string, Record<string, number>>;
  botEvents: number;
  mentions: Record<string, number>;
}

export interface Activity {
  interactions: string[];
  comments: string[];
  /** Per platform and day: follows, unfollows, engagements. */
  daily: Map<string, { follows: number; unfollows: number; engagements: number }>;
  truth: ActivityTruth;
}

type Emit = (ms: number, platform: Platform, actor: string, content: string, action: string, target?: string) => void;

/** Posts of one platform by format, in publication order, to pick recent content fast. */
function contentIndex(posts: Post[]) {
  const by = new Map<string, Post[]>();
  for (const p of posts) {
    const k = `${p.platform}|${p.format}`;
    if (!by.has(k)) by.set(k, []);
    by.get(k)!.push(p);
    if (!by.has(p.platform)) by.set(p.platform, []);
    by.get(p.platform)!.push(p);
  }
  /** A post of `platform` (of `format` when it publishes that format) from the last two weeks before `day`. */
  return (rng: Rng, platform: Platform, format: Format | null, day: number): Post => {
    const list = (format && by.get(`${platform}|${format}`)) || by.get(platform)!;
    let hi = list.length;
    while (hi > 0 && list[hi - 1]!.day > day) hi--;
    let lo = hi;
    while (lo > 0 && list[lo - 1]!.day >= day - 14) lo--;
    if (hi === 0) return list[0]!;
    return list[lo + Math.floor(rng() * (hi - lo))] ?? list[hi - 1]!;
  };
}

export function generateActivity(rng: Rng, size: SegmentsSize, people: Person[], bots: Bot[], posts: Post[]): Activity {
  const interactions: string[] = [];
  const comments: string[] = [];
  const daily = new Map<string, { follows: number; unfollows: number; engagements: number }>();
  const truth: ActivityTruth = {
    interactions: 0,
    follows: { giveaway: 0, other: 0 },
    unfollows: { giveaway: 0, other: 0 },
    comments: Object.fromEntries(CLUSTERS.map((c) => [c, { positive: 0, neutral: 0, negative: 0 }])) as ActivityTruth['comments'],
    hides: Object.fromEntries(Object.keys(THEMES).map((t) => [t, { views: 0, hides: 0 }])) as ActivityTruth['hides'],
    transitions: {},
    botEvents: 0,
    mentions: {},
  };
  const pickPost = contentIndex(posts);
  const giveaways = new Map<Platform, Post[]>(PLATFORMS.map((p) => [p, posts.filter((x) => x.platform === p && x.theme === 'giveaway')]));
  const others = new Map<Platform, Post[]>(PLATFORMS.map((p) => [p, posts.filter((x) => x.platform === p && x.theme !== 'giveaway')]));
  const bump = (platform: Platform, ms: number, field: 'follows' | 'unfollows' | 'engagements') => {
    const k = `${platform}|${timestampOf(ms).slice(0, 10)}`;
    const d = daily.get(k) ?? { follows: 0, unfollows: 0, engagements: 0 };
    d[field]++;
    daily.set(k, d);
  };
  const emit: Emit = (ms, platform, actor, content, action, target = '') => {
    interactions.push(csvLine([timestampOf(ms), platform, actor, content, action, target]));
    truth.interactions++;
    if (action !== 'view' && action !== 'follow' && action !== 'unfollow' && action !== 'hide' && action !== 'report') bump(platform, ms, 'engagements');
  };
  let commentN = 0;
  const comment = (ms: number, platform: Platform, actor: string, followers: number, content: string, kind: string, brand: string, cluster: Cluster | null, text?: string) => {
    let body = text;
    if (!body) {
      const tone = weighted(rng, SENTIMENT[cluster!]);
      truth.comments[cluster!][tone]++;
      body = pick(rng, TEMPLATES[tone]);
      if (kind === 'mention') body = `${brand}: ${body}`;
    }
    commentN++;
    comments.push(csvLine([`C${String(commentN).padStart(6, '0')}`, content, platform, actor, timestampOf(ms), body, '', kind, brand, followers]));
  };

  for (const p of people) {
    const b = BEHAVIOUR[p.cluster];
    const end = size.days;
    const mid = Math.floor(size.days / 2);
    const platform = p.primary.platform;
    // Follow, from a giveaway post or another post published before it.
    const pool = (p.followGiveaway ? giveaways : others).get(platform)!;
    const candidates = pool.filter((x) => x.day <= Math.floor(p.followAt));
    const source = candidates.length ? candidates[Math.max(0, candidates.length - 1 - Math.floor(rng() * Math.min(5, candidates.length)))]! : pool[0]!;
    const followMs = START_MS + p.followAt * DAY_MS;
    emit(followMs, platform, p.primary.key, source.id, 'follow', OWN_ACCOUNT[platform]);
    bump(platform, followMs, 'follows');
    p.followGiveaway ? truth.follows.giveaway++ : truth.follows.other++;
    const unfollowAt = p.followAt + p.timeToUnfollow;
    if (unfollowAt < end) {
      const ms = START_MS + unfollowAt * DAY_MS;
      emit(ms, platform, p.primary.key, '', 'unfollow', OWN_ACCOUNT[platform]);
      bump(platform, ms, 'unfollows');
      p.followGiveaway ? truth.unfollows.giveaway++ : truth.unfollows.other++;
    }
    const activeUntil = Math.min(end, unfollowAt);
    for (let day = Math.ceil(p.followAt); day < activeUntil; day++) {
      const age = day - p.followAt;
      const rate = b.sessionsPerDay * (b.halfLife ? Math.pow(0.5, age / b.halfLife) : 1);
      const secondHalf = day >= mid;
      const hours = secondHalf && p.drifts ? BEHAVIOUR[DRIFT.to].hours : b.hours;
      const sessions = poisson(rng, rate);
      for (let s = 0; s < sessions; s++) {
        const hour = rng() < b.concentration ? pick(rng, hours) : Math.floor(rng() * 24);
        let ms = berlinToUtc(day, hour + rng() * 0.9);
        if (ms >= START_MS + activeUntil * DAY_MS) continue;
        // Twins: migrants move to the second account in the second half; others use it now and then.
        const acct = p.twin && (p.twin.migrates ? secondHalf : rng() < 0.1) ? p.twin.account : p.primary;
        const fmt = weighted(rng, b.formats);
        let action: Action | 'end' = 'view';
        let post = pickPost(rng, acct.platform, PLATFORM_FORMATS[acct.platform][fmt] > 0 ? fmt : null, day);
        let prev: Action | null = null;
        while (action !== 'end') {
          if (prev) truth.transitions[prev] = { ...truth.transitions[prev], [action]: (truth.transitions[prev]?.[action] ?? 0) + 1 };
          if (action === 'view' && prev !== null) post = pickPost(rng, acct.platform, PLATFORM_FORMATS[acct.platform][fmt] > 0 ? fmt : null, day);
          emit(ms, acct.platform, acct.key, post.id, action);
          if (action === 'comment') comment(ms + 1000, acct.platform, acct.key, acct.followers, post.id, 'comment', BRANDS.own, p.cluster);
          if (action === 'view') {
            truth.hides[post.theme].views++;
            if (rng() < HIDE_RATE[post.theme]) {
              truth.hides[post.theme].hides++;
              emit(ms + 2000, acct.platform, acct.key, post.id, 'hide');
              if (rng() < REPORT_SHARE_OF_HIDES) emit(ms + 4000, acct.platform, acct.key, post.id, 'report');
              break;
            }
          }
          prev = action;
          action = weighted(rng, TRANSITIONS[action] as Record<Action | 'end', number>);
          ms += 5000 + Math.floor(rng() * 85_000);
        }
        if (action === 'end' && prev) truth.transitions[prev] = { ...truth.transitions[prev], end: (truth.transitions[prev]?.end ?? 0) + 1 };
      }
    }
    // Brand mentions (listening data): own brand or a competitor.
    for (let m = 0, count = rng() < BRANDS.mentionsPerPerson ? 1 + (rng() < 0.3 ? 1 : 0) : 0; m < count; m++) {
      const brand = weighted(rng, BRANDS.shares);
      truth.mentions[brand] = (truth.mentions[brand] ?? 0) + 1;
      const day = Math.floor(rng() * size.days);
      comment(berlinToUtc(day, pick(rng, b.hours) + rng() * 0.9), platform, p.primary.key, p.primary.followers, '', 'mention', brand, p.cluster);
    }
  }

  // Bots: a follow, then bursts of likes every 30 ± 1 s, and the same comment again and again.
  for (const bot of bots) {
    const a = bot.account;
    const first = bot.burstDays[0]!;
    emit(berlinToUtc(first, 2), a.platform, a.key, '', 'follow', OWN_ACCOUNT[a.platform]);
    bump(a.platform, berlinToUtc(first, 2), 'follows');
    truth.botEvents++;
    for (const day of bot.burstDays) {
      let ms = berlinToUtc(day, 2 + Math.floor(rng() * 20));
      for (let i = 0; i < BOTS.burstSize; i++) {
        const post = pickPost(rng, a.platform, null, day);
        emit(ms, a.platform, a.key, post.id, 'like');
        truth.botEvents++;
        if (i % 40 === 0) comment(ms + 500, a.platform, a.key, a.followers, post.id, 'comment', BRANDS.own, null, BOTS.text);
        ms += (BOTS.intervalSeconds + (rng() * 2 - 1) * BOTS.jitterSeconds) * 1000;
      }
    }
  }
  return { interactions, comments, daily, truth };
}

export const INTERACTIONS_HEADER = ['ts', 'platform', 'actor_key', 'content_id', 'action', 'target_account_id'];
export const COMMENTS_HEADER = ['comment_id', 'post_id', 'platform', 'user_id', 'timestamp', 'text', 'sentiment', 'kind', 'brand', 'author_followers'];
export const POSTS_HEADER = ['post_id', 'date', 'timestamp', 'hour', 'platform', 'account_id', 'format', 'theme', 'paid_organic', 'reach', 'impressions', 'engagements', 'likes', 'shares', 'replies', 'clicks', 'hides', 'reports'];
export const ACCOUNTS_HEADER = ['date', 'platform', 'account_id', 'account_role', 'brand', 'breakdown_type', 'breakdown_value', 'followers', 'new_followers', 'unfollows', 'impressions', 'reach', 'engagements', 'posts_published'];

/** Followers of the own account at the end of each day, per platform. */
function followerSeries(size: SegmentsSize, daily: Activity['daily']): Map<string, number> {
  const out = new Map<string, number>();
  for (const platform of PLATFORMS) {
    let f = BASE_FOLLOWERS[platform];
    for (let d = -14; d < size.days; d++) {
      const x = daily.get(`${platform}|${dayAt(d)}`);
      f += (x?.follows ?? 0) - (x?.unfollows ?? 0);
      out.set(`${platform}|${d}`, f);
    }
  }
  return out;
}

export interface PostStats {
  post: Post;
  reach: number;
  impressions: number;
  engagements: number;
  hides: number;
  reports: number;
}

export function postStats(rng: Rng, size: SegmentsSize, posts: Post[], daily: Activity['daily']): PostStats[] {
  const followers = followerSeries(size, daily);
  return posts.map((post) => {
    const reach = Math.round(followers.get(`${post.platform}|${post.day}`)! * REACH_RATE[post.platform] * (0.7 + 0.6 * rng()));
    const engagements = binomial(rng, reach, ENGAGEMENT_PER_REACH[post.format]);
    const hides = binomial(rng, reach, 0.002 * (post.theme === 'giveaway' ? 6 : 1));
    return { post, reach, impressions: Math.round(reach * (1.2 + 0.3 * rng())), engagements, hides, reports: binomial(rng, hides, REPORT_SHARE_OF_HIDES) };
  });
}

export function postLine(s: PostStats): string {
  const p = s.post;
  const likes = Math.round(s.engagements * 0.7);
  const replies = Math.round(s.engagements * 0.1);
  const shares = Math.round(s.engagements * 0.1);
  const ts = timestampOf(p.ms);
  return csvLine([p.id, ts.slice(0, 10), ts, Number(ts.slice(11, 13)), p.platform, OWN_ACCOUNT[p.platform], p.format, p.theme, 'organic', s.reach, s.impressions, s.engagements, likes, shares, replies, s.engagements - likes - replies - shares, s.hides, s.reports]);
}

/** Daily totals per own account, and the platforms' follower breakdowns on the last day. */
export function* accountLines(size: SegmentsSize, daily: Activity['daily'], stats: PostStats[]): Generator<string> {
  const followers = followerSeries(size, daily);
  const byDay = new Map<string, { impressions: number; reach: number; posts: number }>();
  for (const s of stats) {
    const k = `${s.post.platform}|${s.post.day}`;
    const x = byDay.get(k) ?? { impressions: 0, reach: 0, posts: 0 };
    byDay.set(k, { impressions: x.impressions + s.impressions, reach: x.reach + s.reach, posts: x.posts + 1 });
  }
  for (let d = 0; d < size.days; d++) {
    for (const platform of PLATFORMS) {
      if (platform === PULL_GAPS.platform && PULL_GAPS.days.includes(d)) continue;
      const x = daily.get(`${platform}|${dayAt(d)}`);
      const p = byDay.get(`${platform}|${d}`);
      yield csvLine([dayAt(d), platform, OWN_ACCOUNT[platform], 'own', 'Lumen', '', '', followers.get(`${platform}|${d}`), x?.follows ?? 0, x?.unfollows ?? 0, p?.impressions ?? 0, p?.reach ?? 0, x?.engagements ?? 0, p?.posts ?? 0]);
    }
  }
  // Breakdowns: the platform's own report of its followers (its labels), on the last day.
  const last = size.days - 1;
  for (const platform of PLATFORMS) {
    const total = followers.get(`${platform}|${last}`)!;
    const shares = breakdownShares(platform);
    const row = (type: string, value: string, share: number) => csvLine([dayAt(last), platform, OWN_ACCOUNT[platform], 'own', 'Lumen', type, value, Math.round(total * share), '', '', '', '', '', '']);
    const rng = () => 0.5; // a fixed split of Instagram's 55+ into its two brackets
    for (const [i, b] of AGE_BRACKETS.entries()) {
      if (platform === 'instagram' && b === '55+') {
        yield row('age', '55-64', shares[i]! * 0.6);
        yield row('age', '65+', shares[i]! * 0.4);
      } else yield row('age', AGE_LABELS[platform](b, rng), shares[i]!);
    }
    for (const [i, g] of GENDERS.entries()) yield row('gender', GENDER_LABELS[platform][g]!, GENDER_SHARES[i]!);
  }
}

/** The age shares a platform reports: its true distribution, plus the planted glitch on one platform. */
export function breakdownShares(platform: Platform): number[] {
  const shares = [...AGE_BY_PLATFORM[platform]];
  if (platform === BREAKDOWN_GLITCH.platform) {
    const i = AGE_BRACKETS.indexOf(BREAKDOWN_GLITCH.bracket as (typeof AGE_BRACKETS)[number]);
    shares[i] = shares[i]! + BREAKDOWN_GLITCH.extra;
    const sum = shares.reduce((s, x) => s + x, 0);
    return shares.map((x) => x / sum);
  }
  return shares;
}

export const AD_HEADER = ['date', 'platform', 'campaign', 'ad_group', 'frequency_bucket', 'impressions', 'reach', 'clicks', 'engagements', 'hides', 'spend', 'currency', 'conversions', 'conversion_value'];

/** Ad sets per targeted audience by day and frequency bucket: CTR falls and hides rise with frequency. */
export function* adLines(rng: Rng, size: SegmentsSize): Generator<string> {
  for (let d = 0; d < size.days; d++) {
    for (const c of CLUSTERS) {
      const a = AD_SETS[c];
      const spend = a.spendPerDay * (0.85 + 0.3 * rng());
      const imps = Math.round((spend / a.cpm) * 1000);
      for (const bucket of FREQUENCY_BUCKETS) {
        const n = Math.round(imps * bucket.share);
        const clicks = binomial(rng, n, a.ctr1 * Math.exp(-a.k * (bucket.f - 1)));
        const hides = binomial(rng, n, a.hide1 * (1 + 0.5 * (bucket.f - 1)));
        const s = spend * bucket.share;
        const value = a.roas * s * (0.8 + 0.4 * rng());
        yield csvLine([dayAt(d), 'meta', 'Audience always-on', a.name, bucket.label, n, Math.round(n / bucket.f), clicks, clicks + binomial(rng, n, 0.01), hides, s.toFixed(2), 'EUR', Math.round(value / AB_TEST.value), value.toFixed(2)]);
      }
    }
  }
}

export const TESTS_HEADER = ['test_id', 'user_key', 'variant', 'slot', 'exposed_ts', 'converted', 'value', 'path'];

export interface TestTruth {
  cells: Record<string, { units: number; conversions: number }>;
}

/** The A/B test: every person, variant and slot at random; conversion by planted cluster. */
export function* testLines(rng: Rng, size: SegmentsSize, people: Person[], t: TestTruth): Generator<string> {
  const mid = Math.floor(size.days / 2);
  for (const p of people) {
    const variant = rng() < 0.5 ? 'A' : 'B';
    const slot = rng() < 0.5 ? 'morning' : 'evening';
    const prob = AB_TEST.base[p.cluster] + (variant === 'B' ? AB_TEST.liftB[p.cluster] : 0) + (slot === 'evening' ? AB_TEST.liftEvening[p.cluster] : 0);
    const converted = rng() < prob;
    const k = `${p.cluster}|${variant}|${slot}`;
    t.cells[k] = { units: (t.cells[k]?.units ?? 0) + 1, conversions: (t.cells[k]?.conversions ?? 0) + (converted ? 1 : 0) };
    const touches = 1 + Math.floor(rng() * 4);
    const path = Array.from({ length: touches }, () => weighted(rng, AB_TEST.channels[p.cluster]!)).join(' > ');
    const day = mid + Math.floor(rng() * (size.days - mid));
    yield csvLine([AB_TEST.test_id, p.primary.key, variant, slot, timestampOf(berlinToUtc(day, slot === 'morning' ? 9 : 20)), converted ? 1 : 0, converted ? AB_TEST.value : 0, path]);
  }
}
