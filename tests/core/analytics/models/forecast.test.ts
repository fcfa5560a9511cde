import { describe, expect, it } from 'vitest';
import { holtWinters, holtWintersForecast } from '../../../../src/core/analytics/models/holt-winters.ts';
import { holdoutValidate } from '../../../../src/core/analytics/models/holdout-validate.ts';
import { nelderMead } from '../../../../src/core/analytics/models/nelder-mead.ts';
import { airPassengers } from './datasets.ts';

// R: HoltWinters(AirPassengers) (additive). Published output (R 3.x/4.x, reproduced in many course
// notes): alpha 0.2479595, beta 0.03453373, gamma 1; a 477.827781, b 3.127627,
// s1..s12 -27.457685 -54.692464 -20.174608 12.919120 18.873607 75.294426 152.888368 134.613464
// 33.778349 -18.379060 -87.772408 -45.827781; SSE 21860.18.
const R_S = [-27.457685, -54.692464, -20.174608, 12.91912, 18.873607, 75.294426, 152.888368, 134.613464, 33.778349,
  -18.37906, -87.772408, -45.827781];

describe('holtWinters', () => {
  it('reproduces R HoltWinters(AirPassengers) coefficients at R\'s smoothing parameters', () => {
    const m = holtWinters(airPassengers, 12, { alpha: 0.2479595, beta: 0.03453373, gamma: 1 });
    expect(m.level).toBeCloseTo(477.827781, 3);
    expect(m.trend).toBeCloseTo(3.127627, 4);
    m.seasonal.forEach((s, i) => expect(s).toBeCloseTo(R_S[i]!, 3));
    expect(m.sse).toBeCloseTo(21860.18, 1);
    expect(m.fitted.slice(0, 12).every(Number.isNaN)).toBe(true);
  });

  it('estimates the same smoothing parameters as R by minimising the SSE', () => {
    const m = holtWinters(airPassengers, 12);
    expect(m.estimated).toBe(true);
    expect(m.sse).toBeLessThanOrEqual(21860.18 * (1 + 1e-5));
    expect(m.alpha).toBeCloseTo(0.2479595, 2);
    expect(m.beta).toBeCloseTo(0.03453373, 2);
    expect(m.gamma).toBeCloseTo(1, 2);
  });

  it('forecasts a + h b + s_h and widens the interval by the Yar–Chatfield psi weights', () => {
    const m = holtWinters(airPassengers, 12, { alpha: 0.2479595, beta: 0.03453373, gamma: 1 });
    const fc = holtWintersForecast(m, 13);
    // Point forecasts straight from R's published coefficients.
    expect(fc[0]!.mean).toBeCloseTo(477.827781 + 3.127627 + R_S[0]!, 3);
    expect(fc[12]!.mean).toBeCloseTo(477.827781 + 13 * 3.127627 + R_S[0]!, 3);
    // Half-width ratio between steps follows sqrt(1 + sum psi_j^2), psi_j = a(1 + j b) + [j = 12] g (1 - a).
    const a = 0.2479595;
    const b = 0.03453373;
    const half = (k: number) => (fc[k - 1]!.upper - fc[k - 1]!.lower) / 2;
    const psi = (j: number) => a * (1 + j * b) + (j % 12 === 0 ? 1 * (1 - a) : 0);
    let sum = 1;
    for (let j = 1; j < 13; j++) sum += psi(j) ** 2;
    expect(half(13) / half(1)).toBeCloseTo(Math.sqrt(sum), 10);
    expect(half(2) / half(1)).toBeCloseTo(Math.sqrt(1 + psi(1) ** 2), 10);
  });

  it('rejects too-short series', () => {
    expect(() => holtWinters([1, 2, 3, 4], 2)).toThrow(/full periods/);
  });
});

describe('holdoutValidate', () => {
  it('scores the seasonal naive baseline exactly (hand-computed from the 1959 and 1960 AirPassengers values)', () => {
    const r = holdoutValidate(airPassengers, 12, { period: 12 });
    // 1960 minus 1959, month by month: 57 49 13 65 52 63 74 47 45 54 28 27 -> sum 574
    expect(r.baseline.mae).toBeCloseTo(574 / 12, 10);
    const y59 = [360, 342, 406, 396, 420, 472, 548, 559, 463, 407, 362, 405];
    const y60 = [417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432];
    const mape = (100 / 12) * y60.reduce((s, v, i) => s + Math.abs(v - y59[i]!) / v, 0);
    expect(r.baseline.mape).toBeCloseTo(mape, 10);
    expect(r.rows).toHaveLength(12);
    expect(r.model.coverage).toBeGreaterThanOrEqual(0);
    expect(r.model.coverage).toBeLessThanOrEqual(1);
    // The trend-following model beats last year's values on this strongly trending series.
    expect(r.relative_mae).toBeLessThan(1);
  });
});

describe('nelderMead', () => {
  it('finds the Rosenbrock minimum at (1, 1) from the classic start (-1.2, 1)', () => {
    // Rosenbrock (1960); start (-1.2, 1) as in Moré, Garbow & Hillstrom (1981), test problem 1.
    const r = nelderMead(([x, y]) => 100 * (y! - x! * x!) ** 2 + (1 - x!) ** 2, [-1.2, 1], { maxEvaluations: 2000, tol: 1e-14 });
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });
});
