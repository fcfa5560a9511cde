/**
 * VADER sentiment (Hutto & Gilbert 2014, "VADER: A Parsimonious Rule-based Model for Sentiment Analysis
 * of Social Media Text", ICWSM-14), re-implemented from the reference Python (vaderSentiment 3.3.2):
 * lexicon valences adjusted for negation, booster / dampener words, "but", ALL-CAPS emphasis, "!" and
 * "?" emphasis, "least" and "kind of", special idioms and emoji (replaced by their descriptions).
 * Rule for rule the same as the Python, including its quirks (see butCheck), so scores match it.
 */
import { B_DECR, BOOSTER_DICT, C_INCR, NEGATE, N_SCALAR, SPECIAL_CASES } from './vader-rules.ts';

/** VADER's four scores for one text. */
export interface SentimentScores {
  /** Normalized sum of valences in [-1, 1], rounded to 4 decimals as VADER prints it. */
  compound: number;
  /** Shares of the text's tokens that are positive, neutral and negative (3 decimals; they sum to ≈ 1). */
  pos: number;
  neu: number;
  neg: number;
}

/** Word → mean valence (−4 … +4), as vader_lexicon.txt. */
export type Lexicon = ReadonlyMap<string, number>;

/** Python's string.punctuation, stripped from the ends of tokens. */
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
/** Python's str.split() whitespace. */
const WHITESPACE = /[\s\x1c-\x1f\x85]+/u;

/** Python's str.isupper(): at least one cased character and none in lower case. */
const isUpper = (w: string) => w !== w.toLowerCase() && w === w.toUpperCase();

