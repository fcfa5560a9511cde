import { numberColumn, rowsFromTable } from '../../arrow.ts';
import { wilsonInterval } from '../../analytics/stats/index.ts';
import { quoteIdent } from '../../engine.ts';
import { analysisCell, fromClause } from '../analysis.ts';

/**
 * `ctr`: click-through rate by any grouping, with several definitions side by side (link vs all
 * clicks, total vs unique impressions, with or without auto-plays) and a Wilson interval for each.
 */
export const ctrCell = analysisCell({
  kind: 'ctr',
  summary: 'CTR by any grouping with definitions side by side (link/all clicks, total/unique impressions) and Wilson intervals.',
  async compute(run) {
    const o = run.opts;
    const by = o.list('by');
    const level = o.number('level', 0.95, { min: 0, max: 1, exclusive: true });
    const defsRaw = o.data.definitions;
    const defs: [string, { clicks: string; impressions: string }][] =
      defsRaw && typeof defsRaw === 'object' && !Array.isArray(defsRaw)
        ? Object.entries(defsRaw as Record<string, { clicks?: unknown; impressions?: unknown }>).map(([name, d]) => {
            if (!d || typeof d.clicks !== 'string' || typeof d.impressions !== 'string') o.fail('definitions', `\`${name}\` needs clicks: and impressions: column names`);
            return [name, { clicks: d.clicks as string, impressions: d.impressions as string }];
          })
        : [['ctr', { clicks: o.text('clicks', 'clicks'), impressions: o.text('impressions', 'impressions') }]];
    const cols = new Map(run.source!.columns.map((c) => [c.name.toLowerCase(), c.name]));
    const col = (name: string, key: string) => cols.get(name.toLowerCase()) ?? o.fail(key, `\`${name}\` is not a column of \`${run.source!.name}\``);
    const byCols = by.map((b) => quoteIdent(col(b, 'by')));
    const sums = new Map<string, string>();
    for (const [, d] of defs) for (const c of [d.clicks, d.impressions]) sums.set(c, `sum(${quoteIdent(col(c, 'definitions'))})::DOUBLE AS ${quoteIdent(`sum_${c}`)}`);
    const select = [...byCols, ...sums.values()].join(', ');
    const group = byCols.length ? ` GROUP BY ${byCols.map((_, k) => k + 1).join(', ')} ORDER BY ${byCols.map((_, k) => k + 1).join(', ')}` : '';
    const t = await run.query(`SELECT ${select} ${fromClause(run)}${group}`);
    const keys = rowsFromTable(t);
    const rows = keys.map((k, r) => {
      const row: Record<string, unknown> = {};
      for (const b of by) row[col(b, 'by')] = k[col(b, 'by')];
      for (const [name, d] of defs) {
        const clicks = numberColumn(t, `sum_${d.clicks}`)[r] ?? 0;
        const imps = numberColumn(t, `sum_${d.impressions}`)[r] ?? 0;
        row[`${name}_clicks`] = clicks;
        row[`${name}_impressions`] = imps;
        if (imps > 0 && clicks <= imps) {
          const ci = wilsonInterval(clicks, imps, level);
          Object.assign(row, { [name]: clicks / imps, [`${name}_low`]: ci.low, [`${name}_high`]: ci.high });
        } else Object.assign(row, { [name]: null, [`${name}_low`]: null, [`${name}_high`]: null });
      }
      return row;
    });
    const types = Object.fromEntries(defs.flatMap(([n]) => [n, `${n}_low`, `${n}_high`, `${n}_clicks`, `${n}_impressions`].map((c) => [c, 'DOUBLE' as const])));
    return { rows, types };
  },
});
