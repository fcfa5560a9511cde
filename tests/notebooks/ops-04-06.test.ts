/**
 * Enterprise social operations curriculum, modules 4–6: each notebook runs headless on the bundled
 * samples with every cell ok and finds what public/sample/ops_truth.json says was planted.
 */
import { describe, expect, it } from 'vitest';
import { num, rows, runModule, truth } from './opsSupport.ts';

describe('ops module 4 — content strategy and creative operations', () => {
  const r = runModule(4, 7);

  it('content matrix: the planted under-target pillar is flagged under, the over-target one over, and user-generated content engages best', () => {
    const t = truth.content_strategy;
    const balance = rows(r, 'pillar_balance');
    expect(balance[0]!.pillar).toBe(t.most_under_target);
    expect(balance.find((b) => b.pillar === t.most_under_target)!.status).toBe('under target');
    expect(balance.find((b) => b.pillar === t.most_over_target)!.status).toBe('over target');
    for (const b of balance) expect(num(b.target_share), String(b.pillar)).toBe(t.pillar_target[String(b.pillar)]);
    const best = balance.reduce((a, b) => (num(b.engagement_rate) > num(a.engagement_rate) ? b : a));
    expect(best.pillar).toBe(t.best_pillar);
  });

  it('asset versions: exactly the planted posts republished a superseded version', () => {
    expect(rows(r, 'stale_asset_posts').map((p) => p.content_id).sort()).toEqual(truth.content_strategy.stale_asset_posts);
  });

  it('engagement model: beats the base rate on later posts and recovers the planted evening lift', () => {
    const check = rows(r, 'engagement_model_check')[0]!;
    expect(num(check.test_log_loss)).toBeLessThan(num(check.base_rate_log_loss));
    // The planted rate multiplier is 1.15; at rates near 4 % the odds ratio is 1.15 × (1 − p) / (1 − 1.15 p) ≈ 1.153.
    const evening = rows(r, 'engagement_model').find((t) => t.term === 'evening')!;
    expect(Math.abs(num(evening.odds_ratio) - truth.content_strategy.evening_multiplier)).toBeLessThan(0.03);
  });

  it('ROI by format: carousels come first by engagements per euro though video has the highest engagement rate', () => {
    const t = truth.content_strategy;
    const roi = rows(r, 'format_roi');
    expect(roi[0]!.format).toBe(t.best_roi_format);
    expect(roi.reduce((a, b) => (num(b.engagement_rate) > num(a.engagement_rate) ? b : a)).format).toBe(t.highest_rate_format);
    for (const f of roi) expect(Math.abs(num(f.engagements_per_euro) / t.expected_engagements_per_euro[String(f.format)] - 1), String(f.format)).toBeLessThan(0.15);
  });
});

describe('ops module 5 — paid social and performance optimization', () => {
  const r = runModule(5, 7);

  it('naming: exactly the planted broken names are flagged, each at the planted part, and their spend is unattributed', () => {
    const check = rows(r, 'naming_check');
    const broken = check.filter((c) => c.follows_convention === false).map((c) => [c.campaign_name, c.broken_part]).sort();
    expect(broken).toEqual(truth.campaign_naming.broken.map((b: { name: string; part: string }) => [b.name, b.part]).sort());
    expect(check.filter((c) => c.follows_convention === true).length).toBe(truth.campaign_naming.campaigns - truth.campaign_naming.broken.length);
    const unattributed = rows(r, 'unattributed_spend')[0]!;
    expect(num(unattributed.broken_names)).toBe(truth.campaign_naming.broken.length);
    // The roll-up keeps every euro: the broken names' spend sits in its own row.
    const rollup = rows(r, 'spend_rollup');
    expect(num(rollup.find((x) => x.market === '(name breaks the convention)')!.spend)).toBeCloseTo(num(unattributed.spend), 2);
    expect(rollup.reduce((s, x) => s + num(x.share_of_spend), 0)).toBeCloseTo(1, 9);
  });

  it('conversions by OS: only iOS is flagged, with a capture rate near the planted one', () => {
    const m = truth.paid_measurement;
    const gap = rows(r, 'os_gap');
    expect(gap.filter((g) => g.measurement_gap === true).map((g) => g.os)).toEqual([m.largest_gap_os]);
    for (const g of gap) expect(Math.abs(num(g.capture_rate) - m.platform_capture[String(g.os)]), String(g.os)).toBeLessThan(0.04);
  });

  it('funnel costs: each objective is judged on its stage metric and only the planted one misses its target', () => {
    const costs = rows(r, 'funnel_costs');
    for (const t of truth.paid_measurement.targets) {
      const c = costs.find((x) => x.objective === t.objective)!;
      expect(c.metric).toBe(t.metric);
      expect(Math.abs(num(c.actual) / t.planned - 1), t.objective).toBeLessThan(0.05);
      expect(c.misses_target, t.objective).toBe(!t.meets);
    }
  });

  it('geo lift: the planted lift lies in the difference-in-differences interval, synthetic control is near it, and no placebo region is significant', () => {
    const g = truth.geo_lift;
    const did = rows(r, 'geo_lift_interval').find((x) => x.method === 'difference-in-differences')!;
    expect(num(did.relative_ci_low)).toBeLessThanOrEqual(g.relative_lift);
    expect(num(did.relative_ci_high)).toBeGreaterThanOrEqual(g.relative_lift);
    expect(num(did.pre_trend_p)).toBeGreaterThan(0.05);
    const sc = rows(r, 'geo_lift').find((x) => x.method === 'synthetic control')!;
    expect(Math.abs(num(sc.relative_lift) - g.relative_lift)).toBeLessThan(0.03);
    const placebos = rows(r, 'placebo_ranks');
    expect(placebos[0]!.is_treated).toBe(true);
    expect(placebos.filter((p) => p.is_treated === false).map((p) => p.region).sort()).toEqual([...g.controls].sort());
    // Every placebo's ratio well below the treated one's (the planted lift is 5 noise SDs a day).
    for (const p of placebos.slice(1)) expect(num(p.ratio_vs_treated), String(p.region)).toBeLessThan(0.5);
    // A control region tested as if treated shows a lift far below the planted one in both methods.
    for (const x of rows(r, 'placebo_region_check')) expect(Math.abs(num(x.relative_lift)), String(x.method)).toBeLessThan(g.relative_lift / 4);
    const inTime = rows(r, 'in_time_check').find((x) => x.method === 'difference-in-differences')!;
    expect(num(inTime.placebo_did_p)).toBeGreaterThan(0.05);
    expect(Math.abs(num(inTime.placebo_relative_lift))).toBeLessThan(0.05);
    expect(num(rows(r, 'in_time_check').find((x) => x.method === 'synthetic control')!.campaign_vs_placebo_ratio)).toBeGreaterThan(2);
  });

  it('fatigue: only the planted fast creative is rotated, with half-lives and caps near the planted ones', () => {
    const f = truth.paid_measurement.fatigue;
    const plan = rows(r, 'rotation_plan');
    expect(plan.filter((p) => p.rotate_now === true).map((p) => p.creative_id)).toEqual([f.fast]);
    for (const p of plan) {
      const planted = p.creative_id === f.fast ? f.half_life_fast : f.half_life_slow;
      expect(Math.abs(num(p.half_life) / planted - 1), String(p.creative_id)).toBeLessThan(0.2);
    }
    expect(num(plan.find((p) => p.creative_id === f.fast)!.frequency_cap)).toBe(f.cap_fast);
  });
});

