import { describe, expect, it } from 'vitest';
import { combinedConfidence, compileRules, deobfuscate, matchRules } from '../../../../src/core/analytics/moderation/rules.ts';

const rules = compileRules([
  { rule: 'profanity', pattern: 'fuck', type: 'keyword', category: 'profanity', severity: 0.9 },
  { rule: 'insult', pattern: 'ass', type: 'keyword', category: 'harassment', severity: 0.6 },
  { rule: 'scam', pattern: 'free\\s+followers', type: 'regex', category: 'spam', severity: 0.8 },
  { rule: 'eggplant', pattern: '🍆', type: 'keyword', category: 'sexual', severity: 0.5 },
]);
const names = (text: string) => matchRules(text, rules).map((m) => m.rule);

describe('deobfuscate', () => {
  it('undoes leetspeak, stretched and split letters, compatibility forms and accents', () => {
    expect(deobfuscate('F*U*C*K')).toBe('fuck');
    expect(deobfuscate('f.u.c.k this')).toBe('fuck this');
    expect(deobfuscate('fuuuuck')).toBe('fuck');
    expect(deobfuscate('you are a f.u.c.k.i.n.g idiot')).toBe('you are a fucking idiot');
    expect(deobfuscate('a b c')).toBe('abc');
    expect(deobfuscate('Ｆｕｃｋ')).toBe('fuck');
    expect(deobfuscate('ⓕⓤⓒⓚ')).toBe('fuck');
    expect(deobfuscate('@$$')).toBe('ass');
    expect(deobfuscate('a$$hole')).toBe('asshole');
    expect(deobfuscate('fück')).toBe('fuck');
    // Numbers that are not inside words stay numbers.
    expect(deobfuscate('2 for 1, 100% off')).toBe('2 for 1, 100% off');
  });
});

describe('matchRules', () => {
  it('word boundaries: "ass" matches the word, not "class" or "assistant"', () => {
    expect(names('what an ass')).toEqual(['insult']);
    expect(names('great class, my assistant loved it')).toEqual([]);
  });

  it('obfuscated matches carry 0.9 × severity; plain ones the full severity', () => {
    expect(matchRules('fuck', rules)[0]).toMatchObject({ confidence: 0.9, obfuscated: false });
    expect(matchRules('f u c k', rules)[0]!.confidence).toBeCloseTo(0.81, 15);
    expect(names('what an @$$')).toEqual(['insult']);
  });

  it('regex rules and emoji with skin tones or variation selectors', () => {
    expect(names('Get FREE   followers now')).toEqual(['scam']);
    expect(names('nice 🍆️')).toEqual(['eggplant']);
  });

  it('noisy-or: 0.9 and 0.6 → 1 − 0.1·0.4 = 0.96', () => {
    expect(combinedConfidence(matchRules('fuck you, ass', rules))).toBeCloseTo(0.96, 15);
    expect(combinedConfidence([])).toBe(0);
  });

  it('a bad regex names its rule', () => {
    expect(() => compileRules([{ rule: 'broken', pattern: '(', type: 'regex', category: 'x', severity: 1 }])).toThrow(/rule `broken`/);
  });
});
