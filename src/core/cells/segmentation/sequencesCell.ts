import type { ColumnType } from '../../arrow.ts';
import { formatNumber } from '../../format/numbers.ts';
import { analysisCell, fromClause, type AnalysisRun } from '../analysis.ts';
import { column, optionalColumn, queryRows, sqlString } from '../quality/shared.ts';

const SEP = ' → ';
const START = '(start)';
const END = '(end)';

const COLUMNS = {
  ngrams: ['path', 'steps', 'occurrences', 'users', 'support'],
  transitions: ['from_event', 'to_event', 'count', 'from_count', 'probability'],
  paths_to: ['path', 'steps', 'converting_users', 'share_of_converters', 'users_with_path', 'converted_with_path', 'conversion_rate', 'rate_without', 'lift'],
} as const;
const TYPES: Record<string, ColumnType> = {
  path: 'VARCHAR', steps: 'BIGINT', occurrences: 'BIGINT', users: 'BIGINT', support: 'DOUBLE', from_event: 'VARCHAR', to_event: 'VARCHAR', count: 'BIGINT',
  from_count: 'BIGINT', probability: 'DOUBLE', converting_users: 'BIGINT', share_of_converters: 'DOUBLE', users_with_path: 'BIGINT', converted_with_path: 'BIGINT',
  conversion_rate: 'DOUBLE', rate_without: 'DOUBLE', lift: 'DOUBLE',
};

/** The event `steps` ahead in the user's sequence (window `w`); the event itself for 0. */
const ahead = (steps: number) => (steps === 0 ? 'ev' : `lead(ev, ${steps}) OVER w`);
/** The path of `n` events starting here, as text (shorter at the end of a sequence: concat_ws skips the missing ones). */
const pathAhead = (n: number) => `concat_ws(${sqlString(SEP)}, ${Array.from({ length: n }, (_, i) => ahead(i)).join(', ')})`;

/** A whole-number option at least `min`. */
function whole(run: AnalysisRun, key: string, fallback: number, min: number, max?: number): number {
  const v = run.opts.number(key, fallback, { min, ...(max !== undefined ? { max } : {}) });
  if (!Number.isInteger(v)) run.opts.fail(key, `must be a whole number (got ${v})`);
  return v;
}

/**
 * `sequences`: each user's events in time order (window functions in SQL), then the most common paths
 * of n steps, first-order transition probabilities, or the paths that lead to an outcome event — all
 * aggregated in SQL; only the top rows come back.
 */
