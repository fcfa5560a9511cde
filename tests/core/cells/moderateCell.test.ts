import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromColumns } from '../../../src/core/arrow.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';
import { runKind } from './runKind.ts';

let engine: NativeEngine;
// id, text, human label (null: not reviewed)
const comments: [number, string | null, string | null][] = [
  [1, 'Love this product!', 'ok'],
  [2, 'you are a f.u.c.k.i.n.g idiot', 'violation'],
  [3, 'what an @$$', 'violation'],
  [4, 'Get FREE followers at spam.example', 'violation'],
  [5, 'great class, thanks', 'ok'],
  [6, 'this is shit', 'ok'],
  [7, 'where do I order?', null],
  [8, null, null],
  [9, 'you are an idiot', 'ok'],
];

beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.registerArrow('comments', tableFromColumns([
    { name: 'id', type: 'BIGINT', values: comments.map((c) => c[0]) },
    { name: 'text', type: 'VARCHAR', values: comments.map((c) => c[1]) },
    { name: 'label', type: 'VARCHAR', values: comments.map((c) => c[2]) },
  ]));
  await engine.registerArrow('rules', tableFromColumns([
    { name: 'rule', type: 'VARCHAR', values: ['f-word', 'insult', 'ass', 'follower scam', 'shit'] },
    { name: 'pattern', type: 'VARCHAR', values: ['fucking', 'idiot', 'ass', 'free\\s+followers', 'shit'] },
    { name: 'type', type: 'VARCHAR', values: ['keyword', 'keyword', 'keyword', 'regex', 'keyword'] },
    { name: 'category', type: 'VARCHAR', values: ['profanity', 'harassment', 'harassment', 'spam', 'profanity'] },
    { name: 'severity', type: 'DOUBLE', values: [0.9, 0.6, 0.6, 0.95, 0.95] },
  ]));
});
afterAll(() => engine.close());

const run = (body: string) => runKind(engine, 'moderate', body);

const base = 'from: comments\nrules: rules\n';

describe('moderate', () => {
  it('messages: every row in order with its matches, noisy-or confidence and decision', async () => {
    const { rows, columns, error } = await run(base);
    expect(error).toBeUndefined();
    expect(columns).toEqual(['id', 'text', 'label', 'matched_rules', 'categories', 'top_category', 'confidence', 'obfuscated', 'decision']);
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const by = Object.fromEntries(rows.map((r) => [r.id, r]));
    // f.u.c.k.i.n.g (obfuscated, 0.9·0.9 = 0.81) and idiot (0.6): 1 − 0.19·0.4 = 0.924 → auto.
    expect(by[2]).toMatchObject({ matched_rules: 'f-word, insult', obfuscated: true, decision: 'auto', top_category: 'profanity' });
    expect(by[2].confidence).toBeCloseTo(1 - 0.19 * 0.4, 12);
    // @$$ → ass, obfuscated: 0.54 → review.
    expect(by[3]).toMatchObject({ matched_rules: 'ass', decision: 'review' });
    expect(by[3].confidence).toBeCloseTo(0.54, 12);
    expect(by[4]).toMatchObject({ matched_rules: 'follower scam', decision: 'auto' });
    expect(by[5]).toMatchObject({ matched_rules: null, confidence: 0, decision: 'allow' });
    expect(by[9]).toMatchObject({ decision: 'review' });
    expect(by[8]).toMatchObject({ decision: null });
    expect((await engine.listTables()).filter((t) => t.startsWith('__moderate'))).toEqual([]);
  });

  it('queue: the review decisions, most confident first', async () => {
    const { rows } = await run(`${base}output: queue\n`);
    expect(rows.map((r) => r.id)).toEqual([9, 3]);
  });

  it('rates with labels: review and auto rates, overturns of auto actions, precision and recall (counted by hand)', async () => {
    const { rows, verdict } = await run(`${base}label: label\nviolation_values: [violation]\noutput: rates\n`);
    const all = rows.find((r) => r.category === 'all')!;
    // 8 texts: auto 2, 4, 6 (shit 0.95); review 3, 9; allow 1, 5, 7.
    expect([all.messages, all.auto, all.review, all.allow]).toEqual([8, 3, 2, 3]);
    expect(all.review_rate).toBeCloseTo(2 / 8, 15);
    expect(all.labelled).toBe(7);
    // Auto and labelled: 2 (violation), 4 (violation), 6 (ok) → 1 of 3 overturned.
    expect(all.overturn_rate).toBeCloseTo(1 / 3, 15);
    // Flagged and labelled: 2, 3, 4 violation; 6, 9 ok → precision 3/5; violations 2, 3, 4 all flagged → recall 1.
    expect(all.precision).toBeCloseTo(3 / 5, 15);
    expect(all.recall).toBe(1);
    expect(rows.find((r) => r.category === 'profanity')).toMatchObject({ messages: 2, auto: 2 });
    expect(verdict).toBe('3 of 8 messages actioned automatically, 2 (25.0 %) sent to review; 33.3 % of labelled auto actions overturned by reviewers');
  });

  it('names bad rules and options', async () => {
    await engine.registerArrow('bad_rules', tableFromColumns([{ name: 'pattern', type: 'VARCHAR', values: ['('] }, { name: 'type', type: 'VARCHAR', values: ['regex'] }]));
    expect((await run('from: comments\nrules: bad_rules\n')).error).toMatch(/moderate `rules:` rule `\(` : `\(` is not a regular expression|rule `\(`: `\(` is not a regular expression/);
    expect((await run(`${base}auto_threshold: 0.3\n`)).error).toMatch(/`auto_threshold:` must be at least review_threshold/);
    expect((await run('from: comments\nrules: nowhere\n')).error).toMatch(/unknown table `nowhere`/);
  });
});
