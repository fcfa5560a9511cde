import { holdoutValidate, holtWinters, holtWintersForecast } from '../../analytics/models/index.ts';
import { analysisCell } from '../analysis.ts';
import { addDays, dailySeries, fin } from '../shared/modelShared.ts';

const COLUMNS = [
  'date', 'kind', 'actual', 'mean', 'lower', 'upper', 'validation_mean', 'validation_lower', 'validation_upper', 'baseline',
  'mae', 'mape', 'coverage', 'baseline_mae', 'baseline_mape', 'baseline_coverage', 'relative_mae', 'alpha', 'beta', 'gamma',
];

/**
 * `forecast`: additive Holt-Winters fitted on the whole series (summed per date in SQL), forecast
 * `horizon` steps ahead with prediction intervals; validated by refitting without the last
 * `holdout` dates and scoring those against the seasonal-naive baseline.
 */
export const forecastCell = analysisCell({
  kind: 'forecast',
  summary: 'Holt-Winters forecast with prediction intervals, validated on a holdout against the seasonal-naive baseline.',
  async compute(run) {
    const o = run.opts;
    const period = o.number('period', 7, { min: 2 });
    if (!Number.isInteger(period)) o.fail('period', 'must be a whole number');
    const horizon = o.number('horizon', 14, { min: 1 });
    if (!Number.isInteger(horizon)) o.fail('horizon', 'must be a whole number');
    const holdout = o.number('holdout', horizon, { min: 0 });
    if (!Number.isInteger(holdout)) o.fail('holdout', 'must be a whole number (0 skips validation)');
    const level = o.number('level', 0.95, { min: 0, max: 1, exclusive: true });
    const { dates, values, stepDays, note } = await dailySeries(run);
    const types = Object.fromEntries(COLUMNS.map((c) => [c, c === 'date' ? ('DATE' as const) : c === 'kind' ? ('VARCHAR' as const) : ('DOUBLE' as const)]));
    if (values.length === 0) return { rows: [], columns: COLUMNS, types, note };
    if (values.length < 2 * period + 1) o.fail('period', `needs more than two full periods (${2 * period + 1} dates); the series has ${values.length}`);
    if (holdout > 0 && values.length - holdout < 2 * period + 1) {
      o.fail('holdout', `leaves ${values.length - holdout} dates to fit; need at least ${2 * period + 1} (shorten it, or 0 to skip validation)`);
    }
    const model = holtWinters(values, period);
    const fc = holtWintersForecast(model, horizon, level);
    const v = holdout > 0 ? holdoutValidate(values, holdout, { period, level }) : undefined;
    const metrics = {
      mae: fin(v?.model.mae), mape: fin(v?.model.mape), coverage: fin(v?.model.coverage),
      baseline_mae: fin(v?.baseline.mae), baseline_mape: fin(v?.baseline.mape), baseline_coverage: fin(v?.baseline.coverage),
      relative_mae: fin(v?.relative_mae), alpha: model.alpha, beta: model.beta, gamma: model.gamma,
    };
    const first = values.length - holdout;
    const rows: Record<string, unknown>[] = dates.map((date, t) => {
      const h = v && t >= first ? v.rows[t - first] : undefined;
      return {
        date, kind: 'history', actual: values[t], mean: fin(model.fitted[t]), lower: null, upper: null,
        validation_mean: fin(h?.forecast), validation_lower: fin(h?.lower), validation_upper: fin(h?.upper), baseline: fin(h?.baseline),
        ...metrics,
      };
    });
    const last = dates[dates.length - 1]!;
    for (const p of fc) rows.push({ date: addDays(last, p.step * stepDays), kind: 'forecast', actual: null, mean: p.mean, lower: p.lower, upper: p.upper, ...metrics });
    return { rows, columns: COLUMNS, types };
  },
});
