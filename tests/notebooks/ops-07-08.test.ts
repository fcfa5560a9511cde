/**
 * Social operations curriculum, modules 7–8: each notebook runs headless on the bundled samples with
 * every cell ok and finds what public/sample/ops_truth.json (and ground_truth.json for the shared
 * conversion paths) says was planted.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectModule, modulePath, num, rows, run, truth, type RunResult } from './opsSupport.ts';

const shared = JSON.parse(readFileSync('public/sample/ground_truth.json', 'utf8'));
const daysBetween = (a: unknown, b: string) => Math.abs(Date.parse(String(a).slice(0, 10)) - Date.parse(b)) / 86_400_000;

describe('ops module 7 — analytics, attribution and reporting', () => {
  const path = modulePath(7);
  let r: RunResult;
  beforeAll(async () => {
    r = await run(path);
  }, 180_000);

  it('runs with every cell ok, one section per bullet plus exercises', () => {
    expectModule(r, path, 7, 7);
  });

  it('the channel-presence logistic ranks the planted strongest channel first and the two weakest last', () => {
    // paths.csv: logit P(convert) = base + Σ effect of each distinct channel on the path (ground_truth.json paths).
    const planted = Object.entries(shared.paths.channel_log_odds as Record<string, number>).sort((a, b) => b[1] - a[1]).map(([c]) => c);
    const fitted = rows(r, 'channel_presence_model').filter((x) => x.term !== '(Intercept)').sort((a, b) => num(b.estimate) - num(a.estimate));
    expect(fitted[0]!.term).toBe(planted[0]);
    expect(num(fitted[0]!.ci_low)).toBeLessThan(shared.paths.channel_log_odds[planted[0]!]);
    expect(num(fitted[0]!.ci_high)).toBeGreaterThan(shared.paths.channel_log_odds[planted[0]!]);
    expect(new Set(fitted.slice(-2).map((x) => x.term))).toEqual(new Set(planted.slice(-2)));
    // Every data-driven model credits all conversions: shares sum to 1.
    for (const model of ['markov', 'shapley']) expect(rows(r, 'channel_credit').filter((x) => x.model === model).reduce((s, x) => s + num(x.share), 0)).toBeCloseTo(1, 6);
  });

  it('the UTM audit finds each planted mistake on its campaign; normalizing clears the case mistake, the missing campaign stays flagged', () => {
    const s = truth.reporting.sessions;
    expect(new Set(rows(r, 'tag_issues').map((x) => x.issue))).toEqual(new Set(['ok', ...s.mistags.map((m: { kind: string }) => m.kind)]));
    const rec = new Map(rows(r, 'campaign_reconciliation').map((x) => [x.campaign_name, x]));
    const byKind = (kind: string) => s.mistags.find((m: { kind: string }) => m.kind === kind).campaign;
    const cased = rec.get(byKind('campaign_case'))!;
    expect(cased.flagged_raw).toBe(true);
    expect(cased.flagged).toBe(false);
    expect(rec.get(byKind('missing_campaign'))!.flagged).toBe(true);
    expect(num(rec.get(byKind('missing_campaign'))!.landing_rate)).toBeCloseTo(s.session_rate * (1 - s.mistags.find((m: { kind: string }) => m.kind === 'missing_campaign').share), 1);
    // Every other campaign lands at the planted session rate once tags are normalized.
    const others = [...rec.values()].filter((x) => x.campaign_name !== byKind('missing_campaign'));
    expect(others.filter((x) => x.flagged)).toEqual([]);
    for (const x of others) expect(Math.abs(num(x.landing_rate) - s.session_rate), String(x.campaign_name)).toBeLessThan(0.03);
  });

  it('KPI tiles: share of voice, follower growth and the engagement benchmark near the planted values', () => {
    const k = truth.reporting.kpi_expected;
    const tile = (key: string) => num(rows(r, 'kpi_tiles').find((x) => x.kpi_key === key)!.current);
    expect(Math.abs(tile('share_of_voice') - k.share_of_voice)).toBeLessThan(0.015);
    expect(Math.abs(tile('net_new_followers_per_day') - k.net_new_followers_per_day) / k.net_new_followers_per_day).toBeLessThan(0.1);
    expect(Math.abs(tile('engagements_per_post_vs_competitors') - k.engagements_per_post_vs_competitors)).toBeLessThan(0.1);
    expect(rows(r, 'kpi_tiles')).toHaveLength(6);
  });

  it('organic and paid engagement per person reached, and both reach half-lives, recover the planted ones', () => {
    const o = truth.reporting.organic_reach;
    const split = new Map(rows(r, 'engagement_split').map((x) => [x.source, x]));
    expect(num(split.get('organic')!.engagements_per_reach)).toBeCloseTo(o.organic_engagement_rate, 3);
    expect(num(split.get('paid')!.engagements_per_reach)).toBeCloseTo(o.paid_engagement_rate, 3);
    const post = rows(r, 'post_age_decay')[0]!;
    expect(num(post.half_life_lower)).toBeLessThan(o.post_half_life_days);
    expect(num(post.half_life_upper)).toBeGreaterThan(o.post_half_life_days);
    const algo = rows(r, 'algorithmic_reach_decay')[0]!;
    expect(num(algo.half_life_lower)).toBeLessThan(o.algorithm_half_life_days);
    expect(num(algo.half_life_upper)).toBeGreaterThan(o.algorithm_half_life_days);
  });

  it('one change point, within two days of the platform change and matched to it; mix and rate effects near the planted split', () => {
    const e = truth.engagement_change;
    const shifts = rows(r, 'engagement_shifts');
    expect(shifts).toHaveLength(1);
    expect(daysBetween(shifts[0]!.date, e.change_date)).toBeLessThanOrEqual(2);
    expect(shifts[0]!.nearest_event).toBe(e.event);
    const total = rows(r, 'engagement_drop_split').find((x) => x.is_total === true)!;
    expect(Math.abs(num(total.rate_effect) - e.planted_rate_effect)).toBeLessThan(0.001);
    expect(Math.abs(num(total.mix_effect) - e.planted_mix_effect)).toBeLessThan(0.001);
  });
});
