/**
 * Daily engagement by post format, with a platform change on a known date that cuts every format's
 * engagement rate, and the same day a content-mix shift toward link posts (the lowest-engaging
 * format). The events calendar dates the change beside unrelated events.
 */
import { csvLine, dayAt } from '../calendar.ts';
import { binomial, poisson, type Rng } from '../random.ts';
import { ENGAGEMENT, type OpsSize } from './plan.ts';

export const ENGAGEMENT_HEADER = ['date', 'format', 'posts', 'impressions', 'engagements'];
export const EVENTS_HEADER = ['date', 'name', 'type'];

export function engagementLines(rng: Rng, size: OpsSize): string[] {
  const lines: string[] = [];
  for (let d = 0; d < size.days; d++) {
    const after = d >= ENGAGEMENT.changeDay;
    const mix = after ? ENGAGEMENT.mixAfter : ENGAGEMENT.mixBefore;
    for (const format of Object.keys(ENGAGEMENT.rates)) {
      const posts = Math.max(1, poisson(rng, ENGAGEMENT.postsPerDay * mix[format]!));
      const impressions = poisson(rng, posts * ENGAGEMENT.impressionsPerPost);
      const rate = ENGAGEMENT.rates[format]! * (after ? ENGAGEMENT.rateMultiplierAfter : 1);
      lines.push(csvLine([dayAt(d), format, posts, impressions, binomial(rng, impressions, rate)]));
    }
  }
  return lines;
}

export function eventLines(size: OpsSize): string[] {
  const events = [{ day: ENGAGEMENT.changeDay, name: ENGAGEMENT.changeName, type: 'platform_change' }, ...ENGAGEMENT.otherEvents].filter((e) => e.day < size.days).sort((a, b) => a.day - b.day);
  return events.map((e) => csvLine([dayAt(e.day), e.name, e.type]));
}

/** Planted engagement rates overall before and after (expected values of the mix × rates). */
export function plantedOverallRate(after: boolean): number {
  const mix = after ? ENGAGEMENT.mixAfter : ENGAGEMENT.mixBefore;
  const m = after ? ENGAGEMENT.rateMultiplierAfter : 1;
  return Object.keys(mix).reduce((s, f) => s + mix[f]! * ENGAGEMENT.rates[f]! * m, 0);
}

/**
 * The planted shift-share split of the overall rate's change (Shapley midpoint, as `decompose-change`
 * defines it): impressions per post are the same for every format, so a format's share of impressions
 * is its share of posts. rate = Σ w̄·(r1 − r0); mix = Σ (w1 − w0)·r̄.
 */
export function plantedDecomposition(): { rate_effect: number; mix_effect: number } {
  const { mixBefore: w0, mixAfter: w1, rates, rateMultiplierAfter: m } = ENGAGEMENT;
  let rate = 0;
  let mix = 0;
  for (const f of Object.keys(rates)) {
    rate += ((w0[f]! + w1[f]!) / 2) * (rates[f]! * m - rates[f]!);
    mix += (w1[f]! - w0[f]!) * ((rates[f]! + rates[f]! * m) / 2);
  }
  return { rate_effect: rate, mix_effect: mix };
}
