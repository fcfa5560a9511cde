import { describe, expect, it } from 'vitest';
import { loadVader } from '../../../../src/core/analytics/text/vader/load-vader.ts';
import { describeEmoji, normalizeValence, vaderTokens } from '../../../../src/core/analytics/text/vader/sentiment-intensity.ts';

// cjhutto/vaderSentiment README.rst, "Output for the above example code" (the reference Python's own
// demo sentences): [text, compound, pos, neu, neg].
const README: [string, number, number, number, number][] = [
  ['VADER is smart, handsome, and funny.', 0.8316, 0.746, 0.254, 0.0],
  ['VADER is smart, handsome, and funny!', 0.8439, 0.752, 0.248, 0.0],
  ['VADER is very smart, handsome, and funny.', 0.8545, 0.701, 0.299, 0.0],
  ['VADER is VERY SMART, handsome, and FUNNY.', 0.9227, 0.754, 0.246, 0.0],
  ['VADER is VERY SMART, handsome, and FUNNY!!!', 0.9342, 0.767, 0.233, 0.0],
  ['VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!', 0.9469, 0.706, 0.294, 0.0],
  ['VADER is not smart, handsome, nor funny.', -0.7424, 0.0, 0.354, 0.646],
  ['The book was good.', 0.4404, 0.492, 0.508, 0.0],
  ["At least it isn't a horrible book.", 0.431, 0.363, 0.637, 0.0],
  ['The book was only kind of good.', 0.3832, 0.303, 0.697, 0.0],
  ['The plot was good, but the characters are uncompelling and the dialog is not great.', -0.7042, 0.094, 0.579, 0.327],
  ['Today SUX!', -0.5461, 0.0, 0.221, 0.779],
  ["Today only kinda sux! But I'll get by, lol", 0.5249, 0.317, 0.556, 0.127],
  ['Make sure you :) or :D today!', 0.8633, 0.706, 0.294, 0.0],
  ['Catch utf-8 emoji such as such as 💘 and 💋 and 😁', 0.7003, 0.279, 0.721, 0.0],
  ['Not bad at all', 0.431, 0.487, 0.513, 0.0],
];

// Two README rows were printed by an older release whose tokenizer dropped one-character words
// ("a") and whose emoji table differed; vaderSentiment 3.3's tokenizer keeps them, so the shares
// differ while the compound (which neutral words do not enter) is the same. Derived by hand for 3.3:
// - "At least it isn't a horrible book.": horrible −2.5 negated by "isn't" → 1.85; 6 neutral tokens;
//   pos = (1.85 + 1) / (2.85 + 6) = 0.322, neu = 6 / 8.85 = 0.678 (README: 5 neutral → 0.363).
// - the emoji row: 💘 → "heart with arrow", 💋 → "kiss mark" (kiss 1.8), 😁 → "beaming face with smiling
//   eyes" (smiling 2.0); 19 tokens, 17 neutral; pos = (2.8 + 3.0) / (5.8 + 17) = 0.254, neu = 0.746.
const SHARES_FOR_3_3: Record<string, [number, number, number]> = {
  "At least it isn't a horrible book.": [0.322, 0.678, 0.0],
  'Catch utf-8 emoji such as such as 💘 and 💋 and 😁': [0.254, 0.746, 0.0],
};

describe('VADER sentiment', () => {
  it('gives the compound score of every README example to 4 decimals, and its pos / neu / neg', async () => {
    const vader = await loadVader();
    for (const [text, compound, pos, neu, neg] of README) {
      const s = vader.polarityScores(text);
      expect(s.compound, text).toBeCloseTo(compound, 4);
      const [p, u, n] = SHARES_FOR_3_3[text] ?? [pos, neu, neg];
      expect([s.pos, s.neu, s.neg], text).toEqual([p, u, n]);
    }
  });

  it('negates a word after "no" and after "least" (but not "at least"), as the reference rules do', async () => {
    const vader = await loadVader();
    // "No good.": "no" (−1.2) before a lexicon word scores 0 and negates it: good 1.9 × −0.74 = −1.406;
    // compound = −1.406 / √(1.406² + 15) = −0.3412; neg = 2.406 / 3.406 = 0.706, neu = 1 / 3.406 = 0.294.
    expect(vader.polarityScores('No good.')).toEqual({ compound: -0.3412, pos: 0, neu: 0.294, neg: 0.706 });
    // "…one of the least compelling…": compelling 0.9 × −0.74 = −0.666 among 11 neutral tokens;
    // compound = −0.666 / √(0.666² + 15) = −0.1695; neg = 1.666 / 12.666 = 0.132.
    expect(vader.polarityScores('Roger Dodger is one of the least compelling variations on this theme.')).toEqual({ compound: -0.1695, pos: 0, neu: 0.868, neg: 0.132 });
    // "at least" is not a negation: compelling stays +0.9 → 0.9 / √(0.81 + 15) = 0.2263.
    expect(vader.polarityScores('Roger Dodger is at least compelling as a variation on the theme.').compound).toBeCloseTo(0.2263, 4);
  });

  it('scores a text without lexicon words, and an empty text, as neutral zeros', async () => {
    const vader = await loadVader();
    expect(vader.polarityScores('The meeting is on Tuesday')).toEqual({ compound: 0, pos: 0, neu: 1, neg: 0 });
    expect(vader.polarityScores('   ')).toEqual({ compound: 0, pos: 0, neu: 0, neg: 0 });
  });

  it('tokenizes as vaderSentiment 3.3: punctuation stripped from words, kept on emoticons and short tokens', () => {
    expect(vaderTokens("Hello, world! :) it's :D a")).toEqual(['Hello', 'world', ':)', "it's", ':D', 'a']);
    expect(describeEmoji('great😁!', new Map([['😁', 'beaming face']]))).toBe('great beaming face!');
  });

  it('normalizes a sum with alpha 15: x / √(x² + 15)', () => {
    expect(normalizeValence(1)).toBeCloseTo(0.25, 12);
    expect(normalizeValence(-4)).toBeCloseTo(-4 / Math.sqrt(31), 12);
  });
});
