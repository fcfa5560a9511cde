/**
 * Recommendations analysis curriculum, modules 7–9: each notebook runs headless on the bundled samples
 * with every cell ok and finds what public/sample/recs_truth.json says was planted.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importExport } from '../../src/core/importers/index.ts';
import { num, rows, runModule, truth } from './recsSupport.ts';

describe('recs module 7 — governance, ethics and compliance', () => {
  const r = runModule(7, 9);

  it('exposure parity flags the planted market, and only it, with the planted ratios', () => {
    const bias = truth.exposure_bias;
    const parity = rows(r, 'exposure_parity');
    expect(parity.filter((x) => x.disparity === true).map((x) => x.group)).toEqual([bias.biased_group]);
    for (const [market, planted] of Object.entries(bias.by_market as Record<string, { exposure_share: number; relevant_share: number; ratio: number }>)) {
      const got = parity.find((x) => x.group === market)!;
      expect(num(got.exposure_share), market).toBeCloseTo(planted.exposure_share, 5);
      expect(num(got.relevant_share), market).toBeCloseTo(planted.relevant_share, 5);
      expect(num(got.ratio), market).toBeCloseTo(planted.ratio, 5);
    }
  });

  it('the slot log shows the planted cause: fewer slots per session in the biased market', () => {
    const bias = truth.exposure_bias;
    const slots = rows(r, 'slots_by_market');
    for (const [market, planted] of Object.entries(bias.by_market as Record<string, { slots_per_session: number; sessions: number }>)) {
      const got = slots.find((x) => x.market === market)!;
      expect(num(got.slots_per_session), market).toBe(planted.slots_per_session);
      expect(num(got.sessions), market).toBe(planted.sessions);
    }
    expect(slots[0]!.market).toBe(bias.biased_group);
  });

  it('retention counts the interactions older than the window, and the opt-out removes nothing by default', () => {
    const ret = rows(r, 'retention_report').find((x) => x.dataset === 'recs_interactions')!;
    expect(num(ret.rows)).toBe(truth.interactions.count);
    // Independently: the interactions' timestamps against the last time in any of the three logs minus the notebook's 60 days.
    const times = (file: string, column: string) => {
      const [header, ...lines] = readFileSync(`public/sample/${file}`, 'utf8').trim().split('\n');
      const at = header!.split(',').indexOf(column);
      return lines.map((l) => Date.parse(`${/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.exec(l.split(',').slice(at).join(','))![0].replace(' ', 'T')}Z`));
    };
    const ts = times('recs_interactions.csv', 'ts');
    const last = Math.max(...ts, ...times('recs_exposures.csv', 'shown_at'), ...times('recs_posts.csv', 'created_at'));
    const cutoff = last - 60 * 86_400_000;
    expect(num(ret.rows_past_retention)).toBe(ts.filter((t) => t < cutoff).length);
    expect(rows(r, 'opt_out_effect')[0]).toMatchObject({ opted_out_people: 0, exposures_to_opted_out: 0 });
  });
});

const sampleRows = (file: string) => importExport(readFileSync(`public/sample/${file}`), file).rows as Record<string, unknown>[];
const ctrTruth = JSON.parse(readFileSync('public/sample/ground_truth.json', 'utf8'));
const esTruth = JSON.parse(readFileSync('public/sample/email_social_truth.json', 'utf8'));
const segTruth = JSON.parse(readFileSync('public/sample/segments_truth.json', 'utf8'));

describe('recs module 8 — attribution and ROI', () => {
  const r = runModule(8, 9);

  it('every attribution model, rule-based or algorithmic, shares out exactly the planted conversions and value', () => {
    const credit = rows(r, 'channel_credit');
    const models = [...new Set(credit.map((c) => String(c.model)))];
    expect(models.sort()).toEqual(['first_touch', 'last_touch', 'linear', 'markov', 'position_based', 'shapley', 'time_decay']);
    for (const m of models) {
      const mine = credit.filter((c) => c.model === m);
      expect(mine.reduce((s, c) => s + num(c.conversions), 0), m).toBeCloseTo(ctrTruth.paths.converted, 6);
      expect(mine.reduce((s, c) => s + num(c.value), 0), m).toBeCloseTo(ctrTruth.paths.conversion_value, 2);
    }
  });

  it('path construction traces online orders through identity, and leaves the planted offline orders without web or social touches', () => {
    const coverage = rows(r, 'path_coverage');
    const online = coverage.find((c) => c.order_channel === 'online')!;
    const store = coverage.find((c) => c.order_channel === 'store')!;
    expect(num(online.orders)).toBe(esTruth.orders.online);
    expect(num(store.orders)).toBe(esTruth.orders.offline);
    expect(num(store.with_touches)).toBe(0);
    expect(num(online.joining_web_and_social)).toBeGreaterThan(0);
    expect(num(online.traced_share)).toBeGreaterThan(0.5);
  });

  it('matched controls recover the planted effect on the exposed, where the naive comparison overstates it', () => {
    const h = truth.holdout;
    const [m] = rows(r, 'matched_lift');
    expect(num(m!.ci_low)).toBeLessThan(h.expected_att);
    expect(num(m!.ci_high)).toBeGreaterThan(h.expected_att);
    expect(m!.balanced).toBe(true);
    expect(num(m!.matched_treated)).toBe(h.exposed_users);
    const naive = rows(r, 'naive_vs_matched').find((x) => String(x.estimate).startsWith('naive'))!;
    expect(num(naive.conversion_rate_difference)).toBeCloseTo(h.naive_difference, 6);
    expect(num(naive.conversion_rate_difference)).toBeGreaterThan(num(m!.att));
    expect(rows(r, 'matched_balance').find((b) => b.covariate === 'sessions_before')!.imbalanced_before).toBe(true);
  });

  it('seasonal and event adjustment finds the planted campaign lift that a before/after comparison misses', () => {
    const bd = truth.brand_daily;
    const effects = rows(r, 'event_effects');
    for (const e of bd.events as { name: string; multiplier: number }[]) {
      const got = effects.find((x) => x.name === e.name)!;
      expect(Math.abs(num(got.adjusted_effect) - (e.multiplier - 1)), e.name).toBeLessThan(0.06);
    }
    const campaign = effects.find((x) => x.type === 'campaign')!;
    expect(Math.abs(num(campaign.naive_before_after) - bd.campaign_lift)).toBeGreaterThan(Math.abs(num(campaign.adjusted_effect) - bd.campaign_lift));
    // Weekday indices against the planted multipliers (their mean is 1, so they are indices already). A
    // one-off event inflates the index of its weekdays: the +60 % PR spike on one Sunday and one Monday of
    // 13 weeks adds about 0.6 / 13 ≈ 0.046 to those two, hence the tolerance.
    const idx = new Map(rows(r, 'daily_events').map((d) => [String(d.weekday), num(d.weekday_index)]));
    for (const [day, m] of Object.entries(bd.weekday_multipliers as Record<string, number>)) expect(Math.abs(idx.get(day)! - m), day).toBeLessThan(0.06);
  });

  it('CPE and CPA per platform are spend over engagements and over conversions of ad_daily', () => {
    const ads = sampleRows('ad_daily.csv');
    for (const p of rows(r, 'platform_costs')) {
      const mine = ads.filter((a) => a.platform === p.platform);
      const spend = mine.reduce((s, a) => s + Number(a.spend), 0);
      expect(num(p.cost_per_engagement), String(p.platform)).toBeCloseTo(spend / mine.reduce((s, a) => s + Number(a.engagements), 0), 3);
      expect(num(p.cost_per_acquisition), String(p.platform)).toBeCloseTo(spend / mine.reduce((s, a) => s + Number(a.conversions), 0), 1);
    }
  });

  it('the randomized holdout shows a significant lift whose interval holds the planted one', () => {
    const h = truth.holdout;
    const [lift] = rows(r, 'feed_lift');
    expect(lift!.significant).toBe(true);
    expect(num(lift!.relative_lift_ci_low)).toBeLessThan(h.expected_arm_lift);
    expect(num(lift!.relative_lift_ci_high)).toBeGreaterThan(h.expected_arm_lift);
    const rate = (arm: 'recommendations' | 'holdout') => h.arms[arm].conversions / h.arms[arm].users;
    expect(num(lift!.relative_lift)).toBeCloseTo(rate('recommendations') / rate('holdout') - 1, 6);
  });

  it('share of voice per brand is its share of the planted mentions', () => {
    const planted = segTruth.share_of_voice.mentions as Record<string, number>;
    const total = Object.values(planted).reduce((s, n) => s + n, 0);
    const sov = rows(r, 'share_of_voice_total');
    expect(sov).toHaveLength(Object.keys(planted).length);
    for (const b of sov) expect(num(b.share_of_voice), String(b.brand)).toBeCloseTo(planted[String(b.brand)]! / total, 6);
    expect(sov.find((b) => b.own === true)!.brand).toBe(segTruth.share_of_voice.own_brand);
  });

  it('re-estimation splits the journeys into two windows whose credits add up to the planted conversions, and flags by the threshold', () => {
    const drift = rows(r, 'credit_drift').filter((d) => d.model === 'shapley');
    const earlier = drift.reduce((s, d) => s + num(d.earlier_share ?? 0), 0);
    expect(earlier).toBeCloseTo(1, 3);
    for (const d of rows(r, 'credit_drift')) expect(d.re_estimate).toBe(d.new_channel === true || Math.abs(num(d.change_points)) > 5);
    const conversions = (id: string) => rows(r, id).reduce((s, p) => s + num(p.conversions), 0);
    expect(conversions('earlier_paths') + conversions('recent_paths')).toBe(ctrTruth.paths.converted);
  });
});

describe('recs module 9 — scaling and operationalizing', () => {
  const r = runModule(9, 9);

  it('the held-out days counted back from the last interaction start on the planted split', () => {
    expect(rows(r, 'split')[0]).toMatchObject({ held_out_start: truth.interactions.split.held_out_start, held_out_end: truth.interactions.split.held_out_end });
  });

  it('monitoring: no load gap (the sample logs interactions every day), the contract and the keys hold', () => {
    const dates = new Set(sampleRows('recs_interactions.csv').map((i) => String(i.date).slice(0, 10)));
    const days = (Date.parse(truth.end_date) - Date.parse(truth.start_date)) / 86_400_000 + 1;
    expect(dates.size).toBe(days);
    expect(rows(r, 'load_gaps')).toEqual([]);
    expect(rows(r, 'contract_check').filter((c) => c.status !== 'ok')).toEqual([]);
    expect(rows(r, 'key_checks').map((k) => num(k.violations))).toEqual([0, 0, 0, 0, 0]);
    expect(rows(r, 'monitoring_status').every((s) => s.ok === true)).toBe(true);
  });

  it('the rollback check evaluates both models on every user with held-out interactions; the models\' own lists are at parity, so the planted bias is in serving', () => {
    const heldOutUsers = new Set(sampleRows('recs_interactions.csv').filter((i) => String(i.date).slice(0, 10) >= truth.interactions.split.held_out_start).map((i) => i.user_id));
    const comparison = rows(r, 'model_comparison');
    expect(comparison.map((m) => m.model).sort()).toEqual(['candidate', 'current']);
    for (const m of comparison) expect(num(m.users), String(m.model)).toBe(heldOutUsers.size);
    expect(rows(r, 'model_parity').filter((p) => p.disparity === true)).toEqual([]);
    expect(rows(r, 'rollback_check')).toHaveLength(2);
  });

  it('the partition plan covers every interaction once, one partition per month', () => {
    const plan = rows(r, 'partition_plan');
    expect(plan.reduce((s, p) => s + num(p.rows), 0)).toBe(truth.interactions.count);
    const months = [...new Set(sampleRows('recs_interactions.csv').map((i) => String(i.date).slice(0, 7)))].sort();
    expect(plan.map((p) => p.month)).toEqual(months);
  });
});
