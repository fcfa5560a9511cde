import { psiInterpretation, psiTerm, PSI_MAJOR, PSI_MIN_SHARE, PSI_STABLE } from '../../analytics/models/population-stability-index.ts';
import { chiSquareGoodnessOfFit, jensenShannonDivergence, totalVariationDistance } from '../../analytics/stats/distribution-distance.ts';
import { quoteIdent, type TableInfo } from '../../engine.ts';
import { analysisCell, fromClause, type AnalysisOutput, type AnalysisRun } from '../analysis.ts';
import { listColumns, queryRows, sqlString } from '../quality/shared.ts';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/i;
const SUMMARY = ['segment', 'n', 'categories', 'chi_square', 'df', 'p_value', 'tvd', 'jsd', 'js_distance', 'psi', 'psi_level', 'flags', 'flagged'];
const BINS = ['segment', 'category', 'count', 'share', 'reference_share', 'expected', 'difference', 'psi_term'];

const colOf = (run: AnalysisRun, table: TableInfo, key: string, name: string) => {
  const c = table.columns.find((x) => x.name.toLowerCase() === name.toLowerCase());
  return c ?? run.opts.fail(key, `\`${name}\` is not a column of \`${table.name}\` (its columns: ${table.columns.map((x) => x.name).join(', ')})`);
};

/** Interior bin edges → a SQL CASE giving each value its bin label, and the labels in order. */
function binning(edges: number[], x: string): { sql: string; labels: string[] } {
  const fmt = (v: number) => String(Number(v.toPrecision(6)));
  const labels = [`≤ ${fmt(edges[0]!)}`, ...edges.slice(1).map((e, i) => `${fmt(edges[i]!)} – ${fmt(e)}`), `> ${fmt(edges[edges.length - 1]!)}`];
  const whens = edges.map((e, i) => `WHEN ${x} <= ${e} THEN ${sqlString(labels[i]!)}`).join(' ');
  return { sql: `CASE WHEN ${x} IS NULL OR NOT isfinite(${x}) THEN NULL ${whens} ELSE ${sqlString(labels[labels.length - 1]!)} END`, labels };
}

/**
 * `compare-distributions`: each segment's (or the table's) distribution of a categorical column — or
 * of a numeric one in bins — against a reference population: chi-square goodness of fit, total
 * variation distance, Jensen–Shannon divergence (base 2) and PSI, with flags past thresholds. Counts
 * are SQL; the statistics run on the reduced category table.
 */
