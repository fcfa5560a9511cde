import { numberColumn, rowsFromTable } from '../../arrow.ts';
import { wilsonInterval } from '../../analytics/stats/index.ts';
import { quoteIdent } from '../../engine.ts';
import { allPresent, analysisCell, fromClause, missingMetricNote } from '../analysis.ts';

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
    // Each definition sums clicks and impressions over the rows that have both: a row without a click
    // value (a metric the export lacks) says nothing about CTR, and a group with none gets null, not 0.
    const pairs = defs.map(([, d]) => [quoteIdent(col(d.clicks, 'definitions')), quoteIdent(col(d.impressions, 'definitions'))] as const);
    const sums = pairs.flatMap(([c, i], k) => [`sum(${c}) FILTER (WHERE ${allPresent([c, i])})::DOUBLE AS c${k}`, `sum(${i}) FILTER (WHERE ${allPresent([c, i])})::DOUBLE AS i${k}`]);
    const select = [...byCols.map((b, k) => `${b} AS b${k}`), ...sums].join(', ');
    const group = byCols.length ? ` GROUP BY ${byCols.map((_, k) => k + 1).join(', ')} ORDER BY ${byCols.map((_, k) => k + 1).join(', ')}` : '';
    // Without `by:`, an aggregate over no rows is still one row (of nulls); an empty input gives none.
    const t = await run.query(`SELECT ${select} ${fromClause(run)}${group}${byCols.length ? '' : ' HAVING count(*) > 0'}`);
    const note = await missingMetricNote(run, pairs.flat());
    const keys = rowsFromTable(t);
    const rows = keys.map((k, r) => {
      const row: Record<string, unknown> = {};
      by.forEach((b, j) => (row[col(b, 'by')] = k[`b${j}`]));
      defs.forEach(([name], j) => {
        const clicks = numberColumn(t, `c${j}`)[r] ?? null;
        const imps = numberColumn(t, `i${j}`)[r] ?? null;
        row[`${name}_clicks`] = clicks;
        row[`${name}_impressions`] = imps;
        if (clicks !== null && imps !== null && imps > 0 && clicks <= imps) {
          const ci = wilsonInterval(clicks, imps, level);
          Object.assign(row, { [name]: clicks / imps, [`${name}_low`]: ci.low, [`${name}_high`]: ci.high });
        } else Object.assign(row, { [name]: null, [`${name}_low`]: null, [`${name}_high`]: null });
      });
      return row;
    });
    const defColumns = defs.flatMap(([n]) => [`${n}_clicks`, `${n}_impressions`, n, `${n}_low`, `${n}_high`]);
    const types = Object.fromEntries(defColumns.map((c) => [c, 'DOUBLE' as const]));
    const formats = Object.fromEntries(defs.flatMap(([n]) => [[`${n}_clicks`, 'count'], [`${n}_impressions`, 'count'], [n, 'percent'], [`${n}_low`, 'percent'], [`${n}_high`, 'percent']]));
    return { rows, types, columns: [...by.map((b) => col(b, 'by')), ...defColumns], note, formats };
  },
});
