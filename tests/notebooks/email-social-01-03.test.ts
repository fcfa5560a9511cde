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
  3: 'notebooks/email-social/03-building-unified-attribution-models.pulse.md',
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
    const conv = rows(r, 'kpi_exceptions_in_period').filter((x) => x.metric === 'conversions');
    const [top] = conv;
    expect(top!.channel).toBe(truth.spend.exception.channel);
    expect(String(top!.period).slice(0, 10)).toBe(truth.spend.exception.start);
    expect(num(top!.deviation_pct)).toBeLessThan(-0.3);
  });

  it('computes per-channel p-values that match the normal distribution', () => {
    for (const x of rows(r, 'channel_significance')) {
      // Reference: two-sided p = 2·(1 − Φ(|z|)) from @stdlib's normal CDF (not the notebook's approximation).
      expect(num(x.p_value)).toBeCloseTo(2 * (1 - normal.cdf(Math.abs(num(x.z)), 0, 1)), 3);
    }
  });
});

describe('email + social module 3 — unified attribution', () => {
  let r: RunResult;
  beforeAll(async () => {
    r = await run(NB[3]);
  }, 120_000);

  it('runs with every cell ok, one section per bullet plus exercises', () => {
    expectModule(r, NB[3], 3, 9);
  });

  it('every model hands out exactly the online orders', () => {
    const byModel = new Map<string, number>();
    for (const x of rows(r, 'credit')) byModel.set(String(x.model), (byModel.get(String(x.model)) ?? 0) + num(x.conversions));
    expect(byModel.size).toBe(6);
    for (const [model, n] of byModel) expect(n, model).toBeCloseTo(truth.orders.online, 6);
  });

  it('finds the planted e-mail-before-social journeys, joined across keys by identity', () => {
    const [x] = rows(r, 'email_then_social');
    expect(num(x!.email_before_social)).toBe(truth.touchpoints.converting_journeys_with_email_before_social);
    expect(num(x!.joined_by_identity)).toBe(num(x!.email_before_social));
  });

  it('estimates the planted dark-social excess within 25 %', () => {
    const [d] = rows(r, 'dark_social_estimate');
    const planted = truth.web.dark_social.extra_on_send_day_and_next;
    expect(Math.abs(num(d!.dark_social_per_send_day) / planted - 1)).toBeLessThan(0.25);
  });

  it('matches the planted in-store orders by hashed e-mail, and not the walk-ins', () => {
    const [m] = rows(r, 'offline_match');
    expect(num(m!.offline_orders)).toBe(truth.orders.offline);
    expect(num(m!.with_email_hash)).toBe(truth.orders.offline_with_email_hash);
    expect(num(m!.matched_to_subscriber)).toBe(truth.orders.offline_matched_to_a_subscriber);
  });

  it('flags exactly the planted bot keys, whose journeys depress paid social\'s conversion rate', () => {
    expect(rows(r, 'bot_keys').filter((x) => x.bot === true).map((x) => x.user).sort()).toEqual([...truth.touchpoints.bot_keys].sort());
    const ps = rows(r, 'bot_effect').find((x) => x.channel === 'paid_social')!;
    expect(num(ps.journeys_with_bots) - num(ps.journeys_without_bots)).toBe(truth.touchpoints.bot_touches);
    expect(num(ps.conversion_rate_without_bots)).toBeGreaterThan(1.5 * num(ps.conversion_rate_with_bots));
    expect(num(ps.bot_touches_removed)).toBe(truth.touchpoints.bot_touches);
  });
});
