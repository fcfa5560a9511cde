import { rowsFromTable, type ColumnType } from '../../arrow.ts';
import { cohensKappa } from '../../analytics/text/rater-agreement.ts';
import { formatNumber } from '../../format/numbers.ts';
import { analysisCell, fromClause, type AnalysisOutput } from '../analysis.ts';
import { column } from '../quality/shared.ts';

const SUMMARY = ['method', 'rater_a', 'rater_b', 'items', 'raters', 'kappa', 'std_error', 'ci_low', 'ci_high', 'observed_agreement', 'expected_agreement', 'strength'];
const SUMMARY_TYPES: Record<string, ColumnType> = { method: 'VARCHAR', rater_a: 'VARCHAR', rater_b: 'VARCHAR', items: 'BIGINT', raters: 'BIGINT', strength: 'VARCHAR' };
const CONFUSION = ['rater_a', 'rater_b', 'label_a', 'label_b', 'items'];
const CONFUSION_TYPES: Record<string, ColumnType> = { rater_a: 'VARCHAR', rater_b: 'VARCHAR', label_a: 'VARCHAR', label_b: 'VARCHAR', items: 'BIGINT' };

/** Landis & Koch (1977): the customary words for a kappa. */
export function kappaStrength(k: number): string {
  if (!Number.isFinite(k)) return 'undefined';
  if (k < 0) return 'poor';
  if (k <= 0.2) return 'slight';
  if (k <= 0.4) return 'fair';
  if (k <= 0.6) return 'moderate';
  if (k <= 0.8) return 'substantial';
  return 'almost perfect';
}

/**
 * `agreement`: how far annotators agree beyond chance. Cohen's kappa with its asymptotic interval
 * for every pair of raters (on the items both labelled) and Fleiss' kappa over all raters (on the
 * items with the usual number of ratings); `output: confusion` gives each pair's label table. The
 * counting is SQL; the kappas come from the small tables.
 */
