import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;
// Wikipedia "Fleiss' kappa" worked example: 10 items, 14 raters, 5 categories (counts per item).
const FLEISS = [
  [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
];

beforeAll(async () => {
  engine = await NativeEngine.create();
  // Wikipedia "Cohen's kappa": 50 items; both yes 20, A yes / B no 5, A no / B yes 10, both no 15.
  const cells: [string, string, number][] = [['yes', 'yes', 20], ['yes', 'no', 5], ['no', 'yes', 10], ['no', 'no', 15]];
  let n = 0;
  const rows: string[] = [];
  for (const [a, b, count] of cells) for (let i = 0; i < count; i++) { n++; rows.push(`(${n}, 'A', '${a}')`, `(${n}, 'B', '${b}')`); }
  await engine.materialize('labels', `SELECT * FROM (VALUES ${rows.join(', ')}, (NULL, 'A', 'yes')) AS t(item_id, rater, label)`);
  // Fleiss: each item's 14 ratings come from raters r1..r14 in turn (who gave which does not matter to Fleiss' kappa).
  const frows = FLEISS.flatMap((counts, i) => counts.flatMap((c, j) => Array(c).fill(`c${j + 1}`)).map((cat, r) => `(${i + 1}, 'r${r + 1}', '${cat}')`));
  await engine.materialize('panel', `SELECT * FROM (VALUES ${frows.join(', ')}) AS t(item_id, rater, label)`);
});
afterAll(() => engine.close());

async function run(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`agreement c\n${body}\n\`\`\`\n`), engine, { previewRows: 100_000 });
  const r = runs.get('c')!;
  if (r.status !== 'ok') throw new Error(r.error);
  return { rows: rowsFromTable(r.result!.preview), note: r.result!.note ?? '', verdict: r.result!.verdict };
}

describe('agreement', () => {
  it("gives Cohen's kappa of Wikipedia's example with the asymptotic interval", async () => {
    const { rows, note, verdict } = await run('from: labels');
    const cohen = rows.find((r) => r.method === 'cohen')!;
    expect([cohen.rater_a, cohen.rater_b, cohen.items]).toEqual(['A', 'B', 50]);
    expect(Number(cohen.kappa)).toBeCloseTo(0.4, 12);
    expect(Number(cohen.observed_agreement)).toBeCloseTo(0.7, 12);
    expect(Number(cohen.expected_agreement)).toBeCloseTo(0.5, 12);
    // SE by hand (rater-agreement.test.ts): √0.016128.
    expect(Number(cohen.std_error)).toBeCloseTo(Math.sqrt(0.016128), 12);
    expect(cohen.strength).toBe('fair');
    // With two raters Fleiss' kappa is Scott's pi: pₑ from the pooled labels, (0.55² + 0.45²) = 0.505; κ = (0.7 − 0.505) / 0.495 = 0.393939.
    expect(Number(rows.find((r) => r.method === 'fleiss')!.kappa)).toBeCloseTo(0.195 / 0.495, 12);
    expect(note).toContain('1 row(s) without an item, a rater or a label left out');
    expect(verdict).toMatch(/^A and B: κ = 0\.4 \(95 % CI 0\.151 to 0\.649\), fair agreement on 50 items/);
    const confusion = await run('from: labels\noutput: confusion');
    expect(confusion.rows.map((r) => [r.label_a, r.label_b, Number(r.items)])).toEqual([['no', 'no', 15], ['no', 'yes', 10], ['yes', 'no', 5], ['yes', 'yes', 20]]);
  });

  it("gives Fleiss' kappa of Wikipedia's worked example", async () => {
    const { rows, note } = await run('from: panel');
    const f = rows.find((r) => r.method === 'fleiss')!;
    // Wikipedia: P̄ = 0.378, P̄ₑ = 0.213, κ = 0.210.
    expect([f.items, f.raters]).toEqual([10, 14]);
    expect(Number(f.observed_agreement)).toBeCloseTo(0.378, 3);
    expect(Number(f.expected_agreement)).toBeCloseTo(0.213, 3);
    expect(Number(f.kappa)).toBeCloseTo(0.21, 3);
    expect(rows.filter((r) => r.method === 'cohen').length).toBe(91); // 14 · 13 / 2 pairs
    expect(note).toBe('');
  });

  it('refuses two labels from one rater for one item', async () => {
    await engine.materialize('twice', `SELECT * FROM (VALUES (1, 'A', 'yes'), (1, 'A', 'no'), (1, 'B', 'yes')) AS t(item_id, rater, label)`);
    await expect(run('from: twice')).rejects.toThrow(/1 item\(s\) have two different labels from the same rater \(e\.g\. item 1 by A\)/);
  });
});
