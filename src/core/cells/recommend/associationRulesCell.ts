import { rowsFromTable, type ColumnType } from '../../arrow.ts';
import { associationRules, type FrequentItemset, type RuleMetric } from '../../analytics/recommend/association-rules.ts';
import { quoteIdent } from '../../engine.ts';
import { analysisCell, fromClause, type AnalysisOutput } from '../analysis.ts';
import { column } from '../quality/shared.ts';
import { dropQuietly, wholeOption } from './options.ts';

const METRICS = ['confidence', 'lift', 'support', 'leverage', 'conviction'] as const;
const RULE_COLUMNS = ['antecedents', 'consequents', 'antecedent_support', 'consequent_support', 'support', 'confidence', 'lift', 'leverage', 'conviction', 'baskets', 'antecedent_len', 'consequent_len'];
const RULE_TYPES: Record<string, ColumnType> = { antecedents: 'VARCHAR', consequents: 'VARCHAR', baskets: 'BIGINT', antecedent_len: 'BIGINT', consequent_len: 'BIGINT' };
const ITEMSET_COLUMNS = ['itemset', 'length', 'support', 'baskets'];
const ITEMSET_TYPES: Record<string, ColumnType> = { itemset: 'VARCHAR', length: 'BIGINT', baskets: 'BIGINT' };
/** Items of an itemset are joined by this in the text columns (item names rarely hold it). */
const JOIN = ', ';

/**
 * `association-rules`: frequent itemsets by apriori over baskets and the rules between them. Each
 * level's itemsets are counted in SQL (baskets' items joined with themselves in item order, kept
 * when both the first and the last L − 1 items were frequent, then HAVING support ≥ min_support);
 * rules and their metrics come from the (few) frequent itemsets in TypeScript.
 */
