/**
 * Audience segmentation module 7 on a real-layout Meta Ads Manager ad set export bound with
 * `--data ads=…`, through the importer. The sample reports delivery per frequency bucket; an export
 * carries `Frequency` (impressions / reach per row) instead, and no hides. The fixture,
 * tests/fixtures/exports/meta_adsets_frequency.csv, is hand-written in Meta's layout (quoted headers,
 * "Amount spent (EUR)", CTR as a percentage without %, CRLF) with one row per ad set and day; every
 * expected number below is worked out by hand from its rows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { modulePath, num, rows, run, type RunResult } from './segSupport.ts';

const EXPORT = 'tests/fixtures/exports/meta_adsets_frequency.csv';
const BROAD = 'Prospecting · broad 25-54';
const RETARGETING = 'Retargeting · site visitors 30d';

describe('segments module 7 on a Meta ad set export with Frequency and no frequency bucket', () => {
  let r: RunResult;
  beforeAll(async () => {
    r = await run(modulePath(7), ['--data', `ads=${EXPORT}`]);
  }, 180_000);

  it('runs every cell, the export read through the Meta importer', () => {
    expect(r.stderr).toMatch(/ads: meta_adsets_frequency\.csv read as a meta export \(meta_ads_manager\) → ad_daily, 10 rows/);
    expect(r.stderr).not.toMatch(/ failed: | skipped: |has no column/);
    expect([...r.cells.values()].filter((c) => c.status !== 'ok').map((c) => `${c.id}: ${c.status} ${c.error ?? ''}`)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('puts each ad set day in the bucket of its Frequency and sums clicks and impressions per bucket', () => {
    // Broad: 1.25 and 1.2 → "1" (10000 + 12000 impressions, 200 + 240 clicks); 2 and 2 → "2"
    // (9000 + 8000, 90 + 80); 3 and 2.7 → "3" (6000 + 5400, 30 + 27).
    // Retargeting: 3.125 twice → "3" (5000 + 2500, 80 + 40); 7.5 → "6-10" (6000, 48); 12.5 → "11+" (5000, 20).
    // The ad sets are not in the sample's adset_segment map, so the audience is the ad set name.
    const curve = rows(r, 'frequency_curve').map((x) => [x.audience, x.frequency_bucket, num(x.frequency), num(x.impressions), num(x.clicks), num(x.ctr), x.hide_rate]);
    expect(curve).toEqual([
      [BROAD, '1', 1, 22000, 440, 0.02, null],
      [BROAD, '2', 2, 17000, 170, 0.01, null],
      [BROAD, '3', 3, 11400, 57, 0.005, null],
      [RETARGETING, '3', 3, 7500, 120, 0.016, null],
      [RETARGETING, '6-10', 8, 6000, 48, 0.008, null],
      [RETARGETING, '11+', 13, 5000, 20, 0.004, null],
    ]);
  });

  it('fits the fatigue: CTR halves every exposure for broad, every 5 for retargeting, and the caps follow', () => {
    // Broad: CTR 2 %, 1 %, 0.5 % at 1, 2, 3: exactly exponential with λ = ln 2, half-life 1, halved at
    // frequency 1 + 1 = 2; cap ⌊1 + ln 2 / λ⌋ = 2 (docs/cells/forecast.md, decay).
    // Retargeting: 1.6 %, 0.8 %, 0.4 % at 3, 8, 13: λ = ln 2 / 5, half-life 5, halved at 3 + 5 = 8; cap ⌊3 + 5⌋ = 8.
    const fit = new Map(rows(r, 'fatigue_fit').map((x) => [x.segment, x]));
    expect(num(fit.get(BROAD)!.rate)).toBeCloseTo(Math.LN2, 9);
    expect(num(fit.get(RETARGETING)!.rate)).toBeCloseTo(Math.LN2 / 5, 9);
    const caps = rows(r, 'frequency_caps').map((x) => [x.audience, num(x.frequency_where_ctr_halves), num(x.suggested_cap)]);
    expect(caps).toEqual([
      [BROAD, 2, 2],
      [RETARGETING, 8, 8],
    ]);
  });
});
