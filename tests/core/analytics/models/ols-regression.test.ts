import { describe, expect, it } from 'vitest';
import { olsRegression } from '../../../../src/core/analytics/models/ols-regression.ts';
import { longley, mtcars } from './datasets.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('olsRegression', () => {
  it('reproduces the NIST StRD Longley certified values', () => {
    // Source: NIST Statistical Reference Datasets, Longley (higher difficulty), certified values
    // https://www.itl.nist.gov/div898/strd/lls/data/LINKS/v-Longley.shtml
    const cert = [
      ['(Intercept)', -3482258.63459582, 890420.383607373],
      ['x1', 15.0618722713733, 84.9149257747669],
      ['x2', -0.358191792925910e-1, 0.334910077722432e-1],
      ['x3', -2.02022980381683, 0.488399681651699],
      ['x4', -1.03322686717359, 0.214274163161675],
      ['x5', -0.511041056535807e-1, 0.22607320006937],
      ['x6', 1829.15146461355, 455.478499142212],
    ] as const;
    const { y, ...X } = longley;
    const fit = olsRegression(y, X);
    cert.forEach(([term, b, se], j) => {
      expect(fit.coefficients[j]!.term).toBe(term);
      expect(rel(fit.coefficients[j]!.estimate, b)).toBeLessThan(1e-8);
      expect(rel(fit.coefficients[j]!.std_error, se)).toBeLessThan(1e-8);
    });
    expect(rel(fit.residual_std_error, 304.854073561965)).toBeLessThan(1e-9);
    expect(rel(fit.r2, 0.995479004577296)).toBeLessThan(1e-10);
    expect(rel(fit.f_statistic, 330.285339234588)).toBeLessThan(1e-8);
    expect(fit.df).toBe(9);
  });

  it('matches R lm(mpg ~ wt + hp, data = mtcars)', () => {
    // R 4.x summary(lm(mpg ~ wt + hp, mtcars)):
    //   (Intercept) 37.22727 1.59879 23.285 < 2e-16; wt -3.87783 0.63273 -6.129 1.12e-06;
    //   hp -0.03177 0.00903 -3.519 0.00145; Residual standard error: 2.593 on 29 df;
    //   Multiple R-squared: 0.8268, Adjusted R-squared: 0.8148; F 69.21 on 2 and 29 DF.
    const fit = olsRegression(mtcars.mpg, { wt: mtcars.wt, hp: mtcars.hp });
    const [b0, wt, hp] = fit.coefficients;
    expect(b0!.estimate).toBeCloseTo(37.22727, 5);
    expect(b0!.std_error).toBeCloseTo(1.59879, 5);
    expect(wt!.estimate).toBeCloseTo(-3.87783, 5);
    expect(wt!.std_error).toBeCloseTo(0.63273, 5);
    expect(wt!.t).toBeCloseTo(-6.129, 3);
    expect(wt!.p_value).toBeCloseTo(1.12e-6, 8);
    expect(hp!.estimate).toBeCloseTo(-0.03177, 5);
    expect(hp!.std_error).toBeCloseTo(0.00903, 5);
    expect(hp!.p_value).toBeCloseTo(0.00145, 5);
    expect(fit.residual_std_error).toBeCloseTo(2.593, 3);
    expect(fit.r2).toBeCloseTo(0.8268, 4);
    expect(fit.adj_r2).toBeCloseTo(0.8148, 4);
    expect(fit.f_statistic).toBeCloseTo(69.21, 2);
    expect(fit.df).toBe(29);
  });

  it('matches R confint(lm(mpg ~ wt, mtcars))', () => {
    // R: confint(lm(mpg ~ wt, mtcars)): (Intercept) 33.450500 41.119753; wt -6.486308 -4.202635
    const fit = olsRegression(mtcars.mpg, { wt: mtcars.wt });
    expect(fit.coefficients[0]!.ci_low).toBeCloseTo(33.4505, 4);
    expect(fit.coefficients[0]!.ci_high).toBeCloseTo(41.119753, 4);
    expect(fit.coefficients[1]!.ci_low).toBeCloseTo(-6.486308, 4);
    expect(fit.coefficients[1]!.ci_high).toBeCloseTo(-4.202635, 4);
  });

  it('names a collinear column', () => {
    const x = [1, 2, 3, 4, 5, 6];
    expect(() => olsRegression([2, 1, 4, 3, 6, 5], { x, twice: x.map((v) => 2 * v) })).toThrow(/"twice" is collinear/);
    expect(() => olsRegression([2, 1, 4, 3], { c: [1, 1, 1, 1] })).toThrow(/"c" is collinear/);
  });

  it('rejects too few rows', () => {
    expect(() => olsRegression([1, 2], { x: [1, 2] })).toThrow(/too few/);
  });
});
