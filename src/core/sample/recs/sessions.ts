/**
 * App sessions of the recs users with planted behavioural groups (module 5's clustering): each
 * group has its own daily rhythm, content mix and engagement depth, every user draws their own
 * habits around their group's and 40 % of their screens come from a mix of their own, so the
 * groups overlap at the edges but stay the same from one half of the period to the next.
 */
import { csvLine, dayAt, dayOfWeek, timestampOf } from '../calendar.ts';
import { blendedMix, normal, poisson, weighted, type Rng } from '../random.ts';
import type { User } from './interactions.ts';
import type { RecsSize } from './plan.ts';

export const SESSIONS_HEADER = ['session_id', 'user_id', 'started_at', 'duration_s', 'screens', 'video_screens', 'article_screens', 'shop_screens', 'community_screens', 'reactions', 'comments'];

type Content = 'video' | 'article' | 'shop' | 'community';
const CONTENTS: readonly Content[] = ['video', 'article', 'shop', 'community'];

export interface BehaviourGroup {
  /** Share of users in the group. */
  share: number;
  /** Local hour the sessions cluster around, and its spread (hours). */
  hour: number;
  hourSd: number;
  /** Sessions per week (times the size's sessionScale). */
  perWeek: number;
  /** Mean session length in minutes (log-normal around it). */
  minutes: number;
  /** Screens per minute of session. */
  screensPerMinute: number;
  /** Share of screens by content type. */
  mix: Record<Content, number>;
  /** Reactions and comments per screen. */
  reactionsPerScreen: number;
  commentsPerScreen: number;
  /** Weight of a Saturday or Sunday against a weekday (1 = no preference). */
  weekend: number;
  description: string;
}

/** The planted groups: activity rhythm, content mix and engagement depth differ together. */
export const BEHAVIOUR_GROUPS: Record<string, BehaviourGroup> = {
  evening_viewer: { share: 0.3, hour: 21, hourSd: 2, perWeek: 2, minutes: 24, screensPerMinute: 0.6, mix: { video: 0.55, article: 0.15, shop: 0.15, community: 0.15 }, reactionsPerScreen: 0.15, commentsPerScreen: 0.01, weekend: 1, description: 'long evening sessions, mostly video, few comments' },
  morning_skimmer: { share: 0.3, hour: 7.5, hourSd: 1.5, perWeek: 4.5, minutes: 4, screensPerMinute: 1.5, mix: { video: 0.15, article: 0.55, shop: 0.15, community: 0.15 }, reactionsPerScreen: 0.05, commentsPerScreen: 0.005, weekend: 0.6, description: 'many short morning sessions reading articles' },
  deal_hunter: { share: 0.2, hour: 16, hourSd: 3, perWeek: 1.5, minutes: 11, screensPerMinute: 1.8, mix: { video: 0.15, article: 0.15, shop: 0.55, community: 0.15 }, reactionsPerScreen: 0.04, commentsPerScreen: 0.005, weekend: 2, description: 'weekend shop browsing, few reactions' },
  community_regular: { share: 0.2, hour: 13, hourSd: 3, perWeek: 3, minutes: 14, screensPerMinute: 1, mix: { video: 0.15, article: 0.2, shop: 0.1, community: 0.55 }, reactionsPerScreen: 0.3, commentsPerScreen: 0.12, weekend: 1, description: 'midday community sessions with many reactions and comments' },
};
/** Share of each user's screens drawn from a content mix of their own instead of their group's. */
export const OWN_MIX_SHARE = 0.4;

export interface SessionsTruth {
  groupByUser: Map<string, string>;
  sessions: number;
}

/** One user's habits: their group's, each drawn with their own noise. */
function habits(rng: Rng, g: BehaviourGroup, size: RecsSize) {
  const mix = blendedMix(rng, CONTENTS, g.mix, OWN_MIX_SHARE);
  return {
    hour: g.hour + normal(rng) * 1.5,
    perWeek: g.perWeek * size.sessionScale * Math.exp(normal(rng) * 0.4),
    minutes: g.minutes * Math.exp(normal(rng) * 0.45),
    reactions: g.reactionsPerScreen * Math.exp(normal(rng) * 0.5),
    comments: g.commentsPerScreen * Math.exp(normal(rng) * 0.5),
    mix,
  };
}

/** Sessions of every user from their first day to the end, by start time. */
export function sessionLines(rng: Rng, size: RecsSize, users: User[], truth: SessionsTruth): string[] {
  const start = Date.parse(`${dayAt(0)}T00:00:00Z`);
  const shares = Object.fromEntries(Object.entries(BEHAVIOUR_GROUPS).map(([k, g]) => [k, g.share]));
  const lines: [number, string, string][] = [];
  for (const u of users) {
    const group = weighted(rng, shares);
    truth.groupByUser.set(u.id, group);
    const g = BEHAVIOUR_GROUPS[group]!;
    const h = habits(rng, g, size);
    for (let day = u.firstDay; day < size.days; day++) {
      const weekend = dayOfWeek(dayAt(day)) >= 5;
      // Weekly rate spread over the days by the group's weekend preference (2 weekend days, 5 weekdays).
      const perDay = (h.perWeek * (weekend ? g.weekend : 1)) / (5 + 2 * g.weekend);
      const n = poisson(rng, perDay);
      for (let k = 0; k < n; k++) {
        const hour = ((h.hour + normal(rng) * g.hourSd) % 24 + 24) % 24;
        const ms = start + day * 86_400_000 + Math.floor(hour * 3_600_000);
        const seconds = Math.max(20, Math.round(h.minutes * 60 * Math.exp(normal(rng) * 0.4)));
        const screens = Math.max(1, poisson(rng, (seconds / 60) * g.screensPerMinute));
        const by: Record<Content, number> = { video: 0, article: 0, shop: 0, community: 0 };
        for (let s = 0; s < screens; s++) by[weighted(rng, h.mix)]++;
        const reactions = poisson(rng, screens * h.reactions);
        const comments = poisson(rng, screens * h.comments);
        lines.push([ms, u.id, csvLine(['', u.id, timestampOf(ms), seconds, screens, by.video, by.article, by.shop, by.community, reactions, comments])]);
      }
    }
  }
  lines.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  truth.sessions = lines.length;
  return lines.map(([, , l], i) => `A${String(i + 1).padStart(7, '0')}${l}`);
}