export const compareDistributionsCell = analysisCell({
  kind: 'compare-distributions',
  summary: 'A segment\'s distribution vs a reference population: chi-square goodness of fit, total variation, Jensen–Shannon divergence, PSI; flags past thresholds.',
  tableKeys: ['reference'],
  formats: { n: 'count', count: 'count', share: 'percent', reference_share: 'percent', difference: 'percent', categories: 'count' },
  verdict(rows) {
    if (!('flagged' in rows[0]!)) return undefined;
    const flagged = rows.filter((r) => r.flagged === true);
    if (flagged.length === 0) return `No segment differs from the reference past the thresholds (largest TVD ${Math.max(...rows.map((r) => Number(r.tvd ?? 0))).toFixed(3)})`;
    const worst = [...flagged].sort((a, b) => Number(b.tvd) - Number(a.tvd))[0]!;
    const p = Number(worst.p_value);
    return `${flagged.length} of ${rows.length} segment(s) differ from the reference; most: ${String(worst.segment)} (TVD ${Number(worst.tvd).toFixed(3)}, PSI ${Number(worst.psi).toFixed(3)} — ${String(worst.psi_level)}, p ${p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`})`;
  },
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const src = run.source!;
    const info = colOf(run, src, 'column', o.text('column'));
    const x = quoteIdent(info.name);
    const by = listColumns(run, 'by');
    const output = o.choice('output', ['summary', 'bins'] as const, 'summary');
    const alpha = o.number('alpha', 0.05, { min: 0, max: 1, exclusive: true });
    const tvdMax = o.number('tvd_threshold', 0.1, { min: 0, max: 1 });
    const jsdMax = o.number('jsd_threshold', 0.05, { min: 0, max: 1 });
    const psiWarn = o.number('psi_warn', PSI_STABLE, { min: 0 });
    const psiAlert = o.number('psi_alert', PSI_MAJOR, { min: 0 });
    const epsilon = o.number('epsilon', PSI_MIN_SHARE, { min: 0, max: 1, exclusive: true });
    if (psiAlert < psiWarn) o.fail('psi_alert', `must be at least \`psi_warn:\` (${psiWarn})`);

    // The reference: shares from a table, raw rows of a table, or (without reference:) the whole `from` table.
    const refTable = o.has('reference') ? await run.table('reference') : null;
    if (!refTable && by.quoted.length === 0) o.fail('reference', 'name the reference population (a table), or set `by:` to compare each segment with the whole table');
    const refShareName = o.optionalText('reference_share');
    const refColumn = refTable ? colOf(run, refTable, refShareName ? 'reference_category' : 'reference_column', o.text(refShareName ? 'reference_category' : 'reference_column', info.name)) : info;
    const refX = quoteIdent(refColumn.name);
    const refFrom = refTable ? `FROM ${quoteIdent(refTable.name)}` : fromClause(run);

    // Numeric columns are compared in bins: explicit interior edges, or quantile bins of the reference.
    let category = `CAST(${x} AS VARCHAR)`;
    let refCategory = `CAST(${refX} AS VARCHAR)`;
    let order: string[] | null = null;
    if (o.has('bins')) {
      if (!NUMERIC.test(info.type)) o.fail('bins', `\`${info.name}\` is ${info.type}: bins are for numeric columns`);
      let edges: number[];
      if (Array.isArray(o.data.bins)) {
        edges = (o.data.bins as unknown[]).map(Number);
        if (edges.length === 0 || edges.some((e) => !Number.isFinite(e))) o.fail('bins', 'must be interior edges (numbers), e.g. [100, 1000, 10000], or a number of quantile bins');
        edges = [...new Set(edges)].sort((a, b) => a - b);
      } else {
        const k = o.number('bins', undefined, { min: 2 });
        if (!Number.isInteger(k)) o.fail('bins', `must be a whole number of bins (got ${k})`);
        if (refShareName) o.fail('bins', 'quantile bins need the reference\'s raw values; with `reference_share:` give the edges as a list');
        const qs = Array.from({ length: k - 1 }, (_, i) => (i + 1) / k);
        const [row] = await queryRows(run, `SELECT ${qs.map((p, i) => `quantile_cont(CAST(${refX} AS DOUBLE), ${p}) AS q${i}`).join(', ')} ${refFrom} WHERE isfinite(CAST(${refX} AS DOUBLE))`);
        edges = [...new Set(qs.map((_, i) => row?.[`q${i}`]).filter((v) => v !== null && v !== undefined).map(Number))];
        if (edges.length === 0) o.fail('bins', 'the reference has no numeric values to take quantiles of');
      }
      const b = binning(edges, `CAST(${x} AS DOUBLE)`);
      category = b.sql;
      refCategory = binning(edges, `CAST(${refX} AS DOUBLE)`).sql;
      order = b.labels;
    }

    const segment = by.quoted.length ? `concat_ws(' / ', ${by.quoted.map((q) => `coalesce(CAST(${q} AS VARCHAR), '(empty)')`).join(', ')})` : `'all'`;
    const observed = await queryRows(run, `SELECT ${segment} AS seg, ${category} AS cat, count(*)::BIGINT AS n ${fromClause(run)} GROUP BY ALL`);
    const reference = refShareName
      ? await queryRows(run, `SELECT CAST(${refX} AS VARCHAR) AS cat, sum(CAST(${quoteIdent(colOf(run, refTable!, 'reference_share', refShareName).name)} AS DOUBLE)) AS n ${refFrom} GROUP BY 1`)
      : await queryRows(run, `SELECT ${refCategory} AS cat, count(*)::DOUBLE AS n ${refFrom} GROUP BY 1`);

    const notes: string[] = [];
    const missing = observed.filter((r) => r.cat === null).reduce((a, r) => a + Number(r.n), 0);
    if (missing) notes.push(`${missing} row(s) with an empty \`${info.name}\` are left out`);
    const refMissing = reference.filter((r) => r.cat === null).reduce((a, r) => a + Number(r.n), 0);
    if (refMissing && !refShareName) notes.push(`${refMissing} reference row(s) with an empty value are left out`);
    const refCounts = new Map(reference.filter((r) => r.cat !== null).map((r) => [String(r.cat), Number(r.n)]));
    const refTotal = [...refCounts.values()].reduce((a, b) => a + b, 0);
    if (refCounts.size > 0 && !(refTotal > 0)) o.fail('reference_share', 'the reference shares sum to 0');
    const cats = order ?? [...new Set([...refCounts.keys(), ...observed.filter((r) => r.cat !== null).map((r) => String(r.cat))])].sort();
    const segs = [...new Set(observed.map((r) => String(r.seg)))].sort();
    const counts = new Map(segs.map((s) => [s, new Map<string, number>()]));
    for (const r of observed) if (r.cat !== null) counts.get(String(r.seg))!.set(String(r.cat), Number(r.n));
    const refShares = cats.map((c) => (refTotal > 0 ? (refCounts.get(c) ?? 0) / refTotal : 0));
    const outside = cats.filter((c, i) => refShares[i] === 0 && segs.some((s) => (counts.get(s)!.get(c) ?? 0) > 0));
    if (outside.length) notes.push(`${outside.slice(0, 5).map((c) => `\`${c}\``).join(', ')} ${outside.length === 1 ? 'is' : 'are'} not in the reference: chi-square is infinite (p = 0) where a segment has it, and PSI floors its share at ${epsilon}`);

    const summary: Record<string, unknown>[] = [];
    const bins: Record<string, unknown>[] = [];
    let sparse = 0;
    for (const s of segs) {
      const obs = cats.map((c) => counts.get(s)!.get(c) ?? 0);
      const n = obs.reduce((a, b) => a + b, 0);
      if (n === 0 || refTotal === 0) {
        summary.push({ segment: s, n, categories: cats.length, chi_square: null, df: null, p_value: null, tvd: null, jsd: null, js_distance: null, psi: null, psi_level: null, flags: null, flagged: null });
        continue;
      }
      const shares = obs.map((v) => v / n);
      const fit = cats.length >= 2 ? chiSquareGoodnessOfFit(obs, refShares) : null;
      if (refShares.some((r) => r > 0 && r * n < 5)) sparse++;
      const tvd = totalVariationDistance(shares, refShares);
      const jsd = jensenShannonDivergence(shares, refShares, 2);
      const terms = cats.map((_, i) => psiTerm(refShares[i]!, shares[i]!, epsilon));
      const psi = terms.reduce((a, b) => a + b, 0);
      const flags = [
        ...(fit && fit.p < alpha ? ['chi-square'] : []),
        ...(tvd > tvdMax ? ['tvd'] : []),
        ...(jsd > jsdMax ? ['jsd'] : []),
        ...(psi > psiAlert ? ['psi major'] : psi >= psiWarn ? ['psi moderate'] : []),
      ];
      summary.push({
        segment: s, n, categories: cats.length, chi_square: fit && Number.isFinite(fit.statistic) ? fit.statistic : null, df: fit?.df ?? null, p_value: fit?.p ?? null,
        tvd, jsd, js_distance: Math.sqrt(jsd), psi, psi_level: psiInterpretation(psi, psiWarn, psiAlert), flags: flags.join(', ') || null, flagged: flags.length > 0,
      });
      cats.forEach((c, i) => bins.push({ segment: s, category: c, count: obs[i], share: shares[i], reference_share: refShares[i], expected: refShares[i]! * n, difference: shares[i]! - refShares[i]!, psi_term: terms[i] }));
    }
    if (sparse) notes.push(`${sparse} segment(s) have categories with fewer than 5 expected counts: the chi-square p-value is approximate there`);
    const byNames = by.names;
    const segCols = (r: Record<string, unknown>) => {
      // Split the segment label back into its by columns (for joins downstream).
      const parts = String(r.segment).split(' / ');
      return Object.fromEntries(byNames.map((n, i) => [n, byNames.length === 1 ? String(r.segment) : parts[i] ?? null]));
    };
    if (output === 'bins') {
      const types = { ...Object.fromEntries(byNames.map((n) => [n, 'VARCHAR' as const])), segment: 'VARCHAR', category: 'VARCHAR', count: 'BIGINT', share: 'DOUBLE', reference_share: 'DOUBLE', expected: 'DOUBLE', difference: 'DOUBLE', psi_term: 'DOUBLE' } as const;
      return { rows: bins.map((r) => ({ ...segCols(r), ...r })), columns: [...byNames, ...BINS], types: { ...types }, notes };
    }
    const types = { ...Object.fromEntries(byNames.map((n) => [n, 'VARCHAR' as const])), segment: 'VARCHAR', n: 'BIGINT', categories: 'BIGINT', chi_square: 'DOUBLE', df: 'BIGINT', p_value: 'DOUBLE', tvd: 'DOUBLE', jsd: 'DOUBLE', js_distance: 'DOUBLE', psi: 'DOUBLE', psi_level: 'VARCHAR', flags: 'VARCHAR', flagged: 'BOOLEAN' } as const;
    return { rows: summary.map((r) => ({ ...segCols(r), ...r })), columns: [...byNames, ...SUMMARY], types: { ...types }, notes };
  },
});
