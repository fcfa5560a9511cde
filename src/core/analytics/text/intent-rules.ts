/**
 * Rule-based intent: each rule is a class, a pattern and a weight. A text's score for a class is the
 * sum of the weights of that class's rules that match it (a rule counts once however often it
 * matches); the intent is the class with the highest score and its confidence is that score's share
 * of all matched weight, s_win / Σ s_c. Ties go to the class listed first.
 */

export interface IntentRule {
  intent: string;
  /** A word or phrase (matched at word boundaries, any case) or a regular expression written `/…/`. */
  pattern: string;
  weight: number;
}

export interface CompiledRule extends IntentRule {
  regex: RegExp;
}

export interface IntentResult {
  /** The winning class, or null when no rule matched. */
  intent: string | null;
  /** s_win / Σ s_c in (0, 1]; null when no rule matched. */
  confidence: number | null;
  /** The rules that matched, as `class: pattern`, in rule order. */
  matched: string[];
}

/** The default rules (English social-media customer care); a bound rules table replaces them. */
export const DEFAULT_INTENT_RULES: readonly IntentRule[] = [
  ...rules('complaint', 2, ['broken', 'refund', 'worst', 'terrible', 'awful', 'disappointed', 'not working', "doesn't work", "don't work", 'never arrived', 'scam', 'complaint', 'rip off', 'unacceptable']),
  ...rules('complaint', 1, ['still waiting', 'cancel', 'damaged', 'late', 'wrong', 'poor']),
  ...rules('inquiry', 2, ['how do i', 'how can i', 'how to', 'when will', 'where can i', 'can someone', 'anyone know', 'any idea']),
  ...rules('inquiry', 1, ['does it', 'is there', 'can you', 'what is', 'question', '/\\?\\s*$/']),
  ...rules('endorsement', 2, ['love', 'recommend', 'amazing', 'awesome', 'favorite', 'favourite', 'obsessed', 'best ever']),
  ...rules('endorsement', 1, ['great', 'best', 'thanks', 'thank you', 'happy']),
  ...rules('purchase_intent', 3, ['want to buy', 'going to buy', 'take my money', 'add to cart', 'need this']),
  ...rules('purchase_intent', 2, ['in stock', 'discount code', 'ordering', 'pre-order', 'preorder']),
  ...rules('purchase_intent', 1, ['buy', 'order', 'price']),
];

function rules(intent: string, weight: number, patterns: string[]): IntentRule[] {
  return patterns.map((pattern) => ({ intent, pattern, weight }));
}

const WORD = '[\\p{L}\\p{N}_]';

/**
 * The regular expression of one pattern: `/…/` as written (case-insensitive, Unicode); otherwise the
 * words, any white space between them, not inside a longer word ("order" does not match "border").
 * Throws a plain message for an invalid regular expression.
 */
export function patternRegex(pattern: string): RegExp {
  const p = pattern.trim();
  if (p.length > 2 && p.startsWith('/') && p.endsWith('/')) {
    try {
      return new RegExp(p.slice(1, -1), 'iu');
    } catch (e) {
      throw new Error(`\`${p}\` is not a valid regular expression (${(e as Error).message})`);
    }
  }
  const words = normalizeForRules(p).split(' ').filter(Boolean).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (words.length === 0) throw new Error('an empty pattern matches nothing');
  return new RegExp(`(?<!${WORD})${words.join('\\s+')}(?!${WORD})`, 'iu');
}

/** NFKC, lower case, typographic apostrophes as `'`, white space runs as one space. */
export function normalizeForRules(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019\u02bc]/gu, "'").replace(/\s+/gu, ' ').trim();
}

export function compileRules(list: readonly IntentRule[]): CompiledRule[] {
  return list.map((r) => ({ ...r, regex: patternRegex(r.pattern) }));
}

export function classifyIntent(text: string, compiled: readonly CompiledRule[]): IntentResult {
  const t = normalizeForRules(text);
  const scores = new Map<string, number>();
  const matched: string[] = [];
  for (const r of compiled) {
    if (!scores.has(r.intent)) scores.set(r.intent, 0);
    if (r.regex.test(t)) {
      scores.set(r.intent, scores.get(r.intent)! + r.weight);
      matched.push(`${r.intent}: ${r.pattern}`);
    }
  }
  let best: string | null = null;
  let total = 0;
  for (const [intent, s] of scores) {
    total += s;
    if (s > 0 && (best === null || s > scores.get(best)!)) best = intent;
  }
  return best === null ? { intent: null, confidence: null, matched } : { intent: best, confidence: scores.get(best)! / total, matched };
}
