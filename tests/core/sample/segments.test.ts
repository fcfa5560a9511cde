/**
 * The audience-segmentation sample (curriculum 002): the truths segments_truth.json records are in
 * the data, measured here from the CSVs with plain TypeScript (no Pulse cell): clusters separated
 * on hour blocks and volume, the drift, the unfollow medians (Kaplan–Meier by hand) and a log-rank
 * difference, the Markov chain, bots, sentiment per cluster, labels and their gaps, missing ages,
 * twins, the A/B test and the fatigue curves.
 */
import { describe, expect, it } from 'vitest';
import { importExport } from '../../../src/core/importers/index.ts';
import { generateSegments } from '../../../src/core/sample/segments/index.ts';
import { BEHAVIOUR, CLUSTERS, type Cluster } from '../../../src/core/sample/segments/plan.ts';

const files = Object.fromEntries(generateSegments(42, 'small').map((f) => [f.name, [...f.chunks()].join('')]));
const truth = JSON.parse(files['segments_truth.json']!);
const csv = (name: string) => importExport(new TextEncoder().encode(files[name]!), name).rows as Record<string, unknown>[];
const interactions = csv('audience_interactions.csv');
const profiles = csv('audience_profiles.csv');
const DAY = 86_400_000;
const ms = (v: unknown) => (v instanceof Date ? v.getTime() : Date.parse(`${String(v).replace(' ', 'T')}Z`));

/** Berlin wall-clock hour of a UTC time (CET, CEST from 2025-03-30 01:00 UTC). */
const berlinHour = (t: number) => new Date(t + (t >= Date.UTC(2025, 2, 30, 1) && t < Date.UTC(2025, 9, 26, 1) ? 2 : 1) * 3_600_000).getUTCHours();
const BLOCKS = CLUSTERS.map((c) => BEHAVIOUR[c].hours);

/** Per account in a period: the share of its interactions in each cluster's hour block, and log interactions a day. */
function features(from: number, to: number) {
  const by = new Map<string, number[]>();
  for (const r of interactions) {
    const t = ms(r.ts);
    if (t < from || t >= to || !['view', 'like', 'comment', 'share', 'save', 'click'].includes(String(r.action))) continue;
    const h = berlinHour(t);
    const v = by.get(String(r.actor_key)) ?? [0, 0, 0, 0, 0];
    BLOCKS.forEach((b, i) => (v[i]! += b.includes(h) ? 1 : 0));
    v[4]!++;
    by.set(String(r.actor_key), v);
  }
  return new Map([...by].filter(([, v]) => v[4]! >= 5).map(([k, v]) => [k, [...v.slice(0, 4).map((x) => x / v[4]!), Math.log(v[4]! / ((to - from) / DAY))]]));
}

function nearestCentroidAccuracy(f: Map<string, number[]>, labels: Record<string, string>) {
  const keys = [...f.keys()].filter((k) => labels[k]);
  const centroid = new Map<string, number[]>();
  for (const c of CLUSTERS) {
    const xs = keys.filter((k) => labels[k] === c).map((k) => f.get(k)!);
    centroid.set(c, xs[0]!.map((_, j) => xs.reduce((s, x) => s + x[j]!, 0) / xs.length));
  }
  const hit = keys.filter((k) => {
    const x = f.get(k)!;
    const best = [...centroid].sort((a, b) => dist(x, a[1]) - dist(x, b[1]))[0]![0];
    return best === labels[k];
  });
  return { accuracy: hit.length / keys.length, n: keys.length, centroid };
}
const dist = (a: number[], b: number[]) => a.reduce((s, x, i) => s + (x - b[i]!) ** 2, 0);

