import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable, tableFromColumns } from '../../../src/core/arrow.ts';
import { mulberry32, standardNormal } from '../../../src/core/analytics/random.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

// Planted daily curves: search saturates (Hill a = 400, k = 2000, s = 1.5), social diminishes (log a = 150, k = 800).
const search = (x: number) => (400 * (x / 2000) ** 1.5) / (1 + (x / 2000) ** 1.5);
const social = (x: number) => 150 * Math.log1p(x / 800);
/** Central finite difference of a planted curve: the derivative without the code under test. */
const slope = (f: (x: number) => number, x: number) => (f(x + 1e-3) - f(x - 1e-3)) / 2e-3;

const days = Array.from({ length: 60 }, (_, d) => new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10));
const searchSpend = days.map((_, d) => 500 + ((d * 37) % 60) * 60);
const socialSpend = days.map((_, d) => 300 + ((d * 23) % 60) * 45);

beforeAll(async () => {
  engine = await NativeEngine.create();
  const rand = mulberry32(5);
  const rows: { day: string | null; channel: string | null; spend: number | null; conversions: number | null }[] = [];
  days.forEach((day, d) => {
    // Each day's spend and conversions come as two half rows, so the per-day SQL sum is exercised.
    for (const half of [0, 1]) {
      rows.push({ day, channel: 'search', spend: searchSpend[d]! / 2, conversions: search(searchSpend[d]!) / 2 });
      void half;
    }
    rows.push({ day, channel: 'social', spend: socialSpend[d]!, conversions: social(socialSpend[d]!) * (1 + 0.05 * standardNormal(rand)) });
  });
  rows.push({ day: days[0]!, channel: 'email', spend: 10, conversions: 3 }, { day: days[1]!, channel: 'email', spend: 12, conversions: 4 });
  rows.push({ day: days[2]!, channel: 'search', spend: null, conversions: 5 });
  const table = (r: typeof rows) => tableFromColumns([
    { name: 'day', type: 'DATE', values: r.map((x) => x.day) },
    { name: 'channel', type: 'VARCHAR', values: r.map((x) => x.channel) },
    { name: 'spend', type: 'DOUBLE', values: r.map((x) => x.spend) },
    { name: 'conversions', type: 'DOUBLE', values: r.map((x) => x.conversions) },
  ]);
  await engine.registerArrow('spend_daily', table(rows));
  await engine.registerArrow('spend_empty', table([]));
});
afterAll(() => engine.close());

async function run(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`response-curve out\n${body}\`\`\`\n`), engine);
  const r = runs.get('out')!;
  if (r.error) return { error: r.error, rows: [] as Record<string, any>[] };
  return { error: undefined, rows: rowsFromTable(r.result!.preview) as Record<string, any>[], note: r.result!.note, columns: r.result!.columns };
}

