/**
 * Audience segmentation curriculum, modules 7–9: each notebook runs headless on the bundled samples
 * with every cell ok and finds what public/sample/segments_truth.json says was planted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { clusterToPlanted, num, rows, runModule, truth } from './segSupport.ts';

const PLANTED_HOURS: Record<string, number[]> = Object.fromEntries(Object.entries(truth.clusters.definition as Record<string, { local_hours: number[] }>).map(([k, v]) => [k, v.local_hours]));

describe('segments module 7 — insights to content', () => {
  const r = runModule(7, 9);
  let bySegment: Map<string, string>;
  beforeAll(() => {
    const planted = clusterToPlanted(rows(r, 'segments'), truth.clusters.labels_first_period);
    bySegment = new Map(rows(r, 'segment_names').map((n) => [String(n.segment), planted.get(String(n.cluster))!]));
  });

  it('each segment\'s best hours are its planted local hours', () => {
    for (const s of rows(r, 'best_slots')) expect(PLANTED_HOURS[bySegment.get(String(s.segment))!], String(s.segment)).toContain(num(s.local_hour));
  });

  it('the frequency cap per audience is where the planted CTR halves', () => {
    const byAudience = new Map(Object.values(truth.ad_sets as Record<string, { segment: string; cap_where_ctr_halves: number }>).map((a) => [a.segment, a.cap_where_ctr_halves]));
    const caps = rows(r, 'frequency_caps');
    expect(caps).toHaveLength(4);
    for (const c of caps) expect(Math.abs(num(c.frequency_where_ctr_halves) - byAudience.get(String(c.audience))!), String(c.audience)).toBeLessThan(0.1 * byAudience.get(String(c.audience))!);
  });

  it('negative feedback flags the giveaway theme, planted with six times the hides, in every segment and nothing else', () => {
    const flagged = rows(r, 'negative_flags').filter((x) => x.flag === true);
    expect(new Set(flagged.map((x) => x.theme))).toEqual(new Set(['giveaway']));
    expect(flagged).toHaveLength(rows(r, 'segment_names').length);
  });

  it('the late-night segment views mostly video, the commute segment mostly carousels, as planted', () => {
    const top = (segment: string) => rows(r, 'format_share').filter((x) => x.segment === segment).sort((a, b) => num(b.share_of_views) - num(a.share_of_views))[0]!.format;
    for (const [segment, planted] of bySegment) {
      if (planted === 'night_owls') expect(top(segment)).toBe('video');
      if (planted === 'commuters') expect(top(segment)).toBe('carousel');
    }
  });
});

describe('segments module 8 — attribution and optimization', () => {
  const r = runModule(8, 9);
  let bySegment: Map<string, string>;
  beforeAll(() => {
    // Segment name → planted group, by majority of members.
    bySegment = clusterToPlanted(rows(r, 'members'), truth.clusters.labels_first_period, 'user_key', 'segment');
  });

  it('each segment\'s channel with the most linear credit is its planted main channel', () => {
    const main = Object.fromEntries(Object.entries(truth.ab_test.channels as Record<string, Record<string, number>>).map(([k, v]) => [k, Object.entries(v).sort((a, b) => b[1] - a[1])[0]![0]]));
    const credit = rows(r, 'linear_by_segment');
    for (const [segment, planted] of bySegment) {
      if (planted === 'lurkers') continue; // too few conversions to rank channels
      const top = credit.filter((x) => x.segment === segment).sort((a, b) => num(b.share) - num(a.share))[0]!;
      expect(top.channel, segment).toBe(main[planted]);
    }
  });

  it('ROAS ranks the ad-set audiences in the planted order, and the creative lifts the planted superfans most', () => {
    const planted = Object.values(truth.ad_sets as Record<string, { segment: string; roas: number }>).sort((a, b) => b.roas - a.roas).map((a) => a.segment);
    expect(rows(r, 'bid_multipliers').map((x) => x.audience)).toEqual(planted);
    const best = rows(r, 'effects_by_segment').reduce((a, b) => (num(b.creative_lift) > num(a.creative_lift) ? b : a));
    expect(bySegment.get(String(best.segment))).toBe('superfans');
  });

  it('composition drift: the commuters moving to late-night hours are the main flow, and the watch rule asks to redefine after mid-window only', () => {
    const top = rows(r, 'movers')[0]!;
    expect(bySegment.get(String(top.before))).toBe(truth.drift.from);
    expect(num(rows(r, 'composition_drift').find((x) => x.segment === 'after')!.psi)).toBeGreaterThan(0.05);
    // The watched segment (first option, alphabetical) is the planted commuters' one.
    const alerts = rows(r, 'shift_alerts');
    const redefine = alerts.filter((x) => x.redefine === true);
    expect(redefine.length).toBeGreaterThan(0);
        expect(alerts.filter((x) => String(x.week) < truth.drift.starts && x.redefine === true)).toEqual([]);
  });
});

describe('segments module 9 — governance and scale', () => {
  const r = runModule(9, 9);

  it('the data assertions fail only on the planted unmapped age label', () => {
    const failed = rows(r, 'assertions').filter((x) => x.passed === false);
    expect(failed.map((x) => x.check_name)).toEqual(['age labels all mapped']);
    expect(num(failed[0]!.failures)).toBe(truth.standardize.profiles_with_unmapped_age);
  });

  it('the model drift check catches the planted drift between the two versions', () => {
    const ari = rows(r, 'drift_check').find((x) => String(x.check_name).startsWith('adjusted Rand'))!;
    expect(ari.passed).toBe(false);
    expect(rows(r, 'segment_cards')).toHaveLength(4);
  });
});
