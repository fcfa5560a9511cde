/**
 * The operations sample's reporting and tagging files (modules 7–8): post reach by age, the internal
 * sessions beside the ad account, the KPI targets, the content tags and their vocabulary. Sizes and
 * shapes, and each planted truth checked on the rows with plain arithmetic (no analysis code).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateOps } from '../../../src/core/sample/ops/index.ts';

type Row = Record<string, string>;
const MINE = ['ops_post_daily.csv', 'ops_web_sessions_daily.csv', 'ops_kpi_targets.csv', 'ops_content_tags.csv', 'ops_tag_vocabulary.csv'];
function materialize(seed: number, size: 'small' | 'large') {
  const out: Record<string, string> = {};
  for (const f of generateOps(seed, size)) if (MINE.includes(f.name) || f.name === 'ops_truth.json' || f.name === 'ops_ad_campaigns.csv') out[f.name] = [...f.chunks()].join('');
  return out;
}
// Plain CSV reading (RFC 4180 quotes), not importExport: the importer would recognise the sessions file as a GA4 report and reshape it.
function csv(text: string): Row[] {
  const lines = text.trimEnd().split('\n').map((l) => [...l.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => (m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!)));
  const [header, ...body] = lines;
  return body.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i] ?? ''])));
}
const n = (v: unknown) => Number(v);
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

const files = materialize(7, 'small');
const truth = JSON.parse(files['ops_truth.json']!);
const table = (name: string) => csv(files[name]!);

describe('ops reporting and tagging sample (small, seed 7)', () => {
  it('bundled copies are current; large is bigger; same seed gives the same files', () => {
    for (const name of MINE) expect(readFileSync(`public/sample/${name}`, 'utf8'), `public/sample/${name} is stale: run pulse sample --seed 7`).toBe(files[name]);
    expect(materialize(7, 'small')).toEqual(files);
    const large = materialize(7, 'large');
    for (const name of ['ops_post_daily.csv', 'ops_web_sessions_daily.csv', 'ops_content_tags.csv']) expect(csv(large[name]!).length, name).toBeGreaterThan(1.8 * table(name).length);
    expect(JSON.parse(large['ops_truth.json']!).reporting.files).toEqual(MINE.slice(0, 3));
  });

  it('post reach: 3 posts a day tracked 7 days; reach halves with age and new posts reach fewer per follower over time', () => {
    const rows = table('ops_post_daily.csv');
    const t = truth.reporting.organic_reach;
    expect(new Set(rows.map((r) => r.post_id)).size).toBe(3 * 90);
    expect(Math.max(...rows.map((r) => n(r.age_days)))).toBe(6);
    // Mean organic reach at age 0 vs age 3 (same posts): ½^(3 / 1.5) = 0.25.
    const early = rows.filter((r) => r.published_date! < '2025-03-01');
    const byAge = (a: number) => sum(early.filter((r) => n(r.age_days) === a).map((r) => n(r.organic_reach)));
    expect(byAge(3) / byAge(0)).toBeCloseTo(0.5 ** (3 / t.post_half_life_days), 1);
    expect(rows.filter((r) => r.boosted === 'false').every((r) => n(r.paid_reach) === 0)).toBe(true);
    expect(rows.filter((r) => n(r.age_days) >= 3).every((r) => n(r.paid_reach) === 0)).toBe(true);
  });

  it('sessions: 85 % of link clicks per campaign, the planted mistags on their campaigns only', () => {
    const ads = table('ops_ad_campaigns.csv');
    const sessions = table('ops_web_sessions_daily.csv');
    const clicks = sum(ads.map((r) => n(r.link_clicks)));
    expect(sum(sessions.map((r) => n(r.visits))) / clicks).toBeCloseTo(truth.reporting.sessions.session_rate, 2);
    const mistags = truth.reporting.sessions.mistags as { campaign: string; kind: string; share: number }[];
    const campaign = (r: Row) => r.utm_campaign!;
    const clean = (r: Row) => r.utm_source === 'facebook' && r.utm_medium === 'paid_social' && campaign(r) !== '' && campaign(r) === campaign(r).toLowerCase();
    const dirty = sessions.filter((r) => !clean(r));
    // A dirty row belongs to the mistagged campaign whose date it shares; each mistag's share of its campaign's sessions is near planted.
    for (const m of mistags) {
      // Only the missing_campaign campaign leaves utm_campaign empty, so its empty rows are its own.
      const own = sessions.filter((r) => campaign(r).toLowerCase() === m.campaign.toLowerCase() || (m.kind === 'missing_campaign' && campaign(r) === ''));
      const wrong = own.filter((r) => !clean(r));
      expect(sum(wrong.map((r) => n(r.visits))) / sum(own.map((r) => n(r.visits))), m.campaign).toBeCloseTo(m.share, 1);
    }
    expect(new Set(dirty.map((r) => (campaign(r) === '' ? '(missing)' : campaign(r).toLowerCase()))).size).toBe(mistags.length);
  });

  it('tags: every written tag is a planted form; conformance per platform near its planted probability', () => {
    const rows = table('ops_content_tags.csv');
    const canonical = truth.tagging.canonical as Record<string, string | null>;
    const vocabulary = new Set(truth.tagging.vocabulary as string[]);
    expect(rows.length).toBe(90 * 4);
    const tags = rows.flatMap((r) => r.tags!.split('|').map((tag) => ({ platform: r.platform!, tag })));
    for (const { tag } of tags) expect(Object.hasOwn(canonical, tag), tag).toBe(true);
    for (const [platform, p] of Object.entries(truth.tagging.conformance_probability as Record<string, number>)) {
      const mine = tags.filter((x) => x.platform === platform && canonical[x.tag] !== null);
      expect(Math.abs(mine.filter((x) => vocabulary.has(x.tag)).length / mine.length - p), platform).toBeLessThan(0.12);
    }
    const vocab = table('ops_tag_vocabulary.csv');
    expect(new Set(vocab.map((r) => r.target_value))).toEqual(vocabulary);
    for (const r of vocab) expect(canonical[r.source_value!]).toBe(r.target_value);
  });

  it('KPI targets: one row per KPI with a direction and an amber band', () => {
    const rows = table('ops_kpi_targets.csv');
    expect(rows.map((r) => r.kpi)).toEqual(['cpa', 'cpc', 'cpm', 'net_new_followers_per_day', 'share_of_voice', 'engagements_per_post_vs_competitors']);
    for (const r of rows) expect(['lower', 'higher']).toContain(r.better);
    expect(truth.reporting.kpi_expected.share_of_voice).toBeCloseTo(140 / 500, 6); // 140 of 140 + 210 + 90 + 60 mentions a day (plan.ts BRANDS)
  });
});
