import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromColumns } from '../../../src/core/arrow.ts';
import { mulberry32, standardNormal } from '../../../src/core/analytics/random.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';
import { runKind } from './runKind.ts';

let engine: NativeEngine;
const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  engine = await NativeEngine.create();
  const rand = mulberry32(11);
  // 90 days of engagements; two posts per day (rows summed per date in SQL). Planted: the daily level drops
  // from 1,000 to 700 on day 60 (2024-03-01), the day after a dated platform change.
  const rows: { date: string; engagements: number; impressions: number }[] = [];
  for (let i = 0; i < 90; i++) {
    const level = i < 60 ? 1000 : 700;
    const a = level / 2 + 20 * standardNormal(rand);
    rows.push({ date: day(i), engagements: a, impressions: 20000 }, { date: day(i), engagements: level - a + 10 * standardNormal(rand), impressions: 20000 });
  }
  await engine.registerArrow('daily', tableFromColumns([
    { name: 'date', type: 'DATE', values: rows.map((r) => r.date) },
    { name: 'engagements', type: 'DOUBLE', values: rows.map((r) => r.engagements) },
    { name: 'impressions', type: 'DOUBLE', values: rows.map((r) => r.impressions) },
  ]));
  await engine.registerArrow('calendar', tableFromColumns([
    { name: 'name', type: 'VARCHAR', values: ['Holiday sale', 'Feed algorithm update', 'Brand refresh'] },
    { name: 'date', type: 'DATE', values: ['2024-01-20', '2024-02-29', '2024-03-20'] },
  ]));
  await engine.registerArrow('nothing', tableFromColumns([
    { name: 'date', type: 'DATE', values: [] },
    { name: 'engagements', type: 'DOUBLE', values: [] },
  ]));
});
afterAll(() => engine.close());

const run = (body: string) => runKind(engine, 'change-points', body);

describe('change-points', () => {
  it('dates the planted drop (2024-03-01, 1,000 → 700 a day) and names the platform change one day before', async () => {
    const { rows, columns, error, verdict, note } = await run('from: daily\ntime: date\nvalue: engagements\nevents: calendar\n');
    expect(error).toBeUndefined();
    expect(columns).toEqual(['change', 'date', 'before', 'after', 'difference', 'relative_change', 'dates_after', 'nearest_event', 'event_date', 'days_apart', 'penalty', 'sigma']);
    expect(rows).toHaveLength(1);
    const c = rows[0]!;
    expect(c.date).toBe('2024-03-01');
    expect(c.before).toBeGreaterThan(990);
    expect(c.before).toBeLessThan(1010);
    expect(c.after).toBeGreaterThan(690);
    expect(c.after).toBeLessThan(710);
    expect(c.dates_after).toBe(30);
    expect([c.nearest_event, c.event_date, c.days_apart]).toEqual(['Feed algorithm update', '2024-02-29', -1]);
    expect(c.penalty).toBeCloseTo(3 * Math.log(90), 10);
    expect(verdict).toMatch(/^1 change in the mean — 2024-03-01: .* → .* \(-(29|30)\.\d %\), nearest event Feed algorithm update \(1 day before\)/);
    expect(note).toMatch(/penalty MBIC 13\.50/);
  });

  it('a rate (successes / trials per date) finds the same date; series output gives the fitted level per date', async () => {
    const changes = await run('from: daily\ntime: date\nsuccesses: engagements\ntrials: impressions\n');
    expect(changes.rows.map((r) => r.date)).toEqual(['2024-03-01']);
    const series = await run('from: daily\ntime: date\nsuccesses: engagements\ntrials: impressions\noutput: series\n');
    expect(series.rows).toHaveLength(90);
    expect(series.rows.filter((r) => r.is_change).map((r) => r.date)).toEqual(['2024-03-01']);
    expect(series.rows[0].level).toBeCloseTo(changes.rows[0].before, 12);
    expect(series.rows[89].segment).toBe(2);
  });

  it('a manual penalty of 0.5 with a tiny sd over-segments; empty input and bad options are said', async () => {
    expect((await run('from: daily\ntime: date\nvalue: engagements\npenalty: 0.5\nsigma: 1\n')).rows.length).toBeGreaterThan(5);
    const empty = await run('from: nothing\ntime: date\nvalue: engagements\n');
    expect(empty.error).toBeUndefined();
    expect(empty.rows).toEqual([]);
    expect((await run('from: daily\ntime: date\nvalue: engagements\npenalty: aic\n')).error).toMatch(/`penalty:` must be mbic, bic or a positive number/);
    expect((await run('from: daily\ntime: date\nvalue: engagements\nevents: calendar\nevent_name: title\n')).error).toMatch(/`title` is not a column of `calendar`/);
  });
});
