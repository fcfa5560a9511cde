import { assertCounts } from './validate.ts';
import { westernElectric } from './western-electric.ts';

/** One period of a p chart: e.g. clicks (successes) out of impressions (trials) on day `t`. */
export interface PChartPoint {
  t: string;
  successes: number;
  trials: number;
}

/** Options of {@link pChart}. */
export interface PChartOptions {
  /** Width of the control limits in standard errors. Default 3 (Shewhart). */
  sigma?: number;
  /**
   * A known or baseline p̄ (a Phase II chart): limits are drawn around it instead of around the mean of
   * the charted points, so special-cause periods don't widen the limits they are judged against.
   */
  center?: number;
}

/** One row of {@link pChart}: a result-table row, snake_case columns. */
export interface PChartRow {
  t: string;
  successes: number;
  trials: number;
  /** successes / trials */
  p: number;
  /** p̄ = Σ successes / Σ trials */
  center: number;
  /** √(p̄(1 - p̄)/n_i): the limits vary with each period's trials. */
  sigma_i: number;
  lcl: number;
  ucl: number;
  /** (p - center) / sigma_i, 0 when sigma_i is 0. */
  z: number;
  /** Western Electric rules violated at this point (see {@link westernElectric}). */
  rules: number[];
  out_of_control: boolean;
}

/**
 * Shewhart p chart (fraction nonconforming) with limits that vary with each period's sample size:
 * center p̄ = Σx/Σn, limits p̄ ± k·√(p̄(1 - p̄)/n_i) clamped to [0, 1] (NIST/SEMATECH e-Handbook
 * §6.3.3.2; Montgomery, "Introduction to Statistical Quality Control", §7.2), with the four
 * Western Electric rules evaluated on z_i = (p_i - p̄)/sigma_i. Rule 1 uses the chart's own width k.
 *
 * @example
 * pChart([
 *   { t: 'd1', successes: 12, trials: 50 },
 *   { t: 'd2', successes: 15, trials: 50 },
 * ]); // => [{ t: 'd1', p: 0.24, center: 0.27, sigma_i: 0.0628…, lcl: 0.0816…, ucl: 0.4583…, rules: [] }, …]
 */
export function pChart(points: readonly PChartPoint[], options: PChartOptions = {}): PChartRow[] {
  const k = options.sigma ?? 3;
  if (!(k > 0)) throw new Error(`pChart: sigma is ${k}; the control-limit width must be positive (usually 3).`);
  if (points.length === 0) throw new Error('pChart: no points; a control chart needs at least one period of data.');
  points.forEach((pt) => assertCounts(pt.successes, pt.trials, `pChart period "${pt.t}"`));
  const totalSuccesses = points.reduce((a, pt) => a + pt.successes, 0);
  const totalTrials = points.reduce((a, pt) => a + pt.trials, 0);
  const center = options.center ?? totalSuccesses / totalTrials;
  if (!(center >= 0 && center <= 1)) throw new Error(`pChart: center is ${center}; it must be a proportion between 0 and 1.`);
  const base = points.map((pt) => {
    const p = pt.successes / pt.trials;
    const sigmaI = Math.sqrt((center * (1 - center)) / pt.trials);
    return {
      t: pt.t,
      successes: pt.successes,
      trials: pt.trials,
      p,
      center,
      sigma_i: sigmaI,
      lcl: Math.max(0, center - k * sigmaI),
      ucl: Math.min(1, center + k * sigmaI),
      // With p̄ at 0 or 1 every point equals the center: nothing to standardize.
      z: sigmaI > 0 ? (p - center) / sigmaI : 0,
    };
  });
  const flags = westernElectric(
    base.map((r) => r.z),
    { limit: k },
  );
  return base.map((r, i) => ({ ...r, rules: flags[i]!, out_of_control: flags[i]!.length > 0 }));
}
