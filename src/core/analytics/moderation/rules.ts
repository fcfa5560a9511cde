/**
 * Keyword and pattern moderation rules, with the evasions people use:
 *
 * - Unicode compatibility forms (NFKC): fullwidth ｆｕｃｋ, circled Ⓕ, mathematical 𝐟 read as plain letters;
 *   accents dropped (NFD, marks removed); emoji variation selectors, skin-tone modifiers and zero-width
 *   joiners removed, so 👍🏽 matches a rule written 👍.
 * - Leetspeak: 0→o, 1→i, 3→e, 4→a, 5→s, 7→t, @→a, $→s, !→i (between letters), | →l.
 * - Letters stretched (fuuuuck → fuck: a run of 3+ of the same letter becomes one) and split by
 *   one repeated separator (f.u.c.k, f u c k, f-u-c-k: three or more single letters joined).
 *
 * A keyword matches on word boundaries only (`ass` does not match `class`), in the raw text (lower-case)
 * with its full severity, or only after de-obfuscation with 0.9 × severity (obfuscated matches carry a
 * little more doubt: the mapping can create words). A regex rule is matched on the de-obfuscated text
 * with its severity. A message's confidence is the noisy-or of its matches, 1 − Π (1 − c).
 */

export interface Rule {
  rule: string;
  pattern: string;
  type: 'keyword' | 'regex';
  category: string;
  severity: number;
}

export interface RuleMatch {
  rule: string;
  category: string;
  confidence: number;
  obfuscated: boolean;
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i', '|': 'l' };

/** Lower-case, NFKC, accents and emoji modifiers removed (no leetspeak). */
export function basicNormalize(text: string): string {
  return text
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u{1F3FB}-\u{1F3FF}\u{FE0F}\u{FE0E}\u{200D}]/gu, '')
    .toLowerCase();
}

/** basicNormalize plus leetspeak, stretched letters and split letters undone. */
export function deobfuscate(text: string): string {
  let s = basicNormalize(text);
  // Leet characters count as letters in a run that has a letter or @ / $ ("h3ll0", "@$$"), so "2 for 1"
  // and "100%" stay numbers; a trailing "!" stays punctuation.
  s = s.replace(/[\p{L}013457@$!|]+/gu, (run) => {
    const tail = run.match(/[!|]+$/)?.[0] ?? '';
    const body = run.slice(0, run.length - tail.length);
    return /\p{L}|[@$]/u.test(body) ? [...body].map((c) => LEET[c] ?? c).join('') + tail : run;
  });
  // Single letters split by separators: "f.u.c.k" / "f u c k" → "fuck" (at least three letters).
  // The same separator throughout, so a real one-letter word before it ("a f.u.c.k") is not swallowed.
  s = s.replace(/(?<![\p{L}\p{N}])\p{L}([\s.\-_*]+)\p{L}(?:\1\p{L}){1,}(?![\p{L}\p{N}])/gu, (m) => m.replace(/[\s.\-_*]+/g, ''));
  s = s.replace(/(\p{L})\1{2,}/gu, '$1');
  return s;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A keyword as a regex with word boundaries that work for non-ASCII letters and emoji. */
export function keywordRegex(keyword: string): RegExp {
  const k = basicNormalize(keyword.trim());
  const wordy = /^[\p{L}\p{N}]/u.test(k);
  const wordyEnd = /[\p{L}\p{N}]$/u.test(k);
  return new RegExp(`${wordy ? '(?<![\\p{L}\\p{N}])' : ''}${escape(k)}${wordyEnd ? '(?![\\p{L}\\p{N}])' : ''}`, 'u');
}

export interface CompiledRule extends Rule {
  regex: RegExp;
}

export function compileRules(rules: readonly Rule[]): CompiledRule[] {
  return rules.map((r) => {
    if (r.type === 'regex') {
      try {
        return { ...r, regex: new RegExp(r.pattern, 'iu') };
      } catch (e) {
        throw new Error(`rule \`${r.rule}\`: \`${r.pattern}\` is not a regular expression (${(e as Error).message})`);
      }
    }
    return { ...r, regex: keywordRegex(r.pattern) };
  });
}

export function matchRules(text: string, rules: readonly CompiledRule[]): RuleMatch[] {
  const plain = basicNormalize(text);
  const clean = deobfuscate(text);
  const out: RuleMatch[] = [];
  for (const r of rules) {
    if (r.type === 'regex') {
      if (r.regex.test(clean) || r.regex.test(plain)) out.push({ rule: r.rule, category: r.category, confidence: r.severity, obfuscated: false });
    } else if (r.regex.test(plain)) out.push({ rule: r.rule, category: r.category, confidence: r.severity, obfuscated: false });
    else if (r.regex.test(clean)) out.push({ rule: r.rule, category: r.category, confidence: 0.9 * r.severity, obfuscated: true });
  }
  return out;
}

/** Noisy-or of the matches' confidences. */
export const combinedConfidence = (matches: readonly RuleMatch[]) => 1 - matches.reduce((p, m) => p * (1 - m.confidence), 1);
