/**
 * Enterprise social operations curriculum, modules 1–3: each notebook runs headless on the bundled
 * samples with every cell ok and finds what public/sample/ops_truth.json says was planted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectModule, modulePath, num, rows, run, truth, type RunResult } from './opsSupport.ts';

describe('ops module 1 — strategic alignment', () => {
  const path = modulePath(1);
  let r: RunResult;
  beforeAll(async () => {
    r = await run(path);
  }, 180_000);

  it('runs with every cell ok, one section per bullet plus exercises', () => {
    expectModule(r, path, 1, 7);
  });

  it('CAC per channel is the planted spend over the planted customers', () => {
    const channels = truth.acquisition.channels as Record<string, { customers: number; spend: number; cac: number }>;
    const cac = rows(r, 'cac_by_channel');
    expect(cac.map((c) => c.channel).sort()).toEqual(Object.keys(channels).sort());
    for (const c of cac) {
      expect(num(c.customers)).toBe(channels[String(c.channel)]!.customers);
      expect(num(c.cac)).toBeCloseTo(channels[String(c.channel)]!.cac, 2);
    }
  });

  it('LTV over months 0–5 is near the planted expectation aov × (1 + 5 × repeat); the planted best channels lead', () => {
    const channels = truth.acquisition.channels as Record<string, { expected_ltv_period_5: number }>;
    const ltv = rows(r, 'ltv_by_channel');
    // Sampling: 170–400 customers a channel, order values with a 30 % log-sd: within 12 %.
    for (const c of ltv) expect(Math.abs(num(c.ltv) / channels[String(c.channel)]!.expected_ltv_period_5 - 1)).toBeLessThan(0.12);
    expect(ltv.reduce((a, b) => (num(b.ltv) > num(a.ltv) ? b : a)).channel).toBe(truth.acquisition.best_ltv_channel);
    expect(ltv[0]!.channel).toBe(truth.acquisition.best_ltv_to_cac_channel);
    expect(ltv.at(-1)!.channel).toBe(truth.acquisition.worst_ltv_to_cac_channel);
  });

  it('net sentiment per quarter is exactly the planted one; the Q3 drop and the latest shift are reported', () => {
    const own = rows(r, 'qbr_listening');
    const planted = truth.listening.own_net_sentiment as Record<string, number>;
    expect(own.map((q) => q.quarter)).toEqual(Object.keys(planted));
    for (const q of own) expect(num(q.net_sentiment)).toBeCloseTo(planted[String(q.quarter)]!, 5);
    const plantedVolume = truth.listening.quarters.filter((q: { brand: string }) => q.brand === truth.listening.brand).map((q: { mentions: number }) => q.mentions);
    expect(own.map((q) => num(q.mentions))).toEqual(plantedVolume);
    const tiles = rows(r, 'kpi_tiles')[0]!;
    expect(num(tiles.sentiment_shift)).toBeCloseTo(planted['2025-Q4']! - planted['2025-Q3']!, 5);
  });

  it('the planted issue term tops the emerging quarter\'s terms, and only that quarter\'s', () => {
    const terms = rows(r, 'top_terms');
    const first = (q: unknown) => String(q).split(', ')[0];
    expect(first(terms.find((t) => t.quarter === truth.listening.emerging_quarter)!.top_terms)).toBe(truth.listening.emerging_term);
    expect(terms.filter((t) => first(t.top_terms) === truth.listening.emerging_term).map((t) => t.quarter)).toEqual([truth.listening.emerging_quarter]);
  });

  it('the competitive audit finds the planted format and pillar gaps, in formats that engage most', () => {
    const formats = rows(r, 'format_gap');
    expect(formats[0]!.format).toBe(truth.content_gaps.format_gap);
    expect(formats.reduce((a, b) => (num(b.engagement_rate) > num(a.engagement_rate) ? b : a)).format).toBe(truth.content_gaps.format_gap);
    expect(rows(r, 'pillar_gap')[0]!.pillar).toBe(truth.content_gaps.pillar_gap);
    const sov = rows(r, 'share_of_voice');
    expect(sov.map((s) => s.brand).sort()).toEqual([truth.accounts.brand, ...truth.accounts.competitors].sort());
    expect(sov.reduce((s, x) => s + num(x.share_of_voice), 0)).toBeCloseTo(1, 3);
  });
});

describe('ops module 2 — governance, compliance and risk', () => {
  const path = modulePath(2);
  let r: RunResult;
  beforeAll(async () => {
    r = await run(path);
  }, 180_000);

  it('runs with every cell ok, one section per bullet plus exercises', () => {
    expectModule(r, path, 2, 7);
  });

  it('the archive audit finds exactly the posts of the planted archiver outage, and the gap on its dates', () => {
    expect(rows(r, 'archive_missing').map((p) => String(p.content_id)).sort()).toEqual([...truth.archive.missing_from_archive].sort());
    const gaps = rows(r, 'archive_gaps');
    expect(gaps.length).toBe(1);
    expect(String(gaps[0]!.dates).split(', ')).toEqual(truth.archive.outage_dates);
    const audit = rows(r, 'archive_audit')[0]!;
    expect(num(audit.published)).toBe(truth.archive.posts);
    expect(num(audit.archived_not_published)).toBe(0);
  });

  it('the legal-hold search finds every recall post; claims and undisclosed partner posts are the planted ones', () => {
    expect(rows(r, 'legal_hold').length).toBe(truth.archive.recall);
    expect(rows(r, 'claims_to_substantiate').length).toBe(truth.archive.claims);
    expect(rows(r, 'undisclosed_partner_posts').map((p) => String(p.content_id)).sort()).toEqual([...truth.archive.undisclosed].sort());
  });

  it('the retention check covers every message, split by channel', () => {
    const check = rows(r, 'retention_check');
    const total = Object.values(truth.messages.counts as Record<string, number>).reduce((s, c) => s + c, 0);
    expect(check.reduce((s, c) => s + num(c.messages), 0)).toBe(total);
    for (const c of check) expect(num(c.past_retention)).toBeLessThan(num(c.messages));
  });
});
