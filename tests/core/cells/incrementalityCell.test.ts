import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

/*
 * Hand-derived case (tests/core/analytics/attribution/matched-lift.test.ts has the arithmetic):
 * treated t1 (x 1, y 10), t2 (3, 14), t3 (6, 20), t4 (6.5, 19); controls c1 (0, 6), c2 (2, 9), c3 (3.2, 10), c4 (7, 15), c5 (10, 30).
 * SD of x over all nine units: √(85.08 / 8) = 3.261135. Standardized distances: t1–c1 1/3.26 = 0.307, t4–c5 3.5/3.26 = 1.073.
 */
let engine: NativeEngine;
const SD = Math.sqrt(85.08 / 8);

beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.materialize('units', `SELECT * FROM (VALUES ('t1', true, 1.0, 10.0), ('t2', true, 3.0, 14.0), ('t3', true, 6.0, 20.0), ('t4', true, 6.5, 19.0),
    ('c1', false, 0.0, 6.0), ('c2', false, 2.0, 9.0), ('c3', false, 3.2, 10.0), ('c4', false, 7.0, 15.0), ('c5', false, 10.0, 30.0), ('c6', false, NULL, 8.0)) AS t(unit, treated, x, outcome)`);
});
afterAll(() => engine.close());

async function run(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`incrementality c\n${body}\n\`\`\`\n`), engine, { previewRows: 100_000 });
  const r = runs.get('c')!;
  if (r.status !== 'ok') throw new Error(r.error);
  return { rows: rowsFromTable(r.result!.preview), note: r.result!.note ?? '', verdict: r.result!.verdict };
}
const base = 'from: units\nid: unit\ncovariates: [x]\n';

describe('incrementality', () => {
  it('matches on standardized covariates and gives the lift with its paired t interval', async () => {
    const { rows, note, verdict } = await run(`${base}caliper: 1`);
    // t4's best free control (c5) is 1.073 SD away: outside the caliper. Differences 4, 4, 5: ATT 13/3, se 1/3, t(0.975, 2) = 4.302653.
    const e = rows[0]!;
    expect([e.treated, e.matched_treated, e.unmatched_treated, e.controls, e.controls_used]).toEqual([4, 3, 1, 5, 3]);
    expect(Number(e.att)).toBeCloseTo(13 / 3, 12);
    expect(Number(e.ci_low)).toBeCloseTo(13 / 3 - 4.302652729749464 / 3, 9);
    expect(Number(e.ci_high)).toBeCloseTo(13 / 3 + 4.302652729749464 / 3, 9);
    expect(Number(e.lift)).toBeCloseTo(13 / 31, 12);
    expect(e.balanced).toBe(true);
    expect(note).toContain('1 row(s) without a treatment, an outcome or a covariate left out');
    expect(note).toContain('1 treated unit(s) had no control within the caliper');
    expect(verdict).toMatch(/^Treated units gained \+4\.33 per unit over 3 matched controls \(lift \+41\.9 %\), 95 % CI \+2\.9\d* to \+5\.77 — significant; balanced/);
    // No caliper: t4 takes c5 (−11): ATT 0.5. With replacement: t4 takes c4 (+4): ATT 4.25.
    expect(Number((await run(base)).rows[0]!.att)).toBeCloseTo(0.5, 12);
    expect(Number((await run(`${base}replacement: true`)).rows[0]!.att)).toBeCloseTo(4.25, 12);
  });

  it('gives the balance table before and after matching', async () => {
    const { rows } = await run(`${base}caliper: 1\noutput: balance`);
    const sd = Math.sqrt((20.1875 / 3 + 16.168) / 2);
    expect(rows.map((r) => [r.covariate, Number(r.smd_before), Number(r.smd_after), r.imbalanced_before, r.imbalanced_after])).toEqual([
      ['x', expect.closeTo((4.125 - 4.44) / sd, 12), expect.closeTo((10 / 3 - 3.4) / sd, 12), false, false],
    ]);
    const pairs = await run(`${base}caliper: 1\noutput: pairs`);
    expect(pairs.rows.map((r) => [r.treated_id, r.control_id, Number(r.distance)])).toEqual([['t1', 'c1', expect.closeTo(1 / SD, 12)], ['t2', 'c3', expect.closeTo(0.2 / SD, 12)], ['t3', 'c4', expect.closeTo(1 / SD, 12)]]);
  });

  it('matches on the logit propensity: with one covariate the logit is linear in x, so the pairs follow x', async () => {
    // Distances and the SD of the logit both scale by |b|, so a caliper of 1 SD of the logit is 1 SD of x: the pairs above.
    const same = await run(`${base}method: propensity\ncaliper: 1\noutput: pairs`);
    expect(same.rows.map((r) => `${String(r.treated_id)}-${String(r.control_id)}`)).toEqual(['t1-c1', 't2-c3', 't3-c4']);
    // Default caliper 0.2 SD (Austin 2011) = 0.652 in x: t1 (nearest 1 away) and t3 (1) stay out, t2 → c3 (0.2), t4 → c4 (0.5).
    const { rows } = await run(`${base}method: propensity`);
    expect([rows[0]!.matched_treated, Number(rows[0]!.att)]).toEqual([2, 4]);
    const balance = await run(`${base}method: propensity\noutput: balance`);
    expect(balance.rows.map((r) => r.covariate)).toEqual(['x', 'propensity (logit)']);
  });

  it('names a treatment column that is not a flag, and gives an empty result without controls', async () => {
    await engine.materialize('bad_units', `SELECT * FROM (VALUES ('a', 'yes', 1.0, 1.0), ('b', 'maybe', 2.0, 2.0)) AS t(unit, treated, x, outcome)`);
    await expect(run('from: bad_units\nid: unit\ncovariates: [x]')).rejects.toThrow(/`maybe` \(unit b\) is not a treatment flag/);
    await engine.materialize('only_treated', `SELECT * FROM units WHERE treated`);
    const { rows, note } = await run('from: only_treated\nid: unit\ncovariates: [x]');
    expect(rows).toEqual([]);
    expect(note).toContain('no control units to compare');
  });
});
