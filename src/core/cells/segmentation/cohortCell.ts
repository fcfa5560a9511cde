import { analysisCell, fromClause, type AnalysisOutput } from '../analysis.ts';
import { column, optionalColumn, queryRows } from '../quality/shared.ts';

/** Period index between two period starts, exact for each grain (weeks start on Monday, ISO). */
const PERIOD_DIFF = {
  day: (a: string, b: string) => `(${b} - ${a})`,
  week: (a: string, b: string) => `((${b} - ${a}) // 7)`,
  month: (a: string, b: string) => `((year(${b}) - year(${a})) * 12 + month(${b}) - month(${a}))`,
} as const;
const ADD_PERIODS = { day: 'to_days', week: 'to_weeks', month: 'to_months' } as const;

/**
 * `cohort`: users grouped by the period of their first activity; for periods 0..N after it, how many
 * were active (counts and rates) and the cumulative value per cohort user (historical LTV). Periods
 * not yet fully observable (past the data's last period) are left out rather than shown as 0.
 */
export const cohortCell = analysisCell({
  kind: 'cohort',
  summary: 'Retention by first-activity cohort (day / week / month): active users and rates for periods 0..N, with cumulative value per user (historical LTV).',
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const user = column(run, 'user', 'user_id');
    const time = column(run, 'time', 'date');
    const value = optionalColumn(run, 'value');
    const grain = o.choice('grain', ['day', 'week', 'month'] as const, 'month');
    const periods = o.number('periods', 12, { min: 0 });
    if (!Number.isInteger(periods)) o.fail('periods', `must be a whole number (got ${periods})`);
    const src = fromClause(run);
    const [check] = await queryRows(run, `SELECT count(*) AS rows_total, count(*) FILTER (WHERE ${user} IS NULL OR ${time} IS NULL) AS rows_missing ${src}`);
    const notes: string[] = [];
    if (Number(check?.rows_total) === 0) notes.push(`\`${run.source!.name}\` has no rows: no cohorts`);
    if (Number(check?.rows_missing) > 0) notes.push(`${check!.rows_missing} rows without a user or a time were left out`);
    const trunc = (x: string) => `CAST(date_trunc('${grain}', ${x}) AS DATE)`;
    const diff = PERIOD_DIFF[grain];
    const sql = `
      WITH e AS (
        SELECT CAST(${user} AS VARCHAR) AS u, ${trunc(`CAST(${time} AS DATE)`)} AS p, ${value ? `CAST(${value} AS DOUBLE)` : '0::DOUBLE'} AS v
        ${src} WHERE ${user} IS NOT NULL AND ${time} IS NOT NULL
      ), f AS (SELECT u, min(p) AS cohort FROM e GROUP BY u),
      sizes AS (SELECT cohort, count(*) AS cohort_size FROM f GROUP BY cohort),
      last AS (SELECT max(p) AS last_period FROM e),
      grid AS (
        SELECT s.cohort, s.cohort_size, k.period FROM sizes s CROSS JOIN range(0, ${periods + 1}) k(period) CROSS JOIN last
        WHERE CAST(s.cohort + ${ADD_PERIODS[grain]}(CAST(k.period AS INTEGER)) AS DATE) <= last.last_period
      ), a AS (
        SELECT f.cohort, ${diff('f.cohort', 'e.p')} AS period, count(DISTINCT e.u) AS active_users, coalesce(sum(e.v), 0) AS value
        FROM e JOIN f USING (u) GROUP BY ALL
      )
      SELECT g.cohort, g.period, g.cohort_size, coalesce(a.active_users, 0) AS active_users,
             coalesce(a.active_users, 0) / g.cohort_size AS retention,
             ${value ? 'coalesce(a.value, 0) AS value,' : ''}
             ${value ? 'sum(coalesce(a.value, 0)) OVER (PARTITION BY g.cohort ORDER BY g.period) / g.cohort_size AS cumulative_value_per_user,' : ''}
             '${grain}' AS grain
      FROM grid g LEFT JOIN a ON a.cohort = g.cohort AND a.period = g.period
      ORDER BY g.cohort, g.period`;
    return { sql, notes };
  },
});
