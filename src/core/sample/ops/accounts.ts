/**
 * Accounts by day — the brand, three competitors and a set of influencers — and the comments on the
 * influencers' posts. One influencer bought followers: a one-day follower jump, engagement that does
 * not grow with the jump, and comments that repeat; the honest ones grow steadily with unique comments.
 */
import { csvLine, dayAt } from '../calendar.ts';
import { normal, pick, poisson, type Rng } from '../random.ts';
import { BRANDS, FAKE, INFLUENCER, type OpsSize } from './plan.ts';

export const ACCOUNT_DAILY_HEADER = ['date', 'account_id', 'account_role', 'brand', 'followers', 'new_followers', 'posts_published', 'engagements', 'mentions'];
export const INFLUENCER_COMMENTS_HEADER = ['comment_id', 'account_id', 'content_id', 'author_key', 'ts', 'text'];

const HONEST_NAMES = ['inf_trailmix', 'inf_cityplates', 'inf_homelab', 'inf_quietstudio', 'inf_runnotes', 'inf_greenbalcony', 'inf_bookcorner', 'inf_twowheels', 'inf_tinykitchen', 'inf_fieldnotes', 'inf_oldcameras'];
const OPENERS = ['Really', 'Honestly', 'Such a', 'What a', 'Very', 'Super', 'Quite a', 'Pretty'];
const ADJECTIVES = ['useful', 'clear', 'calm', 'clever', 'thoughtful', 'fun', 'practical', 'inspiring', 'detailed', 'fresh'];
const NOUNS = ['tip', 'walkthrough', 'idea', 'setup', 'take', 'review', 'shot', 'recipe', 'angle', 'story'];
const TAILS = ['thanks for sharing', 'saving this', 'trying it this weekend', 'my partner will love it', 'where is it from?', 'more like this please', 'bookmarked', 'never thought of that'];

export interface Influencer {
  account: string;
  fake: boolean;
  startFollowers: number;
}

export function planInfluencers(rng: Rng, size: OpsSize): Influencer[] {
  const span = INFLUENCER.maxFollowers - INFLUENCER.minFollowers;
  const honest = HONEST_NAMES.slice(0, size.honestInfluencers).map((account) => ({ account, fake: false, startFollowers: INFLUENCER.minFollowers + Math.round(rng() * span) }));
  return [...honest, { account: FAKE.account, fake: true, startFollowers: INFLUENCER.minFollowers + Math.round(0.5 * span) }].sort((a, b) => a.account.localeCompare(b.account));
}

/** account_daily lines (brands first, then influencers) and the influencer comments, in one pass. */
export function generateAccounts(rng: Rng, size: OpsSize, influencers: Influencer[]): { daily: string[]; comments: string[] } {
  const daily: string[] = [];
  const comments: string[] = [];
  for (const b of BRANDS) {
    let followers = b.followers;
    for (let d = 0; d < size.days; d++) {
      const gained = poisson(rng, b.growth);
      followers += gained;
      const posts = poisson(rng, b.postsPerDay);
      daily.push(csvLine([dayAt(d), b.account, b.role, b.account, followers, gained, posts, posts * Math.round(b.engagementPerPost * (1 + 0.15 * normal(rng))), poisson(rng, b.mentions)]));
    }
  }
  let commentId = 0;
  const seen = new Set<string>();
  for (const inf of influencers) {
    let followers = inf.startFollowers;
    for (let d = 0; d < size.days; d++) {
      const gained = poisson(rng, INFLUENCER.growthPerDay) + (inf.fake && d === FAKE.jumpDay ? FAKE.jump : 0);
      followers += gained;
      // Real followers engage; bought ones do not: the fake account's engagements follow its real base.
      const engagedBase = inf.fake && d >= FAKE.jumpDay ? followers - FAKE.jump : followers;
      const posts = poisson(rng, INFLUENCER.postsPerDay);
      let engagements = 0;
      for (let p = 0; p < posts; p++) {
        engagements += Math.max(0, Math.round(engagedBase * INFLUENCER.engagementRate * (1 + 0.2 * normal(rng))));
        const contentId = `${inf.account}_${dayAt(d)}_${p + 1}`;
        const n = poisson(rng, INFLUENCER.commentsPerPost);
        for (let c = 0; c < n; c++) {
          let text: string;
          if (inf.fake && rng() < FAKE.repeatedShare) text = pick(rng, FAKE.repeated);
          else {
            // Honest comments are unique on their account (redrawn on a clash) so duplicates mean something.
            do text = `${pick(rng, OPENERS)} ${pick(rng, ADJECTIVES)} ${pick(rng, NOUNS)}, ${pick(rng, TAILS)}`;
            while (seen.has(`${inf.account}|${text.toLowerCase()}`));
            seen.add(`${inf.account}|${text.toLowerCase()}`);
          }
          const ts = `${dayAt(d)} ${String(8 + Math.floor(rng() * 14)).padStart(2, '0')}:${String(Math.floor(rng() * 60)).padStart(2, '0')}:00`;
          comments.push(csvLine([`IC${String(++commentId).padStart(6, '0')}`, inf.account, contentId, `u${String(Math.floor(rng() * 5000)).padStart(5, '0')}`, ts, text]));
        }
      }
      daily.push(csvLine([dayAt(d), inf.account, 'influencer', '', followers, gained, posts, engagements, '']));
    }
  }
  return { daily, comments };
}
