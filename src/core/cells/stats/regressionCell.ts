import { regressionVerdict } from '../shared/verdicts.ts';
import { numberColumn } from '../../arrow.ts';
import { logChoose, logisticRegression, olsRegression } from '../../analytics/models/index.ts';
import { quoteIdent } from '../../engine.ts';
import { analysisCell, columnTypes, fromClause, missingMetricNote } from '../analysis.ts';
import { doubles, featureList, fin, optionColumn } from '../shared/modelShared.ts';

const OLS_COLUMNS = ['term', 'estimate', 'std_error', 't', 'p_value', 'ci_low', 'ci_high', 'r2', 'adj_r2', 'residual_std_error', 'f_statistic', 'n'];
const LOGIT_COLUMNS = [
  'term', 'estimate', 'std_error', 'z', 'p_value', 'ci_low', 'ci_high', 'odds_ratio', 'or_ci_low', 'or_ci_high',
  'mcfadden_r2', 'aic', 'null_deviance', 'residual_deviance', 'n',
];
const OLS_TYPES = columnTypes(OLS_COLUMNS, ['term']);
const LOGIT_TYPES = columnTypes(LOGIT_COLUMNS, ['term']);
/** Why a fit has no rows to work on: a metric the data lacks, or no row with every value. */
const noRowsNote = (note: string | undefined) => note ?? 'no row has the target and every feature, so there is nothing to fit';

/**
 * `regression`: OLS (R's lm) or logistic regression (R's glm, binomial) of a target on numeric
 * features. Logistic also takes binomial counts (`successes:` + `trials:`), summed in SQL per
 * distinct feature combination. One row per coefficient; fit statistics repeated on every row.
 */
export const regressionCell = analysisCell({
  kind: 'regression',
  summary: 'OLS or logistic regression: one row per coefficient with SE, test, interval (odds ratio) and model fit.',
  formats: { n: 'count' },
  verdict: regressionVerdict,
  async compute(run) {
    const o = run.opts;
    const src = run.source!;
    const model = o.choice('model', ['ols', 'logistic'] as const, 'ols');
    const level = o.number('level', 0.95, { min: 0, max: 1, exclusive: true });
    const features = featureList(o, 'features', src);
    const xs = doubles(features);
    const notNull = (cols: string[]) => cols.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(' AND ');
    const X = (t: Parameters<typeof numberColumn>[0]) => Object.fromEntries(features.map((f, k) => [f, numberColumn(t, `x${k}`).map((v) => v ?? Number.NaN)]));
    if (model === 'ols' || !(o.has('successes') || o.has('trials'))) {
      const target = optionColumn(o, 'target', src);
      const t = await run.query(`SELECT CAST(${quoteIdent(target)} AS DOUBLE) AS y, ${xs.join(', ')} ${fromClause(run)} WHERE ${notNull([target, ...features])}`);
      const note = await missingMetricNote(run, [quoteIdent(target)]);
      if (t.numRows === 0) return { rows: [], columns: model === 'ols' ? OLS_COLUMNS : LOGIT_COLUMNS, types: model === 'ols' ? OLS_TYPES : LOGIT_TYPES, note: noRowsNote(note) };
      const y = numberColumn(t, 'y').map((v) => v ?? Number.NaN);
      if (model === 'ols') {
        const fit = olsRegression(y, X(t), { level });
        const rows = fit.coefficients.map((c) => ({ ...c, r2: fit.r2, adj_r2: fit.adj_r2, residual_std_error: fit.residual_std_error, f_statistic: fin(fit.f_statistic), n: fit.n }));
        return { rows, columns: OLS_COLUMNS, types: OLS_TYPES, note };
      }
      const fit = logisticRegression(y, X(t), { level });
      return { rows: fit.coefficients.map((c) => ({ ...c, mcfadden_r2: fit.mcfadden_r2, aic: fit.aic, null_deviance: fit.null_deviance, residual_deviance: fit.residual_deviance, n: fit.n })), columns: LOGIT_COLUMNS, types: LOGIT_TYPES, note };
    }
    if (o.has('target')) o.fail('target', 'give either `target:` (0/1) or `successes:` and `trials:`, not both');
    const s = optionColumn(o, 'successes', src);
    const n = optionColumn(o, 'trials', src);
    const t = await run.query(
      `SELECT ${xs.join(', ')}, sum(${quoteIdent(s)})::DOUBLE AS s, sum(${quoteIdent(n)})::DOUBLE AS n ${fromClause(run)} WHERE ${notNull([s, n, ...features])} GROUP BY ALL HAVING sum(${quoteIdent(n)}) > 0 ORDER BY ALL`,
    );
    const note = await missingMetricNote(run, [quoteIdent(s), quoteIdent(n)]);
    if (t.numRows === 0) return { rows: [], columns: LOGIT_COLUMNS, types: LOGIT_TYPES, note: noRowsNote(note) };
    const succ = numberColumn(t, 's').map((v) => v ?? 0);
    const tri = numberColumn(t, 'n').map((v) => v ?? 0);
    const fit = logisticRegression({ successes: succ, trials: tri }, X(t), { level });
    // n is the number of trials (impressions), the sample size a reader expects. McFadden's R² is
    // taken on the per-trial (Bernoulli) likelihood, as if the rows were not grouped: drop the
    // binomial-coefficient constant C from both log-likelihoods (llNull = ll / (1 - R²_grouped)).
    const trials = tri.reduce((a, v) => a + v, 0);
    const C = succ.reduce((a, v, i) => a + logChoose(tri[i]!, v), 0);
    const llNull = fit.log_likelihood / (1 - fit.mcfadden_r2);
    const mcfadden = 1 - (fit.log_likelihood - C) / (llNull - C);
    return { rows: fit.coefficients.map((c) => ({ ...c, mcfadden_r2: mcfadden, aic: fit.aic, null_deviance: fit.null_deviance, residual_deviance: fit.residual_deviance, n: trials })), columns: LOGIT_COLUMNS, types: LOGIT_TYPES, note };
  },
});
