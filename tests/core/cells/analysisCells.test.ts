import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable, tableFromColumns } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

beforeAll(async () => {
  engine = await NativeEngine.create();
  // statsmodels proportions_ztest docs example (5/83 vs 12/99), split over several rows per group
  // so the cell's SQL aggregation is exercised.
  await engine.registerArrow(
    'ab',
    tableFromColumns([
      { name: 'variant', type: 'VARCHAR', values: ['A', 'A', 'B', 'B'] },
      { name: 'clicks', type: 'BIGINT', values: [2n, 3n, 10n, 2n] },
      { name: 'impressions', type: 'BIGINT', values: [40n, 43n, 50n, 49n] },
    ]),
  );
  const days = Array.from({ length: 11 }, (_, k) => `2024-01-${String(k + 1).padStart(2, '0')}`);
  await engine.registerArrow(
    'daily',
    tableFromColumns([
      { name: 'day', type: 'DATE', values: days },
      { name: 'clicks', type: 'DOUBLE', values: days.map((_, k) => (k === 7 ? 200 : 100)) },
      { name: 'impressions', type: 'DOUBLE', values: days.map(() => 10_000) },
    ]),
  );
});
afterAll(() => engine.close());

async function run(body: string) {
  const nb = parseNotebook(body);
  const { runs } = await runNotebook(nb, engine);
  return runs;
}

describe('analysis cells on native DuckDB', () => {
  it('ab-test aggregates rows per group and matches statsmodels proportions_ztest (z = -1.4078, p = 0.1592)', async () => {
    const runs = await run('```ab-test lift\nfrom: ab\ngroup: variant\nsuccesses: clicks\ntrials: impressions\ncontrol: A\n```\n');
    const r = runs.get('lift')!;
    expect(r.error).toBeUndefined();
    const [row] = rowsFromTable(r.result!.preview) as Record<string, number | string | boolean>[];
    expect(row!.group).toBe('B');
    expect(row!.control).toBe('A');
    expect(row!.successes).toBe(12);
    expect(row!.control_trials).toBe(83);
    expect(Math.abs(row!.z as number)).toBeCloseTo(1.4078, 3);
    expect(row!.p_value).toBeCloseTo(0.1592, 3);
    expect(row!.significant).toBe(false);
  });

  it('ab-test names a missing column and its line', async () => {
    const runs = await run('```ab-test lift\nfrom: ab\ngroup: variant\nsuccesses: clickz\ntrials: impressions\n```\n');
    expect(runs.get('lift')!.status).toBe('error');
    expect(runs.get('lift')!.error).toMatch(/`clickz` is not a column of `ab` \(its columns: variant, clicks, impressions\)/);
    expect(runs.get('lift')!.errorLine).toBe(4);
  });

  it('power matches R power.prop.test(p1 = .50, p2 = .75, power = .90): n = 76.7 per group', async () => {
    const runs = await run('```power size\nbaseline: 0.5\nmde: 0.25\nmde_type: absolute\npower: 0.9\ndaily_impressions: 20\n```\n');
    const [row] = rowsFromTable(runs.get('size')!.result!.preview) as Record<string, number>[];
    expect(row!.n_exact).toBeCloseTo(76.7, 1);
    expect(row!.n_per_group).toBe(77);
    // 2 groups x 77 at 20 a day: 154 / 20 = 7.7, so 8 days.
    expect(row!.days_needed).toBe(8);
  });

  it('control-chart flags the day whose CTR doubles (beyond the 3-sigma limit) and no other', async () => {
    const runs = await run('```control-chart chart\nfrom: daily\ntime: day\nsuccesses: clicks\ntrials: impressions\n```\n');
    const rows = rowsFromTable(runs.get('chart')!.result!.preview) as Record<string, unknown>[];
    expect(rows).toHaveLength(11);
    // center = 1200 / 110000; UCL = center + 3 * sqrt(center * (1 - center) / 10000)
    const center = 1200 / 110_000;
    expect(rows[0]!.center).toBeCloseTo(center, 10);
    expect(rows[0]!.ucl).toBeCloseTo(center + 3 * Math.sqrt((center * (1 - center)) / 10_000), 10);
    expect(rows.filter((r) => r.out_of_control).map((r) => r.t)).toEqual(['2024-01-08']);
  });

  it('control-chart with the spike day left out of the baseline draws the limits around the other days', async () => {
    const runs = await run('```control-chart chart2\nfrom: daily\ntime: day\nsuccesses: clicks\ntrials: impressions\nexclude: [2024-01-08]\n```\n');
    const rows = rowsFromTable(runs.get('chart2')!.result!.preview) as Record<string, unknown>[];
    // Ten ordinary days at 100 / 10,000: the centre is exactly 0.01 and the DATE column stays a date.
    expect(rows[0]!.center).toBeCloseTo(0.01, 12);
    expect(rows[0]!.t).toBe('2024-01-01');
    expect(rows.filter((r) => !r.in_baseline).map((r) => r.t)).toEqual(['2024-01-08']);
    expect(rows.filter((r) => r.out_of_control).map((r) => r.t)).toEqual(['2024-01-08']);
  });

  it('ctr shows link and unique-impression CTR side by side with Wilson intervals', async () => {
    await engine.registerArrow(
      'posts',
      tableFromColumns([
        { name: 'format', type: 'VARCHAR', values: ['video', 'image'] },
        { name: 'link_clicks', type: 'DOUBLE', values: [81, 15] },
        { name: 'impressions', type: 'DOUBLE', values: [263, 148] },
        { name: 'reach', type: 'DOUBLE', values: [200, 100] },
      ]),
    );
    const runs = await run(
      '```ctr rates\nfrom: posts\nby: [format]\ndefinitions:\n  link_ctr: { clicks: link_clicks, impressions: impressions }\n  unique_ctr: { clicks: link_clicks, impressions: reach }\n```\n',
    );
    const rows = rowsFromTable(runs.get('rates')!.result!.preview) as Record<string, number | string>[];
    const video = rows.find((r) => r.format === 'video')!;
    // Newcombe (1998) Table I: 81/263 → Wilson 95% interval 0.2553 to 0.3662
    expect(video.link_ctr_low).toBeCloseTo(0.2553, 4);
    expect(video.link_ctr_high).toBeCloseTo(0.3662, 4);
    expect(video.unique_ctr).toBeCloseTo(81 / 200, 10);
  });
});

describe('options a kind never reads', () => {
  it('are said on the cell (a typo does not silently change nothing), and the result is still computed', async () => {
    const runs = await run('```ab-test t\nfrom: ab\ngroup: variant\nsuccesses: clicks\ntrials: impressions\ncontrol: A\ncorection: holm\n```\n');
    const r = runs.get('t')!;
    expect(r.status).toBe('ok');
    expect(r.result!.note).toContain('`corection:` is not an option of ab-test here and was ignored');
    expect(r.result!.rowCount).toBeGreaterThan(0);
  });
  it('a cell whose every option is read has no such note', async () => {
    const runs = await run('```ab-test t\nfrom: ab\ngroup: variant\nsuccesses: clicks\ntrials: impressions\ncontrol: A\n```\n');
    expect(runs.get('t')!.result!.note ?? '').not.toMatch(/not an option/);
  });
});