const base = 'from: spend_daily\nchannel: channel\nspend: spend\noutcome: conversions\ntime: day\n';
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('response-curve', () => {
  it('curves: recovers the planted Hill curve of search exactly and the log curve of social within 2 SE; marginal ROAS at current and given spend', async () => {
    const { rows, error } = await run(`${base}at_spend: 1500\n`);
    expect(error).toBeUndefined();
    const s = rows.find((r) => r.channel === 'search')!;
    expect(s.model).toBe('hill');
    expect(s.a / 400).toBeCloseTo(1, 5);
    expect(s.k / 2000).toBeCloseTo(1, 5);
    expect(s.s / 1.5).toBeCloseTo(1, 5);
    expect(s.n_points).toBe(60);
    expect(s.current_spend).toBeCloseTo(mean(searchSpend), 9);
    expect(s.marginal_roas_current / slope(search, mean(searchSpend))).toBeCloseTo(1, 5);
    expect(s.marginal_roas_at / slope(search, 1500)).toBeCloseTo(1, 5);
    expect(s.note).toBe('1 row(s) with an empty channel, spend, outcome or time left out');
    const so = rows.find((r) => r.channel === 'social')!;
    expect(so.model).toBe('log');
    expect(Math.abs(so.a - 150)).toBeLessThan(2 * so.a_se);
    expect(Math.abs(so.k - 800)).toBeLessThan(2 * so.k_se);
    expect(so.aic).toBeLessThan(so.aic_other);
    const e = rows.find((r) => r.channel === 'email')!;
    expect(e.model).toBeNull();
    expect(e.note).toMatch(/no curve: a hill curve needs at least 4 points/);
  });

  it('allocation at the current total: spends sum to it, marginal returns are equal (planted-curve derivatives agree), money moves toward the higher current marginal', async () => {
    const { rows, error } = await run(`${base}output: allocation\nmodel: auto\n`);
    expect(error).toBeUndefined();
    const s = rows.find((r) => r.channel === 'search')!;
    const so = rows.find((r) => r.channel === 'social')!;
    expect(s.optimal_spend + so.optimal_spend).toBeCloseTo(mean(searchSpend) + mean(socialSpend), 6);
    expect(s.marginal_roas_optimal / so.marginal_roas_optimal).toBeCloseTo(1, 8);
    // Search is fitted exactly, so its marginal equals the planted derivative at the optimal spend.
    expect(s.marginal_roas_optimal / slope(search, s.optimal_spend)).toBeCloseTo(1, 5);
    const higher = s.marginal_roas_current > so.marginal_roas_current ? s : so;
    expect(higher.change).toBeGreaterThan(0);
    expect(s.optimal_outcome + so.optimal_outcome).toBeGreaterThan(s.current_outcome + so.current_outcome);
    expect(s.note).toMatch(/^budget .* per period .*caps at 2× each channel's highest observed spend/);
    expect(rows.find((r) => r.channel === 'email')!.optimal_spend).toBeNull();
  });

  it('allocation under a larger budget spends all of it, still at equal marginals', async () => {
    const { rows } = await run(`${base}output: allocation\nbudget: 6000\n`);
    const fitted = rows.filter((r) => r.optimal_spend !== null);
    expect(fitted.reduce((a, r) => a + r.optimal_spend, 0)).toBeCloseTo(6000, 6);
    expect(fitted[0]!.marginal_roas_optimal / fitted[1]!.marginal_roas_optimal).toBeCloseTo(1, 8);
  });

  it('scenarios: ratio 1 is the current plan (no increment); the all-channel row sums the channels', async () => {
    const { rows } = await run(`${base}output: scenarios\nratios: [0.5, 1, 1.5]\n`);
    expect(rows).toHaveLength(9);
    const now = rows.filter((r) => r.ratio === 1);
    expect(now.every((r) => Math.abs(r.incremental_outcome) < 1e-9)).toBe(true);
    const up = rows.filter((r) => r.ratio === 1.5);
    const all = up.find((r) => r.channel === '(all channels)')!;
    expect(all.spend).toBeCloseTo(up.filter((r) => r.channel !== '(all channels)').reduce((a, r) => a + r.spend, 0), 9);
    const s = up.find((r) => r.channel === 'search')!;
    expect(s.outcome).toBeCloseTo(search(1.5 * mean(searchSpend)), 3);
  });

  it('points: a fitted grid from 0 to twice the highest spend, flagged beyond the data', async () => {
    const { rows } = await run(`${base}output: points\nsteps: 10\n`);
    const s = rows.filter((r) => r.channel === 'search');
    expect(s).toHaveLength(11);
    expect(s[10]!.spend).toBeCloseTo(2 * Math.max(...searchSpend), 9);
    expect(s[10]!.note).toBe('extrapolated');
    expect(s[5]!.outcome).toBeCloseTo(search(s[5]!.spend), 3);
  });

  it('empty input gives an empty typed result and a note; bad parameters name their key', async () => {
    const empty = await run('from: spend_empty\noutcome: conversions\n');
    expect(empty.rows).toEqual([]);
    expect(empty.note).toBe('no rows with spend and outcome in `spend_empty`');
    expect(empty.columns!.map((c) => c.name)).toContain('channel');
    expect((await run(`${base}output: table\n`)).error).toMatch(/`output:` must be one of curves, fits, allocation, scenarios, points/);
    expect((await run('from: spend_daily\noutcome: revenue\n')).error).toMatch(/`revenue` is not a column of `spend_daily`/);
    expect((await run(`${base}max_spend_multiple: 0.5\n`)).error).toMatch(/`max_spend_multiple:` must be at least 1/);
  });
});
