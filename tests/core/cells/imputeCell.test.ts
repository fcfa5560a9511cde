import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

// Observed y is exactly 2x + 1, so a regression fill is known: x = 2 → 5, x = 3 → 7.
beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.materialize(
    'members',
    `SELECT * FROM (VALUES
      (1, 'a', 0.0, 1.0, 'f'), (2, 'a', 0.5, 2.0, 'm'), (3, 'a', 1.0, 3.0, 'f'), (4, 'a', 2.0, NULL, NULL), (5, 'a', 4.5, 10.0, 'm'),
      (6, 'b', 1.5, 4.0, NULL), (7, 'b', 2.5, 6.0, 'x'), (8, 'b', 3.0, NULL, 'x'), (9, 'b', NULL, NULL, 'f')
    ) AS t(id, segment, x, y, gender)`,
  );
});
afterAll(() => engine.close());

async function run(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`impute c\n${body}\n\`\`\`\n`), engine, { previewRows: 100_000 });
  return runs.get('c')!;
}
async function rows(body: string) {
  const r = await run(body);
  if (r.status !== 'ok') throw new Error(r.error);
  return { rows: rowsFromTable(r.result!.preview), note: r.result!.note, verdict: r.result!.verdict };
}

const sd = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

describe('impute', () => {
  it('fills with the overall median (observed 1 2 3 10 4 6 → 3.5) and flags the filled rows', async () => {
    const { rows: out } = await rows('from: members\ncolumn: y');
    expect(out.map((r) => [r.id, r.y, r.y_imputed])).toEqual([
      [1, 1, false], [2, 2, false], [3, 3, false], [4, 3.5, true], [5, 10, false], [6, 4, false], [7, 6, false], [8, 3.5, true], [9, 3.5, true],
    ]);
  });

  it('fills with the median of the row\'s group (a: 1 2 3 10 → 2.5; b: 4 6 → 5)', async () => {
    const { rows: out } = await rows('from: members\ncolumn: y\nmethod: group_median\nby: segment');
    expect(out.filter((r) => r.y_imputed).map((r) => [r.id, r.y])).toEqual([[4, 2.5], [8, 5], [9, 5]]);
  });

  it('fills by OLS on the predictors (y = 1 + 2x), leaving rows without a predictor empty', async () => {
    const { rows: out, note } = await rows('from: members\ncolumn: y\nmethod: regression\npredictors: x');
    const filled = out.filter((r) => r.id === 4 || r.id === 8 || r.id === 9).map((r) => [r.id, r.y, r.y_imputed]);
    expect(filled[0]![1]).toBeCloseTo(5, 10);
    expect(filled[1]![1]).toBeCloseTo(7, 10);
    expect(filled.map((f) => [f[0], f[2]])).toEqual([[4, true], [8, true], [9, false]]);
    expect(filled[2]![1]).toBeNull();
    expect(note).toContain('regression on 6 complete rows: y = 1.000 + 2.000·x (R² 1.000)');
    expect(note).toContain('1 of 3 missing value(s) stay empty (a predictor is missing in those rows');
  });

  it('fills labels with the mode (f 3 times, m and x twice)', async () => {
    const { rows: out } = await rows('from: members\ncolumn: gender\nmethod: mode');
    expect(out.filter((r) => r.gender_imputed).map((r) => [r.id, r.gender])).toEqual([[4, 'f'], [6, 'f']]);
  });

  it('reports the bias check: n, missing, mean, median and sd before (observed only) and after, overall and by segment', async () => {
    const { rows: out, verdict } = await rows('from: members\ncolumn: y\nby: segment\noutput: check');
    expect(out.map((r) => [r.segment, r.stage, r.n, r.missing, r.filled])).toEqual([
      ['all', 'before', 6, 3, 0], ['all', 'after', 9, 0, 3], ['a', 'before', 4, 1, 0], ['a', 'after', 5, 0, 1], ['b', 'before', 2, 2, 0], ['b', 'after', 4, 0, 2],
    ]);
    const observed = [1, 2, 3, 10, 4, 6];
    const after = [...observed, 3.5, 3.5, 3.5];
    expect(out[0]!.mean).toBeCloseTo(26 / 6, 12);
    expect(out[0]!.median).toBe(3.5);
    expect(out[0]!.sd).toBeCloseTo(sd(observed), 12);
    expect(out[1]!.mean).toBeCloseTo(36.5 / 9, 12);
    expect(out[1]!.sd).toBeCloseTo(sd(after), 12);
    expect(out[5]!.mean).toBeCloseTo((4 + 6 + 3.5 + 3.5) / 4, 12);
    expect(verdict).toBe(`Filled 3 of 9 values by median: mean 4.333 → 4.056 (-0.278), sd ×${(sd(after) / sd(observed)).toFixed(2)}`);
  });

  it('gives label shares in the check for a text column, and names wrong options', async () => {
    const { rows: out } = await rows('from: members\ncolumn: gender\nmethod: mode\noutput: check');
    // before: f 3, m 2, x 2 of 7 observed → f 3/7; after: f 5 of 9.
    expect(out.map((r) => [r.stage, r.top, r.top_share])).toEqual([['before', 'f', 3 / 7], ['after', 'f', 5 / 9]]);
    await engine.materialize('none', 'SELECT * FROM members WHERE false');
    const empty = await run('from: none\ncolumn: y');
    expect(empty.status).toBe('ok');
    expect(empty.result!.columns.map((c) => c.name)).toEqual(['id', 'segment', 'x', 'y', 'gender', 'y_imputed']);
    expect((await run('from: members\ncolumn: gender')).error).toContain('median needs a numeric column');
    expect((await run('from: members\ncolumn: y\nmethod: group_median')).error).toContain('group_median needs the group column(s)');
    expect((await run('from: members\ncolumn: y\nmethod: regression')).error).toContain('regression needs predictor columns');
  });
});
