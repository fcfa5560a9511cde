import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromColumns } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

beforeAll(async () => {
  engine = await NativeEngine.create();
  // Newcombe (1998) Table II example (a): 56/70 vs 48/80; statsmodels proportions_ztest docs: 12/99 vs 5/83.
  await engine.registerArrow(
    'trial',
    tableFromColumns([
      { name: 'arm', type: 'VARCHAR', values: ['control', 'new', 'A', 'B'] },
      { name: 'conv', type: 'BIGINT', values: [48n, 56n, 12n, 5n] },
      { name: 'users', type: 'BIGINT', values: [80n, 70n, 99n, 83n] },
    ]),
  );
});
afterAll(() => engine.close());

async function verdictOf(body: string): Promise<string | undefined> {
  const { runs } = await runNotebook(parseNotebook(body), engine);
  const r = [...runs.values()].at(-1)!;
  expect(r.error).toBeUndefined();
  return r.result!.verdict;
}

describe('analysis verdicts', () => {
  it('ab-test: a significant winner with its relative lift, Katz interval and p-value', async () => {
    const v = await verdictOf("```sql t\nSELECT * FROM trial WHERE arm IN ('control', 'new')\n```\n\n```ab-test lift\nfrom: t\ngroup: arm\nsuccesses: conv\ntrials: users\ncontrol: control\n```\n");
    // Lift 0.8 / 0.6 - 1 = +33.3 % (two decimals below 10 %); Katz log interval exp(ln(4/3) ± 1.959964·se) - 1 with
    // se = √(1/56 − 1/70 + 1/48 − 1/80); pooled z = 0.2 / √(p̄q̄(1/70 + 1/80)), p̄ = 104/150.
    const se = Math.sqrt(1 / 56 - 1 / 70 + 1 / 48 - 1 / 80);
    const low = (Math.exp(Math.log(4 / 3) - 1.959964 * se) - 1) * 100;
    const high = (Math.exp(Math.log(4 / 3) + 1.959964 * se) - 1) * 100;
    expect(v).toBe(`new beats control: rate +33.3 % (95 % CI +${low.toFixed(2)} % to +${high.toFixed(1)} %), p = 0.008 — significant`);
  });

  it('ab-test: no clear difference when the test is not significant (statsmodels: p = 0.159)', async () => {
    const v = await verdictOf("```sql t\nSELECT * FROM trial WHERE arm IN ('A', 'B')\n```\n\n```ab-test lift\nfrom: t\ngroup: arm\nsuccesses: conv\ntrials: users\ncontrol: A\n```\n");
    expect(v).toMatch(/^B shows no clear difference from A: rate -50\.\d % \(95 % CI .* to .*\), p = 0\.16 — not significant$/);
  });

  it('power: R power.prop.test(p1 = .50, p2 = .75, power = .90) gives n = 76.7, so 77 per group', async () => {
    const v = await verdictOf('```power size\nbaseline: 0.5\nmde: 0.25\nmde_type: absolute\npower: 0.9\ndaily_impressions: 20\n```\n');
    // 154 people at 20 a day: 7.7, so 8 days.
    expect(v).toBe('Needs 77 per group (154 in all) to detect 50.0 % → 75.0 % with 90 % power, about 8 days at the traffic given');
  });

  it('holdout: exposure lift in plain words', async () => {
    const v = await verdictOf("```sql t\nSELECT CASE arm WHEN 'new' THEN 'exposed' ELSE 'holdout' END AS grp, conv, users FROM trial WHERE arm IN ('control', 'new')\n```\n\n```holdout inc\nfrom: t\ngroup: grp\nconversions: conv\nusers: users\n```\n");
    // Incremental conversions: 56 − 0.6·70 = 14; the same Katz interval as the ab-test above.
    expect(v).toBe('Exposure lifted conversion: +33.3 % (95 % CI +7.66 % to +65.1 %), +14 incremental conversions, p = 0.008 — significant');
  });
});

