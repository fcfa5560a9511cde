/**
 * Recommendations analysis curriculum, modules 7–9: each notebook runs headless on the bundled samples
 * with every cell ok and finds what public/sample/recs_truth.json says was planted.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectModule, modulePath, num, rows, run, truth, type RunResult } from './recsSupport.ts';

describe('recs module 7 — governance, ethics and compliance', () => {
  const path = modulePath(7);
  let r: RunResult;
  beforeAll(async () => {
    r = await run(path);
  }, 180_000);

  it('runs with every cell ok, one section per bullet plus exercises', () => {
    expectModule(r, path, 7, 9);
  });

  it('exposure parity flags the planted market, and only it, with the planted ratios', () => {
    const bias = truth.exposure_bias;
    const parity = rows(r, 'exposure_parity');
    expect(parity.filter((x) => x.disparity === true).map((x) => x.group)).toEqual([bias.biased_group]);
    for (const [market, planted] of Object.entries(bias.by_market as Record<string, { exposure_share: number; relevant_share: number; ratio: number }>)) {
      const got = parity.find((x) => x.group === market)!;
      expect(num(got.exposure_share), market).toBeCloseTo(planted.exposure_share, 5);
      expect(num(got.relevant_share), market).toBeCloseTo(planted.relevant_share, 5);
      expect(num(got.ratio), market).toBeCloseTo(planted.ratio, 5);
    }
  });

  it('the slot log shows the planted cause: fewer slots per session in the biased market', () => {
    const bias = truth.exposure_bias;
    const slots = rows(r, 'slots_by_market');
    for (const [market, planted] of Object.entries(bias.by_market as Record<string, { slots_per_session: number; sessions: number }>)) {
      const got = slots.find((x) => x.market === market)!;
      expect(num(got.slots_per_session), market).toBe(planted.slots_per_session);
      expect(num(got.sessions), market).toBe(planted.sessions);
    }
    expect(slots[0]!.market).toBe(bias.biased_group);
  });

  it('retention counts the interactions older than the window, and the opt-out removes nothing by default', () => {
    const ret = rows(r, 'retention_report').find((x) => x.dataset === 'recs_interactions')!;
    expect(num(ret.rows)).toBe(truth.interactions.count);
    // Independently: the interactions' timestamps against the last time in any of the three logs minus the notebook's 60 days.
    const times = (file: string, column: string) => {
      const [header, ...lines] = readFileSync(`public/sample/${file}`, 'utf8').trim().split('\n');
      const at = header!.split(',').indexOf(column);
      return lines.map((l) => Date.parse(`${/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.exec(l.split(',').slice(at).join(','))![0].replace(' ', 'T')}Z`));
    };
    const ts = times('recs_interactions.csv', 'ts');
    const last = Math.max(...ts, ...times('recs_exposures.csv', 'shown_at'), ...times('recs_posts.csv', 'created_at'));
    const cutoff = last - 60 * 86_400_000;
    expect(num(ret.rows_past_retention)).toBe(ts.filter((t) => t < cutoff).length);
    expect(rows(r, 'opt_out_effect')[0]).toMatchObject({ opted_out_people: 0, exposures_to_opted_out: 0 });
  });
});
