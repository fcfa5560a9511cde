import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable, tableFromColumns } from '../../../src/core/arrow.ts';
import { CELL_KIND_DEFS } from '../../../src/core/cells/registry.ts';
import type { CellBlock } from '../../../src/core/notebook/model.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';
import { mtcars } from '../analytics/models/datasets.ts';

type Row = Record<string, number | string | boolean | null>;
let engine: NativeEngine;

const days = (n: number, start = Date.UTC(2024, 0, 1)) => Array.from({ length: n }, (_, k) => new Date(start + k * 86_400_000).toISOString().slice(0, 10));
const logit = (s: number, n: number) => Math.log(s / (n - s));
const logistic = (e: number) => 1 / (1 + Math.exp(-e));

beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.registerArrow(
    'mtcars',
    tableFromColumns(Object.entries(mtcars).map(([name, values]) => ({ name, type: 'DOUBLE' as const, values }))),
  );
  // 2x2 headline x CTA test (factorial-design.test.ts), each cell split over two rows.
  const mv = [
    ['A', 'Buy', 10, 400], ['A', 'Buy', 20, 600], ['B', 'Buy', 45, 1000], ['A', 'Try', 35, 1000], ['B', 'Try', 30, 500], ['B', 'Try', 50, 500],
  ] as const;
  await engine.registerArrow(
    'creative',
    tableFromColumns([
      { name: 'headline', type: 'VARCHAR', values: mv.map((r) => r[0]) },
      { name: 'cta', type: 'VARCHAR', values: mv.map((r) => r[1]) },
      { name: 'clicks', type: 'DOUBLE', values: mv.map((r) => r[2]) },
      { name: 'impressions', type: 'DOUBLE', values: mv.map((r) => r[3]) },
    ]),
  );
  // Four weeks from Monday 2024-01-01: level 100 times a known weekday factor (Fri 1.2, Sat 1.3, Sun 0.5).
  const factors = [1, 1, 1, 1, 1.2, 1.3, 0.5];
  const d28 = days(28);
  await engine.registerArrow(
    'weekly',
    tableFromColumns([
      { name: 'day', type: 'DATE', values: d28 },
      { name: 'visits', type: 'DOUBLE', values: d28.map((_, t) => 100 * factors[t % 7]!) },
    ]),
  );
  // Noiseless trend + weekly season: 50 + 0.5 t + s[t mod 7].
  const season = [5, 3, 0, -1, -2, -3, -2];
  const d42 = days(42);
  await engine.registerArrow(
    'series',
    tableFromColumns([
      { name: 'day', type: 'DATE', values: d42 },
      { name: 'y', type: 'DOUBLE', values: d42.map((_, t) => 50 + 0.5 * t + season[t % 7]!) },
    ]),
  );
  // Eight days; each day 20/1000 clicks without the feature and 40/1000 with it.
  const d8 = days(8).flatMap((d) => [d, d]);
  await engine.registerArrow(
    'clicks_daily',
    tableFromColumns([
      { name: 'day', type: 'DATE', values: d8 },
      { name: 'emoji', type: 'DOUBLE', values: d8.map((_, k) => k % 2) },
      { name: 'clicks', type: 'DOUBLE', values: d8.map((_, k) => (k % 2 ? 40 : 20)) },
      { name: 'impressions', type: 'DOUBLE', values: d8.map(() => 1000) },
    ]),
  );
  await engine.registerArrow(
    'history',
    tableFromColumns([
      { name: 'emoji', type: 'DOUBLE', values: [0, 0, 1, 1] },
      { name: 'clicks', type: 'DOUBLE', values: [100, 200, 200, 250] },
      { name: 'impressions', type: 'DOUBLE', values: [4000, 6000, 5000, 5000] },
    ]),
  );
  await engine.registerArrow(
    'plan',
    tableFromColumns([
      { name: 'post', type: 'VARCHAR', values: ['plain', 'emoji'] },
      { name: 'emoji', type: 'DOUBLE', values: [0, 1] },
      { name: 'impressions', type: 'DOUBLE', values: [5000, 5000] },
    ]),
  );
  await engine.registerArrow(
    'paths',
    tableFromColumns([
      { name: 'path', type: 'VARCHAR', values: ['social > email > search', 'search', 'search', 'social'] },
      { name: 'conversions', type: 'DOUBLE', values: [10, 2, 3, 0] },
      { name: 'non_conversions', type: 'DOUBLE', values: [0, 5, 0, 10] },
    ]),
  );
});
afterAll(() => engine.close());

