/**
 * The planted truths of the audience-segmentation sample (curriculum 002): four behavioural
 * clusters with a drift between the two halves of the window, time to unfollow by acquisition
 * source, a Markov chain of interactions, sentiment per cluster, platform-specific labels, missing
 * ages, bots and influencers, cross-platform twins, an A/B test that only some clusters answer, and
 * ad sets with per-segment fatigue and return. segments_truth.json is written from these and from
 * what the generator recorded.
 */

export interface SegmentsSize {
  name: 'small' | 'large';
  people: number;
  days: number;
  bots: number;
  influencers: number;
}

export const SEG_SIZES: Record<'small' | 'large', SegmentsSize> = {
  small: { name: 'small', people: 1000, days: 90, bots: 40, influencers: 6 },
  large: { name: 'large', people: 20000, days: 180, bots: 400, influencers: 60 },
};

export type Platform = 'instagram' | 'tiktok' | 'linkedin';
export const PLATFORMS: readonly Platform[] = ['instagram', 'tiktok', 'linkedin'];
export const PLATFORM_SHARE: Record<Platform, number> = { instagram: 0.45, tiktok: 0.35, linkedin: 0.2 };
/** The brand's own account on each platform (target_account_id of follows). */
export const OWN_ACCOUNT: Record<Platform, string> = { instagram: 'instagram:lumen', tiktok: 'tiktok:lumen', linkedin: 'linkedin:lumen-company' };
/** Followers the own accounts had before the window (the sample's people are the ones active in it). */
export const BASE_FOLLOWERS: Record<Platform, number> = { instagram: 12000, tiktok: 40000, linkedin: 5000 };

export type Cluster = 'lurkers' | 'commuters' | 'night_owls' | 'superfans';
export const CLUSTERS: readonly Cluster[] = ['lurkers', 'commuters', 'night_owls', 'superfans'];

/**
 * Behaviour per cluster. Sessions a day at follow age 0 (Poisson), halved every `halfLife` days of
 * follow age (null: no decay); each session's local (Europe/Berlin) hour is drawn from `hours` with
 * probability `concentration`, else uniformly from 0–23. Far apart on hour block and volume, so
 * k-means on the share of activity per block and the activity rate recovers them.
 */
export const BEHAVIOUR: Record<Cluster, { share: number; sessionsPerDay: number; halfLife: number | null; hours: number[]; concentration: number; formats: Record<Format, number> }> = {
  lurkers: { share: 0.35, sessionsPerDay: 0.4, halfLife: null, hours: [11, 12, 13, 14], concentration: 0.95, formats: { image: 0.5, carousel: 0.2, video: 0.2, text: 0.1 } },
  commuters: { share: 0.3, sessionsPerDay: 0.55, halfLife: null, hours: [7, 8, 17, 18], concentration: 0.95, formats: { image: 0.15, carousel: 0.55, video: 0.15, text: 0.15 } },
  night_owls: { share: 0.2, sessionsPerDay: 0.7, halfLife: 20, hours: [22, 23, 0, 1], concentration: 0.95, formats: { image: 0.1, carousel: 0.1, video: 0.7, text: 0.1 } },
  superfans: { share: 0.15, sessionsPerDay: 1.6, halfLife: null, hours: [19, 20, 21], concentration: 0.9, formats: { image: 0.25, carousel: 0.25, video: 0.25, text: 0.25 } },
};

/** The drift: in the second half of the window this share of commuters behave as night owls. */
export const DRIFT = { from: 'commuters' as Cluster, to: 'night_owls' as Cluster, share: 0.4 };

export type Format = 'image' | 'carousel' | 'video' | 'text';
export type Theme = 'product' | 'tips' | 'behind_the_scenes' | 'giveaway';
/** Formats each platform publishes, and the share of posts that are giveaways. */
export const PLATFORM_FORMATS: Record<Platform, Record<Format, number>> = {
  instagram: { image: 0.4, carousel: 0.3, video: 0.3, text: 0 },
  tiktok: { image: 0, carousel: 0.1, video: 0.9, text: 0 },
  linkedin: { image: 0.25, carousel: 0.3, video: 0.15, text: 0.3 },
};
export const THEMES: Record<Theme, number> = { product: 0.35, tips: 0.35, behind_the_scenes: 0.2, giveaway: 0.1 };
/** Posts a day per platform. */
export const POSTS_PER_DAY: Record<Platform, number> = { instagram: 1, tiktok: 1.5, linkedin: 0.6 };
/** Organic reach per post as a share of the account's followers, and engagements per reach by format (same on every platform). */
export const REACH_RATE: Record<Platform, number> = { instagram: 0.04, tiktok: 0.09, linkedin: 0.05 };
export const ENGAGEMENT_PER_REACH: Record<Format, number> = { image: 0.03, carousel: 0.05, video: 0.04, text: 0.02 };

