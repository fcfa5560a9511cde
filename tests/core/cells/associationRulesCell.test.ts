import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;
// mlxtend user guide (apriori / association_rules): the five baskets; basket 5 lists Onion twice.
const DATASET = [
  ['Milk', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
  ['Dill', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
  ['Milk', 'Apple', 'Kidney Beans', 'Eggs'],
  ['Milk', 'Unicorn', 'Corn', 'Kidney Beans', 'Yogurt'],
  ['Corn', 'Onion', 'Onion', 'Kidney Beans', 'Ice cream', 'Eggs'],
];

beforeAll(async () => {
  engine = await NativeEngine.create();
  const rows = DATASET.flatMap((b, i) => b.map((item) => `(${i + 1}, '${item}')`));
  await engine.materialize('baskets', `SELECT * FROM (VALUES ${rows.join(', ')}, (NULL, 'Milk')) AS t(basket_id, item_id)`);
});
afterAll(() => engine.close());

async function run(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`association-rules c\n${body}\n\`\`\`\n`), engine, { previewRows: 100_000 });
  const r = runs.get('c')!;
  if (r.status !== 'ok') throw new Error(r.error);
  return { rows: rowsFromTable(r.result!.preview), note: r.result!.note ?? '' };
}

describe('association-rules', () => {
  it("finds mlxtend's frequent itemsets at min_support 0.6", async () => {
    const { rows, note } = await run('from: baskets\nmin_support: 0.6\noutput: itemsets');
    // apriori(df, min_support=0.6, use_colnames=True), mlxtend user guide.
    expect(rows.map((r) => [r.itemset, Number(r.support)])).toEqual([
      ['Eggs', 0.8], ['Kidney Beans', 1], ['Milk', 0.6], ['Onion', 0.6], ['Yogurt', 0.6],
      ['Eggs, Kidney Beans', 0.8], ['Eggs, Onion', 0.6], ['Kidney Beans, Milk', 0.6], ['Kidney Beans, Onion', 0.6], ['Kidney Beans, Yogurt', 0.6],
      ['Eggs, Kidney Beans, Onion', 0.6],
    ]);
    expect(note).toContain('1 row(s) without a basket or an item left out');
  });

  it("gives mlxtend's rules table (confidence ≥ 0.9 and lift ≥ 1.2) with leverage and conviction", async () => {
    const { rows } = await run('from: baskets\nmin_support: 0.6\nmin_threshold: 0.9');
    const key = (r: Record<string, unknown>) => `${String(r.antecedents)} -> ${String(r.consequents)}`;
    expect(rows.map(key).sort()).toEqual([
      'Eggs -> Kidney Beans', 'Eggs, Onion -> Kidney Beans', 'Kidney Beans, Onion -> Eggs', 'Milk -> Kidney Beans',
      'Onion -> Eggs', 'Onion -> Eggs, Kidney Beans', 'Onion -> Kidney Beans', 'Yogurt -> Kidney Beans',
    ]);
    const lift = await run('from: baskets\nmin_support: 0.6\nmetric: lift\nmin_threshold: 1.2');
    // User guide Example 2: antecedent support, consequent support, support, confidence, lift; leverage and
    // conviction by their definitions: Eggs → Onion leverage 0.6 − 0.8·0.6 = 0.12, conviction 0.4 / 0.25 = 1.6.
    const table = lift.rows.map((r) => [key(r), r.antecedent_support, r.consequent_support, r.support, Number(r.confidence), Number(r.lift), Number(r.leverage), r.conviction === null ? null : Number(r.conviction)]);
    const close = (v: number) => expect.closeTo(v, 12);
    expect(table).toEqual([
      ['Kidney Beans, Onion -> Eggs', 0.6, 0.8, 0.6, close(1), close(1.25), close(0.12), null],
      ['Onion -> Eggs', 0.6, 0.8, 0.6, close(1), close(1.25), close(0.12), null],
      ['Onion -> Eggs, Kidney Beans', 0.6, 0.8, 0.6, close(1), close(1.25), close(0.12), null],
      ['Eggs -> Kidney Beans, Onion', 0.8, 0.6, 0.6, close(0.75), close(1.25), close(0.12), close(1.6)],
      ['Eggs -> Onion', 0.8, 0.6, 0.6, close(0.75), close(1.25), close(0.12), close(1.6)],
      ['Eggs, Kidney Beans -> Onion', 0.8, 0.6, 0.6, close(0.75), close(1.25), close(0.12), close(1.6)],
    ]);
    expect(lift.note).toContain('conviction is empty where confidence is 1');
  });

  it('stops at max_len and says so; refuses a zero support', async () => {
    const { rows, note } = await run('from: baskets\nmin_support: 0.6\nmax_len: 2\noutput: itemsets');
    expect(rows.length).toBe(10);
    expect(note).toContain('itemsets stop at max_len 2');
    await expect(run('from: baskets\nmin_support: 0')).rejects.toThrow(/min_support:.*above 0/);
  });
});
