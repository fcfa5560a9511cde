import { classicalDecomposition, dayOfWeekProfile, seasonallyAdjust } from '../../analytics/models/index.ts';
import { analysisCell } from '../analysis.ts';
import { dailySeries, fin } from '../shared/modelShared.ts';

const COLUMNS = ['date', 'value', 'trend', 'seasonal', 'random', 'adjusted', 'weekday', 'weekday_index'];

/**
 * `seasonality`: classical decomposition (R's decompose) of a series summed per date in SQL, the
 * seasonally adjusted values, and the day-of-week index (mean of the weekday / mean of the seven
 * weekday means).
 */
export const seasonalityCell = analysisCell({
  kind: 'seasonality',
  summary: 'Trend, seasonal and random parts of a daily series (R decompose), seasonally adjusted values and weekday index.',
  async compute(run) {
    const o = run.opts;
    const period = o.number('period', 7, { min: 2 });
    if (!Number.isInteger(period)) o.fail('period', 'must be a whole number');
    const type = o.choice('type', ['additive', 'multiplicative'] as const, 'additive');
    const { dates, values, note } = await dailySeries(run);
    const types = { date: 'DATE', value: 'DOUBLE', trend: 'DOUBLE', seasonal: 'DOUBLE', random: 'DOUBLE', adjusted: 'DOUBLE', weekday: 'VARCHAR', weekday_index: 'DOUBLE' } as const;
    if (values.length === 0) return { rows: [], columns: COLUMNS, types, note };
    if (values.length < 2 * period) o.fail('period', `needs at least two full periods (${2 * period} dates); the series has ${values.length}`);
    const d = classicalDecomposition(values, period, type);
    const adjusted = seasonallyAdjust(values, period, type);
    const profile = dayOfWeekProfile(dates, values);
    const rows = dates.map((date, t) => {
      const wd = (new Date(date).getUTCDay() + 6) % 7;
      return {
        date,
        value: values[t],
        trend: fin(d.trend[t]),
        seasonal: fin(d.seasonal[t]),
        random: fin(d.random[t]),
        adjusted: fin(adjusted[t]),
        weekday: profile[wd]!.name,
        weekday_index: fin(profile[wd]!.index),
      };
    });
    return { rows, columns: COLUMNS, types };
  },
});
