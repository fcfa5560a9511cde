/**
 * Naming conventions for campaigns, ad sets and ads: a pattern of named parts between literal
 * separators, e.g. `{brand}_{market}_{objective}_{yyyymm}`, parsed left to right. Each part ends at the
 * next occurrence of the literal that follows it in the pattern (the last part runs to the end, or to
 * a trailing literal). A part may be checked against allowed values (case-insensitive unless told),
 * a regular expression, or, for the date parts `yyyy`, `yyyymm`, `yyyymmdd` and `yymm`, a valid date.
 * A name that does not parse says which part failed, its position (1-based character) and why.
 */

export type Token = { part: string } | { literal: string };

export interface PartRules {
  /** Allowed values per part (compared case-insensitively unless caseSensitive). */
  values?: Record<string, readonly string[]>;
  /** A regular expression per part that the whole value must match. */
  patterns?: Record<string, RegExp>;
  caseSensitive?: boolean;
}

export type ParseResult =
  | { ok: true; parts: Record<string, string> }
  | { ok: false; part: string; partIndex: number; position: number; reason: string; parts: Record<string, string> };

/** Split a pattern into parts and literals; throws on an unnamed or doubled part, or two parts with nothing between. */
export function compilePattern(pattern: string): Token[] {
  const tokens: Token[] = [];
  const re = /\{([^{}]*)\}/g;
  let at = 0;
  const seen = new Set<string>();
  for (const m of pattern.matchAll(re)) {
    if (m.index! > at) tokens.push({ literal: pattern.slice(at, m.index) });
    const name = m[1]!.trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`\`{${m[1]}}\` is not a part name (letters, digits and _, e.g. {market})`);
    if (seen.has(name)) throw new Error(`part {${name}} appears twice`);
    seen.add(name);
    const prev = tokens[tokens.length - 1];
    if (prev && 'part' in prev) throw new Error(`{${prev.part}}{${name}} have nothing between them, so the name cannot be split; put a separator between them`);
    tokens.push({ part: name });
    at = m.index! + m[0].length;
  }
  if (at < pattern.length) tokens.push({ literal: pattern.slice(at) });
  if (/[{}]/.test(tokens.filter((t): t is { literal: string } => 'literal' in t).map((t) => t.literal).join(''))) throw new Error('an unmatched `{` or `}`');
  if (!tokens.some((t) => 'part' in t)) throw new Error('has no {part}');
  return tokens;
}

export const partNames = (tokens: readonly Token[]) => tokens.filter((t): t is { part: string } => 'part' in t).map((t) => t.part);

const DATE_PARTS: Record<string, { re: RegExp; check: (m: RegExpMatchArray) => boolean; what: string }> = {
  yyyy: { re: /^(\d{4})$/, check: () => true, what: 'a year (4 digits)' },
  yyyymm: { re: /^(\d{4})(\d{2})$/, check: (m) => +m[2]! >= 1 && +m[2]! <= 12, what: 'a month written YYYYMM' },
  yymm: { re: /^(\d{2})(\d{2})$/, check: (m) => +m[2]! >= 1 && +m[2]! <= 12, what: 'a month written YYMM' },
  yyyymmdd: {
    re: /^(\d{4})(\d{2})(\d{2})$/,
    check: (m) => {
      const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
      return d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
    },
    what: 'a date written YYYYMMDD',
  },
};

function checkPart(part: string, value: string, rules: PartRules): string | undefined {
  if (value === '') return 'is empty';
  const date = DATE_PARTS[part.toLowerCase()];
  if (date) {
    const m = value.match(date.re);
    if (!m || !date.check(m)) return `\`${value}\` is not ${date.what}`;
  }
  const allowed = rules.values?.[part];
  if (allowed) {
    const norm = (s: string) => (rules.caseSensitive ? s : s.toLowerCase());
    if (!allowed.some((a) => norm(a) === norm(value))) return `\`${value}\` is not one of ${allowed.slice(0, 8).join(', ')}${allowed.length > 8 ? ', …' : ''}`;
  }
  const re = rules.patterns?.[part];
  if (re && !re.test(value)) return `\`${value}\` does not match ${re.source}`;
  return undefined;
}

export function parseName(name: string, tokens: readonly Token[], rules: PartRules = {}): ParseResult {
  const parts: Record<string, string> = {};
  const literals = tokens.filter((t): t is { literal: string } => 'literal' in t).map((t) => t.literal);
  let at = 0;
  let partIndex = 0;
  const fail = (part: string, position: number, reason: string): ParseResult => ({ ok: false, part, partIndex, position: position + 1, reason, parts });
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if ('literal' in tok) {
      if (!name.startsWith(tok.literal, at)) {
        const after = i > 0 && 'part' in tokens[i - 1]! ? (tokens[i - 1] as { part: string }).part : undefined;
        return fail(after ?? '(start)', at, `expected \`${tok.literal}\` ${after ? `after {${after}}` : 'at the start'}, found \`${name.slice(at, at + tok.literal.length) || 'the end of the name'}\``);
      }
      at += tok.literal.length;
      continue;
    }
    partIndex++;
    const next = tokens[i + 1];
    let end: number;
    if (next && 'literal' in next) {
      end = i + 1 === tokens.length - 1 ? (name.endsWith(next.literal) && name.length - next.literal.length >= at ? name.length - next.literal.length : -1) : name.indexOf(next.literal, at);
      if (end < 0) {
        const have = partIndex;
        return fail(tok.part, at, `no \`${next.literal}\` after {${tok.part}}: the name has ${have} of ${partNames(tokens).length} parts`);
      }
    } else {
      end = name.length;
      // The last part runs to the end: a separator inside it means the name has more parts than the pattern.
      const extra = literals.map((l) => name.indexOf(l, at)).filter((p) => p >= 0).sort((a, b) => a - b)[0];
      if (extra !== undefined) {
        parts[tok.part] = name.slice(at, extra);
        return fail(tok.part, extra, `extra text \`${name.slice(extra)}\` after {${tok.part}}: the name has more parts than the pattern`);
      }
    }
    const value = name.slice(at, end);
    const why = checkPart(tok.part, value, rules);
    parts[tok.part] = value;
    if (why) return fail(tok.part, at, `{${tok.part}} ${why}`);
    at = end;
  }
  return { ok: true, parts };
}
