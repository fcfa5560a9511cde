import { numberColumn } from '../../arrow.ts';
import { daysNeeded, sampleSizeTwoProportions } from '../../analytics/stats/index.ts';
import { quoteIdent } from '../../engine.ts';
import { powerVerdict } from '../shared/verdicts.ts';
import { analysisCell, missingMetricNote } from '../analysis.ts';

/**
 * `power`: sample size per group to detect a minimum effect between two proportions, and the days
 * needed at a given (or measured) daily impression volume.
 */
export const powerCell = analysisCell({
  kind: 'power',
  summary: 'Sample size for a minimum detectable effect (two proportions) and the days needed at your traffic.',
  needsFrom: false,
  formats: { n_per_group: 'count', total_n: 'count', baseline: 'percent', target: 'percent', absolute_mde: 'percent', relative_mde: 'percent', power: 'percent', daily_impressions: 'count', days_needed: 'count' },
  verdict: powerVerdict,
  async compute(run) {
    const o = run.opts;
    const size = sampleSizeTwoProportions({
      baseline: o.number('baseline', undefined, { min: 0, max: 1, exclusive: true }),
      mde: o.number('mde'),
      mdeType: o.choice('mde_type', ['absolute', 'relative'] as const, 'relative'),
      alpha: o.number('alpha', 0.05, { min: 0, max: 1, exclusive: true }),
      power: o.number('power', 0.8, { min: 0, max: 1, exclusive: true }),
      alternative: o.choice('alternative', ['two-sided', 'one-sided'] as const, 'two-sided'),
    });
    const groups = o.number('groups', 2, { min: 2 });
    let note: string | undefined;
    let daily: number | null = o.has('daily_impressions') ? o.number('daily_impressions', undefined, { min: 0, exclusive: true }) : null;
    if (daily === null && run.source) {
      // Measured velocity: mean impressions per day over the `from:` table.
      const [imp, day] = run.columns('impressions', 'date');
      const t = await run.query(`SELECT avg(d)::DOUBLE AS v FROM (SELECT ${day} AS day, sum(${imp}) AS d FROM ${quoteIdent(run.source.name)} GROUP BY 1)`);
      daily = numberColumn(t, 'v')[0] ?? null;
      note = await missingMetricNote(run, [imp!]);
    }
    return {
      rows: [{
        ...size,
        groups,
        total_n: size.n_per_group * groups,
        daily_impressions: daily,
        days_needed: daily ? daysNeeded(size.n_per_group, groups, daily) : null,
      }],
      types: { daily_impressions: 'DOUBLE', days_needed: 'DOUBLE' },
      note,
    };
  },
});