/**
 * Time to unfollow: exponential from the follow, median by the theme of the post the follow came
 * from (giveaway followers leave fast); censored at the end of the window.
 */
export const UNFOLLOW_MEDIAN_DAYS = { giveaway: 14, other: 60 };
/** Share of follows that come from a giveaway post. */
export const GIVEAWAY_FOLLOW_SHARE = 0.3;
/** Follows happen from day 0 to `days - FOLLOW_TAIL`. */
export const FOLLOW_TAIL = 15;

/** Interaction chain within a session (first-order Markov; `end` stops it). Every session starts with a view. */
export type Action = 'view' | 'like' | 'comment' | 'share' | 'save' | 'click';
export const TRANSITIONS: Record<Action, Partial<Record<Action | 'end', number>>> = {
  view: { view: 0.3, like: 0.3, save: 0.1, comment: 0.08, share: 0.04, click: 0.03, end: 0.15 },
  like: { view: 0.25, comment: 0.3, share: 0.1, end: 0.35 },
  comment: { view: 0.2, like: 0.1, share: 0.15, end: 0.55 },
  save: { click: 0.5, view: 0.2, end: 0.3 },
  share: { view: 0.3, end: 0.7 },
  click: { end: 1 },
};
/** Negative feedback after a view: hide (and report, a fifth of hides) by theme. */
export const HIDE_RATE: Record<Theme, number> = { product: 0.01, tips: 0.01, behind_the_scenes: 0.01, giveaway: 0.06 };
export const REPORT_SHARE_OF_HIDES = 0.2;

/** Comment sentiment per cluster (shares of positive / neutral / negative templates). */
export const SENTIMENT: Record<Cluster, { positive: number; neutral: number; negative: number }> = {
  lurkers: { positive: 0.4, neutral: 0.45, negative: 0.15 },
  commuters: { positive: 0.45, neutral: 0.35, negative: 0.2 },
  night_owls: { positive: 0.2, neutral: 0.3, negative: 0.5 },
  superfans: { positive: 0.7, neutral: 0.2, negative: 0.1 },
};
/** Plain English with negation, contrast ("… but …"), capitals, punctuation, emoji and slang. */
export const TEMPLATES: Record<'positive' | 'neutral' | 'negative', string[]> = {
  positive: ['Love this 😍', 'This is so good!!', 'not bad at all, actually useful', 'The colours are a bit dull but the quality is AMAZING', 'lol this slaps 😂', 'Great tips, thank you!', 'ngl this is really helpful', 'Absolutely love the new design ❤️'],
  neutral: ['Where can I buy this?', 'Is this in the shop yet?', 'What size is the model wearing?', 'Posted on Tuesday', 'Link in bio?', 'Which store sells it', 'Ordered one last week', 'Same as last year'],
  negative: ['This is not good.', 'Good idea but the delivery was terrible', 'meh 🙄 worst update so far', 'ngl this sucks', 'Not happy with the quality at all 😠', 'Why is everything so expensive now? Disappointed.', 'I hate the new layout', 'The price is fine but the service is AWFUL'],
};
/** Brand mentions (share of voice): the own brand and two competitors. */
export const BRANDS = { own: 'Lumen', shares: { Lumen: 0.55, Brightside: 0.3, Northwind: 0.15 } as Record<string, number>, mentionsPerPerson: 0.6 };

