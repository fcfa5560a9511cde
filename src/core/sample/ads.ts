import { dayAt, volumeMultiplier } from './calendar.ts';
import { AB_TEST, BOTS } from './plan.ts';
import { binomial, normal, type Rng } from './random.ts';

/** One ad_daily row as generated (the canonical columns the sample fills). */
export interface AdRow {
  date: string;
  platform: 'meta' | 'linkedin' | 'x' | 'tiktok' | 'google_ads';
  account: string;
  campaign: string;
  campaign_id: string;
  campaign_type: string;
  ad_group: string;
  ad: string;
  variant: string | null;
  impressions: number;
  reach: number;
  clicks: number;
  all_clicks: number;
  click_definition: string;
  engagements: number;
  video_views: number;
  video_autoplays: number;
  spend: number;
  currency: string;
  conversions: number;
  conversion_value: number;
}

interface AdPlan {
  platform: AdRow['platform'];
  campaign: string;
  campaign_id: string;
  campaign_type: string;
  ad_group: string;
  ad: string;
  variant?: string;
  impressions: number;
  ctr: number;
  /** Non-link clicks per impression, on top of link clicks. */
  otherClickRate: number;
  cpm: number;
  cvr: number;
  video: boolean;
  from?: string;
  to?: string;
}

const ACCOUNT = 'Pulse Demo Co';

/** The campaigns and ads of the sample, one plan per ad. */
export const AD_PLANS: AdPlan[] = [
  { platform: 'meta', campaign: BOTS.campaign, campaign_id: '120208000000000001', campaign_type: 'Sales', ad_group: 'Lookalike 1%', ad: 'Lifestyle video', impressions: 22000, ctr: 0.011, otherClickRate: 0.012, cpm: 9.5, cvr: 0.035, video: true },
  { platform: 'meta', campaign: BOTS.campaign, campaign_id: '120208000000000001', campaign_type: 'Sales', ad_group: 'Lookalike 1%', ad: 'Product carousel', impressions: 16000, ctr: 0.009, otherClickRate: 0.01, cpm: 9.1, cvr: 0.03, video: false },
  { platform: 'meta', campaign: 'Retargeting 30d', campaign_id: '120208000000000002', campaign_type: 'Sales', ad_group: 'Website visitors 30d', ad: 'Dynamic catalog', impressions: 5000, ctr: 0.019, otherClickRate: 0.015, cpm: 14, cvr: 0.07, video: false },
  ...(['control', 'variant_b'] as const).map((arm) => ({
    platform: 'meta' as const, campaign: AB_TEST.campaign, campaign_id: '120208000000000003', campaign_type: 'Traffic', ad_group: AB_TEST.ad_group, ad: AB_TEST.arms[arm].ad, variant: arm,
    impressions: AB_TEST.impressionsPerArmPerDay, ctr: AB_TEST.arms[arm].ctr, otherClickRate: 0.011, cpm: 8.8, cvr: 0.03, video: false, from: AB_TEST.start, to: AB_TEST.end,
  })),
  { platform: 'linkedin', campaign: 'B2B Whitepaper', campaign_id: '612345678', campaign_type: 'Sponsored Content', ad_group: 'Q1 Demand Gen', ad: 'Whitepaper single image', impressions: 4200, ctr: 0.0075, otherClickRate: 0.004, cpm: 48, cvr: 0.09, video: false },
  { platform: 'linkedin', campaign: 'Webinar Signups', campaign_id: '612345679', campaign_type: 'Sponsored Content', ad_group: 'Q1 Demand Gen', ad: 'Webinar video', impressions: 3100, ctr: 0.006, otherClickRate: 0.005, cpm: 52, cvr: 0.12, video: true },
  { platform: 'x', campaign: 'Always-on Brand', campaign_id: '1a2b3c', campaign_type: 'Website traffic', ad_group: 'Interests', ad: 'Brand promoted post', impressions: 18000, ctr: 0.006, otherClickRate: 0.009, cpm: 5.5, cvr: 0.015, video: false },
  { platform: 'tiktok', campaign: 'Spring UGC', campaign_id: '1790000000000001', campaign_type: 'Traffic', ad_group: 'Gen Z 18-24', ad: 'UGC clip A', impressions: 30000, ctr: 0.01, otherClickRate: 0.006, cpm: 4.2, cvr: 0.02, video: true },
  { platform: 'tiktok', campaign: 'Spring UGC', campaign_id: '1790000000000001', campaign_type: 'Traffic', ad_group: 'Gen Z 18-24', ad: 'UGC clip B', impressions: 26000, ctr: 0.012, otherClickRate: 0.006, cpm: 4.4, cvr: 0.022, video: true },
  { platform: 'google_ads', campaign: 'Brand - Exact', campaign_id: '20012345678', campaign_type: 'Search', ad_group: 'Brand terms', ad: 'Brand RSA', impressions: 900, ctr: 0.15, otherClickRate: 0, cpm: 60, cvr: 0.11, video: false },
  { platform: 'google_ads', campaign: 'Generic - Analytics notebook', campaign_id: '20012345679', campaign_type: 'Search', ad_group: 'Notebook terms', ad: 'Generic RSA', impressions: 3000, ctr: 0.045, otherClickRate: 0, cpm: 62, cvr: 0.04, video: false },
  { platform: 'google_ads', campaign: 'Remarketing Display', campaign_id: '20012345680', campaign_type: 'Display', ad_group: 'All visitors', ad: 'Responsive display', impressions: 12000, ctr: 0.004, otherClickRate: 0, cpm: 2.3, cvr: 0.012, video: false },
];

