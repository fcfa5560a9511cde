/**
 * Email + social curriculum, modules 7–9: each notebook runs headless on the bundled samples with every
 * cell ok and finds what public/sample/email_social_truth.json says was planted.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectModule, num, rows, run, truth, type RunResult } from './esSupport.ts';

/** A sample CSV as rows of strings (the sample has no quoted commas in the columns read here). */
function csv(name: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(`public/sample/${name}`, 'utf8').trimEnd().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

describe('email + social module 7 — privacy and compliance', () => {
  const path = 'notebooks/email-social/07-managing-data-privacy-and-compliance-risks.pulse.md';
  let r: RunResult;
  beforeAll(async () => {
    r = await run(path);
  }, 120_000);

  it('runs with every cell ok, one section per topic plus exercises', () => {
    expectModule(r, path, 7, 7);
  });

  it('the subject-request helper finds exactly the requesting person\'s rows in every dataset', () => {
    const subject = String(rows(r, 'subject')[0]!.value);
    const keys = new Set<string>(truth.identity.keys_per_person[subject]);
    const address = csv('profiles.csv').find((p) => p.user_key === subject)!.email!;
    // Independent: Node's SHA-256 of the normalized address, rows counted straight from the files.
    const hash = createHash('sha256').update(address.trim().toLowerCase()).digest('hex');
    const want: Record<string, number> = {
      profiles: csv('profiles.csv').filter((p) => keys.has(p.user_key!)).length,
      links: csv('identity_links.csv').filter((l) => keys.has(l.key_a!) || keys.has(l.key_b!)).length,
      email: csv('email_activity.csv').filter((e) => e.email_hash === hash).length,
      social: csv('social_activity.csv').filter((s) => keys.has(s.actor_key!)).length,
      orders: csv('orders.csv').filter((o) => o.email_hash === hash || keys.has(o.customer_key!)).length,
      touchpoints: csv('touchpoints.csv').filter((t) => keys.has(t.user_key!)).length,
    };
    const got = Object.fromEntries(rows(r, 'subject_rows').map((x) => [x.dataset, num(x.rows)]));
    for (const [dataset, n] of Object.entries(want)) expect(got[dataset], dataset).toBe(n);
    expect(got.email).toBeGreaterThan(0);
  });

  it('the salted pseudonym joins nothing outside; opted-out people never reach the upload list', () => {
    const [p] = rows(r, 'pseudonym_check');
    expect(num(p!.joinable_to_esp_by_salted_hash)).toBe(0);
    expect(num(p!.distinct_people_by_hash)).toBe(truth.identity.keys.email);
    const [c] = rows(r, 'consent_check');
    expect(num(c!.opted_out_people)).toBe(truth.email.unsubscribes);
    expect(num(c!.sends_after_opt_out)).toBe(0);
  });
});

describe('email + social module 8 — budget allocation', () => {
  const path = 'notebooks/email-social/08-optimizing-budget-allocation.pulse.md';
  let r: RunResult;
  beforeAll(async () => {
    r = await run(path);
  }, 240_000);

  /** The planted curve of a line (`channel / audience`), in revenue per day. */
  const planted = (line: string) => {
    const [channel, audience] = line.split(' / ');
    return Object.values(truth.spend.curves as Record<string, { channel: string; audience: string; beta: number; half: number; shape: number; valuePerConversion: number }>).find((c) => c.channel === channel && c.audience === audience)!;
  };

  it('runs with every cell ok, one section per bullet plus exercises', () => {
    expectModule(r, path, 8, 9);
  });

  it('the fitted curves reproduce the planted diminishing returns at today\'s spend (revenue within 15 %, marginal ROAS within 20 %)', () => {
    const curves = rows(r, 'curves');
    expect(curves.length).toBe(Object.keys(truth.spend.curves).length);
    for (const c of curves) {
      const p = planted(String(c.channel));
      const x = num(c.current_spend);
      // Hand-derived from the planted Hill curve y = v·β·f, f = x^s / (k^s + x^s); dy/dx = v·β·s·f(1−f)/x.
      const f = x ** p.shape / (p.half ** p.shape + x ** p.shape);
      const revenue = p.valuePerConversion * p.beta * f;
      const marginal = (p.valuePerConversion * p.beta * p.shape * f * (1 - f)) / x;
      expect(Math.abs(num(c.current_outcome) / revenue - 1), String(c.channel)).toBeLessThan(0.15);
      expect(Math.abs(num(c.marginal_roas_current) / marginal - 1), String(c.channel)).toBeLessThan(0.2);
    }
  });

  it('the budget split moves money from the most saturated line to the least saturated one, and gains revenue', () => {
    const alloc = rows(r, 'reallocation');
    const lineOf = (key: string) => `${truth.spend.curves[key].channel} / ${truth.spend.curves[key].audience}`;
    expect(num(alloc.find((x) => x.channel === lineOf(truth.spend.reallocation.lose))!.change)).toBeLessThan(0);
    expect(num(alloc.find((x) => x.channel === lineOf(truth.spend.reallocation.gain))!.change)).toBeGreaterThan(0);
    expect(alloc.reduce((s, x) => s + num(x.change), 0)).toBeCloseTo(0, 2);
    expect(num(rows(r, 'reallocation_gain')[0]!.daily_gain)).toBeGreaterThan(0);
  });

  it('prices nurturing and personalization from the planted tests', () => {
    expect(num(rows(r, 'cost_avoidance')[0]!.incremental_conversions)).toBe(truth.experiments.nurture.incremental_conversions);
    const [p] = rows(r, 'personalization');
    expect(num(p!.incremental_engagements)).toBe(truth.experiments.personalization.incremental_engagements);
    expect(num(p!.cost_per_incremental_engagement)).toBeCloseTo(truth.experiments.personalization.cost / truth.experiments.personalization.incremental_engagements, 2);
  });
});

describe('email + social module 9 — scaling analytics', () => {
  const path = 'notebooks/email-social/09-scaling-analytics-infrastructure.pulse.md';
  let r: RunResult;
  beforeAll(async () => {
    r = await run(path);
  }, 120_000);

  it('runs with every cell ok, one section per bullet plus exercises', () => {
    expectModule(r, path, 9, 9);
  });

  it('plans one partition per month and campaign present in the e-mail log, and the cache covers every event', () => {
    const events = csv('email_activity.csv');
    const parts = new Set(events.map((e) => `${e.timestamp!.slice(0, 7)} ${e.campaign_id}`));
    expect(num(rows(r, 'partition_balance')[0]!.partitions)).toBe(parts.size);
    const plan = rows(r, 'partition_plan');
    expect(plan.reduce((s, x) => s + num(x.rows), 0)).toBe(events.length);
    expect(num(rows(r, 'cache_saving')[0]!.event_rows)).toBe(events.length);
    // The sample loads every day: no gaps, no thin days.
    expect(rows(r, 'missing_days')).toEqual([]);
    expect(rows(r, 'thin_days')).toEqual([]);
  });
});
