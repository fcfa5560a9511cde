import { quoteIdent } from '../../engine.ts';
import { analysisCell, fromClause, missingMetricNote, type AnalysisRun } from '../analysis.ts';
import { column, listColumns, optionalColumn, queryRows, sqlString } from './shared.ts';

/** Check a column option against the `log:` table and return it quoted. */
function logColumns(run: AnalysisRun, log: { name: string; columns: { name: string }[] }, key: string, names: string[]): string[] {
  return names.map((name) => {
    const col = log.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (!col) return run.opts.fail(key, `\`${name}\` is not a column of \`${log.name}\` (its columns: ${log.columns.map((c) => c.name).join(', ')})`);
    return quoteIdent(col.name);
  });
}

const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? 'n/a' : `${(x * 100).toFixed(2)} %`);
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * `reconcile`: platform-reported clicks and CTR (an `ad_daily`-style report, `from:`) against an
 * internal click log (`log:`, e.g. `events` filtered to ad clicks), per segment, over the days the
 * report covers. The numbers are SQL aggregates; the explanation names the definitional reasons the
 * two differ: link vs all clicks, total impressions vs unique reach, unique vs total clickers.
 */
export const reconcileCell = analysisCell({
  kind: 'reconcile',
  summary: 'Platform-reported CTR vs internal click logs per segment, with the differences explained by definition (link vs all clicks, total vs unique).',
  async compute(run) {
    const time = column(run, 'time', 'date');
    const impressions = column(run, 'impressions', 'impressions');
    const clicks = column(run, 'clicks', 'clicks');
    const allClicks = optionalColumn(run, 'all_clicks');
    const reach = optionalColumn(run, 'reach');
    const definition = optionalColumn(run, 'click_definition');
    const by = listColumns(run, 'by', ['platform']);
    const logName = run.opts.text('log');
    const log = (await run.engine.describe(logName)) ?? run.opts.fail('log', `no table named \`${logName}\``);
    const [logTime] = logColumns(run, log, 'log_time', [run.opts.text('log_time', 'timestamp')]);
    const logBy = logColumns(run, log, 'log_by', run.opts.list('log_by', by.names));
    if (logBy.length !== by.quoted.length) run.opts.fail('log_by', `must name as many columns as \`by:\` (${by.names.length})`);
    const logType = run.opts.has('log_type') || log.columns.some((c) => c.name === 'event_type') ? logColumns(run, log, 'log_type', [run.opts.text('log_type', 'event_type')])[0] : undefined;
    const clickTypes = run.opts.list('log_click_types', ['ad_click']);
    const logUser = run.opts.has('log_user') ? logColumns(run, log, 'log_user', [run.opts.text('log_user')])[0] : undefined;
    const segCols = by.quoted.map((_, i) => `s${i}`);
    const seg = (cols: string[]) => cols.map((c, i) => `CAST(${c} AS VARCHAR) AS s${i}`).join(', ');
    const on = segCols.map((c) => `r.${c} IS NOT DISTINCT FROM l.${c}`).concat('r.day = l.day').join(' AND ');
    const sql = `
      WITH r AS (
        SELECT ${seg(by.quoted)}, CAST(${time} AS DATE) AS day, sum(${impressions})::DOUBLE AS impressions, sum(${clicks})::DOUBLE AS clicks,
          ${allClicks ? `sum(${allClicks})::DOUBLE` : 'NULL::DOUBLE'} AS all_clicks, ${reach ? `sum(${reach})::DOUBLE` : 'NULL::DOUBLE'} AS reach,
          ${definition ? `string_agg(DISTINCT CAST(${definition} AS VARCHAR), ', ')` : 'NULL::VARCHAR'} AS defs
        ${fromClause(run)} WHERE ${time} IS NOT NULL GROUP BY ALL
      ), l AS (
        SELECT ${seg(logBy)}, CAST(${logTime} AS DATE) AS day, ${logUser ? `CAST(${logUser} AS VARCHAR)` : 'NULL::VARCHAR'} AS u
        FROM ${quoteIdent(log.name)} WHERE ${logTime} IS NOT NULL ${logType ? `AND ${logType} IN (${clickTypes.map(sqlString).join(', ')})` : ''}
      ), lm AS (SELECT l.* FROM l SEMI JOIN r ON ${on}),
      la AS (SELECT ${[...segCols, 'count(*)::DOUBLE AS log_clicks', 'count(DISTINCT u)::DOUBLE AS log_users', 'count(DISTINCT day) AS log_days'].join(', ')} FROM lm ${segCols.length ? `GROUP BY ${segCols.join(', ')}` : ''}),
      ra AS (SELECT ${[...segCols, 'count(*) AS days', 'sum(impressions) AS impressions', 'sum(clicks) AS clicks', 'sum(all_clicks) AS all_clicks', 'sum(reach) AS reach', "string_agg(DISTINCT defs, ', ') AS defs"].join(', ')} FROM r ${segCols.length ? `GROUP BY ${segCols.join(', ')}` : ''})
      SELECT ra.*, coalesce(la.log_clicks, 0) AS log_clicks, la.log_users, coalesce(la.log_days, 0) AS log_days
      FROM ra LEFT JOIN la ${segCols.length ? `USING (${segCols.join(', ')})` : 'ON true'} ORDER BY ${segCols.length ? segCols.join(', ') : '1'}`;
    const rows = (await queryRows(run, sql)).map((r) => {
      // Null when the report has no such metric at all (importers set it NULL): never a 0 % CTR.
      const impr = num(r.impressions);
      const link = num(r.clicks);
      const all = num(r.all_clicks);
      const rch = num(r.reach);
      const logClicks = num(r.log_clicks) ?? 0;
      const logUsers = logUser ? num(r.log_users) : null;
      const defs = (r.defs as string | null) ?? null;
      const perImpression = (x: number | null) => (x !== null && impr !== null && impr > 0 ? x / impr : null);
      const ctr = perImpression(link);
      const ctrAll = perImpression(all);
      const ctrLog = perImpression(logClicks);
      const ctrReach = link !== null && rch !== null && rch > 0 ? link / rch : null;
      const notes: string[] = [];
      if (defs) notes.push(`platform clicks count ${defs}${/all_clicks|x_clicks/.test(defs) ? ' (includes clicks that stay on the platform, so they exceed what a site log can see)' : ''}`);
      if (link === null) notes.push('the report has no click values (the export lacks the metric), so platform CTR is unknown');
      else if (logClicks === 0) notes.push('no log clicks for this segment on the report days (not tagged, or named differently in the log)');
      else {
        const ratio = link > 0 ? logClicks / link : Infinity;
        notes.push(`log has ${logClicks} clicks = ${(ratio * 100).toFixed(1)} % of platform clicks (${link})`);
        if (all !== null && all > link) notes.push(`all-clicks CTR ${pct(ctrAll)} vs link CTR ${pct(ctr)}: ${all - link} clicks (profile, expand, reactions) never reach the site`);
        if (all !== null && Math.abs(logClicks - all) < Math.abs(logClicks - link)) notes.push('the log is nearer all clicks than link clicks: check what the log counts as an ad click');
        if (ratio < 1) notes.push('log below link clicks: clicks that never load the tagged page (early bounce, blockers, consent) or visits without UTM tags');
        else if (ratio > 1) notes.push('log above platform clicks: repeat or bot clicks the platform filtered as invalid, duplicates across trackers, or other traffic tagged as this segment');
      }
      if (ctrReach !== null) notes.push(`per unique person reached: ${pct(ctrReach)} vs per impression ${pct(ctr)} (reach summed over days counts a person once per day)`);
      if (logUsers !== null && logClicks > 0) notes.push(`${logUsers} unique clickers in the log: ${(logClicks / Math.max(logUsers, 1)).toFixed(2)} clicks each`);
      const row: Record<string, unknown> = {};
      by.names.forEach((n, i) => (row[n] = r[`s${i}`]));
      return {
        ...row, days: Number(r.days), impressions: impr, reach: rch, platform_clicks: link, platform_all_clicks: all, click_definition: defs, log_clicks: logClicks, log_unique_clickers: logUsers,
        ctr_platform: ctr, ctr_platform_all: ctrAll, ctr_log: ctrLog, ctr_per_reach: ctrReach, ctr_log_unique: perImpression(logUsers),
        log_vs_platform: link !== null && link > 0 ? logClicks / link : null, explanation: notes.join('; '),
      };
    });
    const columns = [...by.names, 'days', 'impressions', 'reach', 'platform_clicks', 'platform_all_clicks', 'click_definition', 'log_clicks', 'log_unique_clickers', 'ctr_platform', 'ctr_platform_all', 'ctr_log', 'ctr_per_reach', 'ctr_log_unique', 'log_vs_platform', 'explanation'];
    const types = Object.fromEntries(columns.map((c) => [c, by.names.includes(c) || c === 'click_definition' || c === 'explanation' ? 'VARCHAR' : c === 'days' ? 'BIGINT' : 'DOUBLE'])) as Record<string, 'VARCHAR' | 'BIGINT' | 'DOUBLE'>;
    return { rows, columns, types, note: await missingMetricNote(run, [impressions, clicks]) };
  },
});