/** Bot clicks added to the ad the bots hit, per bot day. */
export function botClicksPerDay(): number {
  return BOTS.users * BOTS.clicksPerUserPerDay;
}

/**
 * Generate ad_daily rows: per ad and day, impressions follow the planted weekday and holiday
 * multipliers with noise; clicks are binomial in the ad's true CTR; bot days add bot clicks to the
 * first Meta prospecting ad (a CTR spike with no extra impressions).
 */
export function generateAdDaily(rng: Rng, days: number): AdRow[] {
  const rows: AdRow[] = [];
  for (let d = 0; d < days; d++) {
    const date = dayAt(d);
    const volume = volumeMultiplier(date);
    for (const [i, plan] of AD_PLANS.entries()) {
      if ((plan.from && date < plan.from) || (plan.to && date > plan.to)) continue;
      // The A/B arms share one auction: no holiday or weekday noise beyond the split.
      const noise = Math.exp(0.08 * normal(rng));
      const impressions = Math.max(1, Math.round(plan.impressions * volume * noise));
      let clicks = binomial(rng, impressions, plan.ctr);
      if (i === 0 && BOTS.days.includes(date)) clicks += botClicksPerDay();
      const other = binomial(rng, impressions, plan.otherClickRate);
      const conversions = binomial(rng, clicks, plan.cvr);
      const spend = Math.round((impressions / 1000) * plan.cpm * Math.exp(0.05 * normal(rng)) * 100) / 100;
      const platformClick = plan.platform === 'google_ads' ? 'ad_click' : 'link_click';
      rows.push({
        date, platform: plan.platform, account: ACCOUNT, campaign: plan.campaign, campaign_id: plan.campaign_id, campaign_type: plan.campaign_type,
        ad_group: plan.ad_group, ad: plan.ad, variant: plan.variant ?? null, impressions,
        reach: Math.round(impressions / (1.15 + 0.3 * rng())), clicks, all_clicks: clicks + other, click_definition: platformClick,
        engagements: clicks + other + binomial(rng, impressions, 0.004),
        video_views: plan.video ? binomial(rng, impressions, 0.22) : 0,
        video_autoplays: plan.video ? binomial(rng, impressions, 0.6) : 0,
        spend, currency: 'USD', conversions, conversion_value: Math.round(conversions * (40 + 30 * rng()) * 100) / 100,
      });
    }
  }
  return rows;
}
