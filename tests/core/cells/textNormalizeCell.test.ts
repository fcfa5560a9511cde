import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

// Hand-written posts; every expected value below is read off the text by hand. Emoji names are
// Unicode's CLDR short names (emoji-test.txt 15.0: U+1F60D "smiling face with heart-eyes", U+1F389
// "party popper"); NFKC folds U+FB01 "ﬁ" to "fi" and full-width "ＳＡＬＥ" to "SALE" (UAX #15).
const EN = 'The weather is lovely today and we are going to the beach with our friends.';
const ES = 'El tiempo es muy bueno hoy y vamos a la playa con nuestros amigos.';
const DE = 'Das Wetter ist heute sehr schön und wir gehen mit unseren Freunden an den Strand.';
beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.materialize(
    'posts',
    `SELECT * FROM (VALUES
      (1, 'Love it 😍 #ＳＡＬＥ via @Shop_UK https://bit.ly/3xYz!'),
      (2, 'ﬁne deal, see www.example.com/deals?x=1. or t.co/AbC #Deal2024 #1 mail me@ex.com'),
      (3, ${q(EN)}),
      (4, ${q(ES)}),
      (5, ${q(DE)}),
      (6, NULL),
      (7, '🎉🎉 ok')
    ) AS t(id, post)`,
  );
  await engine.materialize('no_posts', `SELECT * FROM posts WHERE false`);
});
afterAll(() => engine.close());

function q(s: string) {
  return `'${s.replaceAll("'", "''")}'`;
}

async function rows(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`text-normalize c\n${body}\n\`\`\`\n`), engine, { previewRows: 100_000 });
  const r = runs.get('c')!;
  if (r.status !== 'ok') throw new Error(r.error);
  // List columns come out of rowsFromTable as JSON text; read them back as arrays.
  const lists = ['hashtags', 'mentions', 'urls', 'short_urls', 'tokens'];
  const parsed = rowsFromTable(r.result!.preview).map((row) => ({ ...row, ...Object.fromEntries(lists.map((k) => [k, typeof row[k] === 'string' ? JSON.parse(row[k] as string) : row[k]])) }));
  return { rows: parsed, note: r.result!.note, columns: r.result!.columns };
}

describe('text-normalize', () => {
  it('lower-cases with NFKC, names emoji, pulls out hashtags, mentions and links and flags shorteners', async () => {
    const { rows: out, note } = await rows('from: posts\ntext: post');
    const [r1, r2] = out;
    expect(r1!.normalized).toBe('love it smiling face with heart-eyes #sale via @shop_uk https://bit.ly/3xyz!');
    expect([r1!.hashtags, r1!.mentions, r1!.urls, r1!.short_urls, r1!.has_short_url]).toEqual([['sale'], ['shop_uk'], ['https://bit.ly/3xYz'], ['https://bit.ly/3xYz'], true]);
    // Tokens: two or more word characters of the text without its link ("it" kept, "😍" as its name's words).
    expect(r1!.tokens).toEqual(['love', 'it', 'smiling', 'face', 'with', 'heart', 'eyes', 'sale', 'via', 'shop_uk']);
    expect(r1!.n_tokens).toBe(10);
    // "#1" has no letter (not a tag); "me@ex.com" is an address, not a mention; the trailing "." of a link is punctuation.
    expect(r2!.normalized).toBe('fine deal, see www.example.com/deals?x=1. or t.co/abc #deal2024 #1 mail me@ex.com');
    expect([r2!.hashtags, r2!.mentions, r2!.urls, r2!.short_urls, r2!.has_short_url]).toEqual([['deal2024'], [], ['www.example.com/deals?x=1', 't.co/AbC'], ['t.co/AbC'], true]);
    expect(out[6]!.normalized).toBe('party popper party popper ok');
    expect([out[6]!.hashtags, out[6]!.urls, out[6]!.has_short_url, out[6]!.tokens]).toEqual([[], [], false, ['party', 'popper', 'party', 'popper', 'ok']]);
    expect(out.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect([out[5]!.normalized, out[5]!.hashtags, out[5]!.language]).toEqual([null, null, null]);
    expect(note).toBe('languages: eng 2, und 2, deu 1, spa 1; 1 row(s) with an empty `post` were kept with null columns');
  });

  it('detects English, Spanish and German and says und for texts under min_length', async () => {
    const { rows: out, columns } = await rows('from: posts\ntext: post');
    expect(out.map((r) => r.language)).toEqual(['und', 'eng', 'eng', 'spa', 'deu', null, 'und']);
    expect(columns.find((c) => c.name === 'hashtags')!.type).toBe('VARCHAR[]');
    for (const r of out.slice(2, 5)) {
      expect(r.language_confidence).toBeGreaterThan(0.2);
      expect(r.language_confidence).toBeLessThanOrEqual(1);
    }
    // Post 1 without its link, mention, tag and emoji is "Love it via" (11 characters < 20).
    expect(out[0]!.language_confidence).toBeNull();
  });

  it('restricted to given languages, the Spanish sentence has only German as runner-up', async () => {
    const { rows: out } = await rows('from: posts\ntext: post\nlanguages: [spa, deu]\nmin_length: 5');
    expect(out[3]!.language).toBe('spa');
    expect(out[0]!.language).not.toBe('und');
  });

  it('skips language detection when asked', async () => {
    const { rows: out, note } = await rows('from: posts\ntext: post\ndetect_language: false');
    expect(out.map((r) => [r.language, r.language_confidence])).toEqual(Array.from({ length: 7 }, () => [null, null]));
    expect(out[0]!.hashtags).toEqual(['sale']);
    expect(note).toBe('1 row(s) with an empty `post` were kept with null columns');
  });

  it('keeps the columns on an empty input and refuses a bad language code or a clashing column', async () => {
    const { rows: out, columns } = await rows('from: no_posts\ntext: post');
    expect(out).toEqual([]);
    expect(columns.map((c) => c.name)).toContain('language_confidence');
    await expect(rows('from: posts\ntext: post\nlanguages: [english]')).rejects.toThrow('`english` is not an ISO 639-3 code');
    await expect(rows('from: posts\ntext: post\nlanguages: [eng, xyz]')).rejects.toThrow('franc-min has no profile for `xyz` (it knows 76 languages');
    await engine.materialize('clash', `SELECT post, 'x' AS language FROM posts`);
    await expect(rows('from: clash\ntext: post')).rejects.toThrow('already has a column `language`');
  });
});