async function run(body: string, id: string) {
  const { runs } = await runNotebook(parseNotebook(body), engine);
  return runs.get(id)!;
}
async function rows(body: string, id: string): Promise<Row[]> {
  const r = await run(body, id);
  expect(r.error).toBeUndefined();
  return rowsFromTable(r.result!.preview) as Row[];
}
async function expectColumnError(body: string, id: string, pattern: RegExp, line: number) {
  const r = await run(body, id);
  expect(r.status).toBe('error');
  expect(r.error).toMatch(pattern);
  expect(r.errorLine).toBe(line);
}

describe('regression', () => {
  it('matches R summary(lm(mpg ~ wt + hp, mtcars))', async () => {
    const rs = await rows('```regression fit\nfrom: mtcars\ntarget: mpg\nfeatures: [wt, hp]\n```\n', 'fit');
    expect(rs.map((r) => r.term)).toEqual(['(Intercept)', 'wt', 'hp']);
    const [b0, wt, hp] = rs as Record<string, number>[];
    expect(b0!.estimate).toBeCloseTo(37.22727, 5);
    expect(wt!.estimate).toBeCloseTo(-3.87783, 5);
    expect(wt!.std_error).toBeCloseTo(0.63273, 5);
    expect(wt!.t).toBeCloseTo(-6.129, 3);
    expect(hp!.p_value).toBeCloseTo(0.00145, 5);
    for (const r of rs as Record<string, number>[]) {
      expect(r.r2).toBeCloseTo(0.8268, 4);
      expect(r.adj_r2).toBeCloseTo(0.8148, 4);
      expect(r.n).toBe(32);
    }
  });

  it('matches R glm(am ~ disp + hp, family = binomial, mtcars)', async () => {
    const rs = (await rows('```regression fit\nfrom: mtcars\ntarget: am\nfeatures: [disp, hp]\nmodel: logistic\n```\n', 'fit')) as Record<string, number>[];
    expect(rs[0]!.estimate).toBeCloseTo(1.40342, 4);
    expect(rs[1]!.estimate).toBeCloseTo(-0.09518, 5);
    expect(rs[1]!.z).toBeCloseTo(-1.983, 3);
    expect(rs[1]!.odds_ratio).toBeCloseTo(Math.exp(-0.09518), 5);
    expect(rs[2]!.p_value).toBeCloseTo(0.0725, 4);
    expect(rs[0]!.null_deviance).toBeCloseTo(43.23, 2);
    expect(rs[0]!.mcfadden_r2).toBeCloseTo(1 - rs[0]!.residual_deviance! / rs[0]!.null_deviance!, 10);
  });

  it('fits binomial counts: the odds ratio of a 0/1 feature is the sample odds ratio', async () => {
    const rs = (await rows('```regression fit\nfrom: history\nsuccesses: clicks\ntrials: impressions\nfeatures: [emoji]\nmodel: logistic\n```\n', 'fit')) as Record<string, number>[];
    // Pooled: 300/10000 without, 450/10000 with.
    expect(rs[1]!.estimate).toBeCloseTo(logit(450, 10000) - logit(300, 10000), 8);
    expect(rs[1]!.std_error).toBeCloseTo(Math.sqrt(1 / 300 + 1 / 9700 + 1 / 450 + 1 / 9550), 6);
    expect(rs[1]!.n).toBe(20000);
  });

  it('names a missing feature and its line', async () => {
    await expectColumnError('```regression fit\nfrom: mtcars\ntarget: mpg\nfeatures: [wt, weight]\n```\n', 'fit', /`weight` is not a column of `mtcars`/, 4);
  });
});

