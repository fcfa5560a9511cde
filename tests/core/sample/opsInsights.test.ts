/**
 * The ops files behind modules 1 and 3 (src/core/sample/ops/business.ts, audience.ts): sizes and shapes,
 * and every planted truth in ops_truth.json re-derived from the generated rows with plain arithmetic.
 */
import { describe, expect, it } from 'vitest';
import { loadVader } from '../../../src/core/analytics/text/vader/load-vader.ts';
import { LAUNCH, TIERS } from '../../../src/core/sample/ops/audience.ts';
import { MENTION_TEXTS } from '../../../src/core/sample/ops/business.ts';
import { csv, materializeOps as materialize, type Row } from './opsSample.ts';

const n = (v: unknown) => Number(v);

const MINE = ['ops_customers.csv', 'ops_orders.csv', 'ops_channel_spend.csv', 'ops_brand_mentions.csv', 'ops_competitor_posts.csv', 'ops_social_profiles.csv', 'ops_social_actions.csv', 'ops_content_test.csv', 'ops_launch_mentions.csv', 'ops_published_posts.csv', 'ops_archive.csv', 'ops_web_visits.csv'];
const files = materialize(7, 'small');
const truth = JSON.parse(files['ops_truth.json']!);
const table = (name: string) => csv(files[name]!);

