import { analysisCell, fromClause } from '../analysis.ts';
import { column, optionalColumn, queryRows, sqlString } from './shared.ts';

/**
 * Mediums that are bought or sent, for which a visit without utm_campaign is a tagging mistake.
 * cpc / ppc are left out: Google / Microsoft Ads auto-tagging (gclid / msclkid) carries the campaign
 * outside the UTM tags, so search ads visits commonly have no utm_campaign. Override with
 * `campaign_mediums:`.
 */
export const CAMPAIGN_MEDIUMS = ['cpm', 'paid', 'paid_social', 'paidsocial', 'paid-social', 'display', 'email', 'affiliate', 'retargeting'];

/**
 * `utm`: normalize utm_source / utm_medium / utm_campaign (trim, lower case) and flag what a channel
 * report would split or lose: case or whitespace variants, a source without a medium, a medium
 * without a source, a bought medium without a campaign. Per distinct combination (default) or per
 * event (`output: events`, with `id:`). All in SQL.
 */
export const utmCell = analysisCell({
  kind: 'utm',
  summary: 'Normalize UTM source / medium / campaign (case, whitespace) and flag missing or inconsistent values, per combination or per event.',
  async compute(run) {
    const src = column(run, 'source', 'utm_source');
    const med = column(run, 'medium', 'utm_medium');
    const camp = column(run, 'campaign', 'utm_campaign');
    const output = run.opts.choice('output', ['combinations', 'events'] as const, 'combinations');
    const id = optionalColumn(run, 'id');
    if (output === 'events' && !id) run.opts.fail('output', '`events` needs `id:` (the column that names each event)');
    const show = run.opts.choice('show', ['issues', 'all'] as const, 'issues');
    const paid = run.opts.list('campaign_mediums', CAMPAIGN_MEDIUMS).map((m) => sqlString(m.toLowerCase()));
    const raw = (c: string) => `nullif(CAST(${c} AS VARCHAR), '')`;
    const norm = (c: string) => `nullif(lower(trim(CAST(${c} AS VARCHAR))), '')`;
    // A raw value that differs from its normalized form: whitespace around it, or a case variant.
    const variant = (name: string) => `CASE WHEN ${name}_raw IS DISTINCT FROM ${name} THEN '${name}_' || CASE WHEN trim(${name}_raw) <> ${name}_raw THEN 'whitespace' ELSE 'case' END END`;
    const sql = `
      WITH e AS (
        SELECT ${id ? `CAST(${id} AS VARCHAR) AS id,` : ''} ${raw(src)} AS source_raw, ${raw(med)} AS medium_raw, ${raw(camp)} AS campaign_raw,
               ${norm(src)} AS source, ${norm(med)} AS medium, ${norm(camp)} AS campaign
        ${fromClause(run)}
      ), i AS (
        SELECT *, concat_ws(', ',
          ${variant('source')}, ${variant('medium')}, ${variant('campaign')},
          CASE WHEN source IS NOT NULL AND medium IS NULL THEN 'missing_medium' END,
          CASE WHEN source IS NULL AND medium IS NOT NULL THEN 'missing_source' END,
          CASE WHEN campaign IS NULL AND medium IN (${paid.join(', ')}) THEN 'missing_campaign' END,
          CASE WHEN source IS NULL AND medium IS NULL AND campaign IS NOT NULL THEN 'campaign_without_source' END
        ) AS issue FROM e
      )
      ${
        output === 'events'
          ? `SELECT id, source_raw, medium_raw, campaign_raw, source, medium, campaign, nullif(issue, '') AS issue FROM i ${show === 'issues' ? "WHERE issue <> ''" : ''} ORDER BY id`
          : `SELECT source_raw, medium_raw, campaign_raw, source, medium, campaign, nullif(issue, '') AS issue, count(*) AS events FROM i ${show === 'issues' ? "WHERE issue <> ''" : ''} GROUP BY ALL ORDER BY events DESC, source_raw, medium_raw, campaign_raw`
      }`;
    const rows = await queryRows(run, sql);
    const columns = [...(output === 'events' ? ['id'] : []), 'source_raw', 'medium_raw', 'campaign_raw', 'source', 'medium', 'campaign', 'issue', ...(output === 'events' ? [] : ['events'])];
    const types = Object.fromEntries(columns.map((c) => [c, c === 'events' ? 'BIGINT' : 'VARCHAR'])) as Record<string, 'BIGINT' | 'VARCHAR'>;
    return { rows: rows.map((r) => (r.events === undefined ? r : { ...r, events: Number(r.events) })), columns, types };
  },
});