describe('multivariate', () => {
  it('reproduces the saturated 2x2 identities (Agresti §2.3) after summing rows per cell', async () => {
    const rs = await rows('```multivariate mv\nfrom: creative\nfactors: [headline, cta]\nsuccesses: clicks\ntrials: impressions\n```\n', 'mv');
    expect(rs.map((r) => r.row_type)).toEqual(['intercept', 'main', 'main', 'interaction', 'cell', 'cell', 'cell', 'cell']);
    const hB = rs.find((r) => r.term === 'headline=B')! as Record<string, number>;
    expect(hB.estimate).toBeCloseTo(logit(45, 1000) - logit(30, 1000), 8);
    expect(hB.std_error).toBeCloseTo(Math.sqrt(1 / 30 + 1 / 970 + 1 / 45 + 1 / 955), 6);
    const inter = rs.find((r) => r.row_type === 'interaction')! as Record<string, number>;
    expect(inter.term).toBe('headline=B:cta=Try');
    expect(inter.estimate).toBeCloseTo(logit(80, 1000) - logit(35, 1000) - (logit(45, 1000) - logit(30, 1000)), 8);
    const best = rs.filter((r) => r.best === true);
    expect(best).toHaveLength(1);
    expect(best[0]!.term).toBe('headline=B, cta=Try');
    expect(best[0]!.predicted_rate).toBeCloseTo(0.08, 8);
    const se = Math.sqrt(1 / 80 + 1 / 920);
    expect(best[0]!.rate_ci_low).toBeCloseTo(logistic(logit(80, 1000) - 1.959963984540054 * se), 8);
  });

  it('names a missing factor and its line', async () => {
    await expectColumnError('```multivariate mv\nfrom: creative\nfactors: [headline, image]\nsuccesses: clicks\ntrials: impressions\n```\n', 'mv', /`image` is not a column of `creative`/, 3);
  });
});

describe('seasonality', () => {
  it('recovers a known weekday multiplier (Sat 1.3, Sun 0.5) with a flat trend', async () => {
    const rs = await rows('```seasonality s\nfrom: weekly\ntime: day\nvalue: visits\ntype: multiplicative\n```\n', 's');
    expect(rs).toHaveLength(28);
    const sat = rs.find((r) => r.date === '2024-01-13')!;
    expect(sat.weekday).toBe('Sat');
    expect(sat.value).toBeCloseTo(130, 10);
    expect(sat.seasonal).toBeCloseTo(1.3, 10);
    expect(sat.trend).toBeCloseTo(100, 10);
    expect(sat.random).toBeCloseTo(1, 10);
    expect(sat.adjusted).toBeCloseTo(100, 10);
    expect(sat.weekday_index).toBeCloseTo(1.3, 10);
    expect(rs.find((r) => r.date === '2024-01-14')!.weekday_index).toBeCloseTo(0.5, 10);
    // The moving average is undefined for the first and last half-period.
    expect(rs[0]!.trend).toBeNull();
    expect(rs[0]!.adjusted).toBeCloseTo(100, 10);
  });

  it('names a missing value column and its line', async () => {
    await expectColumnError('```seasonality s\nfrom: weekly\ntime: day\nvalue: sessions\n```\n', 's', /`sessions` is not a column of `weekly`/, 4);
  });
});

