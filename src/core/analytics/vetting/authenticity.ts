/**
 * Influencer vetting: three signals of bought followers or engagement, each scaled to [0, 1], and a
 * weighted score out of 100.
 *
 * - Follower-growth anomaly: the largest robust z of a day's follower change,
 *   (Δ − median Δ) / (1.4826 · MAD Δ) (Hampel's MAD scaled to a normal sd; 1.2533 × the mean absolute
 *   deviation from the median when the MAD is 0, as the anomaly cell does — the sd would be inflated by
 *   the very spike it should reveal). Component = clamp((z − 3) / 5): 0 up to z = 3, 1 from z = 8.
 * - Engagement against the size band: the account's engagement rate (engagements per post / average
 *   followers) divided by the median rate of the accounts in its band (nano < 10k, micro 10k–100k,
 *   mid 100k–500k, macro 500k–1M, mega ≥ 1M followers, the bands of Influencer Marketing Hub's
 *   benchmark reports). Bought followers dilute it. Component = clamp((1 − ratio) / 0.75): 0 at or above
 *   the band median, 1 at a quarter of it or less.
 * - Duplicate-comment share: the share of its comments whose normalized text (lower-cased, spaces
 *   collapsed, trailing punctuation dropped) occurs more than once on the account. Component =
 *   clamp(share / 0.5): 1 when half or more are repeats.
 *
 * Score = 100 · Σ w_c · component_c / Σ w_c over the signals available (default weights growth 0.4,
 * engagement 0.3, duplicates 0.3); flagged at or above the threshold (default 50).
 */

export interface SizeBand {
  name: string;
  min: number;
}

export const SIZE_BANDS: SizeBand[] = [
  { name: 'nano', min: 0 },
  { name: 'micro', min: 10_000 },
  { name: 'mid', min: 100_000 },
  { name: 'macro', min: 500_000 },
  { name: 'mega', min: 1_000_000 },
];

export const bandOf = (followers: number) => [...SIZE_BANDS].reverse().find((b) => followers >= b.min)!.name;

const clamp = (x: number) => Math.min(1, Math.max(0, x));

export const growthComponent = (z: number | null) => (z === null ? null : clamp((z - 3) / 5));
export const engagementComponent = (ratio: number | null) => (ratio === null ? null : clamp((1 - ratio) / 0.75));
export const duplicateComponent = (share: number | null) => (share === null ? null : clamp(share / 0.5));

export interface Weights {
  growth: number;
  engagement: number;
  duplicates: number;
}

export const DEFAULT_WEIGHTS: Weights = { growth: 0.4, engagement: 0.3, duplicates: 0.3 };

/** The weighted score out of 100 over the components that are not null; null when none is. */
export function authenticityScore(parts: { growth: number | null; engagement: number | null; duplicates: number | null }, weights: Weights = DEFAULT_WEIGHTS): number | null {
  let num = 0;
  let den = 0;
  for (const k of ['growth', 'engagement', 'duplicates'] as const) {
    const v = parts[k];
    if (v === null) continue;
    num += weights[k] * v;
    den += weights[k];
  }
  return den > 0 ? (100 * num) / den : null;
}

/** Median of numbers (null for none). */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
