import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable, tableFromColumns } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

/** Rows of one arm per look, each look's counts split over two rows so the SQL sum is exercised. */
function looks(arm: string, trials: number, successes: number[], dates: string[]) {
  return successes.flatMap((s, k) => [
    { week: dates[k]!, variant: arm, conv: Math.floor(s / 2), n: trials / 2 },
    { week: dates[k]!, variant: arm, conv: s - Math.floor(s / 2), n: trials / 2 },
  ]);
}

const weeks = ['2025-03-03', '2025-03-10', '2025-03-17', '2025-03-24', '2025-03-31'];

beforeAll(async () => {
  engine = await NativeEngine.create();
  const table = (rows: { week: string | null; variant: string | null; conv: number; n: number }[]) =>
    tableFromColumns([
      { name: 'week', type: 'DATE', values: rows.map((r) => r.week) },
      { name: 'variant', type: 'VARCHAR', values: rows.map((r) => r.variant) },
      { name: 'conv', type: 'DOUBLE', values: rows.map((r) => r.conv) },
      { name: 'n', type: 'DOUBLE', values: rows.map((r) => r.n) },
    ]);
  // Control converts 50 of 1,000 each week; treatment 62, 66, 70, 60, 60.
  await engine.registerArrow('conv_test', table([...looks('A', 1000, [50, 50, 50, 50, 50], weeks), ...looks('B', 1000, [62, 66, 70, 60, 60], weeks),
    { week: null, variant: 'B', conv: 5, n: 10 }]));
  // Unsubscribes: control 8 of 2,000 a week; treatment 12, 13, 14, 14, 14 (the harm).
  await engine.registerArrow('unsub_test', table([...looks('control', 2000, [8, 8, 8, 8, 8], weeks), ...looks('new', 2000, [12, 13, 14, 14, 14], weeks)]));
  await engine.registerArrow('empty_test', table([]));
  await engine.registerArrow('three_arms', table([...looks('A', 10, [1], weeks), ...looks('B', 10, [1], weeks), ...looks('C', 10, [1], weeks)]));
});
afterAll(() => engine.close());

async function run(kind: string, body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`${kind} out\n${body}\`\`\`\n`), engine);
  const r = runs.get('out')!;
  if (r.error) return { error: r.error, errorLine: r.errorLine, rows: [] as Record<string, unknown>[] };
  return { error: undefined, rows: rowsFromTable(r.result!.preview) as Record<string, unknown>[], note: r.result!.note, columns: r.result!.columns };
}

/** Cumulative pooled two-proportion z, computed by hand in Python: (p_t − p_c) / sqrt(p(1 − p)(1/n_t + 1/n_c)). */
const CONV_Z = [1.167, 1.9096, 2.6511, 2.7912, 2.9379];
const UNSUB_Z = [0.8967, 1.4092, 1.8948, 2.2838, 2.6172];

