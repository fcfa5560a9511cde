/**
 * Audience segmentation curriculum, modules 4–6: each notebook runs headless on the bundled samples
 * with every cell ok and finds what public/sample/segments_truth.json says was planted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { clusterToPlanted, num, rows, runModule, truth } from './segSupport.ts';

describe('segments module 4 — behaviour frameworks', () => {
  const r = runModule(4, 9);
  let planted: Map<string, string>;
  let bySegment: Map<string, string>;
  beforeAll(() => {
    planted = clusterToPlanted(rows(r, 'segments'), truth.clusters.labels_first_period);
    bySegment = new Map(rows(r, 'segment_names').map((n) => [String(n.segment), planted.get(String(n.cluster))!]));
  });

  it('survival: the giveaway group\'s median is near the planted 14 days, the others near 60, and log-rank p is tiny', () => {
    const s = rows(r, 'unfollow_summary');
    const giveaway = s.find((x) => x.group === 'giveaway')!;
    expect(num(giveaway.n)).toBe(truth.survival.follows.giveaway);
    expect(num(giveaway.median)).toBeGreaterThanOrEqual(truth.survival.planted_median_days.giveaway * 0.75);
    expect(num(giveaway.median)).toBeLessThanOrEqual(truth.survival.planted_median_days.giveaway * 1.25);
    for (const other of s.filter((x) => x.group !== 'giveaway')) {
      expect(num(other.median), String(other.group)).toBeGreaterThanOrEqual(truth.survival.planted_median_days.other * 0.7);
      expect(num(other.median), String(other.group)).toBeLessThanOrEqual(truth.survival.planted_median_days.other * 1.3);
    }
    expect(s.reduce((n, x) => n + num(x.events), 0)).toBe(truth.survival.unfollows.giveaway + truth.survival.unfollows.other);
    expect(num(giveaway.p_value)).toBeLessThan(1e-6);
  });

  it('decay: only the planted declining segment is flagged, with a half-life near the planted 20 days', () => {
    const d = rows(r, 'decay_rates');
    const declining = d.filter((x) => x.declining === true);
    expect(declining.map((x) => bySegment.get(String(x.segment)))).toEqual(truth.decay.declining);
    expect(num(declining[0]!.half_life_days)).toBeGreaterThan(14);
    expect(num(declining[0]!.half_life_days)).toBeLessThan(28);
  });

  it('sequences: the step before the outcome (a click) is a save, as planted', () => {
    const top = rows(r, 'paths_to_outcome')[0]!;
    expect(String(top.path).split(' → ').at(-1)).toBe(truth.sequences.path_to_outcome.path[0]);
    const t = rows(r, 'transitions').find((x) => x.from_event === 'save' && x.to_event === 'click')!;
    expect(Math.abs(num(t.probability) - truth.sequences.path_to_outcome.p_click_after_save)).toBeLessThan(0.06);
  });

  it('sentiment: the planted superfans are the most positive segment, night owls the most negative, and the difference is significant', () => {
    const mw = rows(r, 'mann_whitney')[0]!;
    expect(bySegment.get(String(mw.most_positive))).toBe('superfans');
    expect(bySegment.get(String(mw.most_negative))).toBe('night_owls');
    expect(num(mw.z)).toBeGreaterThan(5);
    expect(rows(r, 'kruskal_wallis')[0]!.distributions_differ).toBe(true);
  });

  it('normalizing by followers reverses the ranking: the biggest account has the lowest engagement per follower', () => {
    const p = rows(r, 'platform_engagement');
    const biggest = p.reduce((a, b) => (num(b.mean_followers) > num(a.mean_followers) ? b : a));
    const lowest = p.reduce((a, b) => (num(b.per_1000_followers_per_day) < num(a.per_1000_followers_per_day) ? b : a));
    expect(lowest.platform).toBe(biggest.platform);
  });

  it('outliers: every influencer is a follower outlier and every bot an activity outlier', () => {
    const followers = new Set(rows(r, 'follower_outliers').map((x) => String(x.user_key)));
    for (const k of truth.influencers.keys) expect(followers.has(k), k).toBe(true);
    const active = new Set(rows(r, 'activity_outliers').map((x) => String(x.user_key)));
    for (const k of truth.bots.keys) expect(active.has(k), k).toBe(true);
  });

  it('validation: the drift shows as commuters moving to late-night, the ARI drops below 0.9, and variant B lifts only the planted segments', () => {
    expect(num(rows(r, 'stability')[0]!.ari)).toBeLessThan(0.9);
    const moves = rows(r, 'period_crosstab').filter((x) => x.first_half !== x.second_half).sort((a, b) => num(b.people) - num(a.people));
    expect(bySegment.get(String(moves[0]!.first_half))).toBe(truth.drift.from);
    expect(bySegment.get(String(moves[0]!.second_half))).toBe(truth.drift.to);
    const stayed = num(rows(r, 'period_crosstab').find((x) => x.first_half === moves[0]!.first_half && x.second_half === x.first_half)!.people);
    const share = num(moves[0]!.people) / (num(moves[0]!.people) + stayed);
    expect(Math.abs(share - truth.drift.planted_share)).toBeLessThan(0.12);
    const lifted = rows(r, 'lift_by_segment').filter((x) => num(x.z) > 1.96).map((x) => bySegment.get(String(x.segment))).sort();
    expect(lifted).toEqual(Object.entries(truth.ab_test.lift_b as Record<string, number>).filter(([, v]) => v > 0).map(([k]) => k).sort());
  });
});

describe('segments module 5 — privacy and ethics', () => {
  const r = runModule(5, 9);

  it('classifies names and comment texts as restricted, keys and hashes as pseudonymous', () => {
    const p = rows(r, 'pii_inventory');
    const of = (t: string, c: string) => p.find((x) => x.table_name === t && x.column_name === c)!;
    expect(of('profiles', 'display_name').sensitivity).toBe('restricted');
    expect(of('comments', 'text').detected).toBe('user-written text');
    expect(of('profiles', 'email_hash').detected).toBe('pseudonymous identifier');
  });

  it('k-anonymity: the raw breakdown violates k, and the suggested generalization reaches it', () => {
    const s = rows(r, 'report_summary');
    expect(s.find((x) => x.step === 'as is')!.satisfies_k).toBe(false);
    expect(s.find((x) => x.step === 'suggested')!.satisfies_k).toBe(true);
    for (const x of rows(r, 'publishable')) expect(num(x.people)).toBeGreaterThanOrEqual(5);
  });

  it('finds the data subject in every table that holds them, and computes an impact ratio per group', () => {
    expect(num(rows(r, 'subject_rows').find((x) => x.table_name === 'profiles')!.rows)).toBe(1);
    const d = rows(r, 'disparate_impact');
    expect(Math.max(...d.map((x) => num(x.impact_ratio)))).toBe(1);
    for (const x of d) expect(x.needs_review).toBe(num(x.impact_ratio) < 0.8 && num(x.z_vs_best) > 1.96);
  });
});

describe('segments module 6 — cross-platform synthesis', () => {
  const r = runModule(6, 9);

  it('flags only the platform whose own age report was planted wrong', () => {
    const flagged = rows(r, 'discrepancy').filter((x) => x.data_quality_flag === true).map((x) => x.platform);
    expect(flagged).toEqual([truth.demographics.breakdown_glitch.platform]);
  });

  it('every platform differs from the reference population, TikTok by its young skew', () => {
    for (const t of rows(r, 'age_bias_test')) expect(t.differs_from_reference).toBe(true);
    expect(num(rows(r, 'age_index').find((x) => x.platform === 'tiktok' && x.age_bracket === '18-24')!.index)).toBeGreaterThan(200);
  });

  it('overlap: every pair of accounts it links is a planted twin pair (no false link)', () => {
    const twins = new Set((truth.twins.pairs as { a: string; b: string }[]).flatMap((p) => [`${p.a}|${p.b}`, `${p.b}|${p.a}`]));
    const accepted = rows(r, 'match_pairs').filter((x) => x.accepted === true);
    expect(accepted.length).toBeGreaterThan(0);
    for (const p of accepted) expect(twins.has(`${p.key_a}|${p.key_b}`), `${p.key_a} ${p.key_b}`).toBe(true);
    const multi = rows(r, 'venn').filter((x) => num(x.platform_count) > 1).reduce((n, x) => n + num(x.persons), 0);
    expect(multi).toBeLessThanOrEqual(truth.twins.pairs.length);
    expect(multi).toBeGreaterThanOrEqual(accepted.length);
  });

  it('aligns days across daylight saving time and sees people move platforms', () => {
    for (const d of rows(r, 'day_alignment')) {
      expect([num(d.min_offset_minutes), num(d.max_offset_minutes)]).toEqual([60, 120]);
      expect(num(d.on_another_day_locally)).toBeGreaterThan(0);
    }
    expect(rows(r, 'migration').filter((x) => x.from_platform !== x.to_platform).reduce((n, x) => n + num(x.persons), 0)).toBeGreaterThan(0);
  });
});
