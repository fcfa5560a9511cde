/**
 * ab-test per stratum (`by:`) and its heterogeneity output. The strata and their reference values are
 * those of tests/core/analytics/stats/heterogeneity.test.ts (derived by hand there); the cell must sum
 * rows per stratum and group in SQL, correct p-values across all strata, and pool them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromColumns } from '../../../src/core/arrow.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';
import { runKind } from './runKind.ts';

let engine: NativeEngine;
// Each stratum's counts split over two rows (days), so the cell must sum them.
const COUNTS: [string, string, string, number, number][] = [
  ['s1', 'meta', 'B', 30, 100], ['s1', 'meta', 'A', 20, 100],
  ['s2', 'meta', 'B', 25, 100], ['s2', 'meta', 'A', 25, 100],
  ['s3', 'linkedin', 'B', 50, 200], ['s3', 'linkedin', 'A', 30, 200],
];
beforeAll(async () => {
  engine = await NativeEngine.create();
  const rows = COUNTS.flatMap(([seg, platform, variant, x, n]) => [[seg, platform, variant, Math.floor(x / 2), n / 2], [seg, platform, variant, x - Math.floor(x / 2), n / 2]] as const);
  await engine.registerArrow('results', tableFromColumns([
    { name: 'segment', type: 'VARCHAR', values: rows.map((r) => r[0]) },
    { name: 'platform', type: 'VARCHAR', values: rows.map((r) => r[1]) },
    { name: 'variant', type: 'VARCHAR', values: rows.map((r) => r[2]) },
    { name: 'engagements', type: 'DOUBLE', values: rows.map((r) => r[3]) },
    { name: 'units', type: 'DOUBLE', values: rows.map((r) => r[4]) },
  ]));
});
afterAll(() => engine.close());

const BASE = 'from: results\ngroup: variant\nsuccesses: engagements\ntrials: units\ncontrol: A\n';

describe('ab-test by stratum', () => {
  it('one comparison per stratum, named by its columns; Holm across all strata', async () => {
    const { rows, columns, error, verdict } = await runKind(engine, 'ab-test', `${BASE}by: [segment, platform]\n`);
    expect(error).toBeUndefined();
    expect(columns.slice(0, 3)).toEqual(['segment', 'platform', 'group']);
    expect(rows.map((r) => [r.segment, r.platform, r.successes, r.trials, r.control_successes])).toEqual([['s1', 'meta', 30, 100, 20], ['s2', 'meta', 25, 100, 25], ['s3', 'linkedin', 50, 200, 30]]);
    // Holm over the three raw p-values: the smallest × 3, the next × 2 (monotone), the largest × 1.
    const raw = rows.map((r) => r.p_value as number);
    const order = [...raw.keys()].sort((a, b) => raw[a]! - raw[b]!);
    expect(rows[order[0]!]!.p_adjusted).toBeCloseTo(Math.min(1, 3 * raw[order[0]!]!), 12);
    expect(rows[order[1]!]!.p_adjusted).toBeCloseTo(Math.min(1, Math.max(3 * raw[order[0]!]!, 2 * raw[order[1]!]!)), 12);
    expect(rows[1]!.diff).toBe(0);
    expect(verdict).toMatch(/^s1 \/ meta: B /);
  });

  it('heterogeneity on the relative scale: the hand-derived pooled lift, Q, I² and extremes', async () => {
    const { rows, error, verdict } = await runKind(engine, 'ab-test', `${BASE}by: [segment, platform]\noutput: heterogeneity\n`);
    expect(error).toBeUndefined();
    const h = rows[0]!;
    expect(h.group).toBe('B');
    expect(h.strata).toBe(3);
    expect(h.pooled_effect).toBeCloseTo(Math.exp(0.3275592) - 1, 6);
    expect(h.q).toBeCloseTo(2.659157, 5);
    expect(h.heterogeneity_p).toBeCloseTo(0.2645888, 5);
    expect(h.i_squared).toBeCloseTo(0.2478819, 5);
    expect(h.heterogeneous).toBe(false);
    expect([h.lowest_stratum, h.highest_stratum]).toEqual(['s2 / meta', 's3 / linkedin']);
    expect(h.highest_effect).toBeCloseTo(0.25 / 0.15 - 1, 12);
    expect(verdict).toMatch(/no clear difference between strata/);
  });

  it('heterogeneity on the difference scale, and by one column (strata pooled within it)', async () => {
    const d = (await runKind(engine, 'ab-test', `${BASE}by: [segment]\noutput: heterogeneity\nscale: difference\n`)).rows[0]!;
    expect(d.pooled_effect).toBeCloseTo(0.0772441, 6);
    expect(d.q).toBeCloseTo(2.0598428, 6);
    const p = (await runKind(engine, 'ab-test', `${BASE}by: platform\noutput: heterogeneity\nscale: difference\n`)).rows[0]!;
    // meta pools s1 and s2: 55/200 vs 45/200, d = 0.05; linkedin: 0.1 — two strata, df 1.
    expect(p.strata).toBe(2);
    expect(p.df).toBe(1);
    expect(p.lowest_effect).toBeCloseTo(0.05, 12);
  });

  it('says what to write: heterogeneity without by or without a control; an unknown by column', async () => {
    expect((await runKind(engine, 'ab-test', `${BASE}output: heterogeneity\n`)).error).toMatch(/output:.*add `by:`/);
    expect((await runKind(engine, 'ab-test', 'from: results\ngroup: variant\nsuccesses: engagements\ntrials: units\nby: platform\noutput: heterogeneity\n')).error).toMatch(/add `control:`/);
    expect((await runKind(engine, 'ab-test', `${BASE}by: region\n`)).error).toMatch(/by:.*`region` is not a column/);
  });

  it('without by, the result is as before (no stratum columns)', async () => {
    const { rows, columns } = await runKind(engine, 'ab-test', BASE);
    expect(columns[0]).toBe('group');
    expect(rows[0]!.successes).toBe(105);
  });
});
