import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.materialize(
    'kpis',
    `SELECT CAST(date AS DATE) AS date, channel, clicks, revenue FROM (VALUES
      ('2023-01-10', 'email', 100, 1000), ('2023-01-15', 'social', 50, 0),
      ('2024-01-05', 'email', 60, 500), ('2024-01-20', 'email', 60, 600), ('2024-01-07', 'social', 40, 10),
      ('2024-02-03', 'email', 110, 1000), ('2024-03-03', 'email', 90, 1000), ('2024-04-03', 'email', 150, 1000),
      (NULL, 'email', 1, 1)
    ) AS t(date, channel, clicks, revenue)`,
  );
  await engine.materialize('targets', `SELECT 'revenue' AS metric, 1000 AS target, DATE '2024-01-01' AS period, 'email' AS channel`);
  await engine.materialize('no_kpis', 'SELECT * FROM kpis WHERE false');
});
afterAll(() => engine.close());

async function run(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`exception c\n${body}\n\`\`\`\n`), engine, { previewRows: 1000 });
  return runs.get('c')!;
}
async function rows(body: string) {
  const r = await run(body);
  if (r.status !== 'ok') throw new Error(r.error);
  return { rows: rowsFromTable(r.result!.preview), notes: r.result!.note ? r.result!.note.split('; ') : [] };
}
const pick = (r: Record<string, unknown>) => [r.channel, r.period, r.metric, r.value, r.baseline, r.deviation, r.deviation_pct, r.direction];

describe('exception', () => {
  it('same month last year, per channel, 15 %: hand-computed deviations, exceptions only', async () => {
    // Jan 2024 vs Jan 2023: email clicks 120 vs 100 (+20 %), revenue 1,100 vs 1,000 (+10 %, not listed);
    // social clicks 40 vs 50 (−20 %), revenue 10 vs 0 (no percentage: listed because the baseline is 0).
    const { rows: out, notes } = await rows('from: kpis\nmetrics: [clicks, revenue]\nby: [channel]\nthreshold: 15%');
    expect(out.map(pick)).toEqual([
      ['social', '2024-01-01', 'revenue', 10, 0, 10, null, 'above'],
      ['email', '2024-01-01', 'clicks', 120, 100, 20, 0.2, 'above'],
      ['social', '2024-01-01', 'clicks', 40, 50, -10, -0.2, 'below'],
    ]);
    expect(out[0]!.baseline_kind).toBe('same period last year');
    expect(notes).toEqual(['1 rows without a time were left out']);
    const below = await rows('from: kpis\nmetrics: [clicks, revenue]\nby: [channel]\nthreshold: 0.15\ndirection: below');
    expect(below.rows.map((r) => [r.channel, r.metric])).toEqual([['social', 'clicks']]);
  });

  it('trailing mean of 3 months needs all 3: only April (150 vs mean(160, 110, 90) = 120, +25 %)', async () => {
    const { rows: out } = await rows('from: kpis\nmetrics: [clicks]\nbaseline: trailing_mean\nwindow: 3');
    expect(out.map((r) => [r.period, r.value, r.baseline, r.deviation_pct])).toEqual([['2024-04-01', 150, 120, 0.25]]);
    expect(out[0]!.baseline_kind).toBe('mean of the previous 3 months');
    // Window 1 = the previous month: Apr +66.7 %, Feb −31.25 %, Mar −18.2 %; Jan 2024 has no December.
    const one = await rows('from: kpis\nmetrics: [clicks]\nbaseline: trailing_mean\nwindow: 1');
    expect(one.rows.map((r) => [r.period, r.baseline])).toEqual([['2024-04-01', 90], ['2024-02-01', 160], ['2024-03-01', 110]]);
    expect(Number(one.rows[0]!.deviation_pct)).toBeCloseTo(60 / 90, 12);
  });

  it('weekly grain: ISO weeks, trailing mean of the previous 2 weeks present in full', async () => {
    // 2024-01-01 is a Monday. Weekly clicks: Jan 1 → 10, Jan 8 → 10, Jan 15 → 30 (mean of 10, 10 = 10: +200 %).
    await engine.materialize('weekly', `SELECT CAST(d AS DATE) AS date, c AS clicks FROM (VALUES ('2024-01-02', 4), ('2024-01-07', 6), ('2024-01-08', 10), ('2024-01-21', 30)) AS t(d, c)`);
    const { rows: out } = await rows('from: weekly\nmetrics: [clicks]\ngrain: week\nbaseline: trailing_mean\nwindow: 2');
    expect(out.map((r) => [r.period, r.value, r.baseline, r.deviation_pct, r.baseline_kind])).toEqual([['2024-01-15', 30, 10, 2, 'mean of the previous 2 weeks']]);
  });

  it('targets table: metric, target, period and segment columns matched where present', async () => {
    const { rows: out } = await rows('from: kpis\nmetrics: [clicks, revenue]\nby: [channel]\nbaseline: target\ntargets: targets\nthreshold: 0.05');
    expect(out.map(pick)).toEqual([['email', '2024-01-01', 'revenue', 1100, 1000, 100, 0.1, 'above']]);
  });

  it('empty input, and bad options by key', async () => {
    const empty = await rows('from: no_kpis\nmetrics: [clicks]');
    expect(empty.rows).toEqual([]);
    expect(empty.notes).toEqual(['`no_kpis` has no rows: nothing to compare']);
    expect((await run('from: kpis\nmetrics: [clicks]\nthreshold: 15')).error).toBe('exception `threshold:` is a fraction (0.15 = 15 %) or a percentage written `15%`; 15 would be 1500 %');
    expect((await run('from: kpis\nmetrics: [clicks]\nbaseline: target')).error).toMatch(/^exception `baseline:` `target` needs `targets:`/);
    expect((await run('from: kpis')).error).toBe('exception `metrics:` list the metric columns to check, e.g. [clicks, revenue]');
    expect((await run('from: kpis\nmetrics: [clicks, spend]')).error).toMatch(/^exception `metrics:` `spend` is not a column of `kpis`/);
  });
});