/** Demographics: standard vocabulary, true distribution per platform, and a reference population. */
export const AGE_BRACKETS = ['18-24', '25-34', '35-44', '45-54', '55+'] as const;
export type AgeBracket = (typeof AGE_BRACKETS)[number];
export const AGE_BY_PLATFORM: Record<Platform, number[]> = {
  instagram: [0.25, 0.35, 0.2, 0.12, 0.08],
  tiktok: [0.45, 0.3, 0.13, 0.08, 0.04],
  linkedin: [0.08, 0.32, 0.3, 0.18, 0.12],
};
export const GENDERS = ['female', 'male', 'non-binary'] as const;
export const GENDER_SHARES = [0.5, 0.47, 0.03];
/** City (standard name, ISO country) and population weight. */
export const CITIES: { city: string; country: string; weight: number }[] = [
  { city: 'Berlin', country: 'DE', weight: 0.25 },
  { city: 'Munich', country: 'DE', weight: 0.2 },
  { city: 'Hamburg', country: 'DE', weight: 0.15 },
  { city: 'Cologne', country: 'DE', weight: 0.1 },
  { city: 'Vienna', country: 'AT', weight: 0.15 },
  { city: 'Zurich', country: 'CH', weight: 0.1 },
  { city: 'Amsterdam', country: 'NL', weight: 0.05 },
];
/** Reference population (the benchmarks file): shares a representative audience would have. */
export const REFERENCE = {
  age_bracket: { '18-24': 0.14, '25-34': 0.2, '35-44': 0.2, '45-54': 0.19, '55+': 0.27 } as Record<string, number>,
  gender: { female: 0.5, male: 0.48, 'non-binary': 0.02 } as Record<string, number>,
  country: { DE: 0.7, AT: 0.15, CH: 0.1, NL: 0.05 } as Record<string, number>,
};

/**
 * How each platform writes the labels. Ages: Instagram "25-34", TikTok "25 to 34", LinkedIn
 * "25 - 34 years"; Instagram splits 55+ into "55-64" and "65+". Genders: "F"/"M"/"U", "female"/…,
 * "Female"/…. Cities: each platform's own spelling.
 */
export const AGE_LABELS: Record<Platform, (b: AgeBracket, rng: () => number) => string> = {
  instagram: (b, rng) => (b === '55+' ? (rng() < 0.6 ? '55-64' : '65+') : b),
  tiktok: (b) => (b === '55+' ? '55+' : b.replace('-', ' to ')),
  linkedin: (b) => (b === '55+' ? '55 years and over' : `${b.replace('-', ' - ')} years`),
};
export const GENDER_LABELS: Record<Platform, Record<string, string>> = {
  instagram: { female: 'F', male: 'M', 'non-binary': 'U' },
  tiktok: { female: 'female', male: 'male', 'non-binary': 'other' },
  linkedin: { female: 'Female', male: 'Male', 'non-binary': 'Other' },
};
export const CITY_LABELS: Record<Platform, Record<string, string[]>> = {
  instagram: { Berlin: ['Berlin, Germany'], Munich: ['Munich, Germany', 'München'], Hamburg: ['Hamburg, Germany'], Cologne: ['Cologne, Germany', 'Köln'], Vienna: ['Vienna, Austria', 'Wien'], Zurich: ['Zurich, Switzerland', 'Zürich'], Amsterdam: ['Amsterdam, Netherlands'] },
  tiktok: { Berlin: ['berlin'], Munich: ['münchen', 'munich'], Hamburg: ['hamburg'], Cologne: ['koeln', 'cologne'], Vienna: ['wien'], Zurich: ['zurich'], Amsterdam: ['amsterdam'] },
  linkedin: { Berlin: ['Berlin Metropolitan Area'], Munich: ['Greater Munich Metropolitan Area'], Hamburg: ['Hamburg Area'], Cologne: ['Cologne Bonn Region'], Vienna: ['Vienna, Vienna, Austria'], Zurich: ['Zurich Metropolitan Area'], Amsterdam: ['Amsterdam Area'] },
};
/** Labels the shipped mapping table leaves out on purpose: the standardize step must list them. */
export const UNMAPPED_LABELS = { age_bracket: ['13-17'], city: ['koeln'] };
/** Share of TikTok profiles that give an under-18 bracket ("13-17": outside the standard vocabulary). */
export const UNDERAGE_SHARE = 0.02;

/** Age is missing more often on some platforms (missing at random given the platform). */
export const AGE_MISSING: Record<Platform, number> = { instagram: 0.2, tiktok: 0.45, linkedin: 0.05 };
export const GENDER_MISSING = 0.1;
/** Platforms that export a country column (TikTok gives only the free-text location). */
export const HAS_COUNTRY: Record<Platform, boolean> = { instagram: true, tiktok: false, linkedin: true };

/**
 * The platforms' own follower breakdowns (account_daily). Instagram's is planted wrong: its
 * reported 18-24 share is this much too high (a known reporting glitch), the others agree with
 * their profiles.
 */
export const BREAKDOWN_GLITCH = { platform: 'instagram' as Platform, bracket: '18-24', extra: 0.3 };

