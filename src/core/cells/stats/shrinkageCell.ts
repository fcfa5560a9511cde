import { numberColumn, textColumn } from '../../arrow.ts';
import { empiricalBayesBetaBinomial } from '../../analytics/stats/index.ts';
import { shrinkageVerdict } from '../shared/verdicts.ts';
import { allPresent, analysisCell, columnTypes, fromClause, missingMetricNote } from '../analysis.ts';

const COLUMNS = [
  'segment', 'successes', 'trials', 'raw_rate', 'posterior_alpha', 'posterior_beta', 'posterior_mean', 'ci_low', 'ci_high', 'rank',
  'prior_alpha', 'prior_beta', 'prior_method',
];
const TYPES = columnTypes(COLUMNS, ['segment', 'prior_method']);

/** `shrinkage`: empirical-Bayes (beta-binomial) rates per segment with credible intervals. */
export const shrinkageCell = analysisCell({
  kind: 'shrinkage',
  summary: 'Empirical-Bayes beta-binomial rate per segment with credible intervals, so tiny segments stop ranking first.',
  formats: { successes: 'count', trials: 'count', raw_rate: 'percent', posterior_mean: 'percent', ci_low: 'percent', ci_high: 'percent', rank: 'count' },
  verdict: shrinkageVerdict,
  async compute(run) {
    const [segment, successes, trials] = run.columns('segment', 'successes', 'trials');
    const level = run.opts.number('level', 0.95, { min: 0, max: 1, exclusive: true });
    const t = await run.query(
      `SELECT CAST(${segment} AS VARCHAR) AS g, sum(${successes})::DOUBLE AS s, sum(${trials})::DOUBLE AS n ${fromClause(run)} WHERE ${allPresent([successes!, trials!])} GROUP BY 1 HAVING sum(${trials}) > 0 ORDER BY 1`,
    );
    const note = await missingMetricNote(run, [successes!, trials!]);
    if (t.numRows === 0) return { rows: [], columns: COLUMNS, types: TYPES, note: note ?? 'no segment has trials above 0, so there is nothing to shrink' };
    const g = textColumn(t, 'g');
    const s = numberColumn(t, 's');
    const n = numberColumn(t, 'n');
    const result = empiricalBayesBetaBinomial(g.map((x, k) => ({ segment: x ?? '(null)', successes: s[k] ?? 0, trials: n[k] ?? 0 })), { credibleLevel: level });
    const rows = [...result.segments]
      .sort((a, b) => a.rank - b.rank)
      .map((r) => ({ ...r, prior_alpha: result.prior.alpha, prior_beta: result.prior.beta, prior_method: result.prior.method }));
    return { rows: rows as unknown as Record<string, unknown>[], columns: COLUMNS, types: TYPES, note };
  },
});