describe('segments sample (small, seed 42)', () => {
  const start = Date.parse(`${truth.start_date}T00:00:00Z`);
  const mid = Date.parse(`${truth.second_period_starts}T00:00:00Z`);
  const end = Date.parse(`${truth.end_date}T00:00:00Z`) + DAY;

  it('the planted clusters are separated: nearest planted centroid on hour-block shares and volume classifies ≥ 95 % of accounts, in each half', () => {
    const first = nearestCentroidAccuracy(features(start, mid), truth.clusters.labels_first_period);
    const second = nearestCentroidAccuracy(features(mid, end), truth.clusters.labels_second_period);
    expect(first.n).toBeGreaterThan(500);
    expect(first.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(second.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('the drift: the planted share of commuters moves to night-owl hours in the second half, nobody else does', () => {
    const f2 = features(mid, end);
    const commuters = Object.entries(truth.clusters.labels_first_period as Record<string, string>).filter(([k, c]) => c === 'commuters' && f2.has(k));
    const atNight = commuters.filter(([k]) => f2.get(k)![2]! > 0.5);
    expect(atNight.length / commuters.length).toBeGreaterThan(truth.drift.planted_share - 0.1);
    expect(atNight.length / commuters.length).toBeLessThan(truth.drift.planted_share + 0.1);
    for (const [k] of atNight) expect(truth.clusters.labels_second_period[k]).toBe('night_owls');
  });

  it('time to unfollow: Kaplan–Meier medians near the planted 14 and 60 days, and a log-rank χ² far past 3.84', () => {
    const theme = new Map(csv('audience_posts.csv').map((p) => [String(p.post_id), String(p.theme)]));
    const humans = new Set(Object.keys(truth.clusters.labels_first_period));
    const follow = new Map<string, { t: number; group: string }>();
    const unfollow = new Map<string, number>();
    let last = 0;
    for (const r of interactions) {
      last = Math.max(last, ms(r.ts));
      if (!humans.has(String(r.actor_key))) continue;
      if (r.action === 'follow') follow.set(String(r.actor_key), { t: ms(r.ts), group: theme.get(String(r.content_id)) === 'giveaway' ? 'giveaway' : 'other' });
      if (r.action === 'unfollow') unfollow.set(String(r.actor_key), ms(r.ts));
    }
    const data = [...follow].map(([k, f]) => ({ group: f.group, time: ((unfollow.get(k) ?? last) - f.t) / DAY, event: unfollow.has(k) }));
    expect(data.filter((d) => d.group === 'giveaway').length).toBe(truth.survival.follows.giveaway);
    expect(data.filter((d) => d.event).length).toBe(truth.survival.unfollows.giveaway + truth.survival.unfollows.other);
    // Kaplan–Meier median: the first time S(t) ≤ 0.5 (R's survfit convention).
    const median = (g: string) => {
      const xs = data.filter((d) => d.group === g).sort((a, b) => a.time - b.time);
      let s = 1;
      let atRisk = xs.length;
      for (const x of xs) {
        if (x.event) s *= 1 - 1 / atRisk;
        atRisk--;
        if (s <= 0.5) return x.time;
      }
      return Infinity;
    };
    expect(median('giveaway')).toBeGreaterThan(truth.survival.planted_median_days.giveaway * 0.75);
    expect(median('giveaway')).toBeLessThan(truth.survival.planted_median_days.giveaway * 1.25);
    expect(median('other')).toBeGreaterThan(truth.survival.planted_median_days.other * 0.75);
    expect(median('other')).toBeLessThan(truth.survival.planted_median_days.other * 1.25);
    // Log-rank (Mantel–Haenszel): Σ(O − E) over event times, variance Σ n1 n2 d (n − d) / (n² (n − 1)).
    const times = [...new Set(data.filter((d) => d.event).map((d) => d.time))].sort((a, b) => a - b);
    let oMinusE = 0;
    let v = 0;
    for (const t of times) {
      const n1 = data.filter((d) => d.group === 'giveaway' && d.time >= t).length;
      const n = data.filter((d) => d.time >= t).length;
      const d = data.filter((x) => x.event && x.time === t).length;
      const d1 = data.filter((x) => x.event && x.time === t && x.group === 'giveaway').length;
      oMinusE += d1 - (d * n1) / n;
      if (n > 1) v += (n1 * (n - n1) * d * (n - d)) / (n * n * (n - 1));
    }
    expect(oMinusE ** 2 / v).toBeGreaterThan(30);
  });

  it('engagement of night owls halves about every 20 days of follow age; lurkers stay flat', () => {
    const followAt = new Map(interactions.filter((r) => r.action === 'follow').map((r) => [String(r.actor_key), ms(r.ts)]));
    const slope = (cluster: Cluster) => {
      const byAge = new Map<number, number>();
      const exposure = new Map<number, number>();
      const stop = new Map(interactions.filter((r) => r.action === 'unfollow').map((r) => [String(r.actor_key), ms(r.ts)]));
      const keys = Object.entries(truth.clusters.labels_first_period as Record<string, string>).filter(([k, c]) => c === cluster && followAt.has(k)).map(([k]) => k);
      const set = new Set(keys);
      for (const r of interactions) if (set.has(String(r.actor_key)) && r.action === 'view') {
        const w = Math.floor((ms(r.ts) - followAt.get(String(r.actor_key))!) / (7 * DAY));
        byAge.set(w, (byAge.get(w) ?? 0) + 1);
      }
      for (const k of keys) {
        const until = Math.min(stop.get(k) ?? end, end);
        for (let w = 0; followAt.get(k)! + (w + 1) * 7 * DAY <= until; w++) exposure.set(w, (exposure.get(w) ?? 0) + 1);
      }
      const pts = [...exposure].filter(([w, n]) => n >= 30 && w <= 8).map(([w, n]) => [w * 7, Math.log((byAge.get(w) ?? 0.5) / n)] as const);
      const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
      const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
      return pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) / pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
    };
    const halfLife = -Math.LN2 / slope('night_owls');
    expect(halfLife).toBeGreaterThan(14);
    expect(halfLife).toBeLessThan(28);
    expect(Math.abs(slope('lurkers'))).toBeLessThan(0.01);
  });

  it('the interaction chain: observed transitions match the planted ones, and a save is followed by a click far more often than a view', () => {
    const obs = truth.sequences.observed_transitions;
    for (const [from, tos] of Object.entries(truth.sequences.planted_transitions as Record<string, Record<string, number>>)) {
      for (const [to, p] of Object.entries(tos)) expect(Math.abs(obs[from][to] - p), `${from}→${to}`).toBeLessThan(0.03);
    }
    expect(obs.save.click / obs.view.click).toBeGreaterThan(10);
  });

  it('bots: every bot bursts past 100 likes an hour at near-constant gaps; no human passes 60 an hour', () => {
    const bots = new Set<string>(truth.bots.keys);
    const perHour = new Map<string, number>();
    for (const r of interactions) {
      const k = `${r.actor_key}|${String(r.ts).slice(0, 13)}`;
      perHour.set(k, (perHour.get(k) ?? 0) + 1);
    }
    const peak = new Map<string, number>();
    for (const [k, n] of perHour) {
      const key = k.split('|')[0]!;
      peak.set(key, Math.max(peak.get(key) ?? 0, n));
    }
    for (const b of bots) expect(peak.get(b)).toBeGreaterThan(100);
    expect(Math.max(...[...peak].filter(([k]) => !bots.has(k)).map(([, n]) => n))).toBeLessThan(60);
    const botProfiles = profiles.filter((p) => bots.has(String(p.user_key)));
    expect(botProfiles).toHaveLength(truth.bots.count);
    for (const p of botProfiles) expect(Number(p.following) / Math.max(1, Number(p.followers))).toBeGreaterThan(100);
    const dupes = csv('audience_comments.csv').filter((c) => c.text === truth.sentiment.bot_text);
    expect(new Set(dupes.map((c) => c.user_id)).size).toBe(truth.bots.count);
  });

  it('influencers are the only accounts past 50,000 followers', () => {
    const big = profiles.filter((p) => Number(p.followers) > 50_000).map((p) => p.user_key);
    expect(big.sort()).toEqual([...truth.influencers.keys].sort());
  });

  it('comment tone per cluster follows the planted shares: superfans most positive, night owls most negative', () => {
    const tone = new Map<string, string>();
    for (const [t, texts] of Object.entries(truth.sentiment.templates as Record<string, string[]>)) for (const x of texts) tone.set(x, t);
    const counts: Record<string, Record<string, number>> = {};
    for (const c of csv('audience_comments.csv')) {
      const cluster = truth.clusters.labels_first_period[String(c.user_id)];
      if (!cluster) continue;
      const t = tone.get(String(c.text).replace(/^\w+: /, ''))!;
      counts[cluster] ??= { positive: 0, neutral: 0, negative: 0 };
      counts[cluster]![t]!++;
    }
    expect(counts).toEqual(truth.sentiment.comment_counts_by_tone);
    const share = (c: string, t: string) => counts[c]![t]! / Object.values(counts[c]!).reduce((s, x) => s + x, 0);
    for (const c of CLUSTERS) for (const t of ['positive', 'negative']) expect(Math.abs(share(c, t) - truth.sentiment.planted_shares[c][t])).toBeLessThan(0.06);
  });

  it('labels: each platform writes its own, the mapping covers all but the planted gaps, and nothing else is unmapped', () => {
    const maps = csv('audience_mappings.csv');
    const has = (map: string, v: string) => maps.some((m) => m.map_name === map && m.source_value === v);
    const humans = profiles.filter((p) => truth.clusters.labels_first_period[String(p.user_key)]);
    const unmappedAge = new Set(humans.filter((p) => p.age_raw && !has('age_bracket', String(p.age_raw))).map((p) => p.age_raw));
    const unmappedCity = new Set(humans.filter((p) => p.location_raw && !has('city', String(p.location_raw))).map((p) => p.location_raw));
    expect([...unmappedAge]).toEqual(truth.standardize.unmapped_on_purpose.age_bracket);
    expect([...unmappedCity]).toEqual(truth.standardize.unmapped_on_purpose.city);
    expect(humans.filter((p) => p.age_raw === '13-17')).toHaveLength(truth.standardize.profiles_with_unmapped_age);
    const ages = (pl: string) => new Set(humans.filter((p) => p.platform === pl && p.age_raw).map((p) => String(p.age_raw)));
    expect(ages('instagram').has('25-34') && ages('tiktok').has('25 to 34') && ages('linkedin').has('25 - 34 years')).toBe(true);
    const genders = new Set(humans.map((p) => String(p.gender ?? '')));
    for (const g of ['M', 'male', 'Male', 'F', 'female']) expect(genders.has(g), g).toBe(true);
  });

  it('missing ages: TikTok hides age most and is the youngest, so the observed ages are older than the truth', () => {
    const m = truth.missing.age_by_platform;
    for (const pl of ['instagram', 'tiktok', 'linkedin']) expect(Math.abs(m[pl].missing_age / m[pl].profiles - m[pl].planted_missing_share)).toBeLessThan(0.06);
    const young = (d: Record<string, number>) => d['18-24']! / Object.values(d).reduce((s, x) => s + x, 0);
    const all = ['instagram', 'tiktok', 'linkedin'].map((pl) => m[pl]);
    const observed = all.reduce((s, x) => s + x.true_brackets_of_all['18-24'] - x.true_brackets_of_missing['18-24'], 0) / all.reduce((s, x) => s + x.profiles - x.missing_age, 0);
    const trueShare = all.reduce((s, x) => s + x.true_brackets_of_all['18-24'], 0) / all.reduce((s, x) => s + x.profiles, 0);
    expect(trueShare - observed).toBeGreaterThan(0.02);
    expect(young(m.tiktok.true_brackets_of_all)).toBeGreaterThan(young(m.linkedin.true_brackets_of_all) + 0.2);
  });

  it('twins: pairs with the same e-mail hash match exactly, the others share a name and city only; migrants switch account at mid-window', () => {
    const byKey = new Map(profiles.map((p) => [String(p.user_key), p]));
    const last = new Map<string, number>();
    for (const r of interactions) last.set(String(r.actor_key), Math.max(last.get(String(r.actor_key)) ?? 0, ms(r.ts)));
    for (const pair of truth.twins.pairs) {
      const a = byKey.get(pair.a)!;
      const b = byKey.get(pair.b)!;
      expect(a.platform).not.toBe(b.platform);
      if (pair.exact_email_match) expect(a.email_hash && a.email_hash === b.email_hash).toBe(true);
      else expect(!a.email_hash || a.email_hash !== b.email_hash).toBe(true);
      expect(String(a.display_name).toLowerCase().split(' ')[0]).toBe(String(b.display_name).toLowerCase().split(' ')[0]);
    }
    const migrants = truth.twins.pairs.filter((p: { migrates: boolean }) => p.migrates);
    expect(migrants.length).toBe(truth.twins.migrants);
    const firstOfB = new Map<string, number>();
    for (const r of interactions) if (!['follow', 'unfollow'].includes(String(r.action))) firstOfB.set(String(r.actor_key), Math.min(firstOfB.get(String(r.actor_key)) ?? Infinity, ms(r.ts)));
    for (const p of migrants) if (firstOfB.has(p.b)) expect(firstOfB.get(p.b)!).toBeGreaterThanOrEqual(mid - 2 * 3_600_000);
  });

  it('the A/B test: variant B lifts superfans and commuters, not lurkers; the evening slot lifts night owls', () => {
    const cells = truth.ab_test.cells as Record<string, { units: number; conversions: number }>;
    const rate = (c: string, pick: (v: string, s: string) => boolean) => {
      const xs = Object.entries(cells).filter(([k]) => k.startsWith(`${c}|`) && pick(k.split('|')[1]!, k.split('|')[2]!)).map(([, v]) => v);
      const u = xs.reduce((s, x) => s + x.units, 0);
      return { p: xs.reduce((s, x) => s + x.conversions, 0) / u, n: u };
    };
    const z = (a: { p: number; n: number }, b: { p: number; n: number }) => (a.p - b.p) / Math.sqrt((a.p * (1 - a.p)) / a.n + (b.p * (1 - b.p)) / b.n || 1);
    expect(z(rate('superfans', (v) => v === 'B'), rate('superfans', (v) => v === 'A'))).toBeGreaterThan(2);
    expect(z(rate('commuters', (v) => v === 'B'), rate('commuters', (v) => v === 'A'))).toBeGreaterThan(2);
    expect(Math.abs(z(rate('lurkers', (v) => v === 'B'), rate('lurkers', (v) => v === 'A')))).toBeLessThan(2);
    expect(z(rate('night_owls', (_, s) => s === 'evening'), rate('night_owls', (_, s) => s === 'morning'))).toBeGreaterThan(2);
    const rows = csv('audience_tests.csv');
    expect(rows).toHaveLength(truth.people);
    expect(rows.reduce((s, r) => s + Number(r.converted), 0)).toBe(Object.values(cells).reduce((s, c) => s + c.conversions, 0));
  });

  it('ad sets: CTR at frequency 11+ relative to frequency 1 is exp(−k·12) within noise, and return on spend per ad set is the planted one', () => {
    const ads = csv('audience_ad_sets.csv');
    for (const [name, a] of Object.entries(truth.ad_sets as Record<string, { decay_per_exposure: number; roas: number }>)) {
      const ctr = (b: string) => {
        const rs = ads.filter((r) => r.ad_group === name && r.frequency_bucket === b);
        return rs.reduce((s, r) => s + Number(r.clicks), 0) / rs.reduce((s, r) => s + Number(r.impressions), 0);
      };
      expect(ctr('11+') / ctr('1')).toBeCloseTo(Math.exp(-a.decay_per_exposure * 12), 1);
      const rs = ads.filter((r) => r.ad_group === name);
      expect(rs.reduce((s, r) => s + Number(r.conversion_value), 0) / rs.reduce((s, r) => s + Number(r.spend), 0)).toBeCloseTo(a.roas, 1);
    }
  });

  it('pull gaps: the planted days are missing from one platform\'s daily totals and present for the others', () => {
    const totals = csv('audience_accounts.csv').filter((r) => !r.breakdown_type);
    const days = (pl: string) => new Set(totals.filter((r) => r.platform === pl).map((r) => (r.date instanceof Date ? r.date.toISOString().slice(0, 10) : String(r.date))));
    for (const d of truth.pull_gaps.dates) {
      expect(days(truth.pull_gaps.platform).has(d)).toBe(false);
      for (const other of ['instagram', 'tiktok', 'linkedin'].filter((p) => p !== truth.pull_gaps.platform)) expect(days(other).has(d)).toBe(true);
    }
  });

  it('platform breakdowns: Instagram reports too many 18-24 followers by the planted amount; the reference population sums to 1', () => {
    const acc = csv('audience_accounts.csv').filter((r) => r.breakdown_type === 'age');
    const share = (pl: string, v: string) => Number(acc.find((r) => r.platform === pl && r.breakdown_value === v)!.followers) / acc.filter((r) => r.platform === pl).reduce((s, r) => s + Number(r.followers), 0);
    const glitch = truth.demographics.breakdown_glitch;
    const planted = truth.demographics.true_age_shares_by_platform.instagram[0];
    expect(share('instagram', '18-24')).toBeCloseTo((planted + glitch.extra) / (1 + glitch.extra), 2);
    expect(share('instagram', '18-24') - planted).toBeGreaterThan(0.15);
    expect(Math.abs(share('tiktok', '18 to 24') - truth.demographics.true_age_shares_by_platform.tiktok[0])).toBeLessThan(0.01);
    for (const d of Object.values(truth.demographics.reference as Record<string, Record<string, number>>)) expect(Object.values(d).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
  });
});

describe('segments sample: login IPs', () => {
  /** IPv4 address → integer; IPv6 → its first three groups (the table's IPv6 networks are /48s). */
  const v4 = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const ranges = csv('audience_ip_ranges.csv').map((r) => {
    const [base, bits] = String(r.network).split('/') as [string, string];
    return base.includes(':')
      ? { country: String(r.country), type: String(r.network_type), has: (ip: string) => ip.includes(':') && ip.split(':').slice(0, 3).join(':') === base.split(':').slice(0, 3).join(':') }
      : { country: String(r.country), type: String(r.network_type), has: (ip: string) => !ip.includes(':') && v4(ip) >= v4(base) && v4(ip) < v4(base) + 2 ** (32 - Number(bits)) };
  });
  const logins = csv('audience_logins.csv');

  it('uses documentation address ranges only (RFC 5737, RFC 3849), every login in exactly one range of the table', () => {
    expect(logins.length).toBe(truth.ip_location.logins);
    const doc = /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$|^2001:db8:/;
    for (const l of logins) {
      expect(String(l.ip), String(l.user_key)).toMatch(doc);
      expect(ranges.filter((r) => r.has(String(l.ip))).length, String(l.ip)).toBe(1);
    }
  });

  it("the planted mismatches are exactly the accounts whose majority login country is not their profile's platform country", () => {
    const home = new Map(profiles.map((p) => [String(p.user_key), String(p.country ?? '')]));
    const counts = new Map<string, Map<string, number>>();
    for (const l of logins) {
      const c = ranges.find((r) => r.has(String(l.ip)))!.country;
      const m = counts.get(String(l.user_key)) ?? new Map<string, number>();
      counts.set(String(l.user_key), m.set(c, (m.get(c) ?? 0) + 1));
    }
    const mismatches = truth.ip_location.mismatches as Record<string, { reason: string; home_country: string; ip_country: string }>;
    // Instagram and LinkedIn report the person's country: the planted home country must match it.
    for (const [key, m] of Object.entries(mismatches)) if (home.get(key)) expect(home.get(key), key).toBe(m.home_country);
    for (const [key, m] of counts) {
      const [top, n] = [...m.entries()].sort((a, b) => b[1] - a[1])[0]!;
      const total = [...m.values()].reduce((s, x) => s + x, 0);
      if (mismatches[key]) {
        expect(top, key).toBe(mismatches[key]!.ip_country);
        expect(n / total, key).toBeGreaterThan(0.5);
      } else if (home.get(key)) expect(top, key).toBe(home.get(key));
    }
    expect(truth.ip_location.mismatch_counts.vpn + truth.ip_location.mismatch_counts.travel).toBe(Object.keys(mismatches).length);
  });
});
