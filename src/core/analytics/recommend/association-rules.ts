/** A frequent itemset: its items (in a fixed order) and the share of baskets holding all of them. */
export interface FrequentItemset {
  items: string[];
  support: number;
}

export interface AssociationRule {
  antecedents: string[];
  consequents: string[];
  antecedentSupport: number;
  consequentSupport: number;
  support: number;
  confidence: number;
  lift: number;
  leverage: number;
  /** (1 − consequent support) / (1 − confidence); Infinity when the rule never fails (confidence 1). */
  conviction: number;
}

export type RuleMetric = 'support' | 'confidence' | 'lift' | 'leverage' | 'conviction';

/**
 * Every rule A → C from frequent itemsets (A and C disjoint, non-empty, A ∪ C frequent) with its
 * metrics, kept when `metric` ≥ `minThreshold` — as mlxtend's `association_rules`:
 * confidence = s(A∪C) / s(A), lift = confidence / s(C), leverage = s(A∪C) − s(A)·s(C),
 * conviction = (1 − s(C)) / (1 − confidence). Every subset of a frequent itemset is frequent
 * (apriori's downward closure), so the supports of A and C are among the itemsets given.
 *
 * @example
 * // mlxtend user guide: (Onion) → (Eggs) has support 0.6, confidence 1.0, lift 1.25.
 * associationRules([{ items: ['Eggs'], support: 0.8 }, { items: ['Onion'], support: 0.6 }, { items: ['Eggs', 'Onion'], support: 0.6 }], 'confidence', 0.9)
 */
export function associationRules(itemsets: readonly FrequentItemset[], metric: RuleMetric = 'confidence', minThreshold = 0.8): AssociationRule[] {
  const key = (items: readonly string[]) => JSON.stringify([...items].sort());
  const support = new Map(itemsets.map((s) => [key(s.items), s.support]));
  const rules: AssociationRule[] = [];
  for (const set of itemsets) {
    const n = set.items.length;
    if (n < 2) continue;
    // Every non-empty proper subset as the antecedent (bit masks over the itemset's items).
    for (let mask = 1; mask < (1 << n) - 1; mask++) {
      const a = set.items.filter((_, i) => mask & (1 << i));
      const c = set.items.filter((_, i) => !(mask & (1 << i)));
      const sa = support.get(key(a));
      const sc = support.get(key(c));
      if (sa === undefined || sc === undefined) throw new Error(`itemset {${set.items.join(', ')}} is frequent but its subset {${(sa === undefined ? a : c).join(', ')}} is not among the itemsets`);
      const confidence = set.support / sa;
      const rule: AssociationRule = {
        antecedents: a,
        consequents: c,
        antecedentSupport: sa,
        consequentSupport: sc,
        support: set.support,
        confidence,
        lift: confidence / sc,
        leverage: set.support - sa * sc,
        conviction: confidence >= 1 ? Infinity : (1 - sc) / (1 - confidence),
      };
      if (rule[metric] >= minThreshold) rules.push(rule);
    }
  }
  return rules;
}
