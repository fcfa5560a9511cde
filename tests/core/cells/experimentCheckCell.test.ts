import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable, tableFromColumns } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

const day = (d: number) => `2025-03-${String(d).padStart(2, '0')}`;

beforeAll(async () => {
  engine = await NativeEngine.create();
  // One row per assigned unit: 5,050 in A and 4,950 in B, over two days; one row without an arm.
  const units = [...Array.from({ length: 5050 }, (_, i) => ({ id: `a${i}`, arm: 'A', day: day(1 + (i % 2)) })), ...Array.from({ length: 4950 }, (_, i) => ({ id: `b${i}`, arm: 'B', day: day(1 + (i % 2)) }))];
  await engine.registerArrow('assign', tableFromColumns([
    { name: 'unit_id', type: 'VARCHAR', values: [...units.map((u) => u.id), 'x'] },
    { name: 'arm', type: 'VARCHAR', values: [...units.map((u) => u.arm), null] },
    { name: 'day', type: 'DATE', values: [...units.map((u) => u.day), day(1)] },
  ]));
  await engine.registerArrow('arm_counts', tableFromColumns([
    { name: 'arm', type: 'VARCHAR', values: ['control', 'treatment', 'treatment'] },
    { name: 'users', type: 'BIGINT', values: [821588n, 400000n, 415482n] },
  ]));
  await engine.registerArrow('uneven', tableFromColumns([
    { name: 'arm', type: 'VARCHAR', values: ['A', 'B'] },
    { name: 'users', type: 'DOUBLE', values: [620, 380] },
  ]));
  // Exposure log of two concurrent tests through person_id:
  // email_subject: p1..p100, 1–14 March, arm A for even numbers, B for odd; p5 also logged in the other arm.
  // social_creative: p90..p140, 10–24 March, arm A when the number is divisible by 3; p120 also logged in the other arm.
  const rows: { person_id: string; test: string; arm: string; seen: string }[] = [];
  for (let i = 1; i <= 100; i++) rows.push({ person_id: `p${i}`, test: 'email_subject', arm: i % 2 === 0 ? 'A' : 'B', seen: day(1 + (i % 14)) });
  rows.push({ person_id: 'p5', test: 'email_subject', arm: 'A', seen: day(3) });
  for (let i = 90; i <= 140; i++) rows.push({ person_id: `p${i}`, test: 'social_creative', arm: i % 3 === 0 ? 'A' : 'B', seen: day(10 + (i % 15)) });
  rows.push({ person_id: 'p120', test: 'social_creative', arm: 'B', seen: day(12) });
  await engine.registerArrow('exposures', tableFromColumns([
    { name: 'person_id', type: 'VARCHAR', values: rows.map((r) => r.person_id) },
    { name: 'test', type: 'VARCHAR', values: rows.map((r) => r.test) },
    { name: 'arm', type: 'VARCHAR', values: rows.map((r) => r.arm) },
    { name: 'seen', type: 'DATE', values: rows.map((r) => r.seen) },
  ]));
  await engine.registerArrow('nothing', tableFromColumns([{ name: 'arm', type: 'VARCHAR', values: [] }, { name: 'person_id', type: 'VARCHAR', values: [] }]));
});
afterAll(() => engine.close());

async function run(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`experiment-check out\n${body}\`\`\`\n`), engine);
  const r = runs.get('out')!;
  if (r.error) return { error: r.error, rows: [] as Record<string, any>[] };
  return { error: undefined, rows: rowsFromTable(r.result!.preview) as Record<string, any>[], note: r.result!.note, columns: r.result!.columns };
}

