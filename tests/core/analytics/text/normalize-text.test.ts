import { francAll } from 'franc-min';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../../src/core/analytics/text/language.ts';
import { normalizeText as normalize } from '../../../../src/core/analytics/text/normalize-text.ts';
import { EMOJI_DESCRIPTIONS } from '../../../../src/core/analytics/text/vader/emoji-descriptions.ts';

const normalizeText = (s: string) => normalize(s, EMOJI_DESCRIPTIONS);

describe('normalizeText', () => {
  it('applies NFKC as Unicode defines it (UAX #15 compatibility mappings)', () => {
    // U+FB01 LATIN SMALL LIGATURE FI → "fi"; U+FF21 FULLWIDTH A → "A"; U+2460 CIRCLED DIGIT ONE → "1"; U+00A0 NO-BREAK SPACE → space.
    expect(normalizeText('\uFB01le \uFF21\u00A0\u2460').normalized).toBe('file a 1');
  });

  it('names emoji with Unicode CLDR short names, skin tones dropped', () => {
    // emoji-test.txt 15.0: 1F44D "thumbs up"; 1F3FD is the medium skin tone modifier; 1F525 "fire".
    const n = normalizeText('Nice👍🏽🔥');
    expect(n.normalized).toBe('nice thumbs up fire');
    expect(n.tokens).toEqual(['nice', 'thumbs', 'up', 'fire']);
  });

  it('keeps tokens to the scikit-learn convention (CountVectorizer docs: "This is the first document.")', () => {
    expect(normalizeText('This is the first document.').tokens).toEqual(['this', 'is', 'the', 'first', 'document']);
    // One-character words ("a", "2") are not tokens; accented letters are word characters.
    expect(normalizeText('A café, 2 x 42!').tokens).toEqual(['café', '42']);
  });

  it('does not take a tag from a link fragment, a mention from an address, or a tag without a letter', () => {
    const n = normalizeText('see https://x.com/page#frag mail a@b.co #2024 #café @Ana.');
    expect(n.urls).toEqual(['https://x.com/page#frag']);
    expect(n.hashtags).toEqual(['café']);
    expect(n.mentions).toEqual(['ana']);
    expect(n.shortUrls).toEqual([]);
  });

  it('flags shortener hosts with or without scheme and www, not hosts that only end like one', () => {
    const n = normalizeText('a https://www.bit.ly/x b buff.ly/y c https://notbit.ly/z d https://t.co/q');
    expect(n.urls).toEqual(['https://www.bit.ly/x', 'buff.ly/y', 'https://notbit.ly/z', 'https://t.co/q']);
    expect(n.shortUrls).toEqual(['https://www.bit.ly/x', 'buff.ly/y', 'https://t.co/q']);
  });
});

describe('detectLanguage', () => {
  const ES = 'El tiempo es muy bueno hoy y vamos a la playa con nuestros amigos.';

  it("reports franc's winner with confidence 1 − the runner-up's franc score", () => {
    // The reference is franc-min itself (francAll's normalized scores), the formula is ours.
    const ranked = francAll(ES);
    expect(detectLanguage(ES, { minLength: 20 })).toEqual({ language: 'spa', confidence: 1 - ranked[1]![1] });
    expect(ranked[1]![0]).toBe('por');
  });

  it('is und below min_length and sure (1) for a script with a single language', () => {
    expect(detectLanguage('hola amigos', { minLength: 20 })).toEqual({ language: 'und', confidence: null });
    // Greek script: franc-min has only Greek for it.
    expect(detectLanguage('Καλημέρα σας, πώς είστε σήμερα φίλοι μου;', { minLength: 20 })).toEqual({ language: 'ell', confidence: 1 });
  });
});
