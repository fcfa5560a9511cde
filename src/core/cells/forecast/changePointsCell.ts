import { textColumn } from '../../arrow.ts';
import { peltMeanChanges, type Penalty } from '../../analytics/change/pelt.ts';
import { quoteIdent } from '../../engine.ts';
import { formatNumber } from '../../format/numbers.ts';
import { analysisCell, type AnalysisRun } from '../analysis.ts';
import { dailySeries, optionColumn } from '../shared/modelShared.ts';

const CHANGE_COLUMNS = ['change', 'date', 'before', 'after', 'difference', 'relative_change', 'dates_after', 'nearest_event', 'event_date', 'days_apart', 'penalty', 'sigma'];
const CHANGE_TYPES = {
  change: 'BIGINT', date: 'DATE', before: 'DOUBLE', after: 'DOUBLE', difference: 'DOUBLE', relative_change: 'DOUBLE', dates_after: 'BIGINT',
  nearest_event: 'VARCHAR', event_date: 'DATE', days_apart: 'BIGINT', penalty: 'DOUBLE', sigma: 'DOUBLE',
} as const;
const SERIES_COLUMNS = ['date', 'value', 'level', 'segment', 'is_change'];
const SERIES_TYPES = { date: 'DATE', value: 'DOUBLE', level: 'DOUBLE', segment: 'BIGINT', is_change: 'BOOLEAN' } as const;
const DAY = 86_400_000;

interface CalendarEvent {
  name: string;
  date: string;
}

/** The dated events of the `events:` table (name and date columns), sorted by date. */
async function readEvents(run: AnalysisRun): Promise<CalendarEvent[] | undefined> {
  const o = run.opts;
  if (!o.has('events')) return undefined;
  const info = await run.table('events');
  const name = quoteIdent(optionColumn(o, 'event_name', info, 'name'));
  const date = quoteIdent(optionColumn(o, 'event_date', info, 'date'));
  const t = await run.query(`SELECT CAST(${name} AS VARCHAR) AS n, CAST(CAST(${date} AS DATE) AS VARCHAR) AS d FROM ${quoteIdent(info.name)} WHERE ${date} IS NOT NULL ORDER BY 2, 1`);
  const names = textColumn(t, 'n');
  return textColumn(t, 'd').map((d, i) => ({ name: names[i] ?? '(unnamed)', date: d! }));
}

/** The nearest event to a date (ties: the earlier event), with event date − change date in days. */
function nearest(events: CalendarEvent[], date: string): { event: CalendarEvent; days: number } | undefined {
  let best: { event: CalendarEvent; days: number } | undefined;
  for (const e of events) {
    const days = Math.round((Date.parse(e.date) - Date.parse(date)) / DAY);
    if (!best || Math.abs(days) < Math.abs(best.days)) best = { event: e, days };
  }
  return best;
}

/**
 * `change-points`: shifts in the mean of a daily series (a value summed per date, or a rate
 * successes / trials per date) found by PELT with a normal mean cost, each with its date, the levels
 * before and after, and the nearest dated event of a calendar table.
 */
export const changePointsCell = analysisCell({
  kind: 'change-points',
  summary: 'Shifts in the mean of a daily value or rate (PELT, normal mean cost, MBIC / BIC / manual penalty) with levels before and after and the nearest dated event.',
  tableKeys: ['events'],
  formats: { relative_change: 'percent' },
  verdict(rows) {
    if (!('change' in rows[0]!)) return undefined;
    const parts = rows.map((r) => {
      const rel = typeof r.relative_change === 'number' ? ` (${r.relative_change > 0 ? '+' : ''}${formatNumber(r.relative_change, 'percent')})` : '';
      const days = Number(r.days_apart);
      const when = days === 0 ? 'the same day' : `${Math.abs(days)} day${Math.abs(days) === 1 ? '' : 's'} ${days < 0 ? 'before' : 'after'}`;
      const ev = r.nearest_event !== null && r.nearest_event !== undefined ? `, nearest event ${String(r.nearest_event)} (${when})` : '';
      return `${String(r.date)}: ${formatNumber(Number(r.before), 'number')} → ${formatNumber(Number(r.after), 'number')}${rel}${ev}`;
    });
    return `${rows.length} change${rows.length === 1 ? '' : 's'} in the mean — ${parts.join('; ')}`;
  },
  async compute(run) {
    const o = run.opts;
    const output = o.choice('output', ['changes', 'series'] as const, 'changes');
    const rawPenalty = o.data.penalty;
    let penalty: Penalty = 'mbic';
    if (rawPenalty !== undefined && rawPenalty !== null) {
      if (rawPenalty === 'mbic' || rawPenalty === 'bic') penalty = rawPenalty;
      else {
        const p = Number(rawPenalty);
        if (!Number.isFinite(p) || p <= 0) o.fail('penalty', `must be mbic, bic or a positive number (got \`${String(rawPenalty)}\`)`);
        penalty = p;
      }
    }
    const minSegment = o.number('min_segment', 3, { min: 2 });
    if (!Number.isInteger(minSegment)) o.fail('min_segment', `must be a whole number (got ${minSegment})`);
    const sigma = o.has('sigma') ? o.number('sigma', undefined, { min: 0, exclusive: true }) : undefined;
    const events = await readEvents(run);
    const { dates, values, note } = await dailySeries(run);
    const columns = output === 'changes' ? CHANGE_COLUMNS : SERIES_COLUMNS;
    const types = output === 'changes' ? CHANGE_TYPES : SERIES_TYPES;
    const notes: string[] = note ? [note] : [];
    if (values.length === 0) return { rows: [], columns, types, notes };
    const fit = peltMeanChanges(values, { penalty, minSegment, ...(sigma !== undefined ? { sigma } : {}) });
    if (values.length < 2 * minSegment) notes.push(`${values.length} dates are too few for a change with segments of at least ${minSegment}`);
    else if (!(fit.sigma > 0)) notes.push('the series is constant, so it has no change');
    const penaltyName = typeof penalty === 'number' ? `manual ${penalty}` : `${penalty.toUpperCase()} ${fit.penaltyValue.toFixed(2)}`;
    notes.push(`penalty ${penaltyName}; noise sd ${sigma !== undefined ? 'given' : 'estimated (MAD of differences / √2)'} ${formatNumber(fit.sigma, 'number')}; segments of at least ${minSegment} dates`);
    const bounds = [0, ...fit.changes, values.length];
    if (output === 'series') {
      const rows = dates.map((date, t) => {
        const seg = bounds.findIndex((b, i) => t >= b && t < bounds[i + 1]!);
        return { date, value: values[t]!, level: fit.means[seg]!, segment: seg + 1, is_change: t > 0 && fit.changes.includes(t) };
      });
      return { rows, columns, types, notes };
    }
    if (fit.changes.length === 0) notes.push('no change in the mean was found');
    const rows = fit.changes.map((t, i) => {
      const before = fit.means[i]!;
      const after = fit.means[i + 1]!;
      const near = events ? nearest(events, dates[t]!) : undefined;
      return {
        change: i + 1, date: dates[t]!, before, after, difference: after - before, relative_change: before !== 0 ? (after - before) / Math.abs(before) : null,
        dates_after: bounds[i + 2]! - t, nearest_event: near?.event.name ?? null, event_date: near?.event.date ?? null, days_apart: near?.days ?? null,
        penalty: fit.penaltyValue, sigma: fit.sigma,
      };
    });
    if (events && events.length === 0) notes.push('the events table has no dated rows');
    return { rows, columns, types, notes };
  },
});
