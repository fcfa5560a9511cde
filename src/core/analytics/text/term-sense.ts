/**
 * Which sense of an ambiguous term a text means — the brand ("Apple", "Jaguar", "Pulse") or the common
 * word — from the words around it. Each context word within `window` tokens of a mention adds its
 * weight (brand words positive, common-sense words negative); a context token near two mentions counts
 * once. Weak surface cues add a little: the term capitalized mid-sentence (in a text that uses lower
 * case) and the term written as a #hashtag or @handle. The sum decides: ≥ threshold brand,
 * ≤ −threshold common, else unsure.
 */

export interface ContextWord {
  /** A lower-case word; a trailing `*` matches any word starting with the rest (`download*`). */
  word: string;
  sense: 'brand' | 'common';
  /** How much one occurrence counts (> 0); the sign comes from the sense. */
  weight: number;
}

export interface SenseOptions {
  term: string;
  context: readonly ContextWord[];
  window: number;
  capitalWeight: number;
  tagWeight: number;
  threshold: number;
}

export interface SenseResult {
  /** Occurrences of the term (as a word, any case, possessive `'s` allowed). */
  termCount: number;
  /** Null when the text does not mention the term. */
  score: number | null;
  decision: 'brand' | 'common' | 'unsure' | null;
  /** `brand: app`, `common: heart` (context words in text order), then `capitalized`, `tag` (#term or @term). */
  evidence: string[];
}

interface Token {
  word: string;
  start: number;
  raw: string;
}

const TOKEN = /[\p{L}\p{N}_]+(?:['’][\p{L}]+)*/gu;

function tokenize(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ word: m[0].toLowerCase().replace(/['’]s$/u, ''), start: m.index!, raw: m[0] }));
}

function matches(c: ContextWord, word: string): boolean {
  return c.word.endsWith('*') ? word.startsWith(c.word.slice(0, -1)) : word === c.word;
}

/** Mid-sentence: something other than a sentence end comes before the token (a # or @ right before it ignored). */
function midSentence(text: string, start: number): boolean {
  const before = text.slice(0, start).replace(/[#@]$/u, '').trimEnd();
  return before.length > 0 && !/[.!?…:\n]$/u.test(before);
}

export function termSense(rawText: string, o: SenseOptions): SenseResult {
  const text = rawText.normalize('NFKC');
  const tokens = tokenize(text);
  const term = o.term.toLowerCase();
  const at = tokens.flatMap((t, k) => (t.word === term ? [k] : []));
  if (at.length === 0) return { termCount: 0, score: null, decision: null, evidence: [] };
  const inWindow = new Set<number>();
  for (const k of at) for (let j = Math.max(0, k - o.window); j <= Math.min(tokens.length - 1, k + o.window); j++) if (tokens[j]!.word !== term) inWindow.add(j);
  let score = 0;
  const evidence: string[] = [];
  for (const j of [...inWindow].sort((a, b) => a - b)) {
    const c = o.context.find((x) => matches(x, tokens[j]!.word));
    if (!c) continue;
    score += c.sense === 'brand' ? c.weight : -c.weight;
    evidence.push(`${c.sense}: ${tokens[j]!.word}`);
  }
  // Capitals say something only when the writer uses lower case too (not an ALL-CAPS post).
  const usesCase = /\p{Ll}/u.test(text);
  if (usesCase && at.some((k) => /^\p{Lu}/u.test(tokens[k]!.raw) && midSentence(text, tokens[k]!.start))) {
    score += o.capitalWeight;
    evidence.push('capitalized');
  }
  if (at.some((k) => /[#@]$/u.test(text.slice(0, tokens[k]!.start)))) {
    score += o.tagWeight;
    evidence.push('tag');
  }
  const decision = score >= o.threshold ? 'brand' : score <= -o.threshold ? 'common' : 'unsure';
  return { termCount: at.length, score, decision, evidence };
}
