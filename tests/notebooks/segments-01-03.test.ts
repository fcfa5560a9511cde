/**
 * Audience segmentation curriculum, modules 1–3: each notebook runs headless on the bundled samples
 * with every cell ok and finds what public/sample/segments_truth.json says was planted.
 */
import { describe, expect, it } from 'vitest';
import { ariAgainst, clusterToPlanted, num, rows, runModule, truth } from './segSupport.ts';

describe('segments module 1 — objectives and KPIs', () => {
  const r = runModule(1, 9);

  it('counts the planted follows and unfollows of people (bots left out)', () => {
    const e = rows(r, 'objective_evidence')[0]!;
    expect(num(e.follows)).toBe(truth.survival.follows.giveaway + truth.survival.follows.other);
    expect(num(e.unfollows)).toBe(truth.survival.unfollows.giveaway + truth.survival.unfollows.other);
  });

  it('with more clusters than the four planted, flags the extra splits as indistinct pairs', () => {
    const k = rows(r, 'segment_kpis').length;
    expect(k).toBe(6);
    expect(rows(r, 'pair_tests').filter((p) => p.indistinct === true).length).toBeGreaterThanOrEqual(k - Object.keys(truth.clusters.counts).length);
  });

  it('KPIs: the planted superfans\' segment converts best; ages are the least filled demographic', () => {
    const kpis = rows(r, 'segment_kpis');
    const best = kpis.reduce((a, b) => (num(b.conversion_rate) > num(a.conversion_rate) ? b : a));
    const planted = clusterToPlanted(rows(r, 'segments'), truth.clusters.labels_first_period);
    expect(planted.get(String(best.cluster))).toBe('superfans');
    const demo = rows(r, 'attribute_completeness').filter((x) => x.family === 'demographic');
    expect(demo.reduce((a, b) => (num(b.share_filled) < num(a.share_filled) ? b : a)).attribute).toBe('age');
  });
});

describe('segments module 2 — sourcing and integration', () => {
  const r = runModule(2, 9);

  it('finds exactly the planted failed pulls', () => {
    const gaps = rows(r, 'pull_gaps');
    expect(gaps.map((g) => g.platform)).toEqual([truth.pull_gaps.platform]);
    expect(String(gaps[0]!.dates).split(', ')).toEqual(truth.pull_gaps.dates);
  });

  it('the availability matrix shows what each platform withholds: TikTok has no country and no e-mail hash, and gives the fewest ages', () => {
    const a = (platform: string, attribute: string) => num(rows(r, 'availability').find((x) => x.platform === platform && x.attribute === attribute)!.share_available);
    expect(a('tiktok', 'country')).toBe(0);
    expect(a('tiktok', 'email_hash')).toBe(0);
    expect(a('instagram', 'country')).toBeGreaterThan(0.9); // all but the bots
    for (const p of ['instagram', 'linkedin']) expect(a('tiktok', 'age')).toBeLessThan(a(p, 'age'));
  });
});

describe('segments module 3 — cleaning and profiles', () => {
  const r = runModule(3, 9);

  it('recovers the planted behavioural clusters: k = 4 by silhouette, ARI ≥ 0.9 for k-means and for DBSCAN', () => {
    expect(rows(r, 'choose_k').find((x) => x.best_silhouette === true)?.k).toBe(Object.keys(truth.clusters.counts).length);
    const seg = rows(r, 'segments');
    expect(seg.length).toBeGreaterThan(400);
    expect(ariAgainst(seg, truth.clusters.labels_first_period)).toBeGreaterThanOrEqual(0.9);
    expect(ariAgainst(rows(r, 'density'), truth.clusters.labels_first_period)).toBeGreaterThanOrEqual(0.9);
    // Each cluster is one planted group, and its generated label names that group's hours.
    const planted = clusterToPlanted(seg, truth.clusters.labels_first_period);
    expect(new Set(planted.values()).size).toBe(4);
    const hours: Record<string, string> = { lurkers: 'lunch-break', commuters: 'commute', night_owls: 'late-night', superfans: 'evening' };
    for (const l of rows(r, 'segment_labels')) expect(String(l.label)).toContain(hours[planted.get(String(l.cluster))!]!);
  });

  it('flags every planted bot and no one else', () => {
    const flagged = rows(r, 'bot_list').map((b) => String(b.user_key)).sort();
    expect(flagged).toEqual([...truth.bots.keys].sort());
  });

  it('standardizes labels with nothing dropped: every profile comes out, and the unmapped are exactly the planted gaps with their counts', () => {
    const c = rows(r, 'standardize_check')[0]!;
    expect(num(c.profiles_out)).toBe(num(c.profiles_in));
    expect(num(c.profiles_in)).toBe(truth.accounts.total);
    const un = rows(r, 'unmapped_labels');
    expect(un.map((u) => String(u.raw_value)).sort()).toEqual([...truth.standardize.unmapped_on_purpose.age_bracket, ...truth.standardize.unmapped_on_purpose.city].sort());
    expect(num(un.find((u) => u.field === 'age_bracket')!.profiles)).toBe(truth.standardize.profiles_with_unmapped_age);
    expect(num(un.find((u) => u.field === 'city')!.profiles)).toBe(truth.standardize.profiles_with_unmapped_city);
    expect(num(c.age_mapped) + num(c.age_empty) + num(c.age_unmapped)).toBe(num(c.profiles_in));
  });

  it('missingness by platform is the planted one, and only the within-platform hot-deck moves the 18-24 share toward the truth', () => {
    for (const m of rows(r, 'age_missingness')) {
      const t = truth.missing.age_by_platform[String(m.platform)];
      expect(num(m.age_missing)).toBe(t.missing_age);
    }
    const all = Object.values(truth.missing.age_by_platform as Record<string, { true_brackets_of_all: Record<string, number> }>);
    const trueYoung = all.reduce((s, p) => s + p.true_brackets_of_all['18-24']!, 0) / all.reduce((s, p) => s + Object.entries(p.true_brackets_of_all).filter(([b]) => b !== '13-17').reduce((x, [, v]) => x + v, 0), 0);
    const young = rows(r, 'imputation_bias').find((b) => b.bracket === '18-24')!;
    const gap = (k: string) => Math.abs(num(young[k]) - trueYoung);
    expect(gap('hot_deck_by_platform_share')).toBeLessThan(gap('observed_share'));
    expect(gap('hot_deck_by_platform_share')).toBeLessThan(gap('median_by_platform_share'));
  });

  it('every segment is judged against a minimum size', () => {
    const s = rows(r, 'segment_size_check');
    expect(s).toHaveLength(4);
    for (const x of s) expect(x.viable).toBe(num(x.size) >= num(x.required_size));
  });
});