/** Python's str.strip(string.punctuation), counted in code points. */
function stripPunctuation(token: string): string {
  const chars = [...token];
  let a = 0;
  let b = chars.length;
  while (a < b && PUNCTUATION.has(chars[a]!)) a++;
  while (b > a && PUNCTUATION.has(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

/**
 * Tokens as VADER sees them: split on whitespace, leading and trailing punctuation stripped unless
 * that leaves two characters or fewer (then it was likely an emoticon such as ":)", kept whole).
 */
export function vaderTokens(text: string): string[] {
  return text.split(WHITESPACE).filter(Boolean).map((t) => {
    const stripped = stripPunctuation(t);
    return [...stripped].length <= 2 ? t : stripped;
  });
}

/** Replace each emoji code point by its description, with a space before it when needed (as VADER does). */
export function describeEmoji(text: string, emoji: ReadonlyMap<string, string>): string {
  // Every emoji is outside ASCII: plain ASCII text only needs the final trim.
  if (!/[^\x00-\x7f]/.test(text)) return text.trim();
  let out = '';
  let prevSpace = true;
  for (const ch of text) {
    const description = emoji.get(ch);
    if (description !== undefined) {
      if (!prevSpace) out += ' ';
      out += description;
      prevSpace = false;
    } else {
      out += ch;
      prevSpace = ch === ' ';
    }
  }
  return out.trim();
}

function negated(word: string): boolean {
  const w = word.toLowerCase();
  return NEGATE.has(w) || w.includes("n't");
}

/** VADER's normalization of a valence sum into [-1, 1]; alpha ≈ the largest expected sum. */
export function normalizeValence(score: number, alpha = 15): number {
  const n = score / Math.sqrt(score * score + alpha);
  return Math.max(-1, Math.min(1, n));
}

/** Some but not all tokens are ALL CAPS: only then does capitalization signal emphasis. */
function allCapDifferential(words: string[]): boolean {
  const caps = words.filter(isUpper).length;
  const diff = words.length - caps;
  return diff > 0 && diff < words.length;
}

function scalarIncDec(word: string, valence: number, capDiff: boolean): number {
  const base = BOOSTER_DICT.get(word.toLowerCase());
  if (base === undefined) return 0;
  let scalar = valence < 0 ? -base : base;
  if (isUpper(word) && capDiff) scalar += valence > 0 ? C_INCR : -C_INCR;
  return scalar;
}

/** A VADER scorer over a lexicon and an emoji table. */
export class SentimentIntensityAnalyzer {
  constructor(
    private readonly lexicon: Lexicon,
    private readonly emoji: ReadonlyMap<string, string> = new Map(),
  ) {}

  /**
   * Compound, pos, neu and neg of one text (VADER works best on a sentence or a short post).
   * @example
   * analyzer.polarityScores('The book was good.'); // => { compound: 0.4404, pos: 0.492, neu: 0.508, neg: 0 } (VADER README)
   */
  polarityScores(input: string): SentimentScores {
    const text = describeEmoji(input, this.emoji);
    const words = vaderTokens(text);
    const lower = words.map((w) => w.toLowerCase());
    const capDiff = allCapDifferential(words);
    let sentiments: number[] = [];
    words.forEach((word, i) => {
      // Boosters and "kind of" modify the next word; they carry no valence of their own.
      if (BOOSTER_DICT.has(lower[i]!) || (i < words.length - 1 && lower[i] === 'kind' && lower[i + 1] === 'of')) {
        sentiments.push(0);
        return;
      }
      sentiments.push(this.valence(words, lower, i, capDiff));
    });
    sentiments = butCheck(lower, sentiments);
    return scoreValence(sentiments, text);
  }

  private valence(words: string[], lower: string[], i: number, capDiff: boolean): number {
    const item = lower[i]!;
    const base = this.lexicon.get(item);
    if (base === undefined) return 0;
    let valence = base;
    // "no" before a lexicon word negates it instead of counting as a negative word itself.
    if (item === 'no' && i !== words.length - 1 && this.lexicon.has(lower[i + 1]!)) valence = 0;
    if ((i > 0 && lower[i - 1] === 'no') || (i > 1 && lower[i - 2] === 'no') || (i > 2 && lower[i - 3] === 'no' && (lower[i - 1] === 'or' || lower[i - 1] === 'nor'))) {
      valence = base * N_SCALAR;
    }
    if (isUpper(words[i]!) && capDiff) valence += valence > 0 ? C_INCR : -C_INCR;
    for (let start = 0; start < 3; start++) {
      // Modifiers up to three words back, weaker with distance; a lexicon word in between stops none of them but is not one.
      if (i > start && !this.lexicon.has(lower[i - (start + 1)]!)) {
        let s = scalarIncDec(words[i - (start + 1)]!, valence, capDiff);
        if (start === 1 && s !== 0) s *= 0.95;
        if (start === 2 && s !== 0) s *= 0.9;
        valence += s;
        valence = negationCheck(valence, lower, start, i);
        if (start === 2) valence = specialIdiomsCheck(valence, lower, i);
      }
    }
    return this.leastCheck(valence, lower, i);
  }

  /** "least" before a word negates it, except in "at least" and "very least". */
  private leastCheck(valence: number, lower: string[], i: number): number {
    if (i > 1 && !this.lexicon.has(lower[i - 1]!) && lower[i - 1] === 'least') {
      if (lower[i - 2] !== 'at' && lower[i - 2] !== 'very') return valence * N_SCALAR;
    } else if (i > 0 && !this.lexicon.has(lower[i - 1]!) && lower[i - 1] === 'least') {
      return valence * N_SCALAR;
    }
    return valence;
  }
}

function negationCheck(valence: number, lower: string[], start: number, i: number): number {
  if (start === 0) return negated(lower[i - 1]!) ? valence * N_SCALAR : valence;
  if (start === 1) {
    if (lower[i - 2] === 'never' && (lower[i - 1] === 'so' || lower[i - 1] === 'this')) return valence * 1.25;
    if (lower[i - 2] === 'without' && lower[i - 1] === 'doubt') return valence;
    return negated(lower[i - 2]!) ? valence * N_SCALAR : valence;
  }
  if ((lower[i - 3] === 'never' && (lower[i - 2] === 'so' || lower[i - 2] === 'this')) || lower[i - 1] === 'so' || lower[i - 1] === 'this') return valence * 1.25;
  if (lower[i - 3] === 'without' && (lower[i - 2] === 'doubt' || lower[i - 1] === 'doubt')) return valence;
  return negated(lower[i - 3]!) ? valence * N_SCALAR : valence;
}

function specialIdiomsCheck(valence: number, lower: string[], i: number): number {
  const w = (k: number) => lower[k]!;
  const oneZero = `${w(i - 1)} ${w(i)}`;
  const twoOneZero = `${w(i - 2)} ${w(i - 1)} ${w(i)}`;
  const twoOne = `${w(i - 2)} ${w(i - 1)}`;
  const threeTwoOne = `${w(i - 3)} ${w(i - 2)} ${w(i - 1)}`;
  const threeTwo = `${w(i - 3)} ${w(i - 2)}`;
  const hit = [oneZero, twoOneZero, twoOne, threeTwoOne, threeTwo].find((s) => SPECIAL_CASES.has(s));
  if (hit !== undefined) valence = SPECIAL_CASES.get(hit)!;
  if (lower.length - 1 > i) {
    const zeroOne = `${w(i)} ${w(i + 1)}`;
    if (SPECIAL_CASES.has(zeroOne)) valence = SPECIAL_CASES.get(zeroOne)!;
  }
  if (lower.length - 1 > i + 1) {
    const zeroOneTwo = `${w(i)} ${w(i + 1)} ${w(i + 2)}`;
    if (SPECIAL_CASES.has(zeroOneTwo)) valence = SPECIAL_CASES.get(zeroOneTwo)!;
  }
  // Two-word dampeners ("kind of", "sort of") three or two words back.
  for (const gram of [threeTwoOne, threeTwo, twoOne]) {
    const b = BOOSTER_DICT.get(gram);
    if (b !== undefined) valence += b;
  }
  return valence;
}

/**
 * "but" halves what comes before it and raises what follows by half. Written as the Python is: each
 * value is found again by `list.index` (its first equal value), so repeated valences behave as there.
 */
function butCheck(lower: string[], sentiments: number[]): number[] {
  const bi = lower.indexOf('but');
  if (bi < 0) return sentiments;
  for (let k = 0; k < sentiments.length; k++) {
    const sentiment = sentiments[k]!;
    const si = sentiments.indexOf(sentiment);
    if (si < bi) sentiments[si] = sentiment * 0.5;
    else if (si > bi) sentiments[si] = sentiment * 1.5;
  }
  return sentiments;
}

/** "!" adds 0.292 each (up to 4); two or three "?" add 0.18 each, more add 0.96. */
function punctuationEmphasis(text: string): number {
  const ep = Math.min(4, text.split('!').length - 1) * 0.292;
  const qm = text.split('?').length - 1;
  return ep + (qm > 1 ? (qm <= 3 ? qm * 0.18 : 0.96) : 0);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f + 0;
}

function scoreValence(sentiments: number[], text: string): SentimentScores {
  if (sentiments.length === 0) return { compound: 0, pos: 0, neu: 0, neg: 0 };
  let sum = sentiments.reduce((a, b) => a + b, 0);
  const punct = punctuationEmphasis(text);
  if (sum > 0) sum += punct;
  else if (sum < 0) sum -= punct;
  const compound = normalizeValence(sum);
  // Each sentiment word counts one more than its valence, so neutral words (counted 1) compare fairly.
  let posSum = 0;
  let negSum = 0;
  let neuCount = 0;
  for (const s of sentiments) {
    if (s > 0) posSum += s + 1;
    if (s < 0) negSum += s - 1;
    if (s === 0) neuCount += 1;
  }
  if (posSum > Math.abs(negSum)) posSum += punct;
  else if (posSum < Math.abs(negSum)) negSum -= punct;
  const total = posSum + Math.abs(negSum) + neuCount;
  return {
    compound: round(compound, 4),
    pos: round(Math.abs(posSum / total), 3),
    neu: round(Math.abs(neuCount / total), 3),
    neg: round(Math.abs(negSum / total), 3),
  };
}
