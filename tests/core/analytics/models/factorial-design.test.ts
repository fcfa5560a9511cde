import { describe, expect, it } from 'vitest';
import { factorialDesign } from '../../../../src/core/analytics/models/factorial-design.ts';

describe('factorialDesign', () => {
  // A 2x2 headline x CTA test. With the interaction the logistic model is saturated, so by the
  // textbook identities (Agresti, Categorical Data Analysis, 3rd ed., §2.3 and §5.2):
  //   main effect of a level = log odds ratio vs the reference at the other factor's reference,
  //   interaction = ratio of the two log odds ratios, each with Woolf's SE sqrt(sum 1/count).
  const cells = [
    { factors: { headline: 'A', cta: 'Buy' }, successes: 30, trials: 1000 },
    { factors: { headline: 'B', cta: 'Buy' }, successes: 45, trials: 1000 },
    { factors: { headline: 'A', cta: 'Try' }, successes: 35, trials: 1000 },
    { factors: { headline: 'B', cta: 'Try' }, successes: 80, trials: 1000 },
  ];
  const logit = (s: number, n: number) => Math.log(s / (n - s));

  it('reproduces the saturated-model identities by hand', () => {
    const r = factorialDesign(cells);
    expect(r.reference).toEqual({ headline: 'A', cta: 'Buy' });
    const hB = r.main_effects.find((m) => m.term === 'headline=B')!;
    expect(hB.estimate).toBeCloseTo(logit(45, 1000) - logit(30, 1000), 8);
    // Woolf: sqrt(1/30 + 1/970 + 1/45 + 1/955)
    expect(hB.std_error).toBeCloseTo(Math.sqrt(1 / 30 + 1 / 970 + 1 / 45 + 1 / 955), 6);
    const inter = r.interactions[0]!;
    expect(inter.term).toBe('headline=B:cta=Try');
    const expectedInteraction = logit(80, 1000) - logit(35, 1000) - (logit(45, 1000) - logit(30, 1000));
    expect(inter.estimate).toBeCloseTo(expectedInteraction, 8);
    expect(inter.std_error).toBeCloseTo(
      Math.sqrt([30, 970, 45, 955, 35, 965, 80, 920].reduce((a, c) => a + 1 / c, 0)),
      6,
    );
    // Saturated: predicted = observed; the best cell is B x Try with the Wald-logit interval of 80/1000.
    for (const c of r.cells) expect(c.predicted_rate).toBeCloseTo(c.observed_rate, 8);
    expect(r.best.factors).toEqual({ headline: 'B', cta: 'Try' });
    const se = Math.sqrt(1 / 80 + 1 / 920);
    const lo = 1 / (1 + Math.exp(-(logit(80, 1000) - 1.959963984540054 * se)));
    expect(r.best.ci_low).toBeCloseTo(lo, 8);
  });

  it('main-effects only model matches R glm on UCBAdmissions with Dept x Gender as factors', () => {
    // R: glm(cbind(Admitted, Rejected) ~ Gender + Dept, binomial): GenderFemale 0.09987 (0.08085),
    // DeptF -3.30648 (0.16998), residual deviance 20.204 on 5 df.
    const adm: [string, string, number, number][] = [
      ['Male', 'A', 512, 313], ['Male', 'B', 353, 207], ['Male', 'C', 120, 205], ['Male', 'D', 138, 279],
      ['Male', 'E', 53, 138], ['Male', 'F', 22, 351], ['Female', 'A', 89, 19], ['Female', 'B', 17, 8],
      ['Female', 'C', 202, 391], ['Female', 'D', 131, 244], ['Female', 'E', 94, 299], ['Female', 'F', 24, 317],
    ];
    const r = factorialDesign(
      adm.map(([g, d, a, rej]) => ({ factors: { Gender: g, Dept: d }, successes: a, trials: a + rej })),
      { interactions: false },
    );
    expect(r.main_effects.find((m) => m.term === 'Gender=Female')!.estimate).toBeCloseTo(0.09987, 5);
    expect(r.main_effects.find((m) => m.term === 'Dept=F')!.std_error).toBeCloseTo(0.16998, 5);
    expect(r.model.residual_deviance).toBeCloseTo(20.204, 3);
    expect(r.interactions).toHaveLength(0);
    // Highest predicted admission rate: Dept A, Female (both effects positive vs the reference).
    expect(r.best.factors).toEqual({ Gender: 'Female', Dept: 'A' });
  });

  it('honours a chosen reference level and rejects single-level factors', () => {
    const r = factorialDesign(cells, { reference: { headline: 'B' } });
    expect(r.main_effects[0]!.term).toBe('headline=A');
    expect(() => factorialDesign([{ factors: { h: 'A' }, successes: 1, trials: 10 }])).toThrow(/single level/);
  });
});
