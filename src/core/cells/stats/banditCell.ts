import { numberColumn, textColumn } from '../../arrow.ts';
import { thompsonAllocation } from '../../analytics/bandit/thompson.ts';
import { betaQuantile } from '../../analytics/stats/distributions.ts';
import { formatNumber } from '../../format/numbers.ts';
import { allPresent, analysisCell, fromClause, missingMetricNote } from '../analysis.ts';

const COLUMNS = ['arm', 'successes', 'trials', 'rate', 'posterior_mean', 'ci_low', 'ci_high', 'prob_best', 'suggested_share', 'expected_loss', 'best'];
const TYPES = {
  arm: 'VARCHAR', successes: 'DOUBLE', trials: 'DOUBLE', rate: 'DOUBLE', posterior_mean: 'DOUBLE', ci_low: 'DOUBLE', ci_high: 'DOUBLE', prob_best: 'DOUBLE',
  suggested_share: 'DOUBLE', expected_loss: 'DOUBLE', best: 'BOOLEAN',
} as const;

/**
 * `bandit`: Thompson-sampling allocation across creatives or assets from their clicks and
 * impressions: Beta posteriors, seeded Monte Carlo, probability each is best, suggested traffic share
 * and expected loss.
 */
export const banditCell = analysisCell({
  kind: 'bandit',
  summary: 'Thompson-sampling allocation: Beta(1 + clicks, 1 + non-clicks) posteriors, seeded draws, probability each arm is best, suggested traffic share (with an optional floor), expected loss.',
  formats: { rate: 'percent', posterior_mean: 'percent', ci_low: 'percent', ci_high: 'percent', prob_best: 'percent', suggested_share: 'percent', expected_loss: 'percent', successes: 'count', trials: 'count' },
  verdict(rows) {
    const best = rows.find((r) => r.best === true);
    if (!best) return undefined;
    const shares = [...rows].sort((a, b) => Number(b.suggested_share) - Number(a.suggested_share)).slice(0, 4)
      .map((r) => `${String(r.arm)} ${formatNumber(Number(r.suggested_share), 'percent')}`).join(', ');
    return `${String(best.arm)} is most likely best (P = ${formatNumber(Number(best.prob_best), 'percent')}, rate ${formatNumber(Number(best.posterior_mean), 'percent')}); suggested traffic: ${shares}${rows.length > 4 ? ', …' : ''}; expected loss of choosing it ${formatNumber(Number(best.expected_loss), 'percent')}`;
  },
  async compute(run) {
    const o = run.opts;
    const [arm, successes, trials] = run.columns('arm', 'successes', 'trials');
    const draws = o.number('draws', 10000, { min: 100, max: 1_000_000 });
    if (!Number.isInteger(draws)) o.fail('draws', `must be a whole number (got ${draws})`);
    const seed = o.number('seed', 42, { min: 0 });
    const floor = o.number('floor', 0, { min: 0, max: 1 });
    const level = o.number('level', 0.95, { min: 0, max: 1, exclusive: true });
    const priorAlpha = o.number('prior_alpha', 1, { min: 0, exclusive: true });
    const priorBeta = o.number('prior_beta', 1, { min: 0, exclusive: true });
    const t = await run.query(
      `SELECT CAST(${arm} AS VARCHAR) AS a, sum(${successes})::DOUBLE AS s, sum(${trials})::DOUBLE AS n
       ${fromClause(run)} WHERE ${allPresent([arm!, successes!, trials!])} GROUP BY 1 ORDER BY 1`,
    );
    const notes: string[] = [];
    const missing = await missingMetricNote(run, [successes!, trials!]);
    if (missing) notes.push(missing);
    const arms = (textColumn(t, 'a') as string[]).map((a, i) => ({ arm: a, successes: numberColumn(t, 's')[i]!, trials: numberColumn(t, 'n')[i]! }));
    if (arms.length === 0) return { rows: [], columns: COLUMNS, types: TYPES, notes: notes.length ? notes : [`no rows with ${o.text('arm')}, ${o.text('successes')} and ${o.text('trials')} in \`${run.source!.name}\`, so the result is empty`] };
    for (const a of arms) {
      if (a.successes < 0 || a.trials < 0) o.fail('successes', `arm \`${a.arm}\` has negative counts (${a.successes} of ${a.trials})`);
      if (a.successes > a.trials) o.fail('successes', `arm \`${a.arm}\` has more ${o.text('successes')} (${a.successes}) than ${o.text('trials')} (${a.trials}); check the columns`);
    }
    if (floor * arms.length > 1) o.fail('floor', `${floor} per arm over ${arms.length} arms exceeds 100 % (at most ${1 / arms.length})`);
    const alloc = thompsonAllocation(arms, { draws, seed, floor, priorAlpha, priorBeta });
    const top = Math.max(...alloc.map((a) => a.probabilityBest));
    notes.push(`${formatNumber(draws, 'count')} draws, seed ${seed}; prior Beta(${priorAlpha}, ${priorBeta})${floor > 0 ? `; floor ${formatNumber(floor, 'percent')} per arm` : ''}; Monte Carlo error of a probability ≤ ±${formatNumber(1 / Math.sqrt(draws), 'percent')} (2 SE)`);
    const rows = alloc.map((a) => ({
      arm: a.arm, successes: a.successes, trials: a.trials, rate: a.trials > 0 ? a.successes / a.trials : null, posterior_mean: a.posteriorMean,
      ci_low: betaQuantile((1 - level) / 2, a.alpha, a.beta), ci_high: betaQuantile(1 - (1 - level) / 2, a.alpha, a.beta),
      prob_best: a.probabilityBest, suggested_share: a.suggestedShare, expected_loss: a.expectedLoss, best: a.probabilityBest === top,
    }));
    return { rows, columns: COLUMNS, types: TYPES, notes };
  },
});
