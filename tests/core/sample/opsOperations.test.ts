/**
 * The ops sample's files for modules 4–6 (content, paid measurement, influencer impact, advocacy):
 * sizes and shapes, and each planted truth of ops_truth.json checked on the generated rows with plain
 * arithmetic (no analysis code).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csv, materializeOps as materialize, type Row } from './opsSample.ts';

const OWN = ['ops_posts.csv', 'ops_content_targets.csv', 'ops_asset_versions.csv', 'ops_conversions_by_os.csv', 'ops_paid_targets.csv', 'ops_creative_frequency.csv', 'ops_influencer_deals.csv', 'ops_referral_sessions.csv', 'ops_code_redemptions.csv', 'ops_influencer_audience.csv', 'ops_community_activity.csv'];
const n = (v: unknown) => Number(v);
const sumBy = (rows: Row[], key: string, value: (r: Row) => number) => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r[key]!, (m.get(r[key]!) ?? 0) + value(r));
  return m;
};

const bundled = materialize(7, 'small');

describe('ops sample, modules 4–6 files (small, seed 7: the bundled sample)', () => {
  const files = bundled;
  const truth = JSON.parse(files['ops_truth.json']!);
  const table = (name: string) => csv(files[name]!);
  it('are bundled as generated, listed in the truth, and the large size has more of each', () => {
    const listed = [...truth.content_strategy.files, ...truth.paid_measurement.files, ...truth.influencer_impact.files, truth.advocates.file];
    expect(listed.sort()).toEqual([...OWN].sort());
    for (const name of OWN) expect(readFileSync(`public/sample/${name}`, 'utf8'), `${name} is stale: run pulse sample --seed 7`).toBe(files[name]);
    const large = materialize(7, 'large');
    expect(csv(large['ops_posts.csv']!).length).toBe(12 * 180);
    expect(table('ops_posts.csv').length).toBe(6 * 90);
    for (const name of ['ops_conversions_by_os.csv', 'ops_creative_frequency.csv', 'ops_referral_sessions.csv', 'ops_influencer_audience.csv', 'ops_community_activity.csv'])
      expect(csv(large[name]!).length, name).toBeGreaterThan(table(name).length);
    expect(JSON.parse(large['ops_truth.json']!).advocates.advocates.length).toBeGreaterThan(truth.advocates.advocates.length);
  });
});

// The planted effects hold on other seeds too, not only on the bundled one.
describe.each([7, 42])('ops sample, modules 4–6 planted truths (small, seed %i)', (seed) => {
  const files = seed === 7 ? bundled : materialize(seed, 'small');
  const truth = JSON.parse(files['ops_truth.json']!);
  const table = (name: string) => csv(files[name]!);

  it('posts: the pillar mix misses its targets as planted; carousels return the most engagements per euro, video the highest rate', () => {
    const posts = table('ops_posts.csv');
    const byPillar = sumBy(posts, 'pillar', () => 1);
    const gap = [...byPillar].map(([p, c]) => [p, c / posts.length - truth.content_strategy.pillar_target[p]] as const).sort((a, b) => a[1] - b[1]);
    expect(gap[0]![0]).toBe(truth.content_strategy.most_under_target);
    expect(gap.at(-1)![0]).toBe(truth.content_strategy.most_over_target);
    const eng = sumBy(posts, 'format', (r) => n(r.engagements));
    const imp = sumBy(posts, 'format', (r) => n(r.impressions));
    const cost = sumBy(posts, 'format', (r) => n(r.production_cost));
    const perEuro = [...eng].map(([f, e]) => [f, e / cost.get(f)!] as const).sort((a, b) => b[1] - a[1]);
    expect(perEuro[0]![0]).toBe(truth.content_strategy.best_roi_format);
    for (const [f, v] of perEuro) expect(Math.abs(v / truth.content_strategy.expected_engagements_per_euro[f] - 1), f).toBeLessThan(0.15);
    const rate = [...eng].map(([f, e]) => [f, e / imp.get(f)!] as const).sort((a, b) => b[1] - a[1]);
    expect(rate[0]![0]).toBe(truth.content_strategy.highest_rate_format);
  });

  it('posts: exactly the planted posts use a superseded asset version', () => {
    const superseded = new Map(table('ops_asset_versions.csv').filter((a) => a.superseded_date).map((a) => [`${a.asset_id}|${a.version}`, a.superseded_date!]));
    const stale = table('ops_posts.csv').filter((p) => {
      const until = superseded.get(`${p.asset_id}|${p.asset_version}`);
      return until !== undefined && p.published_ts!.slice(0, 10) >= until;
    });
    expect(stale.map((p) => p.content_id).sort()).toEqual(truth.content_strategy.stale_asset_posts);
  });

  it('conversions by OS: platform totals equal the ad account rows; iOS has the planted capture gap', () => {
    const byOs = table('ops_conversions_by_os.csv');
    const ads = table('ops_ad_campaigns.csv');
    expect(byOs.length).toBe(ads.length * 3);
    const platform = sumBy(byOs, 'date', (r) => n(r.platform_conversions));
    for (const a of sumBy(ads, 'date', (r) => n(r.conversions))) expect(platform.get(a[0])).toBe(a[1]);
    const p = sumBy(byOs, 'os', (r) => n(r.platform_conversions));
    const b = sumBy(byOs, 'os', (r) => n(r.backend_conversions));
    for (const [os, capture] of Object.entries(truth.paid_measurement.platform_capture as Record<string, number>)) expect(Math.abs(p.get(os)! / b.get(os)! - capture), os).toBeLessThan(0.05);
  });

  it('cost per unit by objective: only the planted objective misses its target', () => {
    const ads = table('ops_ad_campaigns.csv');
    for (const t of truth.paid_measurement.targets) {
      const mine = ads.filter((a) => a.objective === t.objective);
      const spend = mine.reduce((s, a) => s + n(a.spend), 0);
      const units = mine.reduce((s, a) => s + (t.metric === 'cpm' ? n(a.impressions) / 1000 : t.metric === 'cpc' ? n(a.link_clicks) : n(a.conversions)), 0);
      expect(Math.abs(spend / units / t.planned - 1), t.objective).toBeLessThan(0.1);
      expect(spend / units <= t.target, t.objective).toBe(t.meets);
    }
    expect(truth.paid_measurement.targets.filter((t: { meets: boolean }) => !t.meets).map((t: { objective: string }) => t.objective)).toEqual(['conversions']);
  });

  it('creative frequency: CTR halves every 2 exposures for the fast creative, every 6 for the others', () => {
    const rows = table('ops_creative_frequency.csv');
    const f = truth.paid_measurement.fatigue;
    for (const c of f.creatives as string[]) {
      const at = (k: number) => {
        const r = rows.filter((x) => x.creative_id === c && n(x.frequency) === k);
        const clicks = r.reduce((s, x) => s + n(x.link_clicks), 0);
        return { ctr: clicks / r.reduce((s, x) => s + n(x.impressions), 0), clicks };
      };
      const h = c === f.fast ? f.half_life_fast : f.half_life_slow;
      const first = at(1);
      const later = at(1 + h);
      expect(Math.abs(first.ctr / f.first_ctr - 1), c).toBeLessThan(0.1);
      // Within 4 standard errors of 1/2 (Poisson clicks: relative SE of a ratio √(1/c₁ + 1/c₂)).
      const ratio = later.ctr / first.ctr;
      expect(Math.abs(ratio - 0.5), c).toBeLessThan(4 * 0.5 * Math.sqrt(1 / first.clicks + 1 / later.clicks));
    }
  });

  it('influencers: the fake one brings the fewest sessions per 1k followers, the star the most revenue per euro of fee', () => {
    const deals = table('ops_influencer_deals.csv');
    const sessions = sumBy(table('ops_referral_sessions.csv'), 'utm_content', () => 1);
    const revenue = sumBy(table('ops_code_redemptions.csv'), 'promo_code', (r) => n(r.order_value));
    const followers = new Map(table('ops_account_daily.csv').filter((r) => r.date === truth.influencer_impact.start_date).map((r) => [r.account_id!, n(r.followers)]));
    const per1k = deals.map((d) => [d.account_id!, sessions.get(d.utm_content!)! / (followers.get(d.account_id!)! / 1000)] as const).sort((a, b) => a[1] - b[1]);
    expect(per1k[0]![0]).toBe(truth.influencer_impact.fewest_sessions_per_1k_followers);
    const perFee = deals.map((d) => [d.account_id!, (revenue.get(d.promo_code!) ?? 0) / n(d.fee)] as const).sort((a, b) => b[1] - a[1]);
    expect(perFee[0]![0]).toBe(truth.influencer_impact.best_revenue_per_fee);
  });

  it('audiences: the planted pair overlaps with Jaccard near 1/3; one influencer mostly reaches the brand\'s own audience', () => {
    const lists = new Map<string, Set<string>>();
    for (const r of table('ops_influencer_audience.csv')) (lists.get(r.account_id!) ?? lists.set(r.account_id!, new Set()).get(r.account_id!)!).add(r.member_key!);
    const jaccard = (a: Set<string>, b: Set<string>) => [...a].filter((k) => b.has(k)).length / new Set([...a, ...b]).size;
    const [a, b] = truth.influencer_impact.overlap_pair;
    expect(Math.abs(jaccard(lists.get(a)!, lists.get(b)!) - truth.influencer_impact.overlap_pair_jaccard)).toBeLessThan(0.05);
    const brand = lists.get(truth.accounts.brand)!;
    const share = (acc: string) => [...lists.get(acc)!].filter((k) => brand.has(k)).length / lists.get(acc)!.size;
    expect(share(truth.influencer_impact.brand_overlap)).toBeCloseTo(truth.influencer_impact.brand_overlap_share, 2);
    for (const acc of truth.accounts.influencers as string[]) if (acc !== truth.influencer_impact.brand_overlap) expect(share(acc), acc).toBeLessThan(0.1);
  });

  it('community: advocates and complainers act often through the end, the lapsed stop early, everyone else rarely', () => {
    const rows = table('ops_community_activity.csv');
    const count = sumBy(rows, 'actor_key', () => 1);
    const last = new Map<string, string>();
    for (const r of rows) if ((last.get(r.actor_key!) ?? '') < r.ts!) last.set(r.actor_key!, r.ts!);
    const day = (offset: number) => new Date(Date.parse(truth.start_date) + offset * 86_400_000).toISOString().slice(0, 10);
    const heavy = [...truth.advocates.advocates, ...truth.advocates.complainers, ...truth.advocates.lapsed];
    for (const k of [...truth.advocates.advocates, ...truth.advocates.complainers]) {
      expect(count.get(k), k).toBeGreaterThan(20);
      expect(last.get(k)!.slice(0, 10) >= day(90 - 14), k).toBe(true);
    }
    for (const k of truth.advocates.lapsed) expect(last.get(k)!.slice(0, 10) < day(Math.round(90 * 0.35)), k).toBe(true);
    for (const [k, c] of count) if (!heavy.includes(k)) expect(c, k).toBeLessThan(12);
  });
});