describe('sequential', () => {
  it('design only: five O\'Brien–Fleming-type boundaries 4.877 … 2.031 (ldbounds) and the classic constants (Jennison & Turnbull Tables 2.1, 2.3)', async () => {
    const { rows, error } = await run('sequential', 'looks: 5\nalpha: 0.05\n');
    expect(error).toBeUndefined();
    expect(rows.map((r) => Number(r.upper).toFixed(3))).toEqual(['4.877', '3.357', '2.680', '2.290', '2.031']);
    expect(rows.map((r) => Number(r.lower).toFixed(3))).toEqual(['-4.877', '-3.357', '-2.680', '-2.290', '-2.031']);
    expect(rows.every((r) => Number(r.pocock_fixed).toFixed(3) === '2.413')).toBe(true);
    expect(Number(rows[4]!.obf_fixed).toFixed(3)).toBe('2.040');
    expect(rows[4]!.alpha_spent).toBeCloseTo(0.05, 12);
    expect(rows.every((r) => r.decision === 'planned' && r.z === null)).toBe(true);
  });

  it('efficacy, O\'Brien–Fleming-type: cumulative z per week equals the hand values; stops at look 4 (2.791 ≥ 2.290), not look 3 (2.651 < 2.680)', async () => {
    const { rows, error } = await run('sequential', 'from: conv_test\nlook: week\ngroup: variant\ncontrol: A\nsuccesses: conv\ntrials: n\nlooks: 5\n');
    expect(error).toBeUndefined();
    rows.forEach((r, k) => expect(Number(r.z)).toBeCloseTo(CONV_Z[k]!, 3));
    expect(rows.map((r) => r.look_value)).toEqual(weeks);
    expect(rows[2]!.treatment_successes).toBe(198);
    expect(rows[2]!.control_trials).toBe(3000);
    expect(rows.map((r) => r.stop)).toEqual([false, false, false, true, false]);
    expect(rows[3]!.decision).toBe('stop: treatment higher');
    expect(rows[4]!.decision).toBe('after stop at look 4');
    expect(rows[0]!.note).toBe('1 row(s) with an empty week or variant left out');
  });

  it('efficacy with Pocock-type spending stops one look earlier (2.651 ≥ 2.410 at look 3)', async () => {
    const { rows } = await run('sequential', 'from: conv_test\nlook: week\ngroup: variant\ncontrol: A\nsuccesses: conv\ntrials: n\nlooks: 5\nspending: pocock\n');
    expect(Number(rows[2]!.upper).toFixed(3)).toBe('2.410');
    expect(rows.findIndex((r) => r.stop)).toBe(2);
  });

  it('guardrail on unsubscribes: one-sided, Pocock-type by default; harm crosses at look 4 (z 2.284 ≥ 2.090), and the later planned look is not needed', async () => {
    const { rows, error } = await run('sequential', 'from: unsub_test\nlook: week\ngroup: variant\ncontrol: control\nsuccesses: conv\ntrials: n\nlooks: 5\nmode: guardrail\n');
    expect(error).toBeUndefined();
    rows.forEach((r, k) => expect(Number(r.z)).toBeCloseTo(UNSUB_Z[k]!, 3));
    // One-sided 0.05 Pocock-type: look 1 spends 0.05·ln(1 + (e − 1)/5) = 0.014770, so its boundary is z_{1−0.014770} = 2.176.
    expect(Number(rows[0]!.upper)).toBeCloseTo(2.1762, 3);
    expect(rows.every((r) => r.lower === null)).toBe(true);
    expect(rows.map((r) => r.stop)).toEqual([false, false, false, true, false]);
    expect(rows[3]!.decision).toBe('stop: harm');
  });

  it('observed information (max_trials): fractions are cumulative trials / max_trials, the looks to come are spaced up to 1', async () => {
    const body = 'from: unsub_test\nlook: week\ngroup: variant\ncontrol: control\nsuccesses: conv\ntrials: n\nlooks: 6\nmode: guardrail\n';
    const { rows, error } = await run('sequential', `${body}max_trials: 25000\n`);
    expect(error).toBeUndefined();
    // 4,000 trials a week (both arms) of 25,000 planned: 0.16, 0.32, 0.48, 0.64, 0.80, then the final look at 1.
    rows.slice(0, 5).forEach((r, k) => expect(r.information_fraction).toBeCloseTo(0.16 * (k + 1), 12));
    expect(rows[5]!.information_fraction).toBe(1);
    expect(rows[5]!.decision).toMatch(/planned|not needed/);
    const over = await run('sequential', `${body}max_trials: 8000\n`);
    expect(over.error).toMatch(/look 2 \(2025-03-10\) already reached `max_trials` \(8000\) but the data has 3 later look\(s\)/);
  });

  it('empty input gives an empty typed result and a note; bad parameters name their key', async () => {
    const empty = await run('sequential', 'from: empty_test\nlook: week\ngroup: variant\nsuccesses: conv\ntrials: n\nlooks: 3\n');
    expect(empty.rows).toEqual([]);
    expect(empty.note).toBe('no rows to monitor in `empty_test`');
    expect(empty.columns!.find((c) => c.name === 'look')).toBeDefined();
    const three = await run('sequential', 'from: three_arms\nlook: week\ngroup: variant\nsuccesses: conv\ntrials: n\nlooks: 3\n');
    expect(three.error).toMatch(/`group:` needs exactly two arms, found 3: A, B, C/);
    expect((await run('sequential', 'looks: 3\nfractions: [0.5, 0.4, 1]\n')).error).toMatch(/`fractions:` information fractions must increase/);
    expect((await run('sequential', 'looks: 2\nfractions: [0.5, 0.8, 1]\n')).error).toMatch(/`fractions` has 3 values but `looks` is 2/);
    expect((await run('sequential', 'alpha: 0.05\n')).error).toMatch(/needs `looks:`/);
    // With data too: the plan is not guessed from the looks seen so far.
    expect((await run('sequential', 'from: conv_test\nlook: week\ngroup: variant\nsuccesses: conv\ntrials: n\n')).error).toMatch(/needs `looks:`/);
    expect((await run('sequential', 'looks: 3\nmode: guardrail\nsides: 2\n')).error).toMatch(/a guardrail is one-sided/);
    expect((await run('sequential', 'from: conv_test\nlook: week\ngroup: variant\nsuccesses: conv\ntrials: n\nlooks: 3\n')).error).toMatch(/the data has 5 looks but `looks` plans 3/);
  });
});