describe('forecast', () => {
  it('continues a noiseless trend + weekly season and beats the seasonal-naive baseline', async () => {
    const rs = await rows('```forecast f\nfrom: series\ntime: day\nvalue: y\nhorizon: 7\nholdout: 14\n```\n', 'f');
    expect(rs.filter((r) => r.kind === 'history')).toHaveLength(42);
    const fc = rs.filter((r) => r.kind === 'forecast');
    expect(fc).toHaveLength(7);
    expect(fc[0]!.date).toBe('2024-02-12');
    const season = [5, 3, 0, -1, -2, -3, -2];
    fc.forEach((r, k) => {
      const t = 42 + k;
      expect(r.mean as number).toBeCloseTo(50 + 0.5 * t + season[t % 7]!, 4);
      expect(r.lower as number).toBeLessThanOrEqual((r.mean as number) + 1e-9);
    });
    // Seasonal naive repeats the last training week, missing the trend by 0.5 a day: 3.5 on each
    // date of the first held-out week, 7 on the second, so MAE (7 x 3.5 + 7 x 7) / 14 = 5.25.
    expect(rs[0]!.baseline_mae).toBeCloseTo(5.25, 10);
    expect(rs[0]!.mae as number).toBeLessThan(1e-4);
    expect(rs[0]!.relative_mae as number).toBeLessThan(1e-4);
  });

  it('names a missing time column and its line', async () => {
    await expectColumnError('```forecast f\nfrom: series\nvalue: y\ntime: date\n```\n', 'f', /`date` is not a column of `series`/, 4);
  });
});

describe('predict', () => {
  it('scores the later period: grouped AUC, log loss vs base rate, PSI 0 for a stable feature (hand-computed)', async () => {
    const rs = await rows('```predict p\nfrom: clicks_daily\nsuccesses: clicks\ntrials: impressions\nfeatures: [emoji]\ntime: day\n```\n', 'p');
    expect(rs).toHaveLength(1);
    const r = rs[0]! as Record<string, number>;
    // Train = first 6 days (the model is saturated: p = 0.02 / 0.04); test = last 2 days, 4000 impressions.
    expect(r.odds_ratio).toBeCloseTo((0.04 / 0.96) / (0.02 / 0.98), 8);
    expect(r.test_from).toBe('2024-01-07');
    expect(r.test_rows).toBe(4000);
    // Positives: 80 at score .04, 40 at .02; negatives 1920 at .04, 1960 at .02.
    expect(r.test_auc).toBeCloseTo((80 * 1960 + 0.5 * 80 * 1920 + 0.5 * 40 * 1960) / (120 * 3880), 10);
    const h = (p: number, q = p) => -(p * Math.log(q) + (1 - p) * Math.log(1 - q));
    expect(r.test_log_loss).toBeCloseTo((h(0.02) + h(0.04)) / 2, 10);
    expect(r.base_rate_log_loss).toBeCloseTo((h(0.02, 0.03) + h(0.04, 0.03)) / 2, 10);
    expect(r.psi).toBeCloseTo(0, 10);
    expect(r.importance).toBeGreaterThanOrEqual(0);
  });

  it('names a missing time column and its line', async () => {
    await expectColumnError('```predict p\nfrom: clicks_daily\nsuccesses: clicks\ntrials: impressions\nfeatures: [emoji]\ntime: when\n```\n', 'p', /`when` is not a column of `clicks_daily`/, 6);
  });
});

