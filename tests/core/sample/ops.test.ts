/**
 * The enterprise social operations sample (curriculum 004): every truth planted in ops_truth.json is
 * checked on the generated rows with plain arithmetic (no analysis code), plus determinism and sizes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csv, materializeOps as materialize, type Row } from './opsSample.ts';

const n = (v: unknown) => Number(v);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

// Seed 7 is the bundled sample's (public/sample, from `pulse sample --seed 7 --size small`).
const files = materialize(7, 'small');
const truth = JSON.parse(files['ops_truth.json']!);
const table = (name: string) => csv(files[name]!);

describe('ops sample (small, seed 7)', () => {
  it('same seed → identical files; another seed differs; large is bigger with more regions and influencers', () => {
    expect(materialize(7, 'small')).toEqual(files);
    for (const [name, text] of Object.entries(files)) expect(readFileSync(`public/sample/${name}`, 'utf8'), `public/sample/${name} is stale: run pulse sample --seed 7`).toBe(text);
    expect(materialize(42, 'small')['ops_geo_daily.csv']).not.toEqual(files['ops_geo_daily.csv']);
    const large = materialize(7, 'large');
    const lt = JSON.parse(large['ops_truth.json']!);
    expect(lt.end_date > truth.end_date).toBe(true);
    expect(lt.geo_lift.controls.length).toBeGreaterThan(truth.geo_lift.controls.length);
    expect(lt.fake_followers.honest.length).toBeGreaterThan(truth.fake_followers.honest.length);
    for (const name of Object.keys(files)) expect(large[name]!.length).toBeGreaterThanOrEqual(files[name]!.length);
    expect(csv(large['ops_messages.csv']!).length).toBe(20000);
  });

  it('brand, three competitors and the influencers have one row per day', () => {
    const rows = table('ops_account_daily.csv');
    const days = 90;
    const roles = new Map<string, string>();
    for (const r of rows) roles.set(r.account_id!, r.account_role!);
    expect([...roles].filter(([, v]) => v === 'brand').map(([k]) => k)).toEqual([truth.accounts.brand]);
    expect([...roles].filter(([, v]) => v === 'competitor').map(([k]) => k).sort()).toEqual([...truth.accounts.competitors].sort());
    expect(rows.length).toBe(days * (4 + truth.accounts.influencers.length));
  });

  it('the fake-follower account jumps once, its comments repeat and its engagement rate sinks; honest ones do not', () => {
    const rows = table('ops_account_daily.csv').filter((r) => r.account_role === 'influencer');
    const comments = table('ops_influencer_comments.csv');
    const stats = (account: string) => {
      const mine = rows.filter((r) => r.account_id === account);
      const gains = mine.map((r) => n(r.new_followers));
      const texts = comments.filter((c) => c.account_id === account).map((c) => c.text!.toLowerCase());
      const counts = new Map<string, number>();
      for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
      const repeated = texts.filter((t) => counts.get(t)! > 1).length / texts.length;
      const late = mine.slice(-20);
      const rate = late.reduce((s, r) => s + n(r.engagements), 0) / late.reduce((s, r) => s + n(r.posts_published) * n(r.followers), 0);
      return { maxGain: Math.max(...gains), maxAt: mine[gains.indexOf(Math.max(...gains))]!.date, repeated, rate };
    };
    const fake = stats(truth.fake_followers.account);
    expect(fake.maxAt).toBe(truth.fake_followers.jump_date);
    expect(fake.maxGain).toBeGreaterThanOrEqual(truth.fake_followers.jump);
    expect(fake.repeated).toBeGreaterThan(0.6);
    for (const h of truth.fake_followers.honest) {
      const s = stats(h);
      expect(s.maxGain).toBeLessThan(100);
      expect(s.repeated).toBe(0);
      // Planted rate 4.5 % per post per follower; the fake account's is diluted by ~25k bought followers.
      expect(s.rate).toBeGreaterThan(fake.rate * 1.3);
    }
  });

  it('mention graph: no edge joins the communities except through a bridge; bridges link both sides; only bridges are in the micro band', () => {
    const edges = table('ops_mention_edges.csv');
    const nodes = table('ops_mention_nodes.csv');
    const side = new Map<string, string>();
    for (const c of ['A', 'B']) for (const m of truth.mention_graph.communities[c]) side.set(m, c);
    const bridges = new Set<string>(truth.mention_graph.bridges.map((b: { node: string }) => b.node));
    expect(bridges.size).toBeGreaterThanOrEqual(2);
    const reach = new Map<string, Set<string>>();
    for (const e of edges) {
      const [a, b] = [e.source!, e.target!];
      if (!bridges.has(a) && !bridges.has(b)) expect(side.get(a)).toBe(side.get(b));
      for (const [x, y] of [[a, b], [b, a]] as const) if (bridges.has(x)) (reach.get(x) ?? reach.set(x, new Set()).get(x)!).add(side.get(y)!);
    }
    for (const b of bridges) expect([...reach.get(b)!].sort()).toEqual(['A', 'B']);
    const micro = nodes.filter((r) => n(r.followers) >= 1000 && n(r.followers) <= 100_000).map((r) => r.node).sort();
    expect(micro).toEqual([...bridges].sort());
  });

  it('messages carry every intent, labels and appeals; every appealed false alarm is overturned', () => {
    const rows = table('ops_messages.csv');
    expect(rows.length).toBe(600);
    const intents = new Set(rows.map((r) => r.intent));
    expect([...intents].sort()).toEqual(['complaint', 'other', 'praise', 'question']);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['comment', 'dm']));
    expect(rows.filter((r) => r.policy_label === 'violation' && r.intent === 'other').length).toBe(truth.messages.violations);
    expect(rows.filter((r) => r.appealed === 'true').length).toBe(truth.messages.appealed);
    const overturned = rows.filter((r) => r.appeal_outcome === 'overturned');
    expect(overturned.length).toBe(truth.messages.overturned);
    expect(overturned.length).toBeGreaterThan(0);
    for (const r of overturned) expect(r.intent).toBe('complaint');
    expect(table('ops_moderation_rules.csv').length).toBeGreaterThanOrEqual(5);
  });

  it('campaign names: exactly the planted ones break {brand}_{market}_{objective}_{yyyymm}', () => {
    const names = [...new Set(table('ops_ad_campaigns.csv').map((r) => r.campaign_name!))];
    const v = truth.campaign_naming.values;
    const ok = (name: string) => {
      const parts = name.split('_');
      return parts.length === 4 && parts[0] === v.brand[0] && v.market.includes(parts[1]) && v.objective.includes(parts[2]) && /^20\d\d(0[1-9]|1[0-2])$/.test(parts[3]!);
    };
    expect(names.filter((x) => !ok(x)).sort()).toEqual(truth.campaign_naming.broken.map((b: { name: string }) => b.name).sort());
  });

  it('geo experiment: ≥ 19 controls; the raw DiD of treated vs control means is the planted lift from the start date', () => {
    const rows = table('ops_geo_daily.csv');
    const g = truth.geo_lift;
    expect(g.controls.length).toBeGreaterThanOrEqual(19);
    const avg = (group: string, post: boolean) => mean(rows.filter((r) => r.geo_group === group && (r.date! >= g.start_date) === post).map((r) => n(r.conversions)));
    // Relative DiD: treated post/pre over control post/pre − 1 ≈ the planted 20 %.
    const ratio = avg('treated', true) / avg('treated', false) / (avg('control', true) / avg('control', false)) - 1;
    expect(ratio).toBeGreaterThan(g.relative_lift - 0.04);
    expect(ratio).toBeLessThan(g.relative_lift + 0.04);
    // Before the start, treated and control move together (ratio of means stable in two halves).
    const pre = rows.filter((r) => r.date! < g.start_date);
    const half = (group: string, first: boolean) => mean(pre.filter((r) => r.geo_group === group && (r.date! < '2025-02-03') === first).map((r) => n(r.conversions)));
    expect(Math.abs(half('treated', true) / half('control', true) - half('treated', false) / half('control', false))).toBeLessThan(0.05);
  });

  it('engagement: the rate drops at the dated platform change, the mix shifts to link posts, and the calendar dates it', () => {
    const rows = table('ops_engagement_daily.csv');
    const e = truth.engagement_change;
    const rate = (after: boolean) => {
      const s = rows.filter((r) => (r.date! >= e.change_date) === after);
      return s.reduce((a, r) => a + n(r.engagements), 0) / s.reduce((a, r) => a + n(r.impressions), 0);
    };
    expect(rate(false)).toBeCloseTo(e.planted_overall_rate_before, 2);
    expect(rate(true)).toBeCloseTo(e.planted_overall_rate_after, 2);
    const linkShare = (after: boolean) => {
      const s = rows.filter((r) => (r.date! >= e.change_date) === after);
      return s.filter((r) => r.format === 'link').reduce((a, r) => a + n(r.posts), 0) / s.reduce((a, r) => a + n(r.posts), 0);
    };
    expect(linkShare(true) - linkShare(false)).toBeGreaterThan(0.12);
    expect(table('ops_events.csv').find((r) => r.type === 'platform_change')!.date).toBe(e.change_date);
  });

  it('dynamic creative: the planted best headline has the highest observed CTR', () => {
    const rows = table('ops_dco_delivery.csv');
    const ctr = new Map<string, [number, number]>();
    for (const r of rows) {
      const c = ctr.get(r.headline_id!) ?? [0, 0];
      ctr.set(r.headline_id!, [c[0] + n(r.link_clicks), c[1] + n(r.impressions)]);
    }
    const ranked = [...ctr].map(([k, [c, i]]) => [k, c / i] as const).sort((a, b) => b[1] - a[1]);
    expect(ranked[0]![0]).toBe(truth.dco.best_asset);
    expect(ranked[0]![1]).toBeGreaterThan(ranked[1]![1] * 1.2);
  });
});