export const associationRulesCell = analysisCell({
  kind: 'association-rules',
  summary: 'Frequent itemsets (apriori, counted in SQL) and association rules with support, confidence, lift, leverage and conviction.',
  formats: { support: 'percent', antecedent_support: 'percent', consequent_support: 'percent', confidence: 'percent', lift: 'number', leverage: 'number', conviction: 'number', baskets: 'count' },
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const basket = column(run, 'basket', 'basket_id');
    const item = column(run, 'item', 'item_id');
    const minSupport = o.number('min_support', 0.05, { min: 0, max: 1, exclusive: false });
    if (minSupport <= 0) o.fail('min_support', 'must be above 0 (a share of baskets, e.g. 0.05)');
    const maxLen = wholeOption(run, 'max_len', 4, 1);
    const output = o.choice('output', ['rules', 'itemsets'] as const, 'rules');
    const metric: RuleMetric = o.choice('metric', METRICS, 'confidence');
    const threshold = o.number('min_threshold', metric === 'lift' || metric === 'conviction' ? 1 : metric === 'leverage' ? 0 : 0.8);
    const id = run.cell.id;
    const items = `__ar_items_${id}`;
    const level = (l: number) => `__ar_level${l}_${id}`;
    const frequentItems = `__ar_frequent_${id}`;
    const made: string[] = [items];
    const notes: string[] = [];
    try {
      // Distinct (basket, item) pairs: an item twice in a basket counts once.
      await run.engine.materialize(items, `SELECT DISTINCT CAST(${basket} AS VARCHAR) AS b, CAST(${item} AS VARCHAR) AS i ${fromClause(run)} WHERE ${basket} IS NOT NULL AND ${item} IS NOT NULL`);
      const [c] = rowsFromTable(await run.query(`SELECT count(DISTINCT b) AS n, (SELECT count(*) ${fromClause(run)} WHERE ${basket} IS NULL OR ${item} IS NULL) AS dropped FROM ${quoteIdent(items)}`));
      const n = Number(c?.n ?? 0);
      if (Number(c?.dropped)) notes.push(`${c!.dropped} row(s) without a basket or an item left out`);
      const minCount = Math.ceil(minSupport * n - 1e-9);
      const sets: (FrequentItemset & { baskets: number })[] = [];
      let stoppedAt = 0;
      for (let l = 1; l <= maxLen && n > 0; l++) {
        const cols = Array.from({ length: l }, (_, k) => `t${k}.i AS i${k}`);
        // From level 2 on, only baskets' frequent items take part (apriori: a superset of an infrequent item is infrequent).
        const src = l === 1 ? items : frequentItems;
        const joins = Array.from({ length: l - 1 }, (_, k) => `JOIN ${quoteIdent(src)} t${k + 1} ON t${k + 1}.b = t0.b AND t${k + 1}.i > t${k}.i`);
        const tuple = (from: number) => `(${Array.from({ length: l - 1 }, (_, k) => `t${k + from}.i`).join(', ')})`;
        const previous = `(SELECT (${Array.from({ length: l - 1 }, (_, k) => `i${k}`).join(', ')}) FROM ${quoteIdent(level(l - 1))})`;
        const prune = l > 2 ? `WHERE ${tuple(0)} IN ${previous} AND ${tuple(1)} IN ${previous}` : '';
        const from = `FROM ${quoteIdent(src)} t0 ${joins.join(' ')}`;
        if (l === 2) {
          made.push(frequentItems);
          await run.engine.materialize(frequentItems, `SELECT * FROM ${quoteIdent(items)} WHERE i IN (SELECT i0 FROM ${quoteIdent(level(1))})`);
        }
        made.push(level(l));
        const info = await run.engine.materialize(level(l), `SELECT ${cols.join(', ')}, count(*) AS baskets ${from} ${prune} GROUP BY ALL HAVING count(*) >= ${minCount}`);
        if (info.rowCount === 0) break;
        const t = rowsFromTable(await run.query(`SELECT * FROM ${quoteIdent(level(l))} ORDER BY ${Array.from({ length: l }, (_, k) => `i${k}`).join(', ')}`));
        for (const r of t) sets.push({ items: Array.from({ length: l }, (_, k) => String(r[`i${k}`])), support: Number(r.baskets) / n, baskets: Number(r.baskets) });
        if (l === maxLen) stoppedAt = l;
      }
      if (stoppedAt) notes.push(`itemsets stop at max_len ${maxLen}; longer ones may be frequent`);
      if (output === 'itemsets') {
        const rows = sets.map((s) => ({ itemset: s.items.join(JOIN), length: s.items.length, support: s.support, baskets: s.baskets }));
        return { rows, columns: ITEMSET_COLUMNS, types: ITEMSET_TYPES, notes };
      }
      const rules = associationRules(sets, metric, threshold);
      const count = new Map(sets.map((s) => [s.items.join('\u0000'), s.baskets]));
      const rows = rules
        .map((r) => ({
          antecedents: r.antecedents.join(JOIN), consequents: r.consequents.join(JOIN), antecedent_support: r.antecedentSupport, consequent_support: r.consequentSupport,
          support: r.support, confidence: r.confidence, lift: r.lift, leverage: r.leverage, conviction: Number.isFinite(r.conviction) ? r.conviction : null,
          baskets: count.get([...r.antecedents, ...r.consequents].sort(byItem).join('\u0000')) ?? null, antecedent_len: r.antecedents.length, consequent_len: r.consequents.length,
        }))
        .sort((a, b) => b.lift - a.lift || b.confidence - a.confidence || b.support - a.support || byItem(a.antecedents, b.antecedents) || byItem(a.consequents, b.consequents));
      if (rows.some((r) => r.conviction === null)) notes.push('conviction is empty where confidence is 1 (infinite: the rule never fails)');
      return { rows, columns: RULE_COLUMNS, types: RULE_TYPES, notes };
    } finally {
      await dropQuietly(run.engine, ...made);
    }
  },
});

/** Text order by code points, as DuckDB compares VARCHAR (the order items are kept in). */
function byItem(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let k = 0; k < Math.min(x.length, y.length); k++) {
    const d = x[k]!.codePointAt(0)! - y[k]!.codePointAt(0)!;
    if (d) return d;
  }
  return x.length - y.length;
}