export const agreementCell = analysisCell({
  kind: 'agreement',
  summary: "Inter-rater agreement: Cohen's kappa per pair of raters with its asymptotic CI, Fleiss' kappa over all raters, and the confusion table.",
  formats: { kappa: 'number', std_error: 'number', ci_low: 'number', ci_high: 'number', observed_agreement: 'percent', expected_agreement: 'percent', items: 'count' },
  verdict: agreementVerdict,
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const item = column(run, 'item', 'item_id');
    const rater = column(run, 'rater', 'rater');
    const label = column(run, 'label', 'label');
    const level = o.number('level', 0.95, { min: 0, max: 1, exclusive: true });
    const output = o.choice('output', ['summary', 'confusion'] as const, 'summary');
    const r = `SELECT DISTINCT CAST(${item} AS VARCHAR) AS item, CAST(${rater} AS VARCHAR) AS rater, CAST(${label} AS VARCHAR) AS label ${fromClause(run)} WHERE ${item} IS NOT NULL AND ${rater} IS NOT NULL AND ${label} IS NOT NULL`;
    const notes: string[] = [];
    const [check] = rowsFromTable(await run.query(`SELECT (SELECT count(*) ${fromClause(run)} WHERE ${item} IS NULL OR ${rater} IS NULL OR ${label} IS NULL) AS dropped,
      (SELECT count(*) FROM (SELECT item, rater FROM (${r}) GROUP BY ALL HAVING count(*) > 1)) AS conflicting,
      (SELECT any_value(item || ' by ' || rater) FROM (SELECT item, rater FROM (${r}) GROUP BY ALL HAVING count(*) > 1)) AS example`));
    if (Number(check?.dropped)) notes.push(`${check!.dropped} row(s) without an item, a rater or a label left out`);
    if (Number(check?.conflicting)) o.fail('label', `${check!.conflicting} item(s) have two different labels from the same rater (e.g. item ${String(check!.example)}): keep one label per item and rater in SQL first`);

    const pairs = rowsFromTable(await run.query(`WITH _ag_r AS (${r})
      SELECT a.rater AS rater_a, b.rater AS rater_b, a.label AS label_a, b.label AS label_b, count(*) AS items
      FROM _ag_r a JOIN _ag_r b ON a.item = b.item AND a.rater < b.rater GROUP BY ALL ORDER BY 1, 2, 3, 4`));
    if (output === 'confusion') return { rows: pairs, columns: CONFUSION, types: CONFUSION_TYPES, notes };

    const rows: Record<string, unknown>[] = [];
    const byPair = new Map<string, typeof pairs>();
    for (const p of pairs) byPair.set(`${String(p.rater_a)}\u0000${String(p.rater_b)}`, [...(byPair.get(`${String(p.rater_a)}\u0000${String(p.rater_b)}`) ?? []), p]);
    for (const cells of byPair.values()) {
      const labels = [...new Set(cells.flatMap((c) => [String(c.label_a), String(c.label_b)]))].sort();
      const table = labels.map(() => labels.map(() => 0));
      for (const c of cells) table[labels.indexOf(String(c.label_a))]![labels.indexOf(String(c.label_b))]! += Number(c.items);
      const k = cohensKappa(table, level);
      rows.push({
        method: 'cohen', rater_a: cells[0]!.rater_a, rater_b: cells[0]!.rater_b, items: k.n, raters: 2, kappa: fin(k.kappa), std_error: fin(k.stdError),
        ci_low: fin(k.ciLow), ci_high: fin(k.ciHigh), observed_agreement: k.observed, expected_agreement: k.expected, strength: kappaStrength(k.kappa),
      });
    }
    // Fleiss: items with the most common number of ratings m (Fleiss 1971 needs the same m for every item).
    const [f] = rowsFromTable(await run.query(`WITH _ag_r AS (${r}),
      _ag_c AS (SELECT item, label, count(*) AS n FROM _ag_r GROUP BY ALL),
      _ag_it AS (SELECT item, sum(n) AS m, sum(n * n) AS s FROM _ag_c GROUP BY item),
      _ag_mode AS (SELECT m FROM _ag_it GROUP BY m ORDER BY count(*) DESC, m DESC LIMIT 1),
      _ag_kept AS (SELECT t.* FROM _ag_it t JOIN _ag_mode USING (m) WHERE t.m >= 2),
      _ag_pj AS (SELECT c.label, sum(c.n)::DOUBLE / (SELECT sum(m) FROM _ag_kept) AS p FROM _ag_c c JOIN _ag_kept USING (item) GROUP BY c.label)
      SELECT (SELECT count(*) FROM _ag_kept) AS items, (SELECT any_value(m) FROM _ag_kept) AS m, (SELECT count(*) FROM _ag_it) AS all_items,
             (SELECT avg((s - m)::DOUBLE / (m * (m - 1))) FROM _ag_kept) AS observed, (SELECT sum(p * p) FROM _ag_pj) AS expected,
             (SELECT count(DISTINCT rater) FROM _ag_r) AS raters`));
    const fi = Number(f?.items ?? 0);
    if (fi > 0) {
      const observed = Number(f!.observed);
      const expected = Number(f!.expected);
      const kappa = expected === 1 ? NaN : (observed - expected) / (1 - expected);
      rows.push({ method: 'fleiss', rater_a: null, rater_b: null, items: fi, raters: Number(f!.m), kappa: fin(kappa), std_error: null, ci_low: null, ci_high: null, observed_agreement: observed, expected_agreement: expected, strength: kappaStrength(kappa) });
      const other = Number(f!.all_items) - fi;
      if (other > 0) notes.push(`Fleiss' kappa uses the ${fi} item(s) with ${String(f!.m)} ratings each; ${other} item(s) with another number of ratings are left out of it`);
      if (Number(f!.raters) > Number(f!.m)) notes.push(`Fleiss' kappa: ${String(f!.raters)} raters in all, ${String(f!.m)} per item (raters need not be the same for every item)`);
    }
    return { rows, columns: SUMMARY, types: SUMMARY_TYPES, notes };
  },
});

const fin = (x: number) => (Number.isFinite(x) ? x : null);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The agreement of the raters in words, with the interval when there is one. */
export function agreementVerdict(rows: Record<string, unknown>[], options: Record<string, unknown> = {}): string | undefined {
  const level = formatNumber(num(options.level as number) ?? 0.95, 'percent').replace(/\.0+ %$/, ' %');
  const parts = rows.flatMap((r) => {
    const k = num(r.kappa);
    if (k === null || !('method' in r)) return [];
    const who = r.method === 'cohen' ? `${String(r.rater_a)} and ${String(r.rater_b)}` : `all ${String(r.raters)} raters per item (Fleiss)`;
    const ci = num(r.ci_low) !== null && num(r.ci_high) !== null ? ` (${level} CI ${formatNumber(num(r.ci_low)!, 'number')} to ${formatNumber(num(r.ci_high)!, 'number')})` : '';
    return [`${who}: κ = ${formatNumber(k, 'number')}${ci}, ${String(r.strength)} agreement on ${String(r.items)} items`];
  });
  return parts.length ? parts.join('; ') : undefined;
}
