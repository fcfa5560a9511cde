import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';
import { runKind } from './runKind.ts';

let engine: NativeEngine;

// IIR (Manning, Raghavan & Schütze 2008) ch. 13, Example 13.1: three China documents, one not; d5 is China with
// P̂(c|d5) ∝ 3/4 · (3/7)³ · (1/14)² and P̂(c̄|d5) ∝ 1/4 · (2/9)⁵ (worked in tests/core/analytics/text/naive-bayes.test.ts).
const CHINA = (3 / 4) * (3 / 7) ** 3 * (1 / 14) ** 2;
const OTHER = (1 / 4) * (2 / 9) ** 5;

beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.materialize('train_docs', `SELECT * FROM (VALUES
    (1, 'Chinese Beijing Chinese', 'yes'), (2, 'Chinese Chinese Shanghai', 'yes'), (3, 'Chinese Macao', 'yes'),
    (4, 'Tokyo Japan Chinese', 'no'), (5, 'Osaka', NULL), (6, NULL, 'no')) AS t(doc, body, china)`);
  await engine.materialize('test_docs', `SELECT * FROM (VALUES (5, 'Chinese Chinese Chinese Tokyo Japan'), (6, 'Kyoto Osaka'), (7, NULL), (8, 'Tokyo Japan')) AS t(doc, body)`);
  await engine.materialize('one_class', `SELECT 'a b c' AS body, 'x' AS china`);
});
afterAll(() => engine.close());

describe('naive-bayes', () => {
  it('trains on the labelled table and predicts IIR\'s d5 as China with its posterior, row order kept', async () => {
    const r = await runKind(engine, 'naive-bayes', 'from: test_docs\ntext: body\ntrain: train_docs\nlabel: china\n');
    expect(r.error).toBeUndefined();
    expect(r.columns).toEqual(['doc', 'body', 'predicted', 'probability', 'tokens', 'unknown_tokens', 'evidence', 'review']);
    expect(r.rows.map((x) => [x.doc, x.predicted, x.tokens, x.unknown_tokens])).toEqual([
      [5, 'yes', 5, 0],
      [6, 'yes', 2, 2], // no known word: the prior 3/4 decides
      [7, null, null, null],
      [8, 'no', 2, 0], // (1/4)(2/9)² = 0.0123 vs (3/4)(1/14)² = 0.0038
    ]);
    expect(r.rows[0]!.probability).toBeCloseTo(CHINA / (CHINA + OTHER), 10);
    expect(r.rows[1]!.probability).toBeCloseTo(3 / 4, 10);
    const p8 = (1 / 4) * (2 / 9) ** 2;
    const q8 = (3 / 4) * (1 / 14) ** 2;
    expect(r.rows[3]!.probability).toBeCloseTo(p8 / (p8 + q8), 10);
    expect(r.rows.map((x) => x.review)).toEqual([false, false, null, false]);
    expect(String(r.rows[0]!.evidence)).toContain('chinese (1.97)'); // 3 · ln(27/14) = 1.970
    expect(r.note).toMatch(/trained on 4 text\(s\) of `train_docs`: no 1, yes 3; 6 distinct words/);
    expect(r.note).toMatch(/2 row\(s\) of `train_docs` without a text or a label/);
    expect(r.note).toMatch(/1 row\(s\) without a text \(NULL\)/);
    // 2 unknown words of 9 scored.
    expect(r.note).toMatch(/22\.2 % of the words scored were not in the training vocabulary/);
  });

  it('review_below flags uncertain predictions; output terms lists the words that point to each class', async () => {
    const r = await runKind(engine, 'naive-bayes', 'from: test_docs\ntext: body\ntrain: train_docs\nlabel: china\nreview_below: 0.7\n');
    expect(r.rows.map((x) => x.review)).toEqual([true, false, null, false]); // 0.690 < 0.7; 0.75; 0.763
    const t = await runKind(engine, 'naive-bayes', 'from: test_docs\ntext: body\ntrain: train_docs\nlabel: china\noutput: terms\ntop_terms: 2\n');
    expect(t.columns).toEqual(['class', 'rank', 'term', 'count', 'probability', 'log_ratio']);
    // "no": japan and tokyo 2/9 vs 1/14 → ln(28/9) each, tie by term; "yes": beijing, macao, shanghai 2/14 vs 1/9 → ln(9/7); chinese 3/7 vs 2/9 → ln(27/14) first.
    expect(t.rows.map((x) => [x.class, x.rank, x.term, x.count])).toEqual([['no', 1, 'japan', 1], ['no', 2, 'tokyo', 1], ['yes', 1, 'chinese', 5], ['yes', 2, 'beijing', 1]]);
    expect(t.rows[0]!.log_ratio).toBeCloseTo(Math.log(28 / 9), 12);
    expect(t.rows[2]!.log_ratio).toBeCloseTo(Math.log(27 / 14), 12);
  });

  it('says what is wrong with the options or the training table', async () => {
    expect((await runKind(engine, 'naive-bayes', 'from: test_docs\ntext: body\nlabel: china\n')).error).toMatch(/`train:` is required/);
    expect((await runKind(engine, 'naive-bayes', 'from: test_docs\ntext: body\ntrain: train_docs\n')).error).toMatch(/`label:` is required/);
    expect((await runKind(engine, 'naive-bayes', 'from: test_docs\ntext: body\ntrain: train_docs\nlabel: nope\n')).error).toMatch(/`nope` is not a column of `train_docs`/);
    expect((await runKind(engine, 'naive-bayes', 'from: test_docs\ntext: body\ntrain: one_class\nlabel: china\n')).error).toMatch(/only the class `x`; a classifier needs texts of at least two classes/);
    expect((await runKind(engine, 'naive-bayes', 'from: test_docs\ntext: body\ntrain: train_docs\nlabel: china\nalpha: 0\n')).error).toMatch(/`alpha:` must be above 0/);
  });

  it('an empty input gives the typed columns and the training note', async () => {
    const r = await runKind(engine, 'naive-bayes', 'from: empty\ntext: body\ntrain: train_docs\nlabel: china\n', '```sql empty\nSELECT * FROM test_docs WHERE false\n```\n');
    expect(r.error).toBeUndefined();
    expect(r.rows).toEqual([]);
    expect(r.columns).toContain('predicted');
  });
});