describe('ops module 6 — influencer and community management', () => {
  const r = runModule(6, 7);

  it('vetting: the fake-follower influencer is flagged on its jump date and the honest ones are not', () => {
    const v = rows(r, 'influencer_vetting');
    expect(v.filter((x) => x.flagged === true).map((x) => x.account)).toEqual([truth.fake_followers.account]);
    for (const honest of truth.fake_followers.honest) expect(v.find((x) => x.account === honest)!.flagged, honest).toBe(false);
    expect(String(v.find((x) => x.account === truth.fake_followers.account)!.spike_date).slice(0, 10)).toBe(truth.fake_followers.jump_date);
  });

  it('impact: the fake-follower account brings the fewest sessions per 1k followers; the planted star the most code revenue per euro of fee', () => {
    const t = truth.influencer_impact;
    const impact = rows(r, 'influencer_impact');
    expect(impact[0]!.account_id).toBe(t.best_revenue_per_fee);
    expect(impact.reduce((a, b) => (num(b.sessions_per_1k_followers) < num(a.sessions_per_1k_followers) ? b : a)).account_id).toBe(t.fewest_sessions_per_1k_followers);
  });

  it('audience overlap: the planted pair has the highest Jaccard (near 1/3) and the planted account mostly reaches the brand\'s followers', () => {
    const t = truth.influencer_impact;
    const top = rows(r, 'audience_pairs')[0]!;
    expect([top.account_a, top.account_b].sort()).toEqual(t.overlap_pair);
    expect(Math.abs(num(top.jaccard) - t.overlap_pair_jaccard)).toBeLessThan(0.03);
    const brand = rows(r, 'brand_reach_overlap');
    expect(brand[0]!.account_id).toBe(t.brand_overlap);
    expect(Math.abs(num(brand[0]!.already_following_brand) - t.brand_overlap_share)).toBeLessThan(0.02);
    for (const b of brand.slice(1)) expect(num(b.already_following_brand), String(b.account_id)).toBeLessThan(0.1);
  });

  it('advocates: exactly the planted advocates, never the equally active complainers or the lapsed', () => {
    expect(rows(r, 'advocates_top').map((a) => a.actor_key).sort()).toEqual(truth.advocates.advocates);
  });

  it('moderation: the rules catch the labelled violations, and every overturned appeal was an automatic keyword removal', () => {
    const all = rows(r, 'moderation_rates').find((x) => x.category === 'all')!;
    expect(num(all.messages)).toBe(Object.values(truth.messages.counts as Record<string, number>).reduce((s, c) => s + c, 0));
    expect(num(all.recall)).toBeGreaterThan(0.9);
    const appeals = rows(r, 'appeal_review');
    expect(appeals.reduce((s, a) => s + num(a.appealed), 0)).toBe(truth.messages.appealed);
    expect(num(appeals.find((a) => a.decision === 'auto')!.overturned)).toBe(truth.messages.overturned);
    expect(appeals.filter((a) => a.decision !== 'auto').reduce((s, a) => s + num(a.overturned), 0)).toBe(0);
  });
});
