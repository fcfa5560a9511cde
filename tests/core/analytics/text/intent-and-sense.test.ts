import { describe, expect, it } from 'vitest';
import { classifyIntent, compileRules, patternRegex } from '../../../../src/core/analytics/text/intent-rules.ts';
import { termSense, type SenseOptions } from '../../../../src/core/analytics/text/term-sense.ts';

describe('intent rules', () => {
  it('matches words and phrases at word boundaries, any case and spacing', () => {
    expect(patternRegex('order').test('border control')).toBe(false);
    expect(patternRegex('order').test('my ORDER!')).toBe(true);
    expect(patternRegex('not working').test('not\n  working')).toBe(true);
    expect(patternRegex('pre-order').test('can i pre-order?')).toBe(true);
    expect(patternRegex('/\\d+ days/').test('waited 12 days')).toBe(true);
  });

  it('confidence is the winning share of matched weight; a rule counts once; ties go to the class listed first', () => {
    const rules = compileRules([
      { intent: 'a', pattern: 'x', weight: 2 },
      { intent: 'b', pattern: 'y', weight: 1 },
      { intent: 'b', pattern: 'z', weight: 1 },
    ]);
    // x x y: a = 2 (x once), b = 1 → a, 2 / 3.
    expect(classifyIntent('x x y', rules)).toEqual({ intent: 'a', confidence: 2 / 3, matched: ['a: x', 'b: y'] });
    // x y z: a = 2, b = 2 → tie → a (listed first), 2 / 4.
    expect(classifyIntent('x y z', rules)).toEqual({ intent: 'a', confidence: 0.5, matched: ['a: x', 'b: y', 'b: z'] });
    expect(classifyIntent('nothing', rules)).toEqual({ intent: null, confidence: null, matched: [] });
  });
});

describe('term sense', () => {
  const o: SenseOptions = {
    term: 'jaguar',
    context: [{ word: 'dealer', sense: 'brand', weight: 1 }, { word: 'zoo', sense: 'common', weight: 1 }, { word: 'drive*', sense: 'brand', weight: 1 }],
    window: 2,
    capitalWeight: 0.5,
    tagWeight: 1,
    threshold: 1,
  };

  it('counts a context token near two mentions once and reads possessives as the term', () => {
    // jaguar@0 dealer@1 jaguar's@2: windows 0..2 and 0..4 share dealer → +1, not +2.
    expect(termSense("jaguar dealer jaguar's", o)).toEqual({ termCount: 2, score: 1, decision: 'brand', evidence: ['brand: dealer'] });
  });

  it('gives no capital evidence after a sentence end, and a prefix word matches', () => {
    // "Jaguar" follows ". ": sentence-initial. drives@3 is 2 tokens after jaguar@1 → +1 (drive*).
    expect(termSense('Wow. Jaguar still drives well', o)).toEqual({ termCount: 1, score: 1, decision: 'brand', evidence: ['brand: drives'] });
    // zoo@6 is 3 tokens from jaguar@3 (outside ±2): no evidence; capitalized mid-sentence +0.5 → unsure.
    expect(termSense('we saw a Jaguar at the zoo', o)).toEqual({ termCount: 1, score: 0.5, decision: 'unsure', evidence: ['capitalized'] });
  });
});
