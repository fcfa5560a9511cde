import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.materialize(
    'posts',
    `SELECT * FROM (VALUES
      (1, 'My order never arrived and I want a refund. Worst service!'),
      (2, 'How do I reset my password?'),
      (3, 'Love this serum, highly recommend it!'),
      (4, 'Great price, is there a discount code?'),
      (5, 'The border was closed on Tuesday'),
      (6, NULL),
      (7, 'great but late'),
      (8, 'It doesn’t work')
    ) AS t(id, post)`,
  );
  await engine.materialize('my_rules', `SELECT * FROM (VALUES ('refund_request', 'refund', 3), ('refund_request', '/money\\s+back/', 2), ('praise', 'love', 1)) AS t(class, pattern, weight)`);
  await engine.materialize('my_posts', `SELECT * FROM (VALUES (1, 'I love it but I want my money   back, REFUND please'), (2, 'love love'), (3, 'nothing to see')) AS t(id, post)`);
});
afterAll(() => engine.close());

async function rows(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`intent c\n${body}\n\`\`\`\n`), engine, { previewRows: 100_000 });
  const r = runs.get('c')!;
  if (r.status !== 'ok') throw new Error(r.error);
  return { rows: rowsFromTable(r.result!.preview).map((x): Record<string, unknown> => ({ ...x, matched: typeof x.matched === 'string' ? JSON.parse(x.matched) : x.matched })), note: r.result!.note };
}

describe('intent', () => {
  it('classifies with the default rules, scores confidence as the winning share and routes to queues', async () => {
    const { rows: out, note } = await rows('from: posts\ntext: post');
    // Hand-derived from the default rules (docs/cells/text.md):
    // 1: complaint refund 2 + worst 2 + never arrived 2 = 6; purchase_intent order 1 → 6 / 7.
    // 2: inquiry "how do i" 2 + ends with "?" 1 = 3, nothing else → 1.
    // 3: endorsement love 2 + recommend 2 → 1.
    // 4: purchase_intent discount code 2 + price 1 = 3; inquiry is there 1 + "?" 1 = 2; endorsement great 1 → 3 / 6 = 0.5 < 0.6: review.
    // 5: "border" is not the word "order": no rule → other, triage.
    // 7: endorsement great 1, complaint late 1: a tie goes to the class listed first (complaint), 1 / 2 → review.
    // 8: the typographic apostrophe reads as "doesn't work" → complaint 2 → 1.
    expect(out.map((r) => [r.id, r.intent, r.queue, r.review])).toEqual([
      [1, 'complaint', 'support', false],
      [2, 'inquiry', 'customer_care', false],
      [3, 'endorsement', 'community', false],
      [4, 'purchase_intent', 'review', true],
      [5, 'other', 'triage', false],
      [6, null, null, null],
      [7, 'complaint', 'review', true],
      [8, 'complaint', 'support', false],
    ]);
    expect(out[0]!.confidence).toBeCloseTo(6 / 7, 12);
    expect(out.map((r) => r.confidence).slice(1)).toEqual([1, 1, 0.5, null, null, 0.5, 1]);
    expect(out[0]!.matched).toEqual(['complaint: refund', 'complaint: worst', 'complaint: never arrived', 'purchase_intent: order']);
    expect(out[4]!.matched).toEqual([]);
    expect(note).toBe('queues: review 2, support 2, community 1, customer_care 1, triage 1; 1 row(s) with an empty `post` were kept with null columns');
  });

  it('takes a rules table (words and /regex/ with weights), a queue map and its own review threshold', async () => {
    const { rows: out } = await rows('from: my_posts\ntext: post\nrules: my_rules\nqueues: {refund_request: billing}\nreview_below: 0.9\nreview_queue: humans');
    // 1: refund_request refund 3 + money back 2 = 5; praise love 1 → 5 / 6 ≈ 0.83 < 0.9 → humans.
    // 2: praise 1 → 1, an unmapped class is its own queue. 3: no rule → other → triage.
    expect(out.map((r) => [r.intent, r.queue, r.review])).toEqual([['refund_request', 'humans', true], ['praise', 'praise', false], ['other', 'triage', false]]);
    expect(out[0]!.confidence).toBeCloseTo(5 / 6, 12);
    expect(out[0]!.matched).toEqual(['refund_request: refund', 'refund_request: /money\\s+back/', 'praise: love']);
    const { rows: routed } = await rows('from: my_posts\ntext: post\nrules: my_rules\nqueues: {refund_request: billing}');
    expect(routed[0]!.queue).toBe('billing');
  });

  it('gives an empty result with its columns and the empty-input note on an empty table', async () => {
    await engine.materialize('no_posts', `SELECT * FROM posts WHERE false`);
    const { runs } = await runNotebook(parseNotebook('```intent c\nfrom: no_posts\ntext: post\n```\n'), engine, { previewRows: 10 });
    const r = runs.get('c')!;
    expect(r.result!.rowCount).toBe(0);
    expect(r.result!.columns.map((c) => c.name)).toEqual(['id', 'post', 'intent', 'confidence', 'matched', 'queue', 'review']);
    expect(r.result!.note).toBe('`no_posts` has no rows (a filter that matches nothing?), so the result is empty');
  });

  it('names the row of a bad rule and refuses a wrong queues option', async () => {
    await engine.materialize('bad_weight', `SELECT * FROM (VALUES ('a', 'x', '1'), ('b', 'y', 'heavy')) AS t(class, pattern, weight)`);
    await expect(rows('from: posts\ntext: post\nrules: bad_weight')).rejects.toThrow('row 2 of `bad_weight`: weight `heavy` must be a number above 0');
    await engine.materialize('bad_regex', `SELECT * FROM (VALUES ('a', '/(unclosed/', 1)) AS t(class, pattern, weight)`);
    await expect(rows('from: posts\ntext: post\nrules: bad_regex')).rejects.toThrow('row 1 of `bad_regex`: `/(unclosed/` is not a valid regular expression');
    await engine.materialize('no_class', `SELECT 'x' AS pattern`);
    await expect(rows('from: posts\ntext: post\nrules: no_class')).rejects.toThrow('needs columns `class` and `pattern`');
    await expect(rows('from: posts\ntext: post\nqueues: [a, b]')).rejects.toThrow('must be a map of class to queue');
  });
});
