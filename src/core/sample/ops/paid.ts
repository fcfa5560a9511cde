/**
 * Paid social: an ad account whose campaign names follow {brand}_{market}_{objective}_{yyyymm}, with a
 * few planted names that break it; and a dynamic-creative test with delivery per asset combination
 * (headline × image × call to action) where one headline is planted best.
 */
import { csvLine, dayAt } from '../calendar.ts';
import { binomial, normal, poisson, type Rng } from '../random.ts';
import { DCO, NAMING, type OpsSize } from './plan.ts';

export const AD_CAMPAIGNS_HEADER = ['date', 'account_id', 'campaign_id', 'campaign_name', 'objective', 'market', 'currency', 'spend', 'impressions', 'link_clicks', 'conversions'];
export const DCO_HEADER = ['date', 'campaign_name', 'creative_id', 'headline_id', 'image_id', 'cta_id', 'impressions', 'link_clicks'];

export interface CampaignPlan {
  id: string;
  name: string;
  objective: string;
  market: string;
}

/** Valid names for every market × objective in the first months, plus the planted broken ones. */
export function planCampaigns(size: OpsSize): CampaignPlan[] {
  const months = size.days > 120 ? ['202501', '202502', '202503', '202504', '202505', '202506'] : ['202501', '202502', '202503'];
  const valid: CampaignPlan[] = [];
  for (const market of NAMING.markets) for (const objective of NAMING.objectives) valid.push({ id: '', name: `${NAMING.brand}_${market}_${objective}_${months[valid.length % months.length]}`, objective, market });
  const broken = NAMING.broken.map((b, i) => ({ id: '', name: b.name, objective: NAMING.objectives[i % 3]!, market: NAMING.markets[i % 4]! }));
  return [...valid, ...broken].map((c, i) => ({ ...c, id: `C${String(i + 1).padStart(3, '0')}` }));
}

export const CPM: Record<string, number> = { awareness: 4, traffic: 7, conversions: 11 };
export const CTR: Record<string, number> = { awareness: 0.004, traffic: 0.012, conversions: 0.009 };
export const CVR: Record<string, number> = { awareness: 0.01, traffic: 0.02, conversions: 0.06 };

export function campaignLines(rng: Rng, size: OpsSize, campaigns: CampaignPlan[]): string[] {
  const lines: string[] = [];
  for (let d = 0; d < size.days; d++)
    for (const c of campaigns) {
      const spend = Math.max(5, 120 * (1 + 0.25 * normal(rng)));
      const impressions = Math.round((spend / CPM[c.objective]!) * 1000);
      const clicks = binomial(rng, impressions, CTR[c.objective]!);
      lines.push(csvLine([dayAt(d), 'act_northwind_eu', c.id, c.name, c.objective, c.market, 'EUR', spend.toFixed(2), impressions, clicks, binomial(rng, clicks, CVR[c.objective]!)]));
    }
  return lines;
}

export function dcoCtr(headline: string, image: string, cta: string): number {
  return DCO.baseCtr * DCO.headlines[headline]! * DCO.images[image]! * DCO.ctas[cta]!;
}

export function dcoLines(rng: Rng): string[] {
  const lines: string[] = [];
  const combos = Object.keys(DCO.headlines).flatMap((h) => Object.keys(DCO.images).flatMap((img) => Object.keys(DCO.ctas).map((cta) => [h, img, cta] as const)));
  for (let d = 0; d < DCO.days; d++)
    combos.forEach(([h, img, cta], i) => {
      const impressions = poisson(rng, DCO.impressionsPerCreativePerDay);
      lines.push(csvLine([dayAt(d), DCO.campaign, `CR${String(i + 1).padStart(2, '0')}`, h, img, cta, impressions, binomial(rng, impressions, dcoCtr(h, img, cta))]));
    });
  return lines;
}
