import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromColumns } from '../../../src/core/arrow.ts';
import { mulberry32, standardNormal } from '../../../src/core/analytics/random.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';
import { runKind } from './runKind.ts';

let engine: NativeEngine;
const day = (i: number) => new Date(Date.UTC(2024, 4, 1) + i * 86_400_000).toISOString().slice(0, 10);

// 8 control regions (own level, common trend and weekly wave, noise) and one treated region that is
// 0.5·c1 + 0.3·c2 + 0.2·c3 plus a planted lift of 40 a day from day 42 (2024-06-12), split over two
// channels per region-day (summed in SQL). One extra control misses a day and is left out.
beforeAll(async () => {
  engine = await NativeEngine.create();
  const rand = mulberry32(8);
  const T = 63;
  const controls = Array.from({ length: 8 }, (_, j) => Array.from({ length: T }, (_, t) => 300 + 40 * j + 1.2 * t + 20 * Math.sin((2 * Math.PI * t) / 7 + j) + 4 * standardNormal(rand)));
  const treated = controls[0]!.map((_, t) => 0.5 * controls[1]![t]! + 0.3 * controls[2]![t]! + 0.2 * controls[3]![t]! + (t >= 42 ? 40 : 0));
  const rows: [string, string, number][] = [];
  const add = (region: string, series: number[]) => series.forEach((v, t) => rows.push([region, day(t), v * 0.6], [region, day(t), v * 0.4]));
  add('north', treated);
  controls.forEach((s, j) => add(`c${j}`, s));
  add('gappy', controls[5]!.map((v) => v + 1));
  rows.splice(rows.findIndex((r) => r[0] === 'gappy' && r[1] === day(10)), 2);
  await engine.registerArrow('geo', tableFromColumns([
    { name: 'region', type: 'VARCHAR', values: rows.map((r) => r[0]) },
    { name: 'date', type: 'DATE', values: rows.map((r) => r[1]) },
    { name: 'conversions', type: 'DOUBLE', values: rows.map((r) => r[2]) },
  ]));
});
afterAll(() => engine.close());

const run = (body: string) => runKind(engine, 'geo-lift', body);

const base = 'from: geo\nregion: region\ntime: date\nvalue: conversions\ntreated: [north]\nstart: 2024-06-12\n';

describe('geo-lift', () => {
  it('summary: DiD recovers the planted lift of 40 within its interval; synthetic control gap 40, placebo rank 1 of 9', async () => {
    const { rows, error, note, verdict } = await run(base);
    expect(error).toBeUndefined();
    const did = rows.find((r) => r.method === 'difference-in-differences')!;
    const sc = rows.find((r) => r.method === 'synthetic control')!;
    expect(did.ci_low).toBeLessThan(40);
    expect(did.ci_high).toBeGreaterThan(40);
    expect(did.p_value).toBeLessThan(0.05);
    expect(did.pre_trend_p).toBeGreaterThan(0.05);
    expect([did.treated_regions, did.control_regions, did.pre_dates, did.post_dates]).toEqual([1, 8, 42, 21]);
    expect(sc.estimate).toBeCloseTo(40, 5);
    expect(sc.pre_rmspe).toBeLessThan(1e-6);
    expect([sc.placebo_rank, sc.placebos]).toEqual([1, 8]);
    expect(sc.placebo_p).toBeCloseTo(1 / 9, 15);
    expect(note).toMatch(/1 control region\(s\) without a value on every date left out: gappy/);
    expect(verdict).toMatch(/^difference-in-differences lift \+\d+\.?\d* per region per date, \+\d+\.?\d* % \(95 % CI .*\); pre-period trends parallel \(p = .*\); synthetic control gap \+40 \(placebo p = 0.11, rank 1 of 9\)$/);
  });

  it('weights: the planted donors 0.5 / 0.3 / 0.2, the rest 0; placebos: the treated ratio is the largest', async () => {
    const w = await run(`${base}output: weights\n`);
    expect(w.rows.slice(0, 3).map((r) => r.region)).toEqual(['c1', 'c2', 'c3']);
    [0.5, 0.3, 0.2].forEach((x, i) => expect(w.rows[i].weight).toBeCloseTo(x, 6));
    expect(w.rows.reduce((s, r) => s + r.weight, 0)).toBeCloseTo(1, 12);
    const p = await run(`${base}output: placebos\n`);
    expect(p.rows[0]).toMatchObject({ region: 'north', is_treated: true, rank: 1 });
    expect(p.rows).toHaveLength(9);
    expect(p.columns).toEqual(['region', 'is_treated', 'pre_rmspe', 'post_rmspe', 'rmspe_ratio', 'used', 'rank']);
    // With an exact treated fit (pre-RMSPE ~0) a fit limit leaves every placebo out: no p-value, said in the note.
    const limited = await run(`${base}placebo_fit_limit: 5\n`);
    expect(limited.rows.find((r) => r.method === 'synthetic control')).toMatchObject({ placebo_p: null, placebos: 0 });
    expect(limited.note).toMatch(/8 placebo\(s\) with a pre-period RMSPE above 5 × the treated one's left out/);
  });

  it('series: treated vs synthetic per date, the gap 0 before and 40 after', async () => {
    const { rows, columns } = await run(`${base}output: series\n`);
    expect(columns).toEqual(['date', 'period', 'treated', 'synthetic', 'gap', 'control_mean', 'did_counterfactual']);
    expect(rows).toHaveLength(63);
    expect(rows[41]).toMatchObject({ date: '2024-06-11', period: 'pre' });
    expect(rows[41].gap).toBeCloseTo(0, 6);
    expect(rows[42].period).toBe('post');
    expect(rows[42].gap).toBeCloseTo(40, 6);
  });

  it('a control region posing as treated shows no significant lift (DiD CI covers 0)', async () => {
    const { rows } = await run('from: geo\nregion: region\ntime: date\nvalue: conversions\ntreated: [c4]\nstart: 2024-06-12\n');
    const did = rows.find((r) => r.method === 'difference-in-differences')!;
    expect(did.ci_low).toBeLessThan(0);
    expect(did.ci_high).toBeGreaterThan(0);
  });

  it('names bad options', async () => {
    expect((await run(base.replace('[north]', '[south]'))).error).toMatch(/`treated:` `south` is not a region of region/);
    expect((await run(base.replace('2024-06-12', '2024-05-02'))).error).toMatch(/`start:` leaves 1 pre-period date/);
    expect((await run(base.replace('2024-06-12', '2025-01-01'))).error).toMatch(/`start:` is after the last date/);
  });
});
