/**
 * The enterprise social operations sample (curriculum 004): sizes and every planted effect, in one
 * place so the generators and ops_truth.json read the same numbers.
 */
export interface OpsSize {
  name: 'small' | 'large';
  days: number;
  /** Accounts per planted community of the mention graph. */
  communitySize: number;
  messages: number;
  controlRegions: number;
  treatedRegions: number;
  honestInfluencers: number;
}

export const OPS_SIZES: Record<'small' | 'large', OpsSize> = {
  small: { name: 'small', days: 90, communitySize: 30, messages: 600, controlRegions: 20, treatedRegions: 2, honestInfluencers: 5 },
  large: { name: 'large', days: 180, communitySize: 120, messages: 20000, controlRegions: 40, treatedRegions: 4, honestInfluencers: 11 },
};

/** The brand and three competitors (account_daily rows with account_role brand / competitor). */
export const BRANDS = [
  { account: 'northwind', role: 'brand', followers: 180_000, growth: 120, postsPerDay: 3, engagementPerPost: 900, mentions: 140 },
  { account: 'contoso', role: 'competitor', followers: 260_000, growth: 160, postsPerDay: 4, engagementPerPost: 1100, mentions: 210 },
  { account: 'fabrikam', role: 'competitor', followers: 120_000, growth: 60, postsPerDay: 2, engagementPerPost: 700, mentions: 90 },
  { account: 'tailspin', role: 'competitor', followers: 75_000, growth: 40, postsPerDay: 2, engagementPerPost: 450, mentions: 60 },
] as const;

/** Influencers: all in the micro band (10k–100k followers) so they share one benchmark. */
export const INFLUENCER = { minFollowers: 20_000, maxFollowers: 60_000, growthPerDay: 40, engagementRate: 0.045, postsPerDay: 1, commentsPerPost: 3 };

/** The account that bought followers: a one-day jump, diluted engagement, repeated comments. */
export const FAKE = {
  account: 'inf_glowupdaily',
  jumpDay: 40,
  jump: 25_000,
  /** Its engagements per post follow its followers before the jump (the bought ones never engage). */
  repeatedShare: 0.7,
  repeated: ['Amazing!!! 🔥🔥', 'Love this so much', 'Wow great content', 'So beautiful 😍', 'Need this now!'],
};

/** Mention graph: two dense communities, a few micro-influencers bridging them, big hubs (too large to be micro). */
export const GRAPH = { withinP: 0.22, bridgeLinksPerSide: 6, bridges: 3, bridgeFollowers: [8_000, 15_000, 32_000], hubFollowers: 250_000, regularFollowers: [80, 900] as [number, number] };

/** Campaign naming convention and the names planted to break it; `part` is where a left-to-right parse fails. */
export const NAMING = {
  pattern: '{brand}_{market}_{objective}_{yyyymm}',
  brand: 'northwind',
  markets: ['UK', 'DE', 'FR', 'US'],
  objectives: ['awareness', 'traffic', 'conversions'],
  broken: [
    { name: 'northwind_UK_awareness', reason: 'missing {yyyymm}: no _ after {objective}, 3 of 4 parts', part: 'objective' },
    { name: 'northwind_ES_traffic_202502', reason: 'market ES is not one of UK, DE, FR, US', part: 'market' },
    { name: 'northwind_DE_conversions_202513', reason: 'yyyymm 202513 is not a month', part: 'yyyymm' },
    { name: 'Northwind-FR-awareness-202503', reason: 'separators are hyphens, not underscores: no _ after {brand}', part: 'brand' },
    { name: 'northwind_US_sales_202502', reason: 'objective sales is not one of awareness, traffic, conversions', part: 'objective' },
    { name: 'northwind_UK_traffic_202503_v2', reason: 'extra part _v2 after {yyyymm}', part: 'yyyymm' },
  ],
};

/** Geo experiment: conversions per region per day; the treated regions lift from `startDay`. */
export const GEO = { testId: 'GEO1', startDay: 56, lift: 0.2, baseMin: 40, baseMax: 120, noiseSd: 0.04 };

/** Engagement series by format: a platform change cuts every rate and the mix shifts to links. */
export const ENGAGEMENT = {
  changeDay: 50,
  changeName: 'Feed ranking update (platform)',
  rates: { video: 0.06, image: 0.04, carousel: 0.05, link: 0.015 } as Record<string, number>,
  rateMultiplierAfter: 0.8,
  impressionsPerPost: 5000,
  mixBefore: { video: 0.35, image: 0.3, carousel: 0.2, link: 0.15 } as Record<string, number>,
  mixAfter: { video: 0.2, image: 0.3, carousel: 0.15, link: 0.35 } as Record<string, number>,
  postsPerDay: 40,
  otherEvents: [
    { day: 20, name: 'Spring product launch', type: 'launch' },
    { day: 75, name: 'Public holiday', type: 'holiday' },
  ],
};

/** Dynamic-creative test: CTR = base × headline × image × cta effects; one headline is best. */
export const DCO = {
  campaign: 'northwind_UK_conversions_202502',
  baseCtr: 0.012,
  headlines: { h_save_time: 1.0, h_free_trial: 1.45, h_trusted: 1.0 } as Record<string, number>,
  images: { img_team: 1.0, img_product: 1.05 } as Record<string, number>,
  ctas: { cta_learn: 1.0, cta_start: 1.0 } as Record<string, number>,
  impressionsPerCreativePerDay: 1500,
  days: 28,
};
