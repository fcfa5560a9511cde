import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromColumns } from '../../../src/core/arrow.ts';
import { probabilityBBeatsA } from '../../../src/core/analytics/bandit/thompson.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';
import { runKind } from './runKind.ts';

let engine: NativeEngine;

// Asset-level delivery over several days: headline_b is the planted best (3 % vs 2 % and 2.2 %).
const rows: [string, number | null, number | null][] = [
  ['headline_a', 100, 5000], ['headline_a', 98, 5000], ['headline_b', 150, 5000], ['headline_b', 152, 5000],
  ['headline_c', 110, 5000], ['headline_c', 111, 5000], ['headline_c', null, 800],
];

beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.registerArrow('assets', tableFromColumns([
    { name: 'asset', type: 'VARCHAR', values: rows.map((r) => r[0]) },
    { name: 'clicks', type: 'DOUBLE', values: rows.map((r) => r[1]) },
    { name: 'impressions', type: 'DOUBLE', values: rows.map((r) => r[2]) },
  ]));
  await engine.registerArrow('two', tableFromColumns([
    { name: 'asset', type: 'VARCHAR', values: ['A', 'B'] },
    { name: 'clicks', type: 'DOUBLE', values: [40, 52] },
    { name: 'impressions', type: 'DOUBLE', values: [1000, 1000] },
  ]));
  await engine.registerArrow('broken', tableFromColumns([
    { name: 'asset', type: 'VARCHAR', values: ['A'] },
    { name: 'clicks', type: 'DOUBLE', values: [40] },
    { name: 'impressions', type: 'DOUBLE', values: [10] },
  ]));
});
afterAll(() => engine.close());

const run = (body: string) => runKind(engine, 'bandit', body);

describe('bandit', () => {
  it('favours the planted best asset; shares are the probabilities of being best', async () => {
    const { rows, columns, error, note, verdict } = await run('from: assets\narm: asset\nsuccesses: clicks\ntrials: impressions\n');
    expect(error).toBeUndefined();
    expect(columns).toEqual(['arm', 'successes', 'trials', 'rate', 'posterior_mean', 'ci_low', 'ci_high', 'prob_best', 'suggested_share', 'expected_loss', 'best']);
    const b = rows.find((r) => r.arm === 'headline_b')!;
    expect(b.best).toBe(true);
    expect(b.prob_best).toBeGreaterThan(0.99);
    expect([b.successes, b.trials]).toEqual([302, 10000]);
    expect(b.posterior_mean).toBeCloseTo(303 / 10002, 15);
    expect(rows.reduce((s, r) => s + r.suggested_share, 0)).toBeCloseTo(1, 12);
    expect(note).toMatch(/`clicks` is empty in 1 of 7 rows/);
    expect(verdict).toMatch(/^headline_b is most likely best \(P = 100\.0 %|^headline_b is most likely best \(P = 99\.\d %/);
  });

  it('two arms: P(B best) within Monte Carlo error of Evan Miller\'s exact formula; the 95 % interval is the Beta quantiles', async () => {
    const { rows } = await run('from: two\narm: asset\nsuccesses: clicks\ntrials: impressions\ndraws: 40000\nseed: 3\n');
    const exact = probabilityBBeatsA(41, 961, 53, 949);
    expect(Math.abs(rows[1].prob_best - exact)).toBeLessThan(4 * Math.sqrt((exact * (1 - exact)) / 40000));
    // Beta(41, 961): mean 0.0409; a 95 % interval around it of about ±1.96·√(pq/(n+1)) = ±0.0123.
    expect(rows[0].ci_low).toBeGreaterThan(0.028);
    expect(rows[0].ci_high).toBeLessThan(0.055);
  });

  it('a floor keeps every arm in the test; bad counts and floors are named', async () => {
    const { rows } = await run('from: assets\narm: asset\nsuccesses: clicks\ntrials: impressions\nfloor: 0.1\n');
    for (const r of rows) expect(r.suggested_share).toBeGreaterThanOrEqual(0.1);
    expect((await run('from: broken\narm: asset\nsuccesses: clicks\ntrials: impressions\n')).error).toMatch(/arm `A` has more clicks \(40\) than impressions \(10\)/);
    expect((await run('from: assets\narm: asset\nsuccesses: clicks\ntrials: impressions\nfloor: 0.5\n')).error).toMatch(/`floor:` 0.5 per arm over 3 arms exceeds 100 %/);
  });
});