describe('experiment-check', () => {
  it('srm on unit rows: 5,050 vs 4,950 on 50/50 is R chisq.test(c(5050, 4950)): X² = 1, p = 0.3173, no mismatch', async () => {
    const { rows, error } = await run('from: assign\ngroup: arm\n');
    expect(error).toBeUndefined();
    expect(rows.map((r) => [r.group, r.observed, r.expected])).toEqual([['A', 5050, 5000], ['B', 4950, 5000]]);
    expect(rows[0]!.chi_square).toBeCloseTo(1, 12);
    expect(rows[0]!.p_value).toBeCloseTo(0.3173105, 7);
    expect(rows.every((r) => r.srm === false && r.threshold === 0.0005)).toBe(true);
  });

  it('srm on summed counts: the SRM example of Kohavi, Tang & Xu (2020), 821,588 vs 815,482: p = 1.8e-6, flagged', async () => {
    const { rows } = await run('from: arm_counts\ngroup: arm\ncount: users\nsplit: {control: 1, treatment: 1}\n');
    expect(rows.map((r) => r.observed)).toEqual([821588, 815482]);
    expect(rows[0]!.p_value).toBeCloseTo(1.8221e-6, 9);
    expect(rows[0]!.srm).toBe(true);
  });

  it('srm against an unequal plan: chisq.test(c(620, 380), p = c(.6, .4)): X² = 1.6667, p = 0.1967; a planned arm missing from the data counts 0', async () => {
    const { rows } = await run('from: uneven\ngroup: arm\ncount: users\nsplit: {A: 60, B: 40}\n');
    expect(rows[0]!.chi_square).toBeCloseTo(5 / 3, 12);
    expect(rows[0]!.p_value).toBeCloseTo(0.1967056, 7);
    expect(rows.map((r) => r.planned_share)).toEqual([0.6, 0.4]);
    const missing = await run('from: uneven\ngroup: arm\ncount: users\nsplit: {A: 1, B: 1, C: 1}\n');
    expect(missing.rows.find((r) => r.group === 'C')!.observed).toBe(0);
    expect(missing.rows[0]!.srm).toBe(true);
  });

  it('srm per segment (by: day): one test per day, 2,525 vs 2,475 each (X² = 0.5)', async () => {
    const { rows } = await run('from: assign\ngroup: arm\nunit: unit_id\nby: [day]\n');
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.day)).toEqual([day(1), day(1), day(2), day(2)]);
    // 2 · 25² / 2500 = 0.5
    expect(rows[0]!.chi_square).toBeCloseTo(0.5, 12);
    expect(rows[0]!.note).toMatch(/units counted distinct per arm/);
  });

  it('contamination through person_id: p5 in both email arms, p120 in both social arms; p90..p100 (11 people) in both tests', async () => {
    const { rows, error } = await run('from: exposures\ngroup: arm\ntest: test\nunit: person_id\n');
    expect(error).toBeUndefined();
    // output defaults to srm, one test per `test:` value; counted distinct per person: email A 51 (50 + p5), B 50.
    expect(rows.map((r) => [r.test, r.group, r.observed])).toEqual([['email_subject', 'A', 51], ['email_subject', 'B', 50], ['social_creative', 'A', 17], ['social_creative', 'B', 35]]);
    const c = await run('from: exposures\noutput: contamination\ngroup: arm\ntest: test\n');
    expect(c.rows).toEqual([
      expect.objectContaining({ test: 'email_subject', units: 100, contaminated_units: 1, contaminated_rows: 2, units_in_other_tests: 11, contaminated_share: 0.01 }),
      expect.objectContaining({ test: 'social_creative', units: 51, contaminated_units: 1, contaminated_rows: 2, units_in_other_tests: 11 }),
    ]);
    const units = await run('from: exposures\noutput: contaminated_units\ngroup: arm\ntest: test\n');
    expect(units.rows.filter((r) => r.arms > 1).map((r) => [r.unit, r.test, r.arm_list])).toEqual([['p120', 'social_creative', 'A, B'], ['p5', 'email_subject', 'A, B']]);
    expect(units.rows.filter((r) => r.tests > 1)).toHaveLength(22);
  });

  it('overlap of the two tests: 10–14 March (5 days), 11 shared people, Jaccard 11/140; arm assignments of the shared people cross-tabulated', async () => {
    const { rows, error } = await run('from: exposures\noutput: overlap\ntest: test\ngroup: arm\ntime: seen\n');
    expect(error).toBeUndefined();
    expect(rows).toHaveLength(1);
    const r = rows[0]!;
    expect([r.test_a, r.test_b, r.start_a, r.end_a, r.start_b, r.end_b]).toEqual(['email_subject', 'social_creative', day(1), day(14), day(10), day(24)]);
    expect(r.overlap_days).toBe(5);
    expect([r.units_a, r.units_b, r.shared_units]).toEqual([100, 51, 11]);
    expect(r.jaccard).toBeCloseTo(11 / 140, 12);
    // Shared p90..p100: email A (even) × social A (÷3): A·A = 2 (p90, p96), A·B = 4, B·A = 2 (p93, p99), B·B = 3.
    // Pearson X² for [[2, 4], [2, 3]] = N(ad − bc)² / (r1 r2 c1 c2) = 11 · 4 / (6 · 5 · 4 · 7) = 0.052381.
    expect(r.arm_chi_square).toBeCloseTo(44 / 840, 12);
  });

  it('empty input gives an empty typed result and a note; bad parameters name their key', async () => {
    const empty = await run('from: nothing\ngroup: arm\n');
    expect(empty.rows).toEqual([]);
    expect(empty.note).toBe('no rows in `nothing`');
    expect(empty.columns!.map((c) => c.name)).toContain('group');
    expect((await run('from: arm_counts\ngroup: arm\ncount: users\nsplit: {control: 1}\n')).error).toMatch(/`split:` arm\(s\) `treatment` are in the data but not in the plan/);
    expect((await run('from: uneven\ngroup: arm\nsplit: [1, 2, 3]\n')).error).toMatch(/`split:` has 3 weights but the data has 2 arms/);
    expect((await run('from: exposures\noutput: overlap\n')).error).toMatch(/overlap needs `test:`/);
    expect((await run('from: assign\ngroup: arm\noutput: balance\n')).error).toMatch(/`output:` must be one of srm, contamination, contaminated_units, overlap/);
    expect((await run('from: assign\ngroup: arm\nthreshold: 2\n')).error).toMatch(/`threshold:` must be below 1/);
  });
});
