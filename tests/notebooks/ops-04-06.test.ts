/**
 * Enterprise social operations curriculum, modules 4–6: each notebook runs headless on the bundled
 * samples with every cell ok and finds what public/sample/ops_truth.json says was planted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectModule, modulePath, num, rows, run, truth, type RunResult } from './opsSupport.ts';

describe('ops module 4 — content strategy and creative operations', () => {
  const path = modulePath(4);
  let r: RunResult;
  beforeAll(async () => {
    r = await run(path);
  }, 180_000);

  it('runs with every cell ok, one section per bullet plus exercises', () => {
    expectModule(r, path, 4, 7);
  });

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