export const sequencesCell = analysisCell({
  kind: 'sequences',
  summary: 'Interaction paths per user: most common n-step paths with support, first-order transition probabilities, and the last k steps before an outcome with their conversion rates.',
  formats: { support: 'percent', probability: 'percent', share_of_converters: 'percent', conversion_rate: 'percent', rate_without: 'percent', lift: 'number', users: 'count', occurrences: 'count', count: 'count' },
  verdict(rows, options) {
    const r = rows[0]!;
    const pct = (v: unknown) => formatNumber(Number(v), 'percent');
    if ('support' in r) return `Most common path of ${String(r.steps)} step(s): ${String(r.path)}, taken by ${pct(r.support)} of users (${String(r.users)})`;
    if ('converting_users' in r) {
      const outcome = String(options?.outcome ?? 'the outcome');
      const rates = r.rate_without === null ? '' : `; users with it convert at ${pct(r.conversion_rate)} vs ${pct(r.rate_without)} without`;
      return `Most common path to ${outcome}: ${String(r.path)} (${String(r.converting_users)} converting users, ${pct(r.share_of_converters)})${rates}`;
    }
    return undefined;
  },
  async compute(run) {
    const o = run.opts;
    const output = o.choice('output', ['ngrams', 'transitions', 'paths_to'] as const, 'ngrams');
    const user = column(run, 'user', 'user_id');
    const time = column(run, 'time', 'time');
    const event = column(run, 'event', 'event');
    const order = optionalColumn(run, 'order');
    const collapse = o.data.collapse_repeats === undefined ? false : o.data.collapse_repeats === true || o.data.collapse_repeats === 'true' ? true : o.data.collapse_repeats === false || o.data.collapse_repeats === 'false' ? false : o.fail('collapse_repeats', 'must be true or false');
    const top = whole(run, 'top', 20, 1);
    const src = fromClause(run);
    const notes: string[] = [];
    const [check] = await queryRows(run, `SELECT count(*) FILTER (WHERE ${user} IS NULL OR ${time} IS NULL OR ${event} IS NULL) AS missing ${src}`);
    if (Number(check?.missing) > 0) notes.push(`${check!.missing} row(s) without a user, time or event left out`);
    // Each user's events numbered in time order; ties by `order:` then by event name, so the order is defined.
    const tieBreak = `${order ? `${order}, ` : ''}ev`;
    const ordered = `
      e0 AS (SELECT ${user} AS u, ${time} AS t, CAST(${event} AS VARCHAR) AS ev${order ? `, ${order}` : ''} ${src} WHERE ${user} IS NOT NULL AND ${time} IS NOT NULL AND ${event} IS NOT NULL),
      ${collapse ? `e1 AS (SELECT *, lag(ev) OVER (PARTITION BY u ORDER BY t, ${tieBreak}) AS prev FROM e0),` : ''}
      ordered AS (SELECT u, ev, row_number() OVER (PARTITION BY u ORDER BY t, ${tieBreak}) AS pos FROM ${collapse ? 'e1 WHERE prev IS NULL OR prev <> ev' : 'e0'}),
      total AS (SELECT count(DISTINCT u)::DOUBLE AS users FROM ordered)`;
    const columns = [...COLUMNS[output]];
    const types = Object.fromEntries(columns.map((c) => [c, TYPES[c]!]));
    let sql: string;
    if (output === 'ngrams') {
      const n = whole(run, 'n', 3, 1, 20);
      sql = `WITH ${ordered},
        grams AS (SELECT u, ${pathAhead(n)} AS path, ${ahead(n - 1)} AS last FROM ordered WINDOW w AS (PARTITION BY u ORDER BY pos))
        SELECT path, ${n} AS steps, count(*)::DOUBLE AS occurrences, count(DISTINCT u)::DOUBLE AS users,
               count(DISTINCT u) / any_value(total.users) AS support
        FROM grams, total WHERE last IS NOT NULL GROUP BY path ORDER BY users DESC, occurrences DESC, path LIMIT ${top}`;
    } else if (output === 'transitions') {
      const startEnd = o.data.start_end === true || o.data.start_end === 'true';
      if (o.has('start_end') && !startEnd && !(o.data.start_end === false || o.data.start_end === 'false')) o.fail('start_end', 'must be true or false');
      const states = startEnd
        ? `states AS (SELECT u, ev, pos FROM ordered
             UNION ALL SELECT DISTINCT u, ${sqlString(START)}, 0 FROM ordered
             UNION ALL SELECT u, ${sqlString(END)}, max(pos) + 1 FROM ordered GROUP BY u)`
        : 'states AS (SELECT u, ev, pos FROM ordered)';
      sql = `WITH ${ordered}, ${states},
        steps AS (SELECT ev AS from_event, lead(ev) OVER (PARTITION BY u ORDER BY pos) AS to_event FROM states),
        pairs AS (SELECT from_event, to_event, count(*)::DOUBLE AS n FROM steps WHERE to_event IS NOT NULL GROUP BY from_event, to_event)
        SELECT from_event, to_event, n AS count, sum(n) OVER (PARTITION BY from_event) AS from_count, n / sum(n) OVER (PARTITION BY from_event) AS probability
        FROM pairs ORDER BY from_event, n DESC, to_event`;
    } else {
      const outcome = o.text('outcome');
      const k = whole(run, 'k', 3, 1, 20);
      // A user's history: every event before the first outcome (all events for users without one),
      // after a (start) marker, so a converter with fewer than k earlier steps has a path from (start).
      sql = `WITH ${ordered},
        first_outcome AS (SELECT u, min(pos) AS opos FROM ordered WHERE ev = ${sqlString(outcome)} GROUP BY u),
        history AS (
          SELECT o.u, o.ev, o.pos FROM ordered o LEFT JOIN first_outcome f USING (u) WHERE f.opos IS NULL OR o.pos < f.opos
          UNION ALL SELECT DISTINCT u, ${sqlString(START)}, 0 FROM ordered),
        converter_paths AS (
          SELECT h.u, array_to_string(list(h.ev ORDER BY h.pos), ${sqlString(SEP)}) AS path, count(*) FILTER (WHERE h.pos > 0) AS steps
          FROM history h JOIN first_outcome f USING (u) WHERE h.pos > f.opos - 1 - ${k} GROUP BY h.u),
        windows AS (SELECT u, pos, ${pathAhead(k)} AS path, ${ahead(k - 1)} AS last FROM history WINDOW w AS (PARTITION BY u ORDER BY pos)),
        with_path AS (SELECT DISTINCT u, path FROM windows WHERE last IS NOT NULL OR pos = 0),
        counts AS (SELECT (SELECT count(*) FROM first_outcome)::DOUBLE AS converters, any_value(users) AS users FROM total),
        ranked AS (
          SELECT c.path, any_value(c.steps) AS steps, count(*)::DOUBLE AS converting_users FROM converter_paths c GROUP BY c.path),
        reach AS (
          SELECT w.path, count(*)::DOUBLE AS users_with_path, count(f.u)::DOUBLE AS converted_with_path
          FROM with_path w LEFT JOIN first_outcome f USING (u) WHERE w.path IN (SELECT path FROM ranked) GROUP BY w.path)
        SELECT r.path, r.steps, r.converting_users, r.converting_users / n.converters AS share_of_converters,
               x.users_with_path, x.converted_with_path, x.converted_with_path / x.users_with_path AS conversion_rate,
               CASE WHEN n.users > x.users_with_path THEN (n.converters - x.converted_with_path) / (n.users - x.users_with_path) END AS rate_without,
               CASE WHEN n.users > x.users_with_path AND n.converters > x.converted_with_path
                    THEN (x.converted_with_path / x.users_with_path) / ((n.converters - x.converted_with_path) / (n.users - x.users_with_path)) END AS lift
        FROM ranked r JOIN reach x USING (path), counts n
        ORDER BY r.converting_users DESC, conversion_rate DESC, r.path LIMIT ${top}`;
      const [seen] = await queryRows(run, `SELECT count(*) AS n ${src} WHERE CAST(${event} AS VARCHAR) = ${sqlString(outcome)}`);
      if (Number(seen?.n) === 0) notes.push(`no \`${outcome}\` event in \`${o.text('event', 'event')}\`: no paths lead to it (check the spelling)`);
    }
    const rows = await queryRows(run, sql);
    if (!rows.length && !notes.some((n) => n.startsWith('no `'))) notes.push('no sequences to count: the result is empty');
    return { rows, columns, types, notes };
  },
});
