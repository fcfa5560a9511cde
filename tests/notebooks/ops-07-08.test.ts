/**
 * Social operations curriculum, modules 7–8: each notebook runs headless on the bundled samples with
 * every cell ok and finds what public/sample/ops_truth.json (and ground_truth.json for the shared
 * conversion paths) says was planted.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { num, rows, runModule, truth } from './opsSupport.ts';

const shared = JSON.parse(readFileSync('public/sample/ground_truth.json', 'utf8'));
const daysBetween = (a: unknown, b: string) => Math.abs(Date.parse(String(a).slice(0, 10)) - Date.parse(b)) / 86_400_000;

describe('ops module 7 — analytics, attribution and reporting', () => {
  const r = runModule(7, 7);

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

describe('ops module 8 — technology stack integration and scalability', () => {
  const r = runModule(8, 7);
  const m = truth.messages;

  it('routing: questions, praise and violations land in their queues; complaints in support except the planted false alarms', () => {
    const routed = new Map(rows(r, 'routing_check').map((x) => [`${x.human_intent}→${x.queue}`, num(x.messages)]));
    expect(routed.get('question→customer_care')).toBe(m.counts.question);
    expect(routed.get('praise→community')).toBe(m.counts.praise);
    expect(routed.get('other→moderation')).toBe(m.violations);
    // Complaints using a flagged word ("is this a scam?") are the planted false alarms: moderation first.
    expect(routed.get('complaint→moderation')).toBe(m.false_alarm_texts);
    expect(routed.get('complaint→support')).toBe(m.counts.complaint - m.false_alarm_texts);
    expect(rows(r, 'ticket_routing_export')).toHaveLength(m.counts.complaint + m.counts.question + m.counts.praise + m.violations);
  });

  it('moderation: every violation flagged; the appeals overturned are exactly the complaints, as planted', () => {
    const all = rows(r, 'moderation_rates').find((x) => x.category === 'all')!;
    expect(num(all.recall)).toBe(1);
    expect(num(all.messages)).toBe(600);
    const o = rows(r, 'oversight_summary')[0]!;
    expect(num(o.appeals)).toBe(m.appealed);
    expect(num(o.overturned_on_appeal)).toBe(m.overturned);
    expect(num(o.appeal_overturn_rate)).toBeCloseTo(m.overturned / m.appealed, 3);
    for (const a of rows(r, 'appeal_outcomes')) expect(num(a.from_complaints), `${a.decision} ${a.appeal_outcome}`).toBe(a.appeal_outcome === 'overturned' ? num(a.appeals) : 0);
  });

  it('DCO: the planted best headline has the highest asset CTR and is most likely best; the creatives carrying it get the traffic', () => {
    const headlines = rows(r, 'asset_ctr').filter((x) => x.asset_type === 'headline').sort((a, b) => num(b.ctr) - num(a.ctr));
    expect(headlines[0]!.asset_id).toBe(truth.dco.best_asset);
    expect(num(headlines[0]!.ctr_low)).toBeGreaterThan(num(headlines[1]!.ctr_high));
    expect(rows(r, 'headline_allocation').find((x) => x.best === true)!.arm).toBe(truth.dco.best_asset);
    const plan = rows(r, 'allocation_plan');
    // The combinations carrying it are, together, almost surely best; every other one keeps only the 2 % floor.
    expect(plan.filter((x) => x.headline_id === truth.dco.best_asset).reduce((s, x) => s + num(x.prob_best), 0)).toBeGreaterThan(0.99);
    for (const x of plan.filter((y) => y.headline_id !== truth.dco.best_asset)) expect(num(x.next_share), String(x.creative_id)).toBeLessThan(0.03);
    expect(plan.find((x) => num(x.prob_best) === Math.max(...plan.map((y) => num(y.prob_best))))!.headline_id).toBe(truth.dco.best_asset);
  });

  it('tags: each written form gets its planted canonical tag; off-vocabulary tags are flagged; conformance per platform as counted from the file', () => {
    const canonical = truth.tagging.canonical as Record<string, string | null>;
    for (const t of rows(r, 'canonical_tags')) expect(t.tag_form_standard ?? null, String(t.tag_as_written)).toBe(canonical[String(t.tag_as_written)]);
    expect(rows(r, 'tag_fixes').filter((x) => x.flagged === true).map((x) => x.tag_as_written).sort()).toEqual([...truth.tagging.off_vocabulary].sort());
    // Conformance counted independently: tags written exactly as a vocabulary tag, over all tags of the platform.
    const vocabulary = new Set(truth.tagging.vocabulary as string[]);
    const file = readFileSync('public/sample/ops_content_tags.csv', 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    for (const c of rows(r, 'tag_conformance')) {
      const tags = file.filter((f) => f[1] === c.platform).flatMap((f) => f[3]!.split('|'));
      expect(num(c.conformance_rate), String(c.platform)).toBeCloseTo(tags.filter((t) => vocabulary.has(t)).length / tags.length, 3);
      expect(Math.abs(num(c.conformance_rate) - truth.tagging.conformance_probability[String(c.platform)]), String(c.platform)).toBeLessThan(0.15);
    }
  });
});
