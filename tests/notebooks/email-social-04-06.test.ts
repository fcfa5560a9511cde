/**
 * Email + social curriculum, modules 4–6: each notebook runs headless on the bundled samples with every
 * cell ok and finds what public/sample/email_social_truth.json says was planted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { adjustedRandIndex, expectModule, num, rows, run, truth, type RunResult } from './esSupport.ts';

const NB = {
  4: 'notebooks/email-social/04-implementing-cross-channel-behavioral-segmentation.pulse.md',
} as const;

describe('email + social module 4 — behavioural segmentation', () => {
  let r: RunResult;
  beforeAll(async () => {
    r = await run(NB[4]);
  }, 120_000);

  it('runs with every cell ok, one section per bullet plus exercises', () => {
    expectModule(r, NB[4], 4, 9);
  });

  it('recovers the planted behavioural segments (adjusted Rand index ≥ 0.9) and picks k = 4 by silhouette', () => {
    const labels: Record<string, string> = truth.segments.labels_by_email_key;
    const seg = rows(r, 'segments');
    expect(seg.length).toBe(Object.keys(labels).length);
    const ari = adjustedRandIndex(seg.map((x) => String(x.cluster)), seg.map((x) => labels[String(x.email_key)]!));
    expect(ari).toBeGreaterThanOrEqual(0.9);
    expect(rows(r, 'choose_k').find((x) => x.best_silhouette === true)?.k).toBe(Object.keys(truth.segments.counts).length);
  });

  it('RFM scores the cluster holding the planted champions highest on frequency and money', () => {
    const labels: Record<string, string> = truth.segments.labels_by_email_key;
    const champions = new Map<string, number>();
    for (const x of rows(r, 'segments')) if (labels[String(x.email_key)] === 'champions') champions.set(String(x.cluster), (champions.get(String(x.cluster)) ?? 0) + 1);
    const championCluster = [...champions.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const byCluster = rows(r, 'rfm_by_cluster');
    const best = byCluster.reduce((a, b) => (num(b.mean_f) > num(a.mean_f) ? b : a));
    expect(String(best.cluster)).toBe(championCluster);
    expect(best.most_common_rfm_segment).toBe('Champions');
  });

  it('finds the lift only in the segment where it was planted', () => {
    const lifts = rows(r, 'lift_by_segment');
    expect(lifts.filter((x) => num(x.z) > 1.96).map((x) => x.segment)).toEqual([truth.experiments.holdout.lift_only_in]);
  });

  it('releases noisy segment counts within their margin of the true sizes', () => {
    const sizes = new Map(rows(r, 'segment_profiles').map((x) => [String(x.cluster), num(x.size)]));
    for (const x of rows(r, 'segment_counts_dp')) {
      expect(Math.abs(num(x.noisy_count) - sizes.get(String(x.cluster))!)).toBeLessThanOrEqual(num(x.margin) + 1);
      expect(num(x.epsilon_remaining)).toBeGreaterThanOrEqual(0);
    }
  });
});
