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
      (1, 'Just downloaded the Pulse app and the update is great'),
      (2, 'My pulse was racing and my heart rate hit 150'),
      (3, 'Pulse keeps crashing on login'),
      (4, 'I love Pulse'),
      (5, 'No mention here'),
      (6, 'Loving #Pulse premium, but my pulse after the gym is a different story'),
      (7, 'PULSE APP IS DOWN'),
      (8, NULL)
    ) AS t(id, post)`,
  );
  await engine.materialize('senses', `SELECT * FROM (VALUES ('app', 'brand', 2), ('beat*', 'Common', 1.5)) AS t(word, sense, weight)`);
  await engine.materialize('beats', `SELECT 'the pulse beats fast, unlike the app' AS post`);
});
afterAll(() => engine.close());

const WORDS = 'term: Pulse\nbrand_words: [app, download, update, subscription, premium, ios, android, login]\ncommon_words: [heart, rate, blood, doctor, racing, check, wrist, beat]';

async function rows(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`entity c\n${body}\n\`\`\`\n`), engine, { previewRows: 100_000 });
  const r = runs.get('c')!;
  if (r.status !== 'ok') throw new Error(r.error);
  const out = rowsFromTable(r.result!.preview).map((x): Record<string, unknown> => ({ ...x, evidence: typeof x.evidence === 'string' ? JSON.parse(x.evidence) : x.evidence }));
  return { rows: out, note: r.result!.note, verdict: r.result!.verdict };
}

describe('entity', () => {
  it('scores each mention by context words in a ±5-token window, capitalization and tags, and decides', async () => {
    const { rows: out, note } = await rows(`from: posts\ntext: post\n${WORDS}`);
    // Hand-derived (tokens numbered from 0, window ±5, brand +1, common −1, capitalized mid-sentence +0.5, #tag +1, threshold 1):
    // 1: pulse@3, window 0..8: app@4 +1, update@7 +1 ("downloaded" is not "download"); "Pulse" mid-sentence +0.5 → 2.5 brand.
    // 2: pulse@1, window 0..6: racing@3 −1, heart@6 −1 (rate@7 is outside) → −2 common; lower case is no evidence.
    // 3: sentence-initial "Pulse" is no evidence; login@4 +1 → 1 brand (≥ threshold).
    // 4: only "Pulse" capitalized mid-sentence → 0.5 unsure.
    // 6: two mentions @1 and @5, windows 0..10: premium@2 +1; "#Pulse" capitalized +0.5 and a tag +1 → 2.5 brand.
    // 7: all caps: capitals say nothing; app +1 → 1 brand.
    expect(out.map((r) => [r.id, r.term_count, r.entity_score, r.decision, r.evidence])).toEqual([
      [1, 1, 2.5, 'brand', ['brand: app', 'brand: update', 'capitalized']],
      [2, 1, -2, 'common', ['common: racing', 'common: heart']],
      [3, 1, 1, 'brand', ['brand: login']],
      [4, 1, 0.5, 'unsure', ['capitalized']],
      [5, 0, null, null, []],
      [6, 2, 2.5, 'brand', ['brand: premium', 'capitalized', 'tag']],
      [7, 1, 1, 'brand', ['brand: app']],
      [8, null, null, null, null],
    ]);
    expect(note).toBe('6 text(s) mention `Pulse`: 4 brand, 1 common word, 1 unsure; 1 row(s) with an empty `post` were kept with null columns');
  });

  it('takes a higher threshold and a narrower window', async () => {
    const { rows: out } = await rows(`from: posts\ntext: post\n${WORDS}\nthreshold: 3\nwindow: 2`);
    // 1: window 1..5: app@4 +1 (update@7 now outside) + 0.5 = 1.5 < 3 → unsure. 2: window 0..3: racing −1 → unsure.
    expect(out.slice(0, 2).map((r) => [r.entity_score, r.decision])).toEqual([[1.5, 'unsure'], [-1, 'unsure']]);
  });

  it('reads weighted context words from a table, with prefix words', async () => {
    // "the pulse beats fast, unlike the app": pulse@1; ±5 → 0..6: beats@2 matches beat* (−1.5), app@6 +2 → 0.5 unsure; ±3 → 0..4: −1.5 common.
    const wide = await rows('from: beats\ntext: post\nterm: pulse\ncontext: senses');
    expect([wide.rows[0]!.entity_score, wide.rows[0]!.decision, wide.rows[0]!.evidence]).toEqual([0.5, 'unsure', ['common: beats', 'brand: app']]);
    const narrow = await rows('from: beats\ntext: post\nterm: pulse\ncontext: senses\nwindow: 3');
    expect([narrow.rows[0]!.entity_score, narrow.rows[0]!.decision]).toEqual([-1.5, 'common']);
  });

  it('gives an empty result with its columns on an empty table, and says when no text mentions the term', async () => {
    await engine.materialize('no_posts', `SELECT * FROM posts WHERE false`);
    const { runs } = await runNotebook(parseNotebook(`\`\`\`entity c\nfrom: no_posts\ntext: post\n${WORDS}\n\`\`\`\n`), engine, { previewRows: 10 });
    const r = runs.get('c')!;
    expect(r.result!.rowCount).toBe(0);
    expect(r.result!.columns.map((c) => c.name)).toEqual(['id', 'post', 'term_count', 'entity_score', 'decision', 'evidence']);
    expect(r.result!.note).toBe('`no_posts` has no rows (a filter that matches nothing?), so the result is empty');
    const { note } = await rows('from: beats\ntext: post\nterm: Jaguar\nbrand_words: [dealer]');
    expect(note).toBe('no text mentions `Jaguar` as a word');
  });

  it('refuses a term of two words, missing context words and a bad context row', async () => {
    await expect(rows('from: posts\ntext: post\nterm: Pulse app\nbrand_words: [x]')).rejects.toThrow('must be one word');
    await expect(rows('from: posts\ntext: post\nterm: Pulse')).rejects.toThrow('needs context words to decide');
    await engine.materialize('bad_senses', `SELECT * FROM (VALUES ('app', 'brand'), ('heart', 'medical')) AS t(word, sense)`);
    await expect(rows('from: posts\ntext: post\nterm: Pulse\ncontext: bad_senses')).rejects.toThrow('row 2 of `bad_senses`: sense `medical` must be `brand` or `common`');
  });
});
