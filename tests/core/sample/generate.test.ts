import { generateEmailSocial } from '../../../src/core/sample/emailSocial/index.ts';
import { generateRecs } from '../../../src/core/sample/recs/index.ts';
import { describe, expect, it } from 'vitest';
import { importExport, sumColumn } from '../../../src/core/importers/index.ts';
import { generateSample, mulberry32 } from '../../../src/core/sample/index.ts';
import { SEGMENT_FILES } from '../../../src/core/sample/segments/index.ts';

type Files = Record<string, Uint8Array>;
function materialize(seed: number): Files {
  const out: Files = {};
  const enc = new TextEncoder();
  for (const f of generateSample(seed, 'small')) {
    const parts = [...f.chunks()].map((c) => (typeof c === 'string' ? enc.encode(c) : c));
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) (all.set(p, o), (o += p.length));
    out[f.name] = all;
  }
  return out;
}
const text = (b: Uint8Array) => new TextDecoder().decode(b);
function csv(b: Uint8Array): Record<string, string>[] {
  const r = importExport(b, 'x.csv');
  return r.rows as Record<string, string>[];
}

const files = materialize(42);
const truth = JSON.parse(text(files['ground_truth.json']!));

describe('generateSample (small, seed 42)', () => {
  it('mulberry32 matches the reference sequence', () => {
    expect(mulberry32(42)()).toBe(0.6011037519201636);
  });

  it('same seed → byte-identical files; another seed differs', () => {
    const again = materialize(42);
    for (const name of Object.keys(files)) expect(Buffer.compare(Buffer.from(again[name]!), Buffer.from(files[name]!)), name).toBe(0);
    expect(text(materialize(7)['events.csv']!)).not.toBe(text(files['events.csv']!));
  });

  it('stays a few MB: the CTR, email + social, segmentation and recommendations sets each under 8 MB, the ops set under 4 MB (eight modules of files)', () => {
    const esNames = new Set(generateEmailSocial(42, 'small').map((f) => f.name));
    const segNames = new Set(SEGMENT_FILES);
    const recsNames = new Set(generateRecs(42, 'small').map((f) => f.name));
    const size = (pick: (name: string) => boolean) => Object.entries(files).filter(([n]) => pick(n)).reduce((n, [, b]) => n + b.length, 0);
    expect(size((n) => !esNames.has(n) && !segNames.has(n) && !recsNames.has(n) && !n.startsWith('ops_'))).toBeLessThan(8_000_000);
    expect(size((n) => n.startsWith('ops_'))).toBeLessThan(4_000_000);
    expect(size((n) => recsNames.has(n))).toBeLessThan(8_000_000);
    expect(size((n) => esNames.has(n))).toBeLessThan(8_000_000);
    expect(size((n) => segNames.has(n))).toBeLessThan(8_000_000);
  });

  it('the A/B lift computed from ad_daily matches the truth within sampling error, and a z-test detects it', () => {
    const rows = csv(files['ad_daily.csv']!).filter((r) => r.campaign === truth.ab_test.campaign);
    const arm = (v: string) => {
      const rs = rows.filter((r) => r.variant === v);
      const clicks = rs.reduce((s, r) => s + Number(r.clicks), 0);
      const imps = rs.reduce((s, r) => s + Number(r.impressions), 0);
      return { clicks, imps, ctr: clicks / imps };
    };
    const c = arm('control');
    const v = arm('variant_b');
    for (const [a, t] of [[c, truth.ab_test.arms.control.ctr], [v, truth.ab_test.arms.variant_b.ctr]] as const) {
      expect(Math.abs(a.ctr - t)).toBeLessThan(4 * Math.sqrt((t * (1 - t)) / a.imps));
    }
    const p = (c.clicks + v.clicks) / (c.imps + v.imps);
    const z = (v.ctr - c.ctr) / Math.sqrt(p * (1 - p) * (1 / c.imps + 1 / v.imps));
    expect(z).toBeGreaterThan(5);
    expect(truth.ab_test.relative_lift).toBeCloseTo(0.25, 6);
  });

  it('bot days show a CTR spike in ad_daily and regular bot clicks in events.csv', () => {
    const ad = csv(files['ad_daily.csv']!).filter((r) => r.ad === truth.bot_traffic.ad_daily.ad);
    const ctr = (r: Record<string, string>) => Number(r.clicks) / Number(r.impressions);
    const normal = ad.filter((r) => !truth.bot_traffic.days.includes(r.date)).map(ctr);
    const mean = normal.reduce((s, x) => s + x, 0) / normal.length;
    for (const day of truth.bot_traffic.days) expect(ctr(ad.find((r) => r.date === day)!)).toBeGreaterThan(2 * mean);
    const events = csv(files['events.csv']!);
    const bots = events.filter((e) => truth.bot_traffic.user_ids.includes(e.user_id));
    expect(bots).toHaveLength(truth.bot_traffic.events);
    expect(new Set(bots.map((e) => e.timestamp.slice(0, 10)))).toEqual(new Set(truth.bot_traffic.days));
    expect(bots.every((e) => truth.bot_traffic.user_agents.includes(e.user_agent))).toBe(true);
  });

  it('planted duplicates exist in events.csv in both tracking systems with small offsets', () => {
    const events = csv(files['events.csv']!);
    const byId = new Map<string, Record<string, string>[]>();
    for (const e of events) byId.set(e.event_id, [...(byId.get(e.event_id) ?? []), e]);
    const dups = [...byId.entries()].filter(([, es]) => es.length > 1).map(([id]) => id);
    expect(dups.sort()).toEqual([...truth.duplicate_events.event_ids].sort());
    expect(dups.length).toBeGreaterThan(50);
    for (const id of dups.slice(0, 50)) {
      const [a, b] = byId.get(id)!;
      expect(new Set([a!.tracking_system, b!.tracking_system])).toEqual(new Set(['ga4', 'server']));
      const dt = Date.parse(b!.timestamp.replace(' ', 'T') + 'Z') - Date.parse(a!.timestamp.replace(' ', 'T') + 'Z');
      expect(dt).toBeGreaterThanOrEqual(0);
      expect(dt).toBeLessThanOrEqual(truth.duplicate_events.max_offset_ms);
    }
  });

  it('UTM mistakes are on the listed events only', () => {
    const events = csv(files['events.csv']!);
    const listed = new Map<string, string>(truth.utm_mistakes.events.map((m: { event_id: string; kind: string }) => [m.event_id, m.kind]));
    const clean = new Set(['facebook', 'linkedin', 'twitter', 'tiktok', 'google', 'newsletter', '']);
    for (const e of events) {
      if (truth.bot_traffic.user_ids.includes(e.user_id)) continue;
      const wrong = !clean.has(e.utm_source) ? 'case_variant' : e.utm_source && !e.utm_medium ? 'missing_medium' : null;
      expect(wrong, e.event_id).toBe(listed.get(e.event_id) ?? null);
    }
    expect(listed.size).toBeGreaterThan(20);
  });

  it('weekly seasonality is visible in ad_daily impressions', () => {
    const rows = csv(files['ad_daily.csv']!).filter((r) => r.ad === 'UGC clip A');
    const byDow = [0, 0, 0, 0, 0, 0, 0];
    const n = [0, 0, 0, 0, 0, 0, 0];
    for (const r of rows) {
      if (truth.holidays[r.date]) continue;
      const d = (new Date(`${r.date}T00:00:00Z`).getUTCDay() + 6) % 7;
      byDow[d] += Number(r.impressions);
      n[d]++;
    }
    const mean = byDow.map((s, i) => s / n[i]!);
    const mult = Object.values(truth.weekly_seasonality.day_of_week_multipliers) as number[];
    for (let i = 0; i < 7; i++) expect(mean[i]! / mean[0]!).toBeCloseTo(mult[i]! / mult[0]!, 1);
  });

  it('users carry their true segment and segments differ in email click rate', () => {
    const users = csv(files['users.csv']!);
    const seg = new Map(users.map((u) => [u.user_id, u.segment]));
    for (const [name, s] of Object.entries(truth.segments) as [string, { users: number }][]) expect(users.filter((u) => u.segment === name)).toHaveLength(s.users);
    const email = csv(files['email.csv']!);
    const rate = (name: string) => {
      const rs = email.filter((e) => seg.get(e.user_id) === name);
      return rs.reduce((s, e) => s + Number(e.clicks), 0) / rs.length;
    };
    expect(rate('loyal_fans')).toBeGreaterThan(3 * rate('casual_browsers'));
  });

  it('comments, paths and exports agree with the truth and the canonical tables', () => {
    const comments = csv(files['comments.csv']!);
    expect(comments.filter((c) => c.sentiment === 'negative')).toHaveLength(truth.comments.sentiment_counts.negative);
    const paths = csv(files['paths.csv']!);
    const converted = new Set(paths.filter((p) => p.converted === 'true').map((p) => p.path_id));
    expect(converted.size).toBe(truth.paths.converted);
    expect(new Set(paths.map((p) => p.path_id)).size - converted.size).toBe(truth.paths.not_converted);
    const ad = csv(files['ad_daily.csv']!);
    for (const [file, platform] of Object.entries(truth.exports) as [string, string][]) {
      const r = importExport(files[file]!, file);
      expect(r.platform, file).toBe(platform);
      expect(r.totalsCheck.status, file).not.toBe('mismatch');
      if (r.table !== 'ad_daily') continue;
      const mine = ad.filter((x) => x.platform === platform);
      expect(sumColumn(r.rows, 'impressions'), file).toBe(mine.reduce((s, x) => s + Number(x.impressions), 0));
      expect(sumColumn(r.rows, 'clicks'), file).toBe(mine.reduce((s, x) => s + Number(x.clicks), 0));
      expect(sumColumn(r.rows, 'spend')!, file).toBeCloseTo(mine.reduce((s, x) => s + Number(x.spend), 0), 1);
    }
    const mc = importExport(files['mailchimp_campaigns.csv']!, 'm.csv');
    const kl = importExport(files['klaviyo_campaigns.csv']!, 'k.csv');
    const email = csv(files['email.csv']!);
    expect(sumColumn([...mc.rows, ...kl.rows], 'clicks')).toBe(email.reduce((s, e) => s + Number(e.clicks), 0));
  });
});

describe('generateSample (large)', () => {
  it('streams events in chunks without building the file', () => {
    const events = generateSample(1, 'large').find((f) => f.name === 'events.csv')!;
    let lines = 0;
    let chunks = 0;
    for (const c of events.chunks()) {
      lines += (c as string).split('\n').length - 1;
      if (++chunks === 20) break;
    }
    expect(chunks).toBe(20);
    expect(lines).toBeGreaterThan(10_000);
  });
});