describe('ops insight files (modules 1 and 3)', () => {
  it('are listed in the truth, and large has more rows of each than small', () => {
    for (const f of MINE) expect(truth.files).toContain(f);
    const large = materialize(7, 'large');
    // Spend (channel × month) and the test (day × cell) keep their rows with larger numbers; the rest grow in rows.
    for (const f of MINE) expect(large[f]!.length, f).toBeGreaterThan(files[f]!.length);
    for (const f of MINE.filter((f) => !['ops_channel_spend.csv', 'ops_content_test.csv'].includes(f))) expect(large[f]!.split('\n').length, f).toBeGreaterThan(files[f]!.split('\n').length);
    expect(JSON.parse(large['ops_truth.json']!).audience.accounts).toBeGreaterThan(truth.audience.accounts);
  });

  it('CAC per channel is its spend over its acquired customers; every customer has a first order on the acquisition day', () => {
    const customers = table('ops_customers.csv');
    const spend = table('ops_channel_spend.csv');
    for (const [channel, t] of Object.entries(truth.acquisition.channels as Record<string, { customers: number; spend: number; cac: number; planted_cac: number }>)) {
      const c = customers.filter((r) => r.acquisition_channel === channel).length;
      const s = spend.filter((r) => r.channel === channel).reduce((a, r) => a + n(r.spend), 0);
      expect(c).toBe(t.customers);
      expect(s).toBeCloseTo(t.spend, 2);
      expect(t.cac).toBeCloseTo(s / c, 5);
      expect(Math.abs(t.cac / t.planted_cac - 1)).toBeLessThan(0.25);
    }
    const first = new Map<string, string>();
    for (const o of table('ops_orders.csv')) if (!first.has(o.customer_key!) || o.order_date! < first.get(o.customer_key!)!) first.set(o.customer_key!, o.order_date!);
    for (const c of customers) expect(first.get(c.customer_key!)).toBe(c.acquired_date);
    expect(truth.acquisition.best_ltv_channel).toBe('influencer');
    expect(truth.acquisition.best_ltv_to_cac_channel).toBe('organic_social');
  });

  it('every mention template scores as its label with VADER at ±0.05 (so counted labels are the planted ones)', async () => {
    const vader = await loadVader();
    const label = (t: string) => {
      const c = vader.polarityScores(t.replace('{brand}', 'Northwind').replace('{product}', 'earbuds')).compound;
      return c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral';
    };
    for (const t of MENTION_TEXTS.positive) expect(label(t), t).toBe('positive');
    for (const t of [...MENTION_TEXTS.negative, ...MENTION_TEXTS.battery, ...LAUNCH.pairingTexts]) expect(label(t), t).toBe('negative');
    for (const t of MENTION_TEXTS.neutral) expect(label(t), t).toBe('neutral');
    // Product names and brand names carry no valence either.
    for (const p of MENTION_TEXTS.products) for (const t of MENTION_TEXTS.neutral) expect(label(t.replace('{product}', p)), p).toBe('neutral');
  });

  it('brand mentions: quarterly counts as planted; battery only in the brand\'s Q3 and Q4, most in Q3', () => {
    const rows = table('ops_brand_mentions.csv');
    const quarter = (ts: string) => `${ts.slice(0, 4)}-Q${Math.floor((n(ts.slice(5, 7)) - 1) / 3) + 1}`;
    for (const q of truth.listening.quarters) expect(rows.filter((r) => r.brand === q.brand && quarter(r.ts!) === q.quarter).length).toBe(q.mentions);
    const battery = rows.filter((r) => /battery/i.test(r.text!));
    expect(new Set(battery.map((r) => r.brand))).toEqual(new Set([truth.listening.brand]));
    expect(new Set(battery.map((r) => quarter(r.ts!)))).toEqual(new Set(['2025-Q3', '2025-Q4']));
    const own = truth.listening.own_net_sentiment;
    expect(own['2025-Q3']).toBeLessThan(own['2025-Q2'] - 0.4);
  });

  it('competitor posts: the brand under-posts video and user-generated content, which engage most', () => {
    const rows = table('ops_competitor_posts.csv');
    const share = (own: boolean, col: 'format' | 'pillar', v: string) => {
      const mine = rows.filter((r) => (r.account_id === truth.content_gaps.brand) === own);
      return mine.filter((r) => r[col] === v).length / mine.length;
    };
    expect(share(false, 'format', 'video') - share(true, 'format', 'video')).toBeGreaterThan(0.2);
    expect(share(false, 'pillar', 'user_generated') - share(true, 'pillar', 'user_generated')).toBeGreaterThan(0.12);
    const rate = (f: string) => {
      const r = rows.filter((x) => x.format === f);
      return r.reduce((a, x) => a + n(x.engagements), 0) / r.reduce((a, x) => a + n(x.impressions), 0);
    };
    expect(Math.max(...['image', 'carousel', 'link'].map(rate))).toBeLessThan(rate('video'));
  });

  it('tiers by the stated rule on the actions are exactly the planted ones; matched accounts carry a CRM e-mail', () => {
    const counts = new Map<string, Record<string, number>>();
    for (const a of table('ops_social_actions.csv')) {
      const c = counts.get(a.actor_key!) ?? {};
      c[a.action!] = (c[a.action!] ?? 0) + 1;
      counts.set(a.actor_key!, c);
    }
    const tiers: Record<string, number> = { lurker: 0, commenter: 0, advocate: 0 };
    for (const [key, c] of counts) {
      const tier = (c.share ?? 0) + (c.mention ?? 0) >= 2 ? 'advocate' : (c.comment ?? 0) >= 1 ? 'commenter' : 'lurker';
      expect(tier, key).toBe(truth.audience.account_tiers[key]);
      tiers[tier]!++;
    }
    expect(tiers).toEqual(truth.audience.tiers);
    expect(Object.keys(tiers)).toEqual(Object.keys(TIERS));
    const crm = new Set(table('ops_customers.csv').map((c) => c.email));
    const profiles = table('ops_social_profiles.csv');
    expect(profiles.length).toBe(truth.audience.accounts);
    expect(profiles.filter((p) => crm.has((p.email ?? '').trim().toLowerCase())).length).toBe(truth.audience.accounts_matched_to_crm);
  });

  it("web visits: every customer has one planted persona; visits start on the acquisition day, sections add up, and each persona shows its planted habits", () => {
    const visits = table('ops_web_visits.csv');
    const wp = truth.web_personas;
    expect(visits.length).toBe(wp.visits);
    const personaOf = new Map(Object.entries(wp.customers_by_persona as Record<string, string[]>).flatMap(([p, keys]) => keys.map((k) => [k, p] as const)));
    const customers = table('ops_customers.csv');
    expect(personaOf.size).toBe(customers.length);
    const acquired = new Map(customers.map((c) => [c.customer_key!, c.acquired_date!]));
    const by = new Map<string, { visits: number; pages: number; guide: number; deal: number; account: number; lastDays: number[] }>();
    const last = new Map<string, string>();
    for (const v of visits) {
      const key = v.customer_key!;
      expect(v.started_at!.slice(0, 10) >= acquired.get(key)!, key).toBe(true);
      expect(v.started_at!.slice(0, 10) <= wp.end, key).toBe(true);
      expect(n(v.guide_pages) + n(v.deal_pages) + n(v.account_pages)).toBeLessThanOrEqual(n(v.pages));
      const a = by.get(personaOf.get(key)!) ?? { visits: 0, pages: 0, guide: 0, deal: 0, account: 0, lastDays: [] };
      a.visits++; a.pages += n(v.pages); a.guide += n(v.guide_pages); a.deal += n(v.deal_pages); a.account += n(v.account_pages);
      by.set(personaOf.get(key)!, a);
      if (v.started_at! > (last.get(key) ?? '')) last.set(key, v.started_at!);
    }
    const own = wp.own_mix_share;
    for (const [name, p] of Object.entries(wp.personas as Record<string, { section_mix: Record<string, number>; pages_per_visit: number; active_days_after_acquisition: number | null }>)) {
      const a = by.get(name)!;
      // Expected section share: (1 − own) · planted + own · ¼ (own mixes average ¼ per section).
      for (const s of ['guide', 'deal', 'account'] as const) expect(a[s] / a.pages, `${name} ${s}`).toBeCloseTo((1 - own) * p.section_mix[s]! + own / 4, 1);
      expect(a.pages / a.visits / p.pages_per_visit, name).toBeGreaterThan(0.85);
      expect(a.pages / a.visits / p.pages_per_visit, name).toBeLessThan(1.2);
    }
    // Lapsed customers stop visiting: their last visit is months before the end, the others' weeks.
    const daysBeforeEnd = (key: string) => (Date.parse(`${wp.end}T00:00:00Z`) - Date.parse(`${(last.get(key) ?? acquired.get(key)!).slice(0, 10)}T00:00:00Z`)) / 86_400_000;
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    expect(median(wp.customers_by_persona.lapsed.map(daysBeforeEnd))).toBeGreaterThan(90);
    for (const name of ['researcher', 'deal_hunter', 'loyal_regular']) expect(median(wp.customers_by_persona[name].map(daysBeforeEnd)), name).toBeLessThan(60);
  });

  it('content test: every tier × platform × variant each day; the variant lifts on Meta, not on LinkedIn', () => {
    const rows = table('ops_content_test.csv');
    expect(rows.length).toBe(14 * 3 * 2 * 2);
    const rate = (platform: string, variant: string) => {
      const r = rows.filter((x) => x.platform === platform && x.variant === variant);
      return r.reduce((a, x) => a + n(x.engagements), 0) / r.reduce((a, x) => a + n(x.units), 0);
    };
    expect(rate('meta', 'variant_b') / rate('meta', 'control') - 1).toBeGreaterThan(0.15);
    expect(Math.abs(rate('linkedin', 'variant_b') / rate('linkedin', 'control') - 1)).toBeLessThan(0.1);
  });

  it('archive: every published post is archived except those of the outage dates; counts of claims, recall posts and undisclosed partner posts', () => {
    const published = table('ops_published_posts.csv');
    const archived = new Set(table('ops_archive.csv').map((r) => r.content_id));
    const missing = published.filter((p) => !archived.has(p.content_id));
    expect(missing.map((p) => p.content_id)).toEqual(truth.archive.missing_from_archive);
    expect(new Set(missing.map((p) => p.published_ts!.slice(0, 10)))).toEqual(new Set(truth.archive.outage_dates));
    expect(published.filter((p) => /\brecall\b/i.test(p.text!)).length).toBe(truth.archive.recall);
    expect(published.filter((p) => /guaranteed|clinically proven/i.test(p.text!)).length).toBe(truth.archive.claims);
    expect(published.filter((p) => /partnered with/.test(p.text!) && !/#ad\b/.test(p.text!)).map((p) => p.content_id)).toEqual(truth.archive.undisclosed);
  });

  it('launch mentions: one row per mention over the planned hours, pairing complaints only after the shift', () => {
    const rows = table('ops_launch_mentions.csv');
    expect(rows[0]!.ts! >= truth.launch.start).toBe(true);
    const pairing = rows.filter((r) => /pair/i.test(r.text!));
    expect(pairing.length).toBeGreaterThan(100);
    for (const r of pairing) expect(r.ts! >= truth.launch.shift_time).toBe(true);
    expect(truth.launch.net_before - truth.launch.net_after).toBeCloseTo(0.5, 6);
  });
});
