import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

beforeAll(async () => {
  engine = await NativeEngine.create();
  // The corpus of scikit-learn's feature-extraction user guide (CountVectorizer / TfidfVectorizer).
  await engine.materialize('corpus', `SELECT * FROM (VALUES (1, 'This is the first document.'), (2, 'This document is the second document.'),
    (3, 'And this is the third one.'), (4, 'Is this the first document?')) AS t(id, text)`);
  // The user guide's TfidfTransformer counts [[3,0,1],[2,0,0],[3,0,0],[4,0,0],[3,2,0],[3,0,2]] written as
  // texts over the terms aa, bb, cc (two letters: one-letter words are not tokens).
  const counts = [[3, 0, 1], [2, 0, 0], [3, 0, 0], [4, 0, 0], [3, 2, 0], [3, 0, 2]];
  const texts = counts.map((c, i) => `(${i + 1}, '${['aa', 'bb', 'cc'].flatMap((t, j) => Array(c[j]).fill(t)).join(' ')}')`);
  await engine.materialize('counts', `SELECT * FROM (VALUES ${texts.join(', ')}) AS t(id, text)`);
  await engine.materialize('posts', `SELECT * FROM (VALUES ('p1', 'Red running shoes'), ('p2', 'red shoes for running'), ('p3', 'blue denim jacket'),
    ('p4', 'denim jacket, blue'), ('p5', NULL), (NULL, 'orphan text'), ('p6', 'ok')) AS t(post, body)`);
  await engine.materialize('empty_posts', 'SELECT * FROM posts WHERE false');
});
afterAll(() => engine.close());

async function rows(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`tfidf c\n${body}\n\`\`\`\n`), engine, { previewRows: 100_000 });
  const r = runs.get('c')!;
  if (r.status !== 'ok') throw new Error(r.error);
  return { rows: rowsFromTable(r.result!.preview), note: r.result!.note ?? '' };
}
const matrix = (out: Record<string, unknown>[], docs: unknown[], terms: string[]) =>
  docs.map((d) => terms.map((t) => Number(out.find((r) => r.doc === d && r.term === t)?.tfidf ?? 0)));

