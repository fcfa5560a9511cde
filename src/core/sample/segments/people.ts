/**
 * The audience of the segmentation sample: people with a planted behavioural cluster and true
 * demographics, their account on one of three platforms (labels as that platform writes them), a
 * second account on another platform for some (cross-platform twins), influencers and bots.
 */
import { csvLine, dayAt } from '../calendar.ts';
import { normal, pick, weighted, type Rng } from '../random.ts';
import { sha256Hex } from '../../sha256.ts';
import {
  AGE_BRACKETS, AGE_BY_PLATFORM, AGE_LABELS, AGE_MISSING, BEHAVIOUR, BOTS, CITIES, CITY_LABELS, CLUSTERS, DRIFT, FIRST, FOLLOW_TAIL, GENDER_LABELS,
  GENDER_MISSING, GENDERS, GENDER_SHARES, GIVEAWAY_FOLLOW_SHARE, HAS_COUNTRY, INFLUENCER_FOLLOWERS, LAST, PLATFORM_SHARE, PLATFORMS, TWINS, UNDERAGE_SHARE,
  UNFOLLOW_MEDIAN_DAYS, type AgeBracket, type Cluster, type Platform, type SegmentsSize,
} from './plan.ts';

/** One account (a `profiles` row). */
export interface Account {
  key: string;
  platform: Platform;
  handle: string;
  displayName: string;
  emailHash: string;
  createdAt: string;
  followers: number;
  following: number;
  postsCount: number;
  locationRaw: string;
  country: string;
  ageRaw: string;
  genderRaw: string;
  verified: boolean;
}

export interface Person {
  n: number;
  cluster: Cluster;
  /** True when the person behaves as DRIFT.to in the second half of the window. */
  drifts: boolean;
  age: AgeBracket | '13-17';
  gender: (typeof GENDERS)[number];
  city: string;
  country: string;
  primary: Account;
  /** Second account on another platform; `migrates`: activity moves to it in the second half. */
  twin?: { account: Account; sameEmail: boolean; migrates: boolean };
  influencer: boolean;
  /** Follow of the own account: day (fractional) and the theme class of the post it came from. */
  followAt: number;
  followGiveaway: boolean;
  /** Days from the follow to the unfollow (planted, may fall after the window: censored). */
  timeToUnfollow: number;
}

export interface Bot {
  account: Account;
  burstDays: number[];
}

const pad = (n: number, w = 5) => String(n).padStart(w, '0');
const accountId: Record<Platform, (n: number) => string> = {
  instagram: (n) => `instagram:1784140${pad(n, 6)}`,
  tiktok: (n) => `tiktok:69000${pad(n, 6)}`,
  linkedin: (n) => `linkedin:ACoAA${pad(n, 6)}`,
};
const handleOf: Record<Platform, (first: string, last: string, n: number) => string> = {
  instagram: (f, l, n) => `${f}.${l}${n}`,
  tiktok: (f, l, n) => `${f}${l}_${n}`,
  linkedin: (f, l) => `${f}-${l}`,
};
const title = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const lognormal = (rng: Rng, median: number, sigma: number) => Math.round(median * Math.exp(sigma * normal(rng)));
const exponential = (rng: Rng, median: number) => (-Math.log(1 - rng()) * median) / Math.LN2;

function labels(rng: Rng, platform: Platform, age: AgeBracket | '13-17', gender: string, city: string, country: string) {
  const ageRaw = rng() < AGE_MISSING[platform] ? '' : age === '13-17' ? '13-17' : AGE_LABELS[platform](age, rng);
  const genderRaw = rng() < GENDER_MISSING ? '' : GENDER_LABELS[platform][gender]!;
  return { ageRaw, genderRaw, locationRaw: pick(rng, CITY_LABELS[platform][city]!), country: HAS_COUNTRY[platform] ? country : '' };
}

function account(rng: Rng, platform: Platform, n: number, first: string, last: string, email: string | null, person: Pick<Person, 'age' | 'gender' | 'city' | 'country'>, nameVariant = false): Account {
  const name = `${title(first)} ${title(last)}`;
  return {
    key: accountId[platform](n),
    platform,
    handle: platform === 'linkedin' ? '' : handleOf[platform](first, last, n % 1000),
    displayName: nameVariant ? (rng() < 0.5 ? name.toLowerCase() : `${title(first)} ${last[0]!.toUpperCase()}. ${title(last)}`.replace(/ (\w)\. /, ' ')) : name,
    emailHash: email ? sha256Hex(email) : '',
    createdAt: dayAt(-100 - Math.floor(rng() * 2900)),
    followers: Math.max(5, lognormal(rng, 300, 0.9)),
    following: Math.max(5, lognormal(rng, 400, 0.6)),
    postsCount: Math.max(0, lognormal(rng, 150, 1)),
    ...labels(rng, platform, person.age, person.gender, person.city, person.country),
    verified: false,
  };
}