/** Days (offsets) on which a scheduled pull of one platform's account report failed: no rows. */
export const PULL_GAPS = { platform: 'tiktok' as Platform, days: [30, 31, 32] };

/** Bots: tiny follower counts, thousands followed, bursts of likes every `intervalSeconds`, duplicate comments. */
export const BOTS = { platforms: ['instagram', 'tiktok'] as Platform[], burstDays: 4, burstSize: 120, intervalSeconds: 30, jitterSeconds: 1, text: 'Great content! 🔥 Check my page for free followers' };
/** Influencers: followers far above everyone's, verified. */
export const INFLUENCER_FOLLOWERS = { min: 80000, max: 600000 };

/** Cross-platform twins: a second account of the same person on another platform. */
export const TWINS = { share: 0.12, withSameEmail: 0.4, migrate: 0.5 };

/**
 * The A/B test T1 (content variant, send slot) per person: conversion probability by planted
 * cluster = base + variant B lift + evening lift. Only superfans and commuters answer variant B;
 * only night owls answer the evening slot.
 */
export const AB_TEST = {
  test_id: 'T1',
  base: { lurkers: 0.03, commuters: 0.06, night_owls: 0.05, superfans: 0.1 } as Record<Cluster, number>,
  liftB: { lurkers: 0, commuters: 0.16, night_owls: 0, superfans: 0.22 } as Record<Cluster, number>,
  liftEvening: { lurkers: 0, commuters: 0, night_owls: 0.12, superfans: 0 } as Record<Cluster, number>,
  value: 60,
  /** Channels of the touches before the outcome, by cluster (multi-touch attribution). */
  channels: {
    lurkers: { search: 0.5, paid_social: 0.3, email: 0.2 },
    commuters: { email: 0.6, organic_social: 0.2, search: 0.2 },
    night_owls: { paid_social: 0.7, organic_social: 0.2, search: 0.1 },
    superfans: { organic_social: 0.65, email: 0.2, paid_social: 0.15 },
  } as Record<Cluster, Record<string, number>>,
};

/**
 * Ad sets, one per targeted audience: CTR at frequency f = ctr1 · exp(−k (f − 1)), hides per
 * impression = hide1 · (1 + 0.5 (f − 1)), return on spend `roas`. The cap where CTR halves is 1 + ln 2 / k.
 */
export const AD_SETS: Record<Cluster, { name: string; ctr1: number; k: number; hide1: number; roas: number; spendPerDay: number; cpm: number }> = {
  lurkers: { name: 'Reach · lunch-break browsers', ctr1: 0.008, k: 0.2, hide1: 0.002, roas: 0.7, spendPerDay: 120, cpm: 6 },
  commuters: { name: 'Retarget · commute scrollers', ctr1: 0.014, k: 0.12, hide1: 0.0015, roas: 2.5, spendPerDay: 150, cpm: 8 },
  night_owls: { name: 'Video · late-night viewers', ctr1: 0.012, k: 0.25, hide1: 0.003, roas: 1.2, spendPerDay: 140, cpm: 7 },
  superfans: { name: 'Loyalty · brand fans', ctr1: 0.025, k: 0.05, hide1: 0.001, roas: 4, spendPerDay: 90, cpm: 10 },
};
/** Frequency buckets of the ad-set report and the frequency each stands for. */
export const FREQUENCY_BUCKETS: { label: string; f: number; share: number }[] = [
  { label: '1', f: 1, share: 0.35 },
  { label: '2', f: 2, share: 0.22 },
  { label: '3', f: 3, share: 0.14 },
  { label: '4-5', f: 4.5, share: 0.13 },
  { label: '6-10', f: 8, share: 0.1 },
  { label: '11+', f: 13, share: 0.06 },
];

export const FIRST = ['anna', 'ben', 'carla', 'david', 'elena', 'felix', 'greta', 'hugo', 'ida', 'jonas', 'klara', 'lukas', 'mia', 'noah', 'olga', 'paul', 'rosa', 'simon', 'tina', 'umut', 'vera', 'wim', 'yasmin', 'zoe', 'lea', 'max', 'nina', 'oskar', 'pia', 'theo'];
export const LAST = ['mueller', 'schmidt', 'schneider', 'fischer', 'weber', 'meyer', 'wagner', 'becker', 'hofer', 'huber', 'keller', 'brunner', 'dejong', 'bakker', 'vogel', 'krause', 'wolf', 'koch', 'richter', 'klein'];
