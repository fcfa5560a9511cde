/**
 * The planted truths of the sample data: every effect the curriculum notebooks are meant to find,
 * with the exact parameters used to generate it. ground_truth.json is written from these.
 */

/** Sizes of the two sample sets. */
export interface SampleSize {
  name: 'small' | 'large';
  days: number;
  users: number;
  /** Multiplier on sessions per user per week (the large set is denser). */
  sessionScale: number;
  emailCampaigns: number;
  paths: number;
}

export const SIZES: Record<'small' | 'large', SampleSize> = {
  // ~90 days and a few thousand users keep the bundled set a few MB.
  small: { name: 'small', days: 90, users: 2000, sessionScale: 0.45, emailCampaigns: 8, paths: 1500 },
  // 60k users over 180 days gives about 1.4M events.
  large: { name: 'large', days: 180, users: 60000, sessionScale: 0.6, emailCampaigns: 24, paths: 50000 },
};

/** First day of the data: a Monday. */
export const START_DATE = '2025-01-06';

/** Day-of-week volume multipliers, Monday first (weekday peak, weekend dip). */
export const DAY_OF_WEEK_MULTIPLIERS = [1.0, 1.06, 1.1, 1.04, 0.94, 0.72, 0.68] as const;
export const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** Holidays and their volume multiplier (on top of the weekday multiplier). */
export const HOLIDAYS: Record<string, { name: string; multiplier: number }> = {
  '2025-01-20': { name: 'Martin Luther King Jr. Day', multiplier: 1.45 },
  '2025-02-14': { name: "Valentine's Day", multiplier: 1.8 },
  '2025-03-17': { name: "St Patrick's Day", multiplier: 1.35 },
  '2025-05-26': { name: 'Memorial Day', multiplier: 1.5 },
};

/** The A/B creative test: a Meta campaign whose two ads differ only in creative. */
export const AB_TEST = {
  platform: 'meta',
  campaign: 'Spring Creative Test',
  ad_group: 'Broad 25-44',
  start: '2025-02-24',
  end: '2025-03-23',
  impressionsPerArmPerDay: 15000,
  arms: { control: { ad: 'Hero image - control', ctr: 0.012 }, variant_b: { ad: 'Hero image - variant_b', ctr: 0.015 } },
} as const;

/** Bot traffic: a few users clicking a Meta ad at a regular interval with bot user agents. */
export const BOTS = {
  days: ['2025-02-03', '2025-02-04', '2025-03-10'],
  users: 6,
  clicksPerUserPerDay: 150,
  intervalSeconds: 30,
  platform: 'meta',
  campaign: 'Always-on Prospecting',
  userAgents: ['python-requests/2.31.0', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36', 'curl/8.4.0'],
};

export type SegmentName = 'deal_seekers' | 'loyal_fans' | 'casual_browsers' | 'b2b_professionals';
export type Channel = 'paid_social' | 'organic_social' | 'email' | 'search' | 'direct' | 'referral';

/** Behavioural segments: share of users, visit frequency, channel mix and response rates. */
export const SEGMENTS: Record<SegmentName, {
  share: number;
  sessionsPerWeek: number;
  channelMix: Record<Channel, number>;
  emailOpenRate: number;
  emailClickRate: number;
  purchaseRate: number;
  device: Record<'mobile' | 'desktop' | 'tablet', number>;
  peakHour: number;
}> = {
  deal_seekers: { share: 0.3, sessionsPerWeek: 0.55, channelMix: { paid_social: 0.55, organic_social: 0.1, email: 0.15, search: 0.1, direct: 0.05, referral: 0.05 }, emailOpenRate: 0.32, emailClickRate: 0.06, purchaseRate: 0.05, device: { mobile: 0.8, desktop: 0.15, tablet: 0.05 }, peakHour: 20 },
  loyal_fans: { share: 0.2, sessionsPerWeek: 1.1, channelMix: { paid_social: 0.05, organic_social: 0.35, email: 0.35, search: 0.05, direct: 0.18, referral: 0.02 }, emailOpenRate: 0.55, emailClickRate: 0.14, purchaseRate: 0.09, device: { mobile: 0.6, desktop: 0.3, tablet: 0.1 }, peakHour: 12 },
  casual_browsers: { share: 0.35, sessionsPerWeek: 0.2, channelMix: { paid_social: 0.15, organic_social: 0.15, email: 0.05, search: 0.4, direct: 0.15, referral: 0.1 }, emailOpenRate: 0.15, emailClickRate: 0.015, purchaseRate: 0.01, device: { mobile: 0.55, desktop: 0.4, tablet: 0.05 }, peakHour: 16 },
  b2b_professionals: { share: 0.15, sessionsPerWeek: 0.45, channelMix: { paid_social: 0.3, organic_social: 0.1, email: 0.2, search: 0.3, direct: 0.08, referral: 0.02 }, emailOpenRate: 0.38, emailClickRate: 0.08, purchaseRate: 0.03, device: { mobile: 0.2, desktop: 0.78, tablet: 0.02 }, peakHour: 10 },
};

/** Where a segment's paid and organic social visits come from. */
export const SOCIAL_PLATFORM_MIX: Record<SegmentName, Record<'meta' | 'linkedin' | 'x' | 'tiktok', number>> = {
  deal_seekers: { meta: 0.6, linkedin: 0.02, x: 0.08, tiktok: 0.3 },
  loyal_fans: { meta: 0.5, linkedin: 0.1, x: 0.2, tiktok: 0.2 },
  casual_browsers: { meta: 0.4, linkedin: 0.05, x: 0.15, tiktok: 0.4 },
  b2b_professionals: { meta: 0.1, linkedin: 0.75, x: 0.15, tiktok: 0 },
};

/** Share of GA4 events also recorded by the server-side tracker (same event id, small offset). */
export const DUPLICATE_RATE = { small: 0.01, large: 0.002 };
/** Largest timestamp offset between the two tracking systems, in milliseconds. */
export const DUPLICATE_MAX_OFFSET_MS = 2500;
/** Share of tagged sessions with a UTM mistake (case variant of the source, or a missing medium). */
export const UTM_MISTAKE_RATE = 0.02;

/** Log-odds of conversion added by each channel on a path (the attribution truth). */
export const PATH_CHANNEL_EFFECTS: Record<Channel, number> = { paid_social: 0.55, organic_social: 0.25, email: 0.9, search: 0.7, direct: 0.35, referral: 0.1 };
/** Baseline log-odds of a path converting. */
export const PATH_BASE_LOG_ODDS = -3.2;

/** Organic post click-through rate by format (clicks / impressions). */
export const POST_FORMAT_CTR = { text: 0.006, image: 0.011, video: 0.016, carousel: 0.013, link: 0.009 } as const;
/** Multiplier on a post's click-through rate when its text has an emoji. */
export const POST_EMOJI_MULTIPLIER = 1.15;
