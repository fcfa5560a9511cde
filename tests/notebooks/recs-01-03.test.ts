/**
 * Recommendations analysis curriculum, modules 1–3: each notebook runs headless on the bundled samples
 * with every cell ok and finds what the samples were planted with (public/sample/recs_truth.json, and
 * for the reused audience and CTR samples segments_truth.json / ground_truth.json).
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { num, rows, runModule, truth } from './recsSupport.ts';

const segmentsTruth = JSON.parse(readFileSync('public/sample/segments_truth.json', 'utf8'));
const opsTruth = JSON.parse(readFileSync('public/sample/ops_truth.json', 'utf8'));
const ctrTruth = JSON.parse(readFileSync('public/sample/ground_truth.json', 'utf8'));

/** The rows of a bundled sample CSV as text (papaparse: quoted fields such as user agents with commas). */
function sampleCsv(file: string): Record<string, string>[] {
  const [head, ...lines] = Papa.parse(readFileSync(`public/sample/${file}`, 'utf8'), { skipEmptyLines: true }).data;
  return lines.map((fields) => Object.fromEntries(head!.map((c, i) => [c, fields[i] ?? ''])));
}

/** Spearman's rho with average ranks for ties (the textbook definition: Pearson on the ranks). */
function spearman(x: number[], y: number[]): number {
  const ranks = (v: number[]) => {
    const order = v.map((value, i) => ({ value, i })).sort((a, b) => a.value - b.value);
    const out = new Array<number>(v.length);
    for (let s = 0; s < order.length; ) {
      let e = s;
      while (e + 1 < order.length && order[e + 1]!.value === order[s]!.value) e++;
      for (let k = s; k <= e; k++) out[order[k]!.i] = (s + e) / 2 + 1;
      s = e + 1;
    }
    return out;
  };
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const mx = mean(rx);
  const my = mean(ry);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i]! - mx) * (ry[i]! - my);
    sxx += (rx[i]! - mx) ** 2;
    syy += (ry[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('recs module 1 — objectives and KPIs', () => {
  const r = runModule(1, 9);

  it('every visit of the event log is classified once by its referral source', () => {
    const sessions = new Set(sampleCsv('events.csv').map((e) => e.session_id));
    expect(rows(r, 'social_conversion').reduce((s, x) => s + num(x.visits), 0)).toBe(sessions.size);
  });

  it('the pre/post test around the planted feed update finds the drop: significant, per-format rates × 0.8, rate and mix effects as planted, a change point on the day', () => {
    const change = opsTruth.engagement_change;
    const test = rows(r, 'change_test')[0]!;
    expect(test.significant).toBe(true);
    expect(num(test.control_rate)).toBeCloseTo(change.planted_overall_rate_before, 2);
    expect(num(test.rate)).toBeCloseTo(change.planted_overall_rate_after, 2);
    for (const f of rows(r, 'change_by_format')) expect(Math.abs(num(f.ratio_after_to_before) - change.rate_multiplier_after), String(f.format)).toBeLessThan(0.03);
    const total = rows(r, 'change_mix_rate').find((x) => x.is_total === true)!;
    expect(Math.abs(num(total.rate_effect) - change.planted_rate_effect)).toBeLessThan(0.001);
    expect(Math.abs(num(total.mix_effect) - change.planted_mix_effect)).toBeLessThan(0.001);
    const shift = rows(r, 'rate_shifts').find((x) => x.nearest_event === change.event)!;
    expect(Math.abs(num(shift.days_apart))).toBeLessThanOrEqual(1);
    expect(String(shift.date)).toBe(change.change_date);
  });

  it('the correlation screen gives Spearman of link clicks with conversions as computed from the raw files', () => {
    const brand = opsTruth.accounts.brand;
    const conv = new Map<string, number>();
    const clicks = new Map<string, number>();
    for (const c of sampleCsv('ops_ad_campaigns.csv')) {
      conv.set(c.date!, (conv.get(c.date!) ?? 0) + num(c.conversions));
      clicks.set(c.date!, (clicks.get(c.date!) ?? 0) + num(c.link_clicks));
    }
    const days = sampleCsv('ops_account_daily.csv').filter((a) => a.account_id === brand).map((a) => a.date!);
    const expected = spearman(days.map((d) => clicks.get(d)!), days.map((d) => conv.get(d)!));
    const row = rows(r, 'metric_outcome_correlation').find((x) => x.metric === 'link_clicks')!;
    expect(num(row.spearman_same_day)).toBeCloseTo(expected, 3);
  });
});

describe('recs module 2 — data collection and integration', () => {
  const r = runModule(2, 9);

  it('finds exactly the planted failed pulls', () => {
    const gaps = rows(r, 'failed_pulls');
    expect(gaps.map((g) => g.platform)).toEqual([segmentsTruth.pull_gaps.platform]);
    expect(String(gaps[0]!.dates).split(', ')).toEqual(segmentsTruth.pull_gaps.dates);
  });

  it('lists exactly the planted UTM mistakes, each with its kind', () => {
    const kind: Record<string, string> = { case_variant: 'source_case', missing_medium: 'missing_medium' };
    const found = new Map(rows(r, 'utm_issues').map((u) => [String(u.id), String(u.issue)]));
    const planted = ctrTruth.utm_mistakes.events as { event_id: string; kind: string }[];
    expect([...found.keys()].sort()).toEqual(planted.map((p) => p.event_id).sort());
    for (const p of planted) expect(found.get(p.event_id), p.event_id).toContain(kind[p.kind]!);
  });

  it('the social funnel counts each purchase once: its revenue is the sum over distinct purchase events of social visits', () => {
    const social = new Set(['facebook', 'instagram', 'tiktok', 'linkedin', 'twitter', 'x']);
    const socialMedium = new Set(['social', 'paid_social', 'social_share', 'organic_social']);
    const events = sampleCsv('events.csv');
    const socialSessions = new Set(
      events.filter((e) => social.has(e.utm_source!.trim().toLowerCase()) || socialMedium.has(e.utm_medium!.trim().toLowerCase())).map((e) => e.session_id),
    );
    const revenue = new Map<string, number>();
    for (const e of events) if (e.event_type === 'purchase' && socialSessions.has(e.session_id)) revenue.set(e.event_id!, num(e.value));
    const expected = [...revenue.values()].reduce((a, b) => a + b, 0);
    const funnel = rows(r, 'social_funnel');
    expect(funnel.reduce((a, f) => a + num(f.revenue), 0)).toBeCloseTo(expected, 1);
    expect(funnel.reduce((a, f) => a + num(f.visits), 0)).toBe(socialSessions.size);
  });

  it('the windows around the planted feed update show its drop in the overall engagement rate', () => {
    const change = opsTruth.engagement_change;
    const w = rows(r, 'event_window_summary').find((x) => x.event === change.event)!;
    expect(w.fully_collected).toBe(true);
    expect(Math.abs(num(w.change) - (change.planted_overall_rate_after / change.planted_overall_rate_before - 1))).toBeLessThan(0.03);
  });
});

describe('recs module 3 — data quality and preprocessing', () => {
  const r = runModule(3, 9);

  it('finds the planted VPN users and travellers by their login IPs (precision and recall 1 on accounts with a mapped location), and not the one-trip accounts', () => {
    const planted = segmentsTruth.ip_location.mismatches as Record<string, { reason: string; ip_country: string }>;
    // Comparable: the location text maps to a city and a country (audience_mappings.csv) and the account has logins.
    const maps = sampleCsv('audience_mappings.csv');
    const city = new Map(maps.filter((m) => m.map_name === 'city').map((m) => [m.source_value!, m.target_value!]));
    const country = new Map(maps.filter((m) => m.map_name === 'city_country').map((m) => [m.source_value!, m.target_value!]));
    const logins = sampleCsv('audience_logins.csv').reduce((m, l) => m.set(l.user_key!, (m.get(l.user_key!) ?? 0) + 1), new Map<string, number>());
    const comparable = new Set(sampleCsv('audience_profiles.csv').filter((p) => country.has(city.get(p.location_raw!) ?? '') && logins.has(p.user_key!)).map((p) => p.user_key!));
    const flagged = new Map(rows(r, 'geo_mismatches').map((x) => [String(x.user_key), x]));
    const expected = Object.keys(planted).filter((k) => comparable.has(k));
    expect(expected.length).toBeGreaterThan(0.8 * Object.keys(planted).length);
    expect([...flagged.keys()].sort()).toEqual(expected.sort());
    for (const [key, m] of Object.entries(planted)) {
      if (!flagged.has(key)) continue;
      expect(flagged.get(key)!.ip_country, key).toBe(m.ip_country);
      expect(String(flagged.get(key)!.likely_reason).startsWith(m.reason === 'vpn' ? 'hosting' : 'residential'), key).toBe(true);
    }
    for (const key of segmentsTruth.ip_location.one_trip_not_mismatched as string[]) expect(flagged.has(key), key).toBe(false);
    for (const [key, x] of flagged) expect(num(x.logins), key).toBe(logins.get(key));
  });

  it('groups every planted reshare and repost with its original, keeps the original, and groups nothing else', () => {
    const groups = new Map(rows(r, 'post_groups').map((g) => [String(g.doc), g]));
    expect(groups.size).toBe(truth.posts.count);
    const planted = new Set<string>();
    for (const g of truth.near_duplicates.groups as { kept: string; reshares: string[]; reposts: string[] }[]) {
      expect(groups.get(g.kept)!.is_representative, g.kept).toBe(true);
      for (const d of [...g.reshares, ...g.reposts]) {
        planted.add(d);
        expect(groups.get(d)!.representative, d).toBe(g.kept);
      }
    }
    expect(planted.size).toBe(truth.near_duplicates.reshares + truth.near_duplicates.reposts);
    const found = rows(r, 'post_groups').filter((g) => g.is_representative === false).map((g) => String(g.doc));
    expect(found.sort()).toEqual([...planted].sort());
    const check = rows(r, 'reshare_check')[0]!;
    expect(num(check.reshares_grouped_with_their_parent)).toBe(truth.near_duplicates.reshares);
    expect(num(check.reposts_found_by_text)).toBe(truth.near_duplicates.reposts);
  });

  it('disambiguates the brand: every planted brand mention is `brand`, every common-word use is `common`', () => {
    const sense = new Map(rows(r, 'brand_sense').map((p) => [String(p.post_id), p.decision]));
    for (const id of truth.brand.brand_mention_ids as string[]) expect(sense.get(id), id).toBe('brand');
    for (const id of truth.brand.common_word_ids as string[]) expect(sense.get(id), id).toBe('common');
  });

  it('flags exactly the planted spam bots of the audience sample as spam accounts', () => {
    const flagged = rows(r, 'spam_accounts').map((a) => String(a.user_key)).sort();
    expect(flagged).toEqual([...segmentsTruth.bots.keys].sort());
  });

  it('detects the planted language of every composed post, and flags every planted shortened link', () => {
    const norm = new Map(rows(r, 'posts_normalized').map((p) => [String(p.post_id), p]));
    const iso3: Record<string, string> = { en: 'eng', es: 'spa', de: 'deu' };
    for (const [lang, ids] of Object.entries(truth.posts.languages.by_id as Record<string, string[]>)) {
      const wrong = ids.filter((id) => norm.get(id)!.language !== iso3[lang]);
      expect(wrong, lang).toEqual([]);
    }
    for (const id of truth.posts.short_url_posts.ids as string[]) expect(norm.get(id)!.has_short_url, id).toBe(true);
  });
});
