/**
 * Email + social curriculum, modules 1–3: each notebook runs headless on the bundled samples with every
 * cell ok and finds what public/sample/email_social_truth.json says was planted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import normal from '@stdlib/stats-base-dists-normal';
import { expectModule, num, rows, run, truth, type RunResult } from './esSupport.ts';

const NB = {
  1: 'notebooks/email-social/01-cross-channel-data-integration-architecture.pulse.md',
  2: 'notebooks/email-social/02-aligning-kpis-across-email-and-social.pulse.md',
} as const;

describe('email + social module 1 — cross-channel architecture', () => {
  let r: RunResult;
  beforeAll(async () => {
    r = await run(NB[1]);
  }, 120_000);

  it('runs with every cell ok, one section per bullet plus exercises', () => {
    expectModule(r, NB[1], 1, 9);
  });

  it('merges keys chained through two links and never merges near-miss addresses', () => {
    const chained: string[][] = truth.identity.chained;
    expect(chained.length).toBeGreaterThan(20);
    const reached = rows(r, 'reached_through_social');
    expect(reached.map((x) => [x.email_key, x.via_social_key, x.web_key])).toEqual(chained);
    for (const x of reached) expect(x.same_person).toBe(true);
    const misses: { key: string; twin: string }[] = truth.identity.near_misses;
    expect(misses.length).toBeGreaterThan(10);
    const pairs = new Map(rows(r, 'near_miss_addresses').map((x) => [[x.key_a, x.key_b].sort().join(' '), x.merged]));
    for (const m of misses) expect(pairs.get([m.key, m.twin].sort().join(' ')), `${m.key} ~ ${m.twin}`).toBe(false);
    expect([...pairs.values()].filter((v) => v !== false)).toEqual([]);
    // Globally: as many persons as planted (people and near misses), with the planted number of keys each.
    const planted: string[][] = Object.values(truth.identity.keys_per_person);
    const want = new Map<number, number>();
    for (const keys of planted) want.set(keys.length, (want.get(keys.length) ?? 0) + 1);
    expect(new Map(rows(r, 'persons_per_key_count').map((x) => [num(x.keys_per_person), num(x.persons)]))).toEqual(want);
  });

  it('classifies the planted raw timestamp formats and finds the missing UTM campaigns', () => {
    const formats = Object.fromEntries(rows(r, 'ts_formats').map((x) => [x.format, num(x.rows)]));
    expect(formats).toEqual(truth.web.ts_raw_formats);
    for (const x of rows(r, 'ts_formats')) expect(num(x.parsed_equal_to_utc)).toBe(num(x.rows));
    const rule = rows(r, 'validation_rules').find((x) => String(x.rule).includes('utm_campaign'));
    expect(num(rule!.failing_rows)).toBe(truth.web.missing_utm_campaign_on_email_sessions);
  });
});

describe('email + social module 2 — aligned KPIs', () => {
  let r: RunResult;
  beforeAll(async () => {
    r = await run(NB[2]);
  }, 120_000);

  it('runs with every cell ok, one section per bullet plus exercises', () => {
    expectModule(r, NB[2], 2, 9);
  });

  it('counts human opens without the machine opens, and the reported rate includes them', () => {
    const [e] = rows(r, 'email_rates');
    expect(Math.round(num(e!.human_open_rate) * num(e!.delivered))).toBeCloseTo(truth.email.human_opens, -1);
    expect(num(e!.reported_open_rate)).toBeGreaterThan(num(e!.human_open_rate) + 0.1);
  });

  it('flags the planted search outage week as the largest exception', () => {
    const [top] = rows(r, 'kpi_exceptions');
    expect(top!.channel).toBe(truth.spend.exception.channel);
    expect(String(top!.week).slice(0, 10)).toBe(truth.spend.exception.start);
    expect(num(top!.deviation)).toBeLessThan(-0.3);
  });

  it('computes per-channel p-values that match the normal distribution', () => {
    for (const x of rows(r, 'channel_significance')) {
      // Reference: two-sided p = 2·(1 − Φ(|z|)) from @stdlib's normal CDF (not the notebook's approximation).
      expect(num(x.p_value)).toBeCloseTo(2 * (1 - normal.cdf(Math.abs(num(x.z)), 0, 1)), 3);
    }
  });
});
