/**
 * Paid-social measurement for ops-05: the ad account's conversions by operating system as the
 * platform reported them and as the shop's backend recorded them; cost targets by funnel stage; and
 * link clicks by exposure number per creative, for a fatigue curve.
 *
 * Planted: the platform sees only ~62 % of iOS conversions (App Tracking Transparency) but nearly all
 * on Android and desktop; the conversions objective misses its CPA target while awareness and traffic
 * meet theirs; one creative's click-through rate halves every 2 exposures, the others every 6.
 */
import { csvLine, dayAt } from '../calendar.ts';
import { binomial, poisson, type Rng } from '../random.ts';
import { CPM, CTR, CVR, type CampaignPlan, campaignLines } from './paid.ts';
import type { OpsSize } from './plan.ts';

export const CONVERSIONS_BY_OS_HEADER = ['date', 'campaign_id', 'os', 'platform_conversions', 'backend_conversions'];
export const PAID_TARGETS_HEADER = ['metric', 'scope_type', 'scope_value', 'funnel_stage', 'target'];
export const CREATIVE_FREQUENCY_HEADER = ['date', 'creative_id', 'frequency', 'impressions', 'link_clicks'];

export const MEASUREMENT = {
  /** Share of backend conversions on each OS, and the share of them the platform attributes. */
  osShare: { ios: 0.55, android: 0.33, desktop: 0.12 } as Record<string, number>,
  capture: { ios: 0.62, android: 0.96, desktop: 0.98 } as Record<string, number>,
  /** Funnel stage and the cost metric each objective is bought on, with the team's target (EUR). */
  targets: [
    { objective: 'awareness', stage: 'awareness', metric: 'cpm', target: 4.5 },
    { objective: 'traffic', stage: 'consideration', metric: 'cpc', target: 0.7 },
    { objective: 'conversions', stage: 'conversion', metric: 'cpa', target: 15 },
  ],
  creatives: ['cr_unbox_video', 'cr_recipe_reel', 'cr_team_photo', 'cr_review_quote', 'cr_before_after', 'cr_bundle_offer'],
  fastCreative: 'cr_bundle_offer',
  halfLifeFast: 2,
  halfLifeSlow: 6,
  firstCtr: 0.016,
  maxFrequency: 10,
  firstExposures: 6000,
  /** Share of people who see an ad once more (impressions at frequency f+1 / at f). */
  reachDecay: 0.72,
  days: { small: 30, large: 45 },
};

/** Expected cost per unit bought for an objective, from the account's planted CPM, CTR and CVR. */
export function plannedCost(objective: string): number {
  const cpm = CPM[objective]!;
  const metric = MEASUREMENT.targets.find((t) => t.objective === objective)!.metric;
  return metric === 'cpm' ? cpm : metric === 'cpc' ? cpm / 1000 / CTR[objective]! : cpm / 1000 / (CTR[objective]! * CVR[objective]!);
}

/**
 * Each ad-account row's (platform-reported) conversions split across operating systems in proportion
 * to what the platform can see there, and the backend's count on each: the platform's plus the ones
 * it missed, Poisson with mean platform × (1 − capture) / capture. The platform totals equal the ad
 * account's conversions row by row.
 */
export function conversionsByOsLines(campaignRng: Rng, rng: Rng, size: OpsSize, campaigns: CampaignPlan[]): string[] {
  const oses = Object.keys(MEASUREMENT.osShare);
  const seen = oses.map((os) => MEASUREMENT.osShare[os]! * MEASUREMENT.capture[os]!);
  const lines: string[] = [];
  for (const line of campaignLines(campaignRng, size, campaigns)) {
    const cells = line.trimEnd().split(',');
    let left = Number(cells[10]);
    let mass = seen.reduce((s, x) => s + x, 0);
    oses.forEach((os, i) => {
      const platform = i === oses.length - 1 ? left : binomial(rng, left, seen[i]! / mass);
      left -= platform;
      mass -= seen[i]!;
      const c = MEASUREMENT.capture[os]!;
      lines.push(csvLine([cells[0], cells[2], os, platform, platform + poisson(rng, (platform * (1 - c)) / c)]));
    });
  }
  return lines;
}

export function paidTargetLines(): string[] {
  return MEASUREMENT.targets.map((t) => csvLine([t.metric, 'objective', t.objective, t.stage, t.target]));
}

/** CTR at exposure f = firstCtr × 2^(−(f − 1) / half-life). */
export function plantedCtr(creative: string, frequency: number): number {
  const h = creative === MEASUREMENT.fastCreative ? MEASUREMENT.halfLifeFast : MEASUREMENT.halfLifeSlow;
  return MEASUREMENT.firstCtr * 2 ** (-(frequency - 1) / h);
}

export function creativeFrequencyLines(rng: Rng, size: OpsSize): string[] {
  const lines: string[] = [];
  for (let d = 0; d < MEASUREMENT.days[size.name]; d++)
    for (const creative of MEASUREMENT.creatives)
      for (let f = 1; f <= MEASUREMENT.maxFrequency; f++) {
        const impressions = poisson(rng, MEASUREMENT.firstExposures * MEASUREMENT.reachDecay ** (f - 1));
        lines.push(csvLine([dayAt(d), creative, f, impressions, binomial(rng, impressions, plantedCtr(creative, f))]));
      }
  return lines;
}
