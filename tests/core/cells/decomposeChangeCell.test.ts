import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromColumns } from '../../../src/core/arrow.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';
import { runKind } from './runKind.ts';

let engine: NativeEngine;

// The hand-derived example of tests/core/analytics/change/mix-rate.test.ts, spread over several rows per
// format and period: March video 400 impressions / 20 engagements, image 600 / 12 (3.2 %); April video
// 200 / 12, image 800 / 12 (2.4 %). Shapley: rate −0.05 pts, mix −0.75 pts; total −0.8 pts.
const posts = [
  ['2024-03-02', 'video', 10, 200], ['2024-03-20', 'video', 10, 200], ['2024-03-05', 'image', 12, 600],
  ['2024-04-03', 'video', 12, 200], ['2024-04-10', 'image', 6, 500], ['2024-04-28', 'image', 6, 300],
  ['2024-04-29', 'image', null, 999],
] as const;

beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.registerArrow('posts', tableFromColumns([
    { name: 'day', type: 'DATE', values: posts.map((p) => p[0]) },
    { name: 'format', type: 'VARCHAR', values: posts.map((p) => p[1]) },
    { name: 'engagements', type: 'DOUBLE', values: posts.map((p) => p[2]) },
    { name: 'impressions', type: 'DOUBLE', values: posts.map((p) => p[3]) },
    { name: 'month', type: 'VARCHAR', values: posts.map((p) => p[0].slice(0, 7)) },
  ]));
});
afterAll(() => engine.close());

const run = (body: string) => runKind(engine, 'decompose-change', body);

const base = 'from: posts\ndimension: format\nnumerator: engagements\ndenominator: impressions\n';

describe('decompose-change', () => {
  it('by a period column: hand-derived Shapley effects, summing exactly to the total', async () => {
    const { rows, columns, error, verdict, note } = await run(`${base}period: month\n`);
    expect(error).toBeUndefined();
    expect(columns).toEqual(['segment', 'is_total', 'weight_before', 'weight_after', 'rate_before', 'rate_after', 'rate_effect', 'mix_effect', 'total_change', 'method']);
    const total = rows.find((r) => r.is_total)!;
    expect(total.rate_before).toBeCloseTo(0.032, 15);
    expect(total.rate_after).toBeCloseTo(0.024, 15);
    expect(total.rate_effect).toBeCloseTo(-0.0005, 15);
    expect(total.mix_effect).toBeCloseTo(-0.0075, 15);
    expect(total.rate_effect + total.mix_effect).toBeCloseTo(total.total_change, 15);
    const video = rows.find((r) => r.segment === 'video')!;
    expect([video.weight_before, video.weight_after, video.rate_before, video.rate_after]).toEqual([0.4, 0.2, 0.05, 0.06]);
    expect(video.mix_effect).toBeCloseTo(-0.011, 15);
    expect(verdict).toBe('rate fell from 3.20 % to 2.40 % (−0.8 pts): mix −0.75 pts, rate −0.05 pts; largest part: video mix −1.1 pts');
    expect(note).toMatch(/`engagements` is empty in 1 of 7 rows/);
    expect(note).toMatch(/2024-03 → 2024-04; Shapley midpoint split/);
  });

  it('by a change date, sequential: rate +0.1 pts at the old weights, mix −0.9 pts at the new rates', async () => {
    const { rows } = await run(`${base}time: day\nchange_date: 2024-04-01\nmethod: sequential\n`);
    const total = rows.find((r) => r.is_total)!;
    expect(total.rate_effect).toBeCloseTo(0.001, 15);
    expect(total.mix_effect).toBeCloseTo(-0.009, 15);
  });

  it('names wrong options', async () => {
    expect((await run(`${base}period: month\nbefore: 2024-01\n`)).error).toMatch(/`before:` `2024-01` is not a value of month/);
    expect((await run(base)).error).toMatch(/needs `period:`/);
    expect((await run(`${base}period: day\n`)).error).toMatch(/`period:` has 7 values .*name the two to compare with `before:` and `after:`/);
  });
});
