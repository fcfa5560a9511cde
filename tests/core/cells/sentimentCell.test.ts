import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

// Comments whose compound scores are VADER's README values (cjhutto/vaderSentiment README.rst).
beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.materialize(
    'comments',
    `SELECT * FROM (VALUES
      (1, 'ig', 'VADER is smart, handsome, and funny.'),          -- 0.8316
      (2, 'ig', 'VADER is not smart, handsome, nor funny.'),      -- -0.7424
      (3, 'tt', 'The book was good.'),                            -- 0.4404
      (4, 'tt', 'Today SUX!'),                                    -- -0.5461
      (5, 'tt', 'The meeting is on Tuesday'),                     -- 0 (no lexicon word)
      (6, 'ig', NULL),
      (7, NULL, 'Make sure you :) or :D today!')                  -- 0.8633
    ) AS t(id, platform, comment)`,
  );
  await engine.materialize('no_comments', `SELECT * FROM comments WHERE false`);
});
afterAll(() => engine.close());

async function run(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`sentiment c\n${body}\n\`\`\`\n`), engine, { previewRows: 100_000 });
  return runs.get('c')!;
}
async function rows(body: string) {
  const r = await run(body);
  if (r.status !== 'ok') throw new Error(r.error);
  return { rows: rowsFromTable(r.result!.preview), note: r.result!.note, verdict: r.result!.verdict };
}

describe('sentiment', () => {
  it('scores each row with VADER, labels it by ±0.05 and flags weak scores for review', async () => {
    const { rows: out, note } = await rows('from: comments\ntext: comment');
    expect(out.map((r) => [r.id, r.compound, r.label, r.review])).toEqual([
      [1, 0.8316, 'positive', false],
      [2, -0.7424, 'negative', false],
      [3, 0.4404, 'positive', false],
      [4, -0.5461, 'negative', false],
      [5, 0, 'neutral', true],
      [6, null, null, null],
      [7, 0.8633, 'positive', false],
    ]);
    expect([out[0]!.pos, out[0]!.neu, out[0]!.neg]).toEqual([0.746, 0.254, 0]);
    expect(out[0]!.platform).toBe('ig');
    expect(note).toBe('1 row(s) with an empty `comment` have no score (compound and label null)');
  });

  it('takes its own thresholds: a 0.5 cut-off makes 0.4404 neutral and sends it to review below 0.6', async () => {
    const { rows: out } = await rows('from: comments\ntext: comment\npositive: 0.5\nnegative: -0.5\nreview_below: 0.6');
    expect(out.map((r) => [r.id, r.label, r.review])).toEqual([
      [1, 'positive', false], [2, 'negative', false], [3, 'neutral', true], [4, 'negative', true], [5, 'neutral', true], [6, null, null], [7, 'positive', false],
    ]);
  });

  it('aggregates by segment: n, mean and median compound, label shares, texts to review', async () => {
    const { rows: out, verdict } = await rows('from: comments\ntext: comment\nby: platform\noutput: segments');
    // ig: 0.8316 and -0.7424 (one empty text); tt: 0.4404, -0.5461, 0; (empty platform): 0.8633.
    expect(out.map((r) => [r.platform, r.segment, r.n, r.n_missing, r.share_positive, r.share_neutral, r.share_negative, r.n_review])).toEqual([
      [null, '(empty)', 1, 0, 1, 0, 0, 0],
      ['ig', 'ig', 2, 1, 0.5, 0, 0.5, 0],
      ['tt', 'tt', 3, 0, 1 / 3, 1 / 3, 1 / 3, 1],
    ]);
    expect(out[1]!.mean_compound).toBeCloseTo((0.8316 - 0.7424) / 2, 10);
    expect(out[2]!.mean_compound).toBeCloseTo((0.4404 - 0.5461 + 0) / 3, 10);
    expect(out[2]!.median_compound).toBeCloseTo(0, 10);
    expect(verdict).toBe('Most positive: (empty) (mean compound 0.86, 100 % positive); most negative: tt (-0.04, 33 % negative)');
  });

  it('gives one overall row without by:', async () => {
    const { rows: out } = await rows('from: comments\ntext: comment\noutput: segments');
    expect(out.map((r) => [r.segment, r.n, r.n_missing])).toEqual([['all', 6, 1]]);
  });

  it('returns typed empty results for an empty table', async () => {
    const r = await run('from: no_comments\ntext: comment');
    expect(r.status).toBe('ok');
    expect(r.result!.rowCount).toBe(0);
    expect(r.result!.columns.map((c) => c.name)).toEqual(['id', 'platform', 'comment', 'compound', 'pos', 'neu', 'neg', 'label', 'review']);
    expect(r.result!.note).toContain('has no rows');
  });

  it('names the key and what to write for wrong options', async () => {
    expect((await run('from: comments\ntext: body')).error).toContain('`body` is not a column of `comments`');
    expect((await run('from: comments\ntext: comment\nnegative: 0.1')).error).toContain('must be below `positive:`');
    expect((await run('from: comments\ntext: comment\noutput: table')).error).toContain('must be one of rows, segments');
  });
});