describe('verdicts from published results', () => {
  it('regression: R summary(lm(mpg ~ wt + hp, mtcars)) — both terms significant, R² = 0.8268', async () => {
    const { regressionVerdict } = await import('../../../src/core/cells/shared/verdicts.ts');
    // Coefficients as R prints them (Pr(>|t|): wt 1.12e-06, hp 0.00145; coef(summary(fit))[3, 4] = 0.001451).
    const fit = { r2: 0.8268, n: 32 };
    const rows = [
      { term: '(Intercept)', estimate: 37.22727, p_value: 2.57e-20, ...fit },
      { term: 'wt', estimate: -3.87783, p_value: 1.12e-6, ...fit },
      { term: 'hp', estimate: -0.03177, p_value: 0.001451, ...fit },
    ];
    expect(regressionVerdict(rows)).toBe('2 of 2 terms significant at p < 0.05: wt (-3.88, p < 0.001), hp (-0.0318, p = 0.0015); R² = 0.827');
    // glm(am ~ disp + hp, binomial): neither term below 0.05 (disp p = 0.0474 is; hp p = 0.0725 is not).
    const logit = [
      { term: '(Intercept)', estimate: 1.40342, p_value: 0.2, mcfadden_r2: 0.5 },
      { term: 'disp', estimate: -0.09518, p_value: 0.0474, mcfadden_r2: 0.5 },
      { term: 'hp', estimate: 0.12170, p_value: 0.0725, mcfadden_r2: 0.5 },
    ];
    expect(regressionVerdict(logit)).toBe('1 of 2 terms significant at p < 0.05: disp (-0.0952, p = 0.047); McFadden R² = 0.5');
  });

  it('shrinkage: names the leader after shrinkage and the raw leader it replaced', async () => {
    const { shrinkageVerdict } = await import('../../../src/core/cells/shared/verdicts.ts');
    const prior = { prior_alpha: 3, prior_beta: 97 };
    const rows = [
      { segment: 'big', successes: 400, trials: 10000, raw_rate: 0.04, posterior_mean: 403 / 10100, ci_low: 0.0362, ci_high: 0.0438, rank: 1, ...prior },
      { segment: 'tiny', successes: 2, trials: 10, raw_rate: 0.2, posterior_mean: 5 / 110, ci_low: 0.015, ci_high: 0.09, rank: 2, ...prior },
    ];
    // A beta(3, 97) prior: mean 3 %; big's posterior mean 403 / 10,100 = 3.99 %.
    expect(shrinkageVerdict(rows)).toBe('big leads at 3.99 % (95 % credible interval 3.62 % to 4.38 %), all 2 shrunk toward 3.00 %; tiny has the highest raw rate (20.0 %) on 10 trials');
  });
});

describe('attribution verdict', () => {
  it('names the top channel per model when they disagree (markovAttribution doc example: B 4/3, A 2/3)', async () => {
    const { attributionVerdict } = await import('../../../src/core/cells/shared/verdicts.ts');
    // Paths A>B (converts), B (converts), A (does not): first touch credits A and B one each; Markov
    // B 4/3 of 2 conversions (66.7 %), A 2/3.
    const rows = [
      { model: 'first_touch', channel: 'A', share: 0.5 },
      { model: 'first_touch', channel: 'B', share: 0.5 },
      { model: 'last_touch', channel: 'B', share: 1 },
      { model: 'markov', channel: 'B', share: 2 / 3 },
      { model: 'markov', channel: 'A', share: 1 / 3 },
    ];
    expect(attributionVerdict(rows)).toBe('The models disagree on the top channel: first_touch A (50.0 %), last_touch B (100.0 %), markov B (66.7 %)');
    expect(attributionVerdict(rows.filter((r) => r.model !== 'first_touch'))).toBe('B gets the most credit under all 2 models (66.7 % to 100.0 % of conversions)');
  });
});
