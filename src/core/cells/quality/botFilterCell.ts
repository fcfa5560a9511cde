import { analysisCell, fromClause } from '../analysis.ts';
import { column, optionalColumn, queryRows, sqlString } from './shared.ts';

/** User-agent substrings that mark automated clients (lower-cased match). */
export const BOT_UA_HINTS = ['bot', 'crawl', 'spider', 'slurp', 'headless', 'python-requests', 'python-urllib', 'curl/', 'wget', 'scrapy', 'phantomjs', 'selenium', 'puppeteer', 'playwright', 'go-http-client', 'okhttp', 'java/', 'libwww', 'httpclient', 'axios/', 'node-fetch'];

/**
 * `bot-filter`: per user, the peak event rate, the regularity of the gaps between events (coefficient
 * of variation), a click-share outlier test (robust z against all users) and user-agent hints. Every
 * aggregate is SQL; flagged users come back with their reasons and the number of rows to remove.
 */
export const botFilterCell = analysisCell({
  kind: 'bot-filter',
  summary: 'Flag bot users by peak event rate, regular intervals, click-share outliers and user-agent hints; reports the rows removed and why.',
  async compute(run) {
    const user = column(run, 'user', 'user_id');
    const time = column(run, 'time', 'timestamp');
    const ua = optionalColumn(run, 'user_agent');
    const type = optionalColumn(run, 'type');
    const clickTypes = run.opts.list('click_types', ['ad_click']);
    const maxPerHour = run.opts.number('max_per_hour', 60, { min: 1 });
    const maxCv = run.opts.number('max_gap_cv', 0.1, { min: 0 });
    const minGaps = run.opts.number('min_gaps', 20, { min: 2 });
    const sessionGap = run.opts.number('session_gap_minutes', 30, { min: 0, exclusive: true });
    const threshold = run.opts.number('ctr_threshold', 3.5, { min: 0, exclusive: true });
    const minClicks = run.opts.number('min_clicks', 20, { min: 1 });
    const show = run.opts.choice('show', ['flagged', 'all'] as const, 'flagged');
    const isClick = type ? `${type} IN (${clickTypes.map(sqlString).join(', ')})` : 'false';
    const uaHint = ua ? `(${BOT_UA_HINTS.map((h) => `contains(lower(${ua}), ${sqlString(h)})`).join(' OR ')})` : 'false';
    const sql = `
      WITH e AS (
        SELECT CAST(${user} AS VARCHAR) AS u, CAST(${time} AS TIMESTAMP) AS t, ${isClick} AS click, ${uaHint} AS bot_ua,
               ${ua ? `CAST(${ua} AS VARCHAR)` : 'NULL::VARCHAR'} AS ua
        ${fromClause(run)} WHERE ${user} IS NOT NULL AND ${time} IS NOT NULL
      ), g AS (
        SELECT u, (epoch_ms(t) - epoch_ms(lag(t) OVER (PARTITION BY u ORDER BY t))) / 1000.0 AS gap FROM e
      ), gaps AS (
        SELECT u, count(gap) AS gaps, avg(gap) AS gap_mean, stddev_samp(gap) / nullif(avg(gap), 0) AS gap_cv
        FROM g WHERE gap IS NOT NULL AND gap <= ${sessionGap * 60} GROUP BY u
      ), hourly AS (
        SELECT u, max(n) AS max_per_hour FROM (SELECT u, date_trunc('hour', t) AS h, count(*) AS n FROM e GROUP BY u, h) GROUP BY u
      ), users AS (
        SELECT u, count(*) AS events, count(*) FILTER (WHERE click) AS clicks, count(*) FILTER (WHERE click)::DOUBLE / count(*) AS click_share,
               bool_or(bot_ua) AS bot_ua, arg_max(ua, bot_ua::INT) AS ua, min(t)::DATE AS first_day, max(t)::DATE AS last_day, count(DISTINCT t::DATE) AS days
        FROM e GROUP BY u
      ), m AS (SELECT median(click_share) AS med FROM users),
      mad AS (SELECT median(abs(click_share - m.med)) AS mad, avg(abs(click_share - m.med)) AS meanad FROM users, m)
      SELECT users.*, hourly.max_per_hour, coalesce(gaps.gaps, 0) AS gaps, gaps.gap_mean, gaps.gap_cv,
        CASE WHEN mad.mad > 0 THEN 0.6745 * (click_share - m.med) / mad.mad WHEN mad.meanad > 0 THEN (click_share - m.med) / (1.253314 * mad.meanad) END AS ctr_z
      FROM users JOIN hourly USING (u) LEFT JOIN gaps USING (u), m, mad`;
    const flagged = await queryRows(
      run,
      `SELECT * FROM (${sql}) WHERE ${show === 'all' ? 'true' : `bot_ua OR max_per_hour > ${maxPerHour} OR (gaps >= ${minGaps} AND gap_cv < ${maxCv}) OR (clicks >= ${minClicks} AND ctr_z > ${threshold})`} ORDER BY events DESC, u`,
    );
    const rows = flagged.map((r) => {
      const reasons: string[] = [];
      if (Number(r.max_per_hour) > maxPerHour) reasons.push(`rate: ${r.max_per_hour} events in one hour (> ${maxPerHour})`);
      if (Number(r.gaps) >= minGaps && r.gap_cv !== null && Number(r.gap_cv) < maxCv) reasons.push(`regular: gap CV ${Number(r.gap_cv).toFixed(3)} over ${r.gaps} gaps (mean ${Number(r.gap_mean).toFixed(1)} s; < ${maxCv})`);
      if (Number(r.clicks) >= minClicks && r.ctr_z !== null && Number(r.ctr_z) > threshold) reasons.push(`ctr: click share ${(Number(r.click_share) * 100).toFixed(1)} % (robust z ${Number(r.ctr_z).toFixed(1)} > ${threshold})`);
      if (r.bot_ua) reasons.push(`user agent: ${r.ua}`);
      const bot = reasons.length > 0;
      return {
        user: r.u, events: Number(r.events), clicks: Number(r.clicks), click_share: r.click_share, ctr_z: r.ctr_z, max_per_hour: Number(r.max_per_hour),
        gaps: Number(r.gaps), gap_mean_seconds: r.gap_mean, gap_cv: r.gap_cv, user_agent: r.ua, first_day: r.first_day, last_day: r.last_day, days: Number(r.days),
        bot, reasons: reasons.join('; '), rows_removed: bot ? Number(r.events) : 0,
      };
    });
    return {
      rows,
      columns: ['user', 'events', 'clicks', 'click_share', 'ctr_z', 'max_per_hour', 'gaps', 'gap_mean_seconds', 'gap_cv', 'user_agent', 'first_day', 'last_day', 'days', 'bot', 'reasons', 'rows_removed'],
      types: { user: 'VARCHAR', events: 'BIGINT', clicks: 'BIGINT', click_share: 'DOUBLE', ctr_z: 'DOUBLE', max_per_hour: 'BIGINT', gaps: 'BIGINT', gap_mean_seconds: 'DOUBLE', gap_cv: 'DOUBLE', user_agent: 'VARCHAR', first_day: 'DATE', last_day: 'DATE', days: 'BIGINT', bot: 'BOOLEAN', reasons: 'VARCHAR', rows_removed: 'BIGINT' },
    };
  },
});
