import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

beforeAll(async () => {
  engine = await NativeEngine.create();
  // p1 the original; p2 a reshare with another short link and capitals; p3 a repost with one word changed;
  // p4 an identical copy of p1; p5 and p6 unrelated; p7 near p5 only through two words of 30.
  await engine.materialize('posts', `SELECT * FROM (VALUES
    ('p1', TIMESTAMP '2024-05-01 10:00', 'Our summer sale starts today: 30% off every running shoe in the store https://bit.ly/a1'),
    ('p2', TIMESTAMP '2024-05-01 11:00', 'OUR SUMMER SALE starts today: 30% off every running shoe in the store https://t.co/zz9'),
    ('p3', TIMESTAMP '2024-05-01 09:30', 'Our summer sale starts today: 30% off every running shoe in the shop'),
    ('p4', TIMESTAMP '2024-05-02 08:00', 'Our summer sale starts today: 30% off every running shoe in the store https://bit.ly/a1'),
    ('p5', TIMESTAMP '2024-05-02 09:00', 'Loved the concert last night, the band played for three hours'),
    ('p6', TIMESTAMP '2024-05-03 09:00', 'Anyone know a good plumber near the station?'),
    ('p7', TIMESTAMP '2024-05-04 09:00', 'https://x.co/1'),
    ('p8', NULL, NULL)
  ) AS t(post_id, posted_at, body)`);
});
afterAll(() => engine.close());

async function run(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`near-duplicates c\n${body}\n\`\`\`\n`), engine, { previewRows: 100_000 });
  const r = runs.get('c')!;
  if (r.status !== 'ok') throw new Error(r.error);
  return { rows: rowsFromTable(r.result!.preview), note: r.result!.note ?? '' };
}
const base = 'from: posts\nid: post_id\ntext: body\n';

describe('near-duplicates', () => {
  it('groups reshares and near-copies and keeps the earliest as representative', async () => {
    const { rows, note } = await run(`${base}order: posted_at\nthreshold: 0.7`);
    const g = Object.fromEntries(rows.map((r) => [r.doc, [r.representative, r.group_size, r.is_representative]]));
    // p3 (09:30) is the earliest of p1–p4.
    expect(g).toEqual({
      p3: ['p3', 4, true], p1: ['p3', 4, false], p2: ['p3', 4, false], p4: ['p3', 4, false],
      p5: ['p5', 1, true], p6: ['p6', 1, true], p7: ['p7', 1, true],
    });
    // p1 and p4 are the same text: Jaccard 1 with each other; p2 equals p1 once lower-cased and its link dropped.
    expect(note).toContain('1 row(s) without an id or a text left out');
    expect(note).toContain('1 text(s) with nothing to shingle');
    // Without `order` the smallest id is kept.
    const byId = await run(`${base}threshold: 0.7`);
    expect(byId.rows.find((r) => r.doc === 'p3')!.representative).toBe('p1');
  });

  it('reports exact shingle Jaccard for the pairs (hand-derived on word shingles)', async () => {
    // Word 3-shingles of p1 / p2 after normalizing (links gone): identical → 1. p3 changes the last word:
    // p1 has 13 tokens (our summer sale starts today 30 off every running shoe in the store; "%" is no token) → 11 shingles;
    // p3 has the same 11 but "in the shop" for "in the store": 10 shared → J = 10 / (11 + 11 − 10) = 10/12.
    const { rows } = await run(`${base}shingle: word\nk: 3\nthreshold: 0.5\noutput: pairs`);
    const pair = (a: string, b: string) => rows.find((r) => r.doc_a === a && r.doc_b === b);
    expect(Number(pair('p1', 'p2')!.jaccard)).toBe(1);
    expect(Number(pair('p1', 'p3')!.jaccard)).toBeCloseTo(10 / 12, 12);
    expect(Number(pair('p1', 'p3')!.shared_shingles)).toBe(10);
    expect(rows.some((r) => r.doc_a === 'p5' || r.doc_b === 'p5')).toBe(false);
    // A higher threshold drops p3.
    const strict = await run(`${base}shingle: word\nk: 3\nthreshold: 0.9\noutput: pairs`);
    expect(strict.rows.some((r) => r.doc_b === 'p3' || r.doc_a === 'p3')).toBe(false);
  });

  it('names a band count that does not divide the hashes', async () => {
    await expect(run(`${base}num_perm: 100\nbands: 32`)).rejects.toThrow(/bands:.*must divide num_perm \(100\)/);
  });
});
