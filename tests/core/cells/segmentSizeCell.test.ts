import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.materialize('segments', `SELECT * FROM (VALUES ('big', 200, 0.5), ('exact', 154, 0.5), ('small', 80, 0.5), ('small', 20, 0.5), ('norate', 500, NULL)) AS t(segment, size, rate)`);
});
afterAll(() => engine.close());

async function run(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`segment-size c\n${body}\n\`\`\`\n`), engine, { previewRows: 100_000 });
  return runs.get('c')!;
}
async function rows(body: string) {
  const r = await run(body);
  if (r.status !== 'ok') throw new Error(r.error);
  return { rows: rowsFromTable(r.result!.preview), note: r.result!.note, verdict: r.result!.verdict };
}

describe('segment-size', () => {
  // R ?power.prop.test: power.prop.test(p1 = .50, p2 = .75, power = .90) gives n = 76.7 per group → 77; two arms → 154.
  it('gives the minimum segment size from the power kind\'s sample size (R power.prop.test example)', async () => {
    const { rows: out, verdict } = await rows('baseline: 0.5\nmde: 0.25\nmde_type: absolute\npower: 0.9');
    expect(out[0]).toMatchObject({ n_per_group: 77, required_size: 154, target: 0.75 });
    expect(verdict).toBe('A segment needs 154 members (77 per arm) to detect 50.0 % on a 50.00 % rate');
    // Reaching half of a segment doubles the members it needs.
    expect((await rows('baseline: 0.5\nmde: 0.25\nmde_type: absolute\npower: 0.9\nreach: 0.5')).rows[0]!.required_size).toBe(308);
  });

  it('flags segments below it and says the lift each could detect', async () => {
    const { rows: out, note, verdict } = await rows('from: segments\nbaseline: 0.5\nmde: 0.25\nmde_type: absolute\npower: 0.9');
    expect(out.map((r) => [r.segment, r.size, r.required_size, r.shortfall, r.viable])).toEqual([
      ['big', 200, 154, 0, true], ['exact', 154, 154, 0, true], ['norate', 500, 154, 0, true], ['small', 100, 154, 54, false],
    ]);
    // 100 members in two arms = 50 per arm; R ?power.prop.test: power.prop.test(n = 50, p1 = .5, power = .90)
    // gives p2 = 0.8026141, a detectable lift of (0.8026141 − 0.5) / 0.5 = 60.52 % (R's uniroot stops at
    // tol ≈ 1.2e-4, so agreement is to about 4 decimals of p2).
    expect(out.find((r) => r.segment === 'small')!.detectable_lift).toBeCloseTo(0.6052, 3);
    expect(note).toBeUndefined();
    expect(verdict).toBe('1 of 4 segments are too small to detect the lift: small');
  });

  it('uses each segment\'s own rate with baseline_column, and leaves segments without one unjudged', async () => {
    const { rows: out, note } = await rows('from: segments\nbaseline_column: rate\nmde: 0.5\npower: 0.9');
    expect(out.find((r) => r.segment === 'norate')).toMatchObject({ viable: null, required_size: null });
    expect(out.find((r) => r.segment === 'big')).toMatchObject({ baseline: 0.5, target: 0.75, required_size: 154 });
    expect(note).toBe('1 segment(s) without a size or a baseline rate strictly between 0 and 1 are not judged');
  });

  it('names the wrong option', async () => {
    expect((await run('baseline: 0.9\nmde: 0.5')).error).toContain('outside (0, 1)');
    expect((await run('from: segments\nmde: 0.2')).error).toContain('needs `baseline:`');
    expect((await run('from: segments\nsize: members\nbaseline: 0.1\nmde: 0.2')).error).toContain('`members` is not a column');
  });
});
