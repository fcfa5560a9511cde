/**
 * The planted truths of the email + social sample (curriculum 001): behavioural segments, identity
 * structures, machine opens, channel response curves, experiments. email_social_truth.json is
 * written from these and from what the generator recorded.
 */

export interface EmailSocialSize {
  name: 'small' | 'large';
  people: number;
  days: number;
  campaigns: number;
}

export const ES_SIZES: Record<'small' | 'large', EmailSocialSize> = {
  small: { name: 'small', people: 700, days: 90, campaigns: 12 },
  large: { name: 'large', people: 20000, days: 180, campaigns: 24 },
};

/** Spend history starts a year before the activity data, so same-period-last-year baselines exist. */
export const SPEND_START = '2024-01-01';

export type EsSegment = 'champions' | 'email_loyal' | 'social_fans' | 'dormant';
export type TouchChannel = 'email' | 'paid_social' | 'organic_social' | 'search' | 'direct';

/**
 * Behavioural segments, chosen far apart on human opens, social actions and orders so k-means on
 * standardized features can recover them; dormant people order once early and then go quiet.
 */
export const ES_SEGMENTS: Record<EsSegment, {
  share: number;
  /** Probability of a human open per delivered campaign, and of a click given a human open. */
  open: number;
  click: number;
  socialPerWeek: number;
  /** Orders per day after the first order (0: one order only). */
  ordersPerDay: number;
  /** Latest day (offset) of the first order. */
  firstOrderBy: number;
  aov: number;
  hasSocial: number;
  hasWeb: number;
  offlineShare: number;
  channels: Partial<Record<TouchChannel, number>>;
}> = {
  champions: { share: 0.15, open: 0.8, click: 0.4, socialPerWeek: 1.6, ordersPerDay: 0.07, firstOrderBy: 15, aov: 120, hasSocial: 1, hasWeb: 0.9, offlineShare: 0.25, channels: { email: 0.4, organic_social: 0.3, direct: 0.2, search: 0.1 } },
  email_loyal: { share: 0.25, open: 0.7, click: 0.2, socialPerWeek: 0.05, ordersPerDay: 0.025, firstOrderBy: 40, aov: 70, hasSocial: 0.4, hasWeb: 0.7, offlineShare: 0.3, channels: { email: 0.55, search: 0.25, direct: 0.2 } },
  social_fans: { share: 0.2, open: 0.08, click: 0.1, socialPerWeek: 1.6, ordersPerDay: 0.015, firstOrderBy: 50, aov: 50, hasSocial: 1, hasWeb: 0.6, offlineShare: 0.1, channels: { paid_social: 0.45, organic_social: 0.4, search: 0.15 } },
  dormant: { share: 0.4, open: 0.03, click: 0.05, socialPerWeek: 0.02, ordersPerDay: 0, firstOrderBy: 20, aov: 40, hasSocial: 0.3, hasWeb: 0.4, offlineShare: 0.1, channels: { search: 0.5, paid_social: 0.3, direct: 0.2 } },
};

/** Apple Mail Privacy Protection-like clients: every delivered email gets a machine open minutes later. */
export const MACHINE_OPEN_SHARE = 0.3;
export const BOUNCE_RATE = 0.012;
export const UNSUBSCRIBE_RATE = 0.003;
export const COMPLAINT_RATE = 0.0006;

/** Identity structures. */
export const IDENTITY = {
  crmShare: 0.6,
  /** Of people with a social profile: share whose social profile carries their e-mail (merge by hash). */
  socialWithEmail: 0.5,
  /** Of people whose social profile is linked by login: share whose web key hangs only off the social key. */
  chainShare: 0.6,
  /** Extra people whose address is one edit away from another person's (must never merge). */
  nearMissShare: 0.04,
};

/**
 * Channel response curves: conversions a day = beta · s^shape / (half^shape + s^shape), Poisson noise;
 * daily spend = mean · U(0.3, 1.8). Prospecting social is over-spent (far past half saturation), email
 * nurture under-spent, so a marginal-return split moves money from the first to the second.
 */
export const CURVES: Record<string, { audience: string; beta: number; half: number; shape: number; meanSpend: number; valuePerConversion: number }> = {
  paid_social: { audience: 'prospecting', beta: 40, half: 1500, shape: 1.2, meanSpend: 3000, valuePerConversion: 65 },
  paid_social_engaged: { audience: 'email_engaged', beta: 25, half: 300, shape: 1.2, meanSpend: 250, valuePerConversion: 80 },
  search: { audience: 'all', beta: 50, half: 1200, shape: 1, meanSpend: 1200, valuePerConversion: 70 },
  email: { audience: 'nurture', beta: 30, half: 150, shape: 1.3, meanSpend: 80, valuePerConversion: 75 },
};