export function generatePeople(rng: Rng, size: SegmentsSize): Person[] {
  const people: Person[] = [];
  const clusterShares = Object.fromEntries(CLUSTERS.map((c) => [c, BEHAVIOUR[c].share])) as Record<Cluster, number>;
  const cityWeights = Object.fromEntries(CITIES.map((c) => [c.city, c.weight]));
  const influencerEvery = Math.floor(size.people / size.influencers);
  for (let i = 0; i < size.people; i++) {
    const n = i + 1;
    const cluster = weighted(rng, clusterShares);
    const platform = weighted(rng, PLATFORM_SHARE);
    const shares = AGE_BY_PLATFORM[platform];
    let age: AgeBracket | '13-17' = AGE_BRACKETS[weightedIndex(rng, shares)]!;
    if (platform === 'tiktok' && rng() < UNDERAGE_SHARE) age = '13-17';
    const gender = GENDERS[weightedIndex(rng, GENDER_SHARES)]!;
    const city = weighted(rng, cityWeights);
    const country = CITIES.find((c) => c.city === city)!.country;
    const first = pick(rng, FIRST);
    const last = pick(rng, LAST);
    const email = platform !== 'tiktok' && rng() < 0.5 ? `${first}.${last}${n}@example.com` : null;
    const demo = { age, gender, city, country };
    const primary = account(rng, platform, n, first, last, email, demo);
    const influencer = i % influencerEvery === influencerEvery - 1 && people.filter((p) => p.influencer).length < size.influencers;
    if (influencer) {
      primary.followers = Math.round(INFLUENCER_FOLLOWERS.min + rng() * (INFLUENCER_FOLLOWERS.max - INFLUENCER_FOLLOWERS.min));
      primary.verified = true;
    }
    const followGiveaway = rng() < GIVEAWAY_FOLLOW_SHARE;
    const p: Person = {
      n, cluster, drifts: cluster === DRIFT.from && rng() < DRIFT.share, age, gender, city, country, primary, influencer,
      followAt: rng() * (size.days - FOLLOW_TAIL),
      followGiveaway,
      timeToUnfollow: exponential(rng, followGiveaway ? UNFOLLOW_MEDIAN_DAYS.giveaway : UNFOLLOW_MEDIAN_DAYS.other),
    };
    if (rng() < TWINS.share) {
      const other = PLATFORMS.filter((x) => x !== platform)[Math.floor(rng() * 2)]!;
      const sameEmail = rng() < TWINS.withSameEmail && other !== 'tiktok' && email !== null;
      const twin = account(rng, other, size.people + n, first, last, sameEmail ? email : null, demo, true);
      twin.createdAt = dayAt(-Math.floor(rng() * 400));
      p.twin = { account: twin, sameEmail, migrates: rng() < TWINS.migrate };
    }
    people.push(p);
  }
  return people;
}

export function generateBots(rng: Rng, size: SegmentsSize): Bot[] {
  return Array.from({ length: size.bots }, (_, i) => {
    const platform = BOTS.platforms[i % BOTS.platforms.length]!;
    const n = 900000 + i;
    const key = accountId[platform](n);
    const burstDays = new Set<number>();
    while (burstDays.size < BOTS.burstDays) burstDays.add(Math.floor(rng() * size.days));
    const ageGuess = AGE_BRACKETS[Math.floor(rng() * AGE_BRACKETS.length)]!;
    return {
      account: {
        key, platform,
        handle: `${pick(rng, ['free_followers', 'promo_deals', 'growth_hacks', 'likes4likes'])}_${String(n).slice(-4)}`,
        displayName: '',
        emailHash: '',
        createdAt: dayAt(-Math.floor(rng() * 60)),
        followers: Math.floor(rng() * 30),
        following: 3000 + Math.floor(rng() * 4500),
        postsCount: 1500 + Math.floor(rng() * 3500),
        locationRaw: '',
        country: '',
        ageRaw: rng() < 0.7 ? '' : AGE_LABELS[platform](ageGuess, rng),
        genderRaw: '',
        verified: false,
      },
      burstDays: [...burstDays].sort((a, b) => a - b),
    };
  });
}

function weightedIndex(rng: Rng, weights: readonly number[]): number {
  let x = rng() * weights.reduce((s, w) => s + w, 0);
  for (let i = 0; i < weights.length; i++) if ((x -= weights[i]!) < 0) return i;
  return weights.length - 1;
}

export const PROFILES_HEADER = ['user_key', 'platform', 'handle', 'display_name', 'email_hash', 'created_at', 'followers', 'following', 'posts_count', 'location_raw', 'country', 'age_raw', 'gender', 'is_verified'];

export function profileLine(a: Account): string {
  return csvLine([a.key, a.platform, a.handle, a.displayName, a.emailHash, a.createdAt, a.followers, a.following, a.postsCount, a.locationRaw, a.country, a.ageRaw, a.genderRaw, a.verified]);
}