describe('simulate', () => {
  const body = '```simulate sim\nfrom: plan\nmodel_from: history\nsuccesses: clicks\ntrials: impressions\nfeatures: [emoji]\nlabel: post\n```\n';

  it('depends on both tables', () => {
    const cell = parseNotebook(body).blocks.find((b) => b.type === 'cell')! as CellBlock;
    expect(CELL_KIND_DEFS.get('simulate')!.references(cell).tables).toEqual(['plan', 'history']);
  });

  it('gives logit-normal CTR percentiles around the fitted rates and sums clicks into the overall row', async () => {
    const rs = (await rows(body, 'sim')) as Record<string, number | string>[];
    expect(rs.map((r) => r.label)).toEqual(['plain', 'emoji', '(overall)']);
    const se0 = Math.sqrt(1 / 300 + 1 / 9700);
    const plain = rs[0]! as Record<string, number>;
    expect(plain.ctr_p50).toBeCloseTo(0.03, 3);
    expect(plain.ctr_p5).toBeCloseTo(logistic(logit(300, 10000) - 1.6449 * se0), 3);
    expect(plain.ctr_p95).toBeCloseTo(logistic(logit(300, 10000) + 1.6449 * se0), 3);
    expect(Math.abs(plain.clicks_mean - 150)).toBeLessThan(2);
    expect(Math.abs((rs[1]!.clicks_mean as number) - 225)).toBeLessThan(2);
    expect(rs[2]!.impressions).toBe(10000);
    expect(rs[2]!.clicks_mean).toBeCloseTo((rs[0]!.clicks_mean as number) + (rs[1]!.clicks_mean as number), 8);
  });

  it('names a feature missing from the model table and its line', async () => {
    await expectColumnError(body.replace('features: [emoji]', 'features: [emojis]'), 'sim', /`emojis` is not a column of `history`/, 6);
  });
});

describe('attribution', () => {
  const body = '```attribution a\nfrom: paths\nnon_conversions: non_conversions\n```\n';

  it('credits the 3-path example by hand under every model, each summing to the 15 conversions', async () => {
    const rs = (await rows(body, 'a')) as Record<string, number | string>[];
    const credit = (model: string, channel: string) => rs.find((r) => r.model === model && r.channel === channel)?.conversions as number;
    expect(credit('first_touch', 'social')).toBeCloseTo(10, 10);
    expect(credit('first_touch', 'search')).toBeCloseTo(5, 10);
    expect(credit('last_touch', 'search')).toBeCloseTo(15, 10);
    expect(credit('linear', 'email')).toBeCloseTo(10 / 3, 10);
    expect(credit('linear', 'search')).toBeCloseTo(25 / 3, 10);
    expect(credit('position_based', 'social')).toBeCloseTo(4, 10);
    expect(credit('position_based', 'email')).toBeCloseTo(2, 10);
    expect(credit('position_based', 'search')).toBeCloseTo(9, 10);
    const w = [2 ** (-2 / 7), 2 ** (-1 / 7), 1];
    const sw = w[0]! + w[1]! + w[2]!;
    expect(credit('time_decay', 'social')).toBeCloseTo((10 * w[0]!) / sw, 10);
    // Markov: P(conv) = 2/3 x 1/2 x 3/4 + 1/3 x 3/4 = 1/2; removal effects social 1/2, email 1/2, search 1.
    expect(credit('markov', 'social')).toBeCloseTo(3.75, 10);
    expect(credit('markov', 'email')).toBeCloseTo(3.75, 10);
    expect(credit('markov', 'search')).toBeCloseTo(7.5, 10);
    expect(rs.find((r) => r.model === 'markov' && r.channel === 'search')!.removal_effect).toBeCloseTo(1, 10);
    const models = [...new Set(rs.map((r) => r.model))];
    // Shapley: each path's conversions split equally over its distinct channels (no channel repeats here, so as linear).
    expect(credit('shapley', 'email')).toBeCloseTo(10 / 3, 10);
    expect(credit('shapley', 'search')).toBeCloseTo(25 / 3, 10);
    expect(models).toEqual(['first_touch', 'last_touch', 'linear', 'time_decay', 'position_based', 'shapley', 'markov']);
    for (const m of models) {
      const of = rs.filter((r) => r.model === m);
      expect(of.reduce((a, r) => a + (r.conversions as number), 0)).toBeCloseTo(15, 10);
      expect(of.reduce((a, r) => a + (r.share as number), 0)).toBeCloseTo(1, 10);
    }
  });

  it('names a missing conversions column and its line', async () => {
    await expectColumnError('```attribution a\nfrom: paths\nconversions: orders\n```\n', 'a', /`orders` is not a column of `paths`/, 3);
  });
});