/** Promotional periods: conversions multiplied, in both years (same period last year). */
export const PROMOS: { start: string; end: string; name: string; multiplier: number }[] = [
  { start: '2024-02-10', end: '2024-02-14', name: "Valentine's", multiplier: 1.4 },
  { start: '2024-11-29', end: '2024-12-02', name: 'Black Friday weekend', multiplier: 1.6 },
  { start: '2025-02-10', end: '2025-02-14', name: "Valentine's", multiplier: 1.4 },
];

/** A tracking outage: search conversions fall to 55 % for one week (the exception report must flag it). */
export const SEARCH_OUTAGE = { channel: 'search', start: '2025-03-03', end: '2025-03-09', multiplier: 0.55 };

/** Web traffic: share-link referrals from e-mail to social break on two days. */
export const REFERRAL_DROP = { days: ['2025-03-12', '2025-03-13'], multiplier: 0.2, baseline: 40 };
/** Dark social: extra direct, no-referrer sessions on deep URLs on each send day and the day after. */
export const DARK_SOCIAL = { baseDeep: 15, extraAfterSend: 35, baseHome: 25 };
/** Raw timestamp formats in web_sessions.ts_raw and their shares. */
export const TS_FORMATS = { iso_utc: 0.9, us_slash: 0.06, epoch_ms: 0.04 };
/** Share of e-mail-tagged sessions whose utm_campaign is missing. */
export const MISSING_UTM_CAMPAIGN = 0.05;

/** Bots in touchpoints: paid-social clicks with bot user agents and the fraud vendor's flag. */
export const TOUCH_BOTS = { keys: 6, days: ['2025-02-03', '2025-02-04', '2025-03-10'], clicksPerDay: 40 };

/**
 * Experiments. T2 is the guardrail test: the treatment (a third weekly send) leaves unsubscribes
 * alone in week 1, then quadruples them from week 2 (0.30 % to 1.2 % of the week's recipients). The
 * cumulative z is about 0.2 at look 1 and about 4 at look 2: below every usual boundary at look 1
 * and above every one at look 2 (O'Brien–Fleming-type Lan–DeMets, two-sided 0.05, five looks:
 * 4.877, 3.357, 2.680, 2.290, 2.031; Pocock-type about 2.4), so any guardrail design stops at look 2.
 * Rates are per look (incremental), units per arm per look.
 */
export const GUARDRAIL = { test_id: 'T2', start: '2025-02-17', looks: 5, unitsPerArmPerLook: 4000, unsubscribe: { control: [0.003, 0.003, 0.003, 0.003, 0.003], treatment: [0.00325, 0.012, 0.012, 0.012, 0.012] }, complaint: { control: 0.0005, treatment: 0.0006 }, conversion: { control: 0.03, treatment: 0.031 } };
export const OBF_LAN_DEMETS_5 = [4.877, 3.357, 2.68, 2.29, 2.031];

/** T1: subject-line test reported per list segment and channel; one true effect, one raw-p false alarm. */
export const MULTI_TEST = { test_id: 'T1', unitsPerArm: 8000, controlRate: 0.04, segments: ['new', 'active', 'lapsed', 'vip'], channels: ['email', 'social'], trueEffect: { segment: 'active', channel: 'email', z: 3.6 }, falseAlarm: { segment: 'lapsed', channel: 'social', z: 2.2 } };

/** T4: holdout per behavioural segment; only email_loyal has a real lift. */
export const HOLDOUT: Record<EsSegment, { exposed: number; holdout: number }> = {
  champions: { exposed: 0.084, holdout: 0.08 },
  email_loyal: { exposed: 0.045, holdout: 0.03 },
  social_fans: { exposed: 0.02, holdout: 0.02 },
  dormant: { exposed: 0.005, holdout: 0.005 },
};
export const HOLDOUT_UNITS = { exposed: 8000, holdout: 2000 };

/** T5: personalization; T6: e-mail nurture sequence for social-ad clickers. */
export const PERSONALIZATION = { units: 20000, generic: 0.12, personalized: 0.144, cost: 3600 };
export const NURTURE = { units: 5000, control: 0.03, nurture: 0.048 };

export const FIRST_NAMES = ['anna', 'ben', 'carla', 'david', 'elena', 'felix', 'grace', 'hugo', 'iris', 'jonas', 'kara', 'liam', 'maya', 'noah', 'olga', 'paul', 'rosa', 'sam', 'tina', 'umar', 'vera', 'will', 'yara', 'zoe'];
export const LAST_NAMES = ['smith', 'jones', 'garcia', 'muller', 'rossi', 'dubois', 'kowalski', 'nielsen', 'silva', 'tanaka', 'okafor', 'novak', 'brown', 'lopez', 'weber', 'moreau'];
export const DOMAINS = ['example.com', 'example.net', 'example.org', 'mailbox.example'];
export const CITIES = ['London', 'Berlin', 'Paris', 'Madrid', 'Rome', 'Lisbon', 'Dublin', 'Vienna', 'Oslo', 'Warsaw'];