describe('tfidf', () => {
  it("matches TfidfVectorizer() on the user guide's corpus (feature names, idf_, the matrix)", async () => {
    // Feature names: scikit-learn user guide, CountVectorizer section; idf_ and X.toarray() to 8 decimals as
    // printed in dask-ml's TfidfVectorizer docstring for the same corpus (its output equals scikit-learn's).
    const names = ['and', 'document', 'first', 'is', 'one', 'second', 'the', 'third', 'this'];
    const terms = (await rows('from: corpus\noutput: terms')).rows;
    expect(terms.map((r) => r.term)).toEqual(names);
    const idf = [1.91629073, 1.22314355, 1.51082562, 1, 1.91629073, 1.91629073, 1, 1.91629073, 1];
    terms.forEach((r, j) => expect(Number(r.idf)).toBeCloseTo(idf[j]!, 8));
    const { rows: out } = await rows('from: corpus');
    // Non-zeros: 5 + 5 + 6 + 5 distinct words (the guide's "19 stored elements" was printed for its older corpus).
    expect(out.length).toBe(21);
    const expected = [
      [0, 0.46979139, 0.58028582, 0.38408524, 0, 0, 0.38408524, 0, 0.38408524],
      [0, 0.6876236, 0, 0.28108867, 0, 0.53864762, 0.28108867, 0, 0.28108867],
      [0.51184851, 0, 0, 0.26710379, 0.51184851, 0, 0.26710379, 0.51184851, 0.26710379],
      [0, 0.46979139, 0.58028582, 0.38408524, 0, 0, 0.38408524, 0, 0.38408524],
    ];
    matrix(out, [1, 2, 3, 4], names).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 8)));
    // CountVectorizer docstring example, X.toarray() row 2: [0 2 0 1 0 1 1 0 1].
    expect(out.filter((r) => r.doc === 2).map((r) => [r.term, Number(r.count)])).toEqual([['document', 2], ['is', 1], ['second', 1], ['the', 1], ['this', 1]]);
  });

  it("matches TfidfTransformer's printed matrices on the user guide counts (smooth_idf true and false)", async () => {
    const terms = ['aa', 'bb', 'cc'];
    // User guide, "Tf–idf term weighting": TfidfTransformer().fit_transform(counts).toarray().
    const smooth = [[0.85151335, 0, 0.52433293], [1, 0, 0], [1, 0, 0], [1, 0, 0], [0.55422893, 0.83236428, 0], [0.63035731, 0, 0.77630514]];
    matrix((await rows('from: counts')).rows, [1, 2, 3, 4, 5, 6], terms).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(smooth[i]![j]!, 8)));
    // TfidfTransformer(smooth_idf=False), same section.
    const raw = [[0.81940995, 0, 0.57320793], [1, 0, 0], [1, 0, 0], [1, 0, 0], [0.47330339, 0.88089948, 0], [0.58149261, 0, 0.81355169]];
    matrix((await rows('from: counts\nsmooth_idf: false')).rows, [1, 2, 3, 4, 5, 6], terms).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(raw[i]![j]!, 8)));
  });

  it('offers sublinear tf and the l1 / no norm (hand-derived on document 1 of the counts)', async () => {
    // Document 1 has aa ×3, cc ×1; smooth idf: aa ln(7/7)+1 = 1, cc ln(7/3)+1 = 1.8472978604.
    const idfCc = Math.log(7 / 3) + 1;
    const none = (await rows('from: counts\nnorm: none')).rows.filter((r) => r.doc === 1);
    expect(none.map((r) => Number(r.tfidf))).toEqual([3, expect.closeTo(idfCc, 10)]);
    // l1: divide by |3| + |1.8473| = 4.8473 → 0.6189, 0.3811.
    const l1 = (await rows('from: counts\nnorm: l1')).rows.filter((r) => r.doc === 1);
    expect(l1.map((r) => Number(r.tfidf))).toEqual([expect.closeTo(3 / (3 + idfCc), 10), expect.closeTo(idfCc / (3 + idfCc), 10)]);
    // sublinear: tf = 1 + ln(3) = 2.0986 for aa, 1 for cc; then l2.
    const sub = (await rows('from: counts\nsublinear_tf: true')).rows.filter((r) => r.doc === 1);
    const a = 1 + Math.log(3);
    const len = Math.hypot(a, idfCc);
    expect(sub.map((r) => Number(r.tfidf))).toEqual([expect.closeTo(a / len, 10), expect.closeTo(idfCc / len, 10)]);
  });

  it('ranks the most similar documents by cosine, ties by document id', async () => {
    const { rows: out } = await rows('from: corpus\noutput: similar\nk: 2');
    // Documents 1 and 4 have the same words, so the same vector: cosine 1. Document 1 · document 2 from the
    // matrix above: 0.46979139·0.6876236 + 3 · 0.38408524·0.28108867 = 0.6469087 (the shared terms:
    // document, is, the, this). Document 1 · 3 = 3 · 0.38408524·0.26710379 = 0.3077684.
    expect(out.filter((r) => r.doc === 1).map((r) => [r.similar_doc, r.rank, Number(r.cosine), Number(r.shared_terms)])).toEqual([
      [4, 1, expect.closeTo(1, 10), 5],
      [2, 2, expect.closeTo(0.46979139 * 0.6876236 + 3 * 0.38408524 * 0.28108867, 6), 4],
    ]);
    const d3 = out.filter((r) => r.doc === 3).map((r) => [r.similar_doc, Number(r.cosine)]);
    // 3·2: 3 · 0.26710379·0.28108867 = 0.2252341; 3·1 = 3·4 = 0.3077684: ties broken by document id (1 before 4).
    expect(d3).toEqual([[1, expect.closeTo(3 * 0.38408524 * 0.26710379, 6)], [4, expect.closeTo(3 * 0.38408524 * 0.26710379, 6)]]);
  });

  it('recommends related posts and says what was left out', async () => {
    const { rows: out, note } = await rows('from: posts\nid: post\ntext: body\noutput: similar\nk: 1');
    expect(out.map((r) => [r.doc, r.similar_doc])).toEqual([['p1', 'p2'], ['p2', 'p1'], ['p3', 'p4'], ['p4', 'p3']]);
    expect(note).toContain('1 row(s) without an id left out');
    expect(note).toContain('1 row(s) without text left out');
  });

  it('gives an empty typed result on an empty table, and names a wrong option', async () => {
    const { rows: out, note } = await rows('from: empty_posts\nid: post\ntext: body');
    expect(out).toEqual([]);
    expect(note).toContain('has no rows');
    await expect(rows('from: corpus\nnorm: l3')).rejects.toThrow(/norm:.*one of l2, l1, none/);
    await expect(rows('from: corpus\ntext: body')).rejects.toThrow(/`body` is not a column of `corpus`/);
  });
});
