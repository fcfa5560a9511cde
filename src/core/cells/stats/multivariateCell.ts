import { numberColumn, textColumn } from '../../arrow.ts';
import { factorialDesign, type LogisticCoefficient } from '../../analytics/models/index.ts';
import { quoteIdent } from '../../engine.ts';
import { allPresent, analysisCell, fromClause, missingMetricNote } from '../analysis.ts';
import { featureList, optionColumn } from '../shared/modelShared.ts';

const COLUMNS = [
  'row_type', 'term', 'estimate', 'std_error', 'z', 'p_value', 'ci_low', 'ci_high', 'odds_ratio', 'or_ci_low', 'or_ci_high',
  'successes', 'trials', 'observed_rate', 'predicted_rate', 'rate_ci_low', 'rate_ci_high', 'best',
];

const coef = (c: LogisticCoefficient) => ({
  term: c.term, estimate: c.estimate, std_error: c.std_error, z: c.z, p_value: c.p_value, ci_low: c.ci_low, ci_high: c.ci_high,
  odds_ratio: c.odds_ratio, or_ci_low: c.or_ci_low, or_ci_high: c.or_ci_high,
});

/**
 * `multivariate`: a factorial creative test (e.g. headline x image x CTA) as a binomial logistic
 * model with main effects and two-way interactions. Clicks and impressions are summed per cell in
 * SQL. Rows: the intercept, main effects and interactions (log-odds vs the reference levels), then
 * one `cell` row per combination with its predicted rate and interval, the best one flagged.
 */
export const multivariateCell = analysisCell({
  kind: 'multivariate',
  summary: 'Factorial (multivariate) test: main effects and two-way interactions as odds ratios, predicted rate per cell, best cell flagged.',
  async compute(run) {
    const o = run.opts;
    const src = run.source!;
    const factors = featureList(o, 'factors', src);
    const s = optionColumn(o, 'successes', src);
    const n = optionColumn(o, 'trials', src);
    const level = o.number('level', 0.95, { min: 0, max: 1, exclusive: true });
    const interactions = o.has('interactions') ? o.data.interactions !== false : true;
    const sel = factors.map((f, k) => `CAST(${quoteIdent(f)} AS VARCHAR) AS f${k}`);
    const t = await run.query(
      `SELECT ${sel.join(', ')}, sum(${quoteIdent(s)})::DOUBLE AS s, sum(${quoteIdent(n)})::DOUBLE AS n ${fromClause(run)} WHERE ${allPresent([quoteIdent(s), quoteIdent(n)])} GROUP BY ALL HAVING sum(${quoteIdent(n)}) > 0 ORDER BY ALL`,
    );
    const note = await missingMetricNote(run, [quoteIdent(s), quoteIdent(n)]);
    const types = { row_type: 'VARCHAR', term: 'VARCHAR', ...Object.fromEntries(COLUMNS.slice(2, 17).map((c) => [c, 'DOUBLE' as const])), best: 'BOOLEAN' } as const;
    if (t.numRows === 0) return { rows: [], columns: COLUMNS, types, note };
    const levels = factors.map((_, k) => textColumn(t, `f${k}`));
    const succ = numberColumn(t, 's');
    const tri = numberColumn(t, 'n');
    const cells = succ.map((x, r) => ({
      factors: Object.fromEntries(factors.map((f, k) => [f, levels[k]![r] ?? '(null)'])),
      successes: x ?? 0,
      trials: tri[r] ?? 0,
    }));
    const fit = factorialDesign(cells, { interactions, level });
    const rows: Record<string, unknown>[] = [];
    if (fit.intercept) rows.push({ row_type: 'intercept', ...coef(fit.intercept) });
    for (const m of fit.main_effects) rows.push({ row_type: 'main', ...coef(m) });
    for (const i of fit.interactions) rows.push({ row_type: 'interaction', ...coef(i) });
    for (const c of fit.cells) {
      rows.push({
        row_type: 'cell',
        term: factors.map((f) => `${f}=${c.factors[f]}`).join(', '),
        successes: c.successes,
        trials: c.trials,
        observed_rate: c.observed_rate,
        predicted_rate: c.predicted_rate,
        rate_ci_low: c.ci_low,
        rate_ci_high: c.ci_high,
        best: c === fit.best,
      });
    }
    return { rows, columns: COLUMNS, types, note };
  },
});
