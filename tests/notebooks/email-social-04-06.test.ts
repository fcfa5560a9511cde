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

describe('email + social module 5 — integrated A/B testing', () => {
  const path = 'notebooks/email-social/05-designing-integrated-ab-testing-frameworks.pulse.md';
  let r: RunResult;
  beforeAll(async () => {
    r = await run(path);
  }, 120_000);

  it('runs with every cell ok, one section per bullet plus exercises', () => {
    expectModule(r, path, 5, 9);
  });

  it('the unsubscribe guardrail stops the harmful test at the planted look; complaints do not stop it', () => {
    const g = rows(r, 'unsubscribe_guardrail');
    expect(g.filter((x) => x.stop === true).map((x) => num(x.look))).toEqual([truth.experiments.guardrail.stop_look]);
    // The observed cumulative z per look is the planted one (pooled two-proportion z, as prop.test).
    for (const planted of truth.experiments.guardrail.looks) expect(num(g.find((x) => num(x.look) === planted.look)!.z)).toBeCloseTo(planted.z, 2);
    expect(rows(r, 'complaint_guardrail').some((x) => x.stop === true)).toBe(false);
  });

  it('flags the planted sample-ratio mismatch, the people in both arms and the shared audience', () => {
    const srm = rows(r, 'srm');
    expect([...new Set(srm.filter((x) => x.srm === true).map((x) => x.test_id))]).toEqual([truth.experiments.srm.test_id]);
    const t3 = rows(r, 'contamination').find((x) => x.test === truth.experiments.srm.test_id)!;
    expect(num(t3.contaminated_units)).toBe(truth.experiments.people_in_both_arms_of_T3.length);
    const [o] = rows(r, 'test_overlap');
    expect(num(o!.shared_units)).toBe(truth.experiments.people_in_both_T1_and_T3);
    expect(num(o!.overlap_days)).toBe(7);
  });

  it('keeps only the planted true effect after Bonferroni, and drops the raw-p false alarm', () => {
    const cells = rows(r, 'cell_tests');
    const { true_effect: t, false_alarm: f } = truth.experiments.multiple;
    expect(cells.filter((x) => x.significant_bonferroni === true).map((x) => `${x.segment}/${x.channel}`)).toEqual([`${t.segment}/${t.channel}`]);
    expect(cells.filter((x) => x.significant_raw === true).map((x) => `${x.segment}/${x.channel}`).sort()).toEqual([`${t.segment}/${t.channel}`, `${f.segment}/${f.channel}`].sort());
    // Holm and BH are never below the raw p, Bonferroni never below Holm (their definitions).
    for (const x of cells) {
      expect(num(x.p_holm)).toBeGreaterThanOrEqual(num(x.p_value) - 1e-12);
      expect(num(x.p_bonferroni)).toBeGreaterThanOrEqual(num(x.p_holm) - 1e-12);
      expect(num(x.p_bh)).toBeLessThanOrEqual(num(x.p_holm) + 1e-12);
    }
  });
});

describe('email + social module 6 — reporting and alerting', () => {
  const path = 'notebooks/email-social/06-automating-reporting-and-alerting-systems.pulse.md';
  let r: RunResult;
  beforeAll(async () => {
    r = await run(path);
  }, 120_000);

  it('runs with every cell ok, one section per bullet plus exercises', () => {
    expectModule(r, path, 6, 9);
  });

  it('alerts on exactly the planted referral-drop days', () => {
    expect(rows(r, 'referral_alert_days').map((x) => String(x.day).slice(0, 10))).toEqual(truth.web.referral_drop.days);
    expect(String(rows(r, 'chat_message')[0]!.message)).toContain(`${truth.web.referral_drop.days.length} referral alert day(s)`);
  });

  it('converts to Berlin time with the EU daylight-saving switch inside the data', () => {
    // Europe/Berlin is UTC+1 (CET) until 2025-03-30 01:00 UTC, then UTC+2 (CEST): EU Directive 2000/84/EC.
    const [d] = rows(r, 'day_shift');
    expect([num(d!.min_offset_minutes), num(d!.max_offset_minutes)]).toEqual([60, 120]);
    expect(num(d!.on_another_day_locally)).toBeGreaterThan(0);
  });
});
