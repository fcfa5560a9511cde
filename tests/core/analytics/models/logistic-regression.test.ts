import { describe, expect, it } from 'vitest';
import { logisticRegression } from '../../../../src/core/analytics/models/logistic-regression.ts';
import { logGamma } from '../../../../src/core/analytics/models/log-gamma.ts';
import { mtcars } from './datasets.ts';

describe('logisticRegression', () => {
  it('matches R glm(am ~ disp + hp, family = binomial, data = mtcars)', () => {
    // Source: Statology, "How to Interpret glm Output in R" (https://www.statology.org/interpret-glm-output-in-r/):
    //   (Intercept) 1.40342 1.36757 1.026 0.3048; disp -0.09518 0.04800 -1.983 0.0474;
    //   hp 0.12170 0.06777 1.796 0.0725; Null deviance: 43.230 on 31 degrees of freedom
    const fit = logisticRegression(mtcars.am, { disp: mtcars.disp, hp: mtcars.hp });
    const [b0, disp, hp] = fit.coefficients;
    expect(fit.converged).toBe(true);
    expect(b0!.estimate).toBeCloseTo(1.40342, 4);
    expect(b0!.std_error).toBeCloseTo(1.36757, 4);
    expect(b0!.p_value).toBeCloseTo(0.3048, 3);
    expect(disp!.estimate).toBeCloseTo(-0.09518, 5);
    expect(disp!.std_error).toBeCloseTo(0.048, 5);
    expect(disp!.z).toBeCloseTo(-1.983, 3);
    expect(disp!.p_value).toBeCloseTo(0.0474, 4);
    expect(hp!.estimate).toBeCloseTo(0.1217, 4);
    expect(hp!.std_error).toBeCloseTo(0.06777, 5);
    expect(hp!.p_value).toBeCloseTo(0.0725, 4);
    expect(fit.null_deviance).toBeCloseTo(43.23, 2);
    expect(fit.df_null).toBe(31);
    expect(fit.df_residual).toBe(29);
  });

  it('matches R glm(vs ~ wt + disp, family = binomial, data = mtcars)', () => {
    // Source: D. Lillis, "Generalized Linear Models in R, Part 2" (The Analysis Factor):
    //   (Intercept) 1.60859 2.43903; wt 1.62635 1.49068; disp -0.03443 0.01536;
    //   Null deviance 43.86 on 31 df; Residual deviance 21.40 on 29 df; AIC 27.4
    const fit = logisticRegression(mtcars.vs, { wt: mtcars.wt, disp: mtcars.disp });
    const [b0, wt, disp] = fit.coefficients;
    expect(b0!.estimate).toBeCloseTo(1.60859, 4);
    expect(b0!.std_error).toBeCloseTo(2.43903, 4);
    expect(wt!.estimate).toBeCloseTo(1.62635, 4);
    expect(wt!.std_error).toBeCloseTo(1.49068, 4);
    expect(disp!.estimate).toBeCloseTo(-0.03443, 5);
    expect(disp!.std_error).toBeCloseTo(0.01536, 5);
    expect(fit.null_deviance).toBeCloseTo(43.86, 2);
    expect(fit.residual_deviance).toBeCloseTo(21.4, 2);
    expect(fit.aic).toBeCloseTo(27.4, 1);
    // Bernoulli: logLik = -deviance / 2, McFadden R² = 1 - dev / null dev.
    expect(fit.log_likelihood).toBeCloseTo(-fit.residual_deviance / 2, 10);
    expect(fit.mcfadden_r2).toBeCloseTo(1 - 21.4 / 43.86, 3);
  });

  it('matches R glm(cbind(Admitted, Rejected) ~ Gender + Dept) on UCBAdmissions (binomial counts)', () => {
    // Data: R datasets::UCBAdmissions. Published output (e.g. McElreath's Statistical Rethinking
    // ch. 10 notes and many R tutorials):
    //   (Intercept) 0.58205 0.06899; Female 0.09987 0.08085; DeptB -0.04340 0.10984;
    //   DeptC -1.26260 0.10663; DeptD -1.29461 0.10582; DeptE -1.73931 0.12611; DeptF -3.30648 0.16998
    //   Null deviance: 877.056 on 11 df; Residual deviance: 20.204 on 5 df; AIC: 103.14
    const depts = ['A', 'B', 'C', 'D', 'E', 'F'];
    const admitted = { Male: [512, 353, 120, 138, 53, 22], Female: [89, 17, 202, 131, 94, 24] };
    const rejected = { Male: [313, 207, 205, 279, 138, 351], Female: [19, 8, 391, 244, 299, 317] };
    const successes: number[] = [];
    const trials: number[] = [];
    const X: Record<string, number[]> = { GenderFemale: [] };
    for (const d of depts.slice(1)) X[`Dept${d}`] = [];
    for (const g of ['Male', 'Female'] as const) {
      depts.forEach((d, k) => {
        successes.push(admitted[g][k]!);
        trials.push(admitted[g][k]! + rejected[g][k]!);
        X.GenderFemale!.push(g === 'Female' ? 1 : 0);
        for (const e of depts.slice(1)) X[`Dept${e}`]!.push(d === e ? 1 : 0);
      });
    }
    const fit = logisticRegression({ successes, trials }, X);
    const expected = [
      [0.58205, 0.06899],
      [0.09987, 0.08085],
      [-0.0434, 0.10984],
      [-1.2626, 0.10663],
      [-1.29461, 0.10582],
      [-1.73931, 0.12611],
      [-3.30648, 0.16998],
    ];
    expected.forEach(([b, se], j) => {
      expect(fit.coefficients[j]!.estimate).toBeCloseTo(b!, 5);
      expect(fit.coefficients[j]!.std_error).toBeCloseTo(se!, 5);
    });
    expect(fit.null_deviance).toBeCloseTo(877.056, 3);
    expect(fit.residual_deviance).toBeCloseTo(20.204, 3);
    expect(fit.df_residual).toBe(5);
    expect(fit.aic).toBeCloseTo(103.14, 2);
    expect(fit.coefficients[1]!.odds_ratio).toBeCloseTo(Math.exp(0.09987), 4);
  });

  it('throws a clear error for perfect separation', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const y = [0, 0, 0, 0, 1, 1, 1, 1];
    expect(() => logisticRegression(y, { x })).toThrow(/separation/);
    // Quasi-separation in counts: a level with zero successes has an odds ratio of 0 (log = -inf).
    expect(() => logisticRegression({ successes: [0, 10], trials: [100, 100] }, { b: [0, 1] })).toThrow(/separation/);
  });

  it('rejects non-binary outcomes and constant outcomes', () => {
    expect(() => logisticRegression([0, 2, 1], { x: [1, 2, 3] })).toThrow(/0 or 1/);
    expect(() => logisticRegression([1, 1, 1], { x: [1, 2, 3] })).toThrow(/never varies/);
  });

  it('logGamma matches known values', () => {
    // Γ(1/2) = sqrt(pi); 9! = 362880; Γ(100) = 99!, ln 99! = 359.13420536957540 (Abramowitz & Stegun-level tables)
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(100)).toBeCloseTo(359.1342053695754, 9);
  });
});
