/**
 * The recommendations sample's impact files (src/core/sample/recs/impact.ts, for recs module 8): the
 * truths in recs_truth.json (`holdout`, `brand_daily`) checked against the generated rows with plain
 * TS written here, and the bundled public/sample copy.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importExport } from '../../../src/core/importers/index.ts';
import { generateRecs } from '../../../src/core/sample/recs/index.ts';

const files = Object.fromEntries(generateRecs(7, 'small').map((f) => [f.name, [...f.chunks()].join('')]));
const rows = (text: string) => importExport(new TextEncoder().encode(text), 'x.csv').rows as Record<string, string>[];
const truth = JSON.parse(files['recs_truth.json']!);
const users = rows(files['recs_holdout.csv']!);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('recs impact sample (small, seed 7)', () => {
  it('public/sample holds the seed-7 files', () => {
    for (const name of ['recs_holdout.csv', 'recs_brand_daily.csv', 'recs_calendar.csv']) expect(readFileSync(`public/sample/${name}`, 'utf8'), name).toBe(files[name]);
  });

  it('the holdout is about a fifth of the users, randomized: its pre-period activity matches the other arm', () => {
    const holdout = users.filter((u) => u.arm === 'holdout');
    const recs = users.filter((u) => u.arm === 'recommendations');
    expect(holdout.length + recs.length).toBe(truth.holdout.users);
    // Binomial(20000, 0.2): sd = √(20000·0.2·0.8) ≈ 57; within 4 sd.
    expect(Math.abs(holdout.length - 0.2 * users.length)).toBeLessThan(4 * 57);
    expect(holdout.length).toBe(truth.holdout.arms.holdout.users);
    expect(holdout.filter((u) => u.converted === '1').length).toBe(truth.holdout.arms.holdout.conversions);
    expect(recs.filter((u) => u.converted === '1').length).toBe(truth.holdout.arms.recommendations.conversions);
    expect(holdout.every((u) => u.exposed === 'false' && u.rec_clicks === '0')).toBe(true);
    const sessions = (us: typeof users) => mean(us.map((u) => Number(u.sessions_before)));
    expect(Math.abs(sessions(holdout) - sessions(recs))).toBeLessThan(0.2);
  });

  it('exposure is self-selected: exposed users were more active before, and the naive difference is as recorded', () => {
    const recs = users.filter((u) => u.arm === 'recommendations');
    const exposed = recs.filter((u) => u.exposed === 'true');
    const unexposed = recs.filter((u) => u.exposed === 'false');
    expect(exposed.length).toBe(truth.holdout.exposed_users);
    expect(mean(exposed.map((u) => Number(u.sessions_before)))).toBeGreaterThan(1.3 * mean(unexposed.map((u) => Number(u.sessions_before))));
    const rate = (us: typeof users) => us.filter((u) => u.converted === '1').length / us.length;
    expect(rate(exposed) - rate(unexposed)).toBeCloseTo(truth.holdout.naive_difference, 6);
    // The naive difference overstates the planted effect on the treated (selection on activity).
    expect(truth.holdout.naive_difference).toBeGreaterThan(truth.holdout.expected_att);
  });

  it('engagements per impression (trend and weekday cancel) rise by the planted campaign lift on the campaign days without other events', () => {
    const days = rows(files['recs_brand_daily.csv']!);
    const events = rows(files['recs_calendar.csv']!);
    const inEvent = (date: string, e: Record<string, string>) => date >= e.start_date! && date <= e.end_date!;
    const campaign = events.find((e) => e.type === 'campaign')!;
    const ratio = (d: Record<string, string>) => Number(d.engagements) / Number(d.impressions);
    const quiet = days.filter((d) => events.every((e) => !inEvent(d.date!, e))).map(ratio);
    const campaignOnly = days.filter((d) => events.every((e) => (e === campaign) === inEvent(d.date!, e))).map(ratio);
    expect(campaignOnly.length).toBeGreaterThanOrEqual(5);
    // Each day's ratio has noise of about 0.03·√2 ≈ 4 %; over 7 days the mean's error is about 1.6 %.
    expect(Math.abs(mean(campaignOnly) / mean(quiet) - (1 + truth.brand_daily.campaign_lift))).toBeLessThan(0.05);
  });
});
