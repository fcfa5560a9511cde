import { describe, expect, it } from 'vitest';
import { associationRules, type FrequentItemset } from '../../../../src/core/analytics/recommend/association-rules.ts';

// mlxtend user guide (association_rules, Example 1): apriori(df, min_support=0.6) on the five baskets
// "Milk, Onion, Nutmeg, Kidney Beans, Eggs, Yogurt" … gives these 11 itemsets.
const ITEMSETS: FrequentItemset[] = [
  { items: ['Eggs'], support: 0.8 }, { items: ['Kidney Beans'], support: 1.0 }, { items: ['Milk'], support: 0.6 },
  { items: ['Onion'], support: 0.6 }, { items: ['Yogurt'], support: 0.6 }, { items: ['Eggs', 'Kidney Beans'], support: 0.8 },
  { items: ['Eggs', 'Onion'], support: 0.6 }, { items: ['Kidney Beans', 'Milk'], support: 0.6 }, { items: ['Kidney Beans', 'Onion'], support: 0.6 },
  { items: ['Kidney Beans', 'Yogurt'], support: 0.6 }, { items: ['Eggs', 'Kidney Beans', 'Onion'], support: 0.6 },
];
const name = (r: { antecedents: string[]; consequents: string[] }) => `${r.antecedents.join(', ')} -> ${r.consequents.join(', ')}`;

describe('associationRules (mlxtend association_rules)', () => {
  it('keeps the 8 rules of confidence ≥ 0.9 printed in the user guide', () => {
    const rules = associationRules(ITEMSETS, 'confidence', 0.9);
    expect(rules.map(name).sort()).toEqual([
      'Eggs -> Kidney Beans', 'Eggs, Onion -> Kidney Beans', 'Kidney Beans, Onion -> Eggs', 'Milk -> Kidney Beans',
      'Onion -> Eggs', 'Onion -> Eggs, Kidney Beans', 'Onion -> Kidney Beans', 'Yogurt -> Kidney Beans',
    ]);
    const onionEggs = rules.find((r) => name(r) === 'Onion -> Eggs')!;
    expect([onionEggs.antecedentSupport, onionEggs.consequentSupport, onionEggs.support, onionEggs.confidence, onionEggs.lift]).toEqual([0.6, 0.8, 0.6, 1, 1.25]);
  });

  it('keeps the 6 rules of lift ≥ 1.2 (Example 2) with leverage and conviction by their definitions', () => {
    const rules = associationRules(ITEMSETS, 'lift', 1.2);
    expect(rules.map(name).sort()).toEqual([
      'Eggs -> Kidney Beans, Onion', 'Eggs -> Onion', 'Eggs, Kidney Beans -> Onion', 'Kidney Beans, Onion -> Eggs', 'Onion -> Eggs', 'Onion -> Eggs, Kidney Beans',
    ]);
    // Eggs → Onion: confidence 0.6 / 0.8 = 0.75 (guide), lift 0.75 / 0.6 = 1.25 (guide);
    // leverage 0.6 − 0.8 · 0.6 = 0.12; conviction (1 − 0.6) / (1 − 0.75) = 1.6.
    const r = rules.find((x) => name(x) === 'Eggs -> Onion')!;
    expect(r.confidence).toBeCloseTo(0.75, 12);
    expect(r.lift).toBeCloseTo(1.25, 12);
    expect(r.leverage).toBeCloseTo(0.12, 12);
    expect(r.conviction).toBeCloseTo(1.6, 12);
    expect(rules.find((x) => name(x) === 'Onion -> Eggs')!.conviction).toBe(Infinity);
  });
});
