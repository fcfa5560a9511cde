/**
 * The planted truths of the recommendations sample (curriculum 003): a brand that is also a common
 * word, a two-rater labelled sample with a fixed agreement table, item clusters and partner pairs
 * that item-CF can find, a train / held-out split, and an exposure bias against one user group.
 * recs_truth.json is written from these and from what the generators recorded.
 */

export interface RecsSize {
  name: 'small' | 'large';
  users: number;
  items: number;
  posts: number;
  days: number;
  /** First day (offset) of the held-out period; interactions before it train the recommender. */
  splitDay: number;
  /** Multiplies the app sessions per week of recs_sessions.csv (the large set keeps the file a manageable size). */
  sessionScale: number;
}

export const RECS_SIZES: Record<'small' | 'large', RecsSize> = {
  small: { name: 'small', users: 600, items: 240, posts: 700, days: 90, splitDay: 70, sessionScale: 1 },
  large: { name: 'large', users: 20000, items: 2000, posts: 12000, days: 180, splitDay: 150, sessionScale: 0.25 },
};

/** The brand: a skincare label whose name is also the English word (flowers bloom). */
export const BRAND = {
  name: 'Bloom',
  brand_context: ['serum', 'cream', 'skincare', 'moisturizer', 'order', 'delivery', 'app', 'spf', 'crema', 'pedido', 'hautpflege', 'bestellung'],
  common_context: ['garden', 'flowers', 'spring', 'tulips', 'roses', 'trees', 'cherry', 'meadow'],
};

/**
 * The two raters' sentiment labels on the labelled sample: rows rater_a, columns rater_b, in the
 * order positive, neutral, negative. Observed agreement 81/100; chance agreement
 * (37·35 + 30·30 + 33·35) / 100² = 0.335; Cohen's kappa = (0.81 − 0.335) / (1 − 0.335) = 0.7142857.
 */
export const SENTIMENT_LABELS = ['positive', 'neutral', 'negative'] as const;
export const AGREEMENT_TABLE: readonly (readonly number[])[] = [
  [30, 5, 2],
  [4, 22, 4],
  [1, 3, 29],
];
export const KAPPA = (0.81 - 0.335) / (1 - 0.335);

/** Share of posts by language (the rest is English). */
export const LANGUAGE_SHARE = { en: 0.6, es: 0.25, de: 0.15 } as const;

/** Item catalogue: clusters of items consumed together by users who like the cluster. */
export const CATEGORIES = ['skincare', 'running', 'coffee', 'gaming', 'cooking', 'travel', 'camping', 'photography', 'music', 'books', 'gardening', 'fitness'] as const;

/** Users interact mostly (this share) with their one or two favourite categories. */
export const IN_CLUSTER_SHARE = 0.85;
/** After consuming one item of a partner pair, the chance of consuming its partner. */
export const PARTNER_PROB = 0.7;
/** Items per category that form planted partner pairs (pairs = this / 2 per category). */
export const PAIRED_PER_CATEGORY = 4;
/** Share of users whose first interaction falls in the held-out period (cold-start users). */
export const COLD_USER_SHARE = 0.05;
/** Share of items released in the held-out period (cold-start items: no training interactions). */
export const COLD_ITEM_SHARE = 0.05;

/** Event types with their funnel probability given a view. */
export const EVENTS = { view: 1, like: 0.35, save: 0.15, purchase: 0.08 } as const;

/** User market groups; the recommendation slots shown per session differ by group (the planted bias). */
export const MARKETS = { en: 0.6, es: 0.25, de: 0.15 } as const;
export const SLOTS_PER_SESSION = { en: 10, es: 10, de: 3 } as const;
/** List length of the exposure parity measure (rec-eval's k): each user's first k distinct items by position. */
export const EXPOSURE_K = 10;
export const BIASED_GROUP = 'de';
