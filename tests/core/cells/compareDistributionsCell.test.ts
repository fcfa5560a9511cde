import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

// Platform a: x 50, y 30, z 20; platform b: x 20, y 30, z 50; reference shares x 0.4, y 0.3, z 0.3.
beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.materialize('audience', `
    SELECT platform, age, followers FROM (
      SELECT 'a' AS platform, 'x' AS age, range AS followers FROM range(50) UNION ALL SELECT 'a', 'y', range * 10 FROM range(30) UNION ALL SELECT 'a', 'z', 1000 FROM range(20)
      UNION ALL SELECT 'b', 'x', range FROM range(20) UNION ALL SELECT 'b', 'y', 500 FROM range(30) UNION ALL SELECT 'b', 'z', 2000 FROM range(50)
      UNION ALL SELECT 'b', NULL, 7 FROM range(3))`);
  await engine.materialize('census', `SELECT * FROM (VALUES ('x', 40.0), ('y', 30.0), ('z', 30.0)) AS t(age, percent)`);
});
afterAll(() => engine.close());

async function run(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`compare-distributions c\n${body}\n\`\`\`\n`), engine, { previewRows: 100_000 });
  return runs.get('c')!;
}
async function rows(body: string) {
  const r = await run(body);
  if (r.status !== 'ok') throw new Error(r.error);
  return { rows: rowsFromTable(r.result!.preview), note: r.result!.note, verdict: r.result!.verdict };
}

describe('compare-distributions', () => {
  it('matches chi-square, TVD, JS divergence and PSI derived by hand against reference shares', async () => {
    const { rows: out, note, verdict } = await rows('from: audience\ncolumn: age\nby: platform\nreference: census\nreference_share: percent');
    const [a, b] = out;
    // a: chi² = 10²/40 + 0 + 10²/30 = 5.8333, df 2, p = exp(−5.8333 / 2) = 0.054114; TVD 0.1;
    // JSD (ln): ½[0.5 ln(.5/.45) + 0.2 ln(.2/.25)] + ½[0.4 ln(.4/.45) + 0.3 ln(.3/.25)] = 0.0078175 → /ln 2 = 0.011278;
    // PSI = 0.1 ln(1.25) + (−0.1) ln(2/3) = 0.0628609.
    expect(a).toMatchObject({ platform: 'a', segment: 'a', n: 100, categories: 3, df: 2, psi_level: 'stable', flags: null, flagged: false });
    expect(a!.chi_square).toBeCloseTo(35 / 6, 10);
    expect(a!.p_value).toBeCloseTo(Math.exp(-35 / 12), 10);
    expect(a!.tvd).toBeCloseTo(0.1, 12);
    expect(a!.jsd).toBeCloseTo(0.011278, 6);
    expect(a!.js_distance).toBeCloseTo(Math.sqrt(0.011278), 5);
    expect(a!.psi).toBeCloseTo(0.0628609, 7);
    // b (3 NULL ages left out): chi² = 10 + 13.3333 = 23.3333, p = exp(−11.6667) = 8.5718e-6; TVD 0.2;
    // JSD (ln) ½[0.2 ln(2/3) + 0.5 ln(1.25)] + ½[0.4 ln(4/3) + 0.3 ln(3/4)] = 0.0296235 → 0.042738; PSI = 0.2 ln 2 + 0.2 ln(5/3) = 0.2407946.
    expect(b).toMatchObject({ segment: 'b', n: 100, psi_level: 'moderate shift', flags: 'chi-square, tvd, psi moderate', flagged: true });
    expect(b!.chi_square).toBeCloseTo(70 / 3, 10);
    expect(b!.p_value).toBeCloseTo(Math.exp(-35 / 3), 12);
    expect(b!.tvd).toBeCloseTo(0.2, 12);
    expect(b!.jsd).toBeCloseTo(0.042738, 6);
    expect(b!.psi).toBeCloseTo(0.2407946, 7);
    expect(note).toBe('3 row(s) with an empty `age` are left out');
    expect(verdict).toBe('1 of 2 segment(s) differ from the reference; most: b (TVD 0.200, PSI 0.241 — moderate shift, p < 0.001)');
  });

  it('compares each segment with the whole table when no reference is given, and lists bins', async () => {
    const { rows: out } = await rows('from: audience\ncolumn: age\nby: platform\noutput: bins');
    // Whole table (NULLs out): x 70, y 60, z 70 of 200.
    expect(out.filter((r) => r.segment === 'a').map((r) => [r.category, r.count, r.share, r.reference_share, r.expected])).toEqual([
      ['x', 50, 0.5, 0.35, 35], ['y', 30, 0.3, 0.3, 30], ['z', 20, 0.2, 0.35, 35],
    ]);
    expect(out[0]!.psi_term).toBeCloseTo(0.15 * Math.log(0.5 / 0.35), 12);
  });

  it('bins a numeric column by explicit edges or reference quantiles', async () => {
    const { rows: out } = await rows('from: audience\ncolumn: followers\nby: platform\nbins: [100, 1000]\noutput: bins');
    // a: 0…49 and y's 0…290 by 10 (10 of them ≤ 100 → 0,10,…,100 is 11) … counted by hand:
    // a ≤ 100: 50 + 11 = 61; 100 – 1000: 19 + 20 = 39; > 1000: 0. b ≤ 100: 20 + 3 = 23; 100 – 1000: 30; > 1000: 50.
    expect(out.map((r) => [r.segment, r.category, r.count])).toEqual([
      ['a', '≤ 100', 61], ['a', '100 – 1000', 39], ['a', '> 1000', 0], ['b', '≤ 100', 23], ['b', '100 – 1000', 30], ['b', '> 1000', 50],
    ]);
    const q = await rows('from: audience\ncolumn: followers\nby: platform\nbins: 4\noutput: bins');
    expect(new Set(q.rows.map((r) => r.category)).size).toBeLessThanOrEqual(4);
    expect(q.rows.filter((r) => r.segment === 'a').reduce((s, r) => s + Number(r.count), 0)).toBe(100);
  });

  it('flags a category missing from the reference and names wrong options', async () => {
    await engine.materialize('census2', `SELECT * FROM (VALUES ('x', 0.5), ('y', 0.5)) AS t(age, share)`);
    const { rows: out, note } = await rows('from: audience\ncolumn: age\nby: platform\nreference: census2\nreference_share: share');
    // An infinite statistic is stored as NULL (with p = 0).
    expect(out.map((r) => [r.chi_square, r.p_value, r.flagged])).toEqual([[null, 0, true], [null, 0, true]]);
    expect(note).toContain('`z` is not in the reference');
    expect((await run('from: audience\ncolumn: age')).error).toContain('name the reference population');
    expect((await run('from: audience\ncolumn: age\nby: platform\nbins: 3')).error).toContain('bins are for numeric columns');
  });
});
