import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffHunks, lineDiff, unifiedDiff } from '../../src/storage/diff.ts';

/** Length of a longest common subsequence by the textbook dynamic programme, to check minimality. */
function lcsLength(a: string[], b: string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) dp[i]![j] = a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
  return dp[a.length]![b.length]!;
}

const toLines = (t: string) => (t === '' ? [] : t.replace(/\n$/, '').split('\n'));

describe('lineDiff', () => {
  it('marks changed lines with their line numbers', () => {
    expect(lineDiff('a\nb\nc\n', 'a\nx\nc\n')).toEqual([
      { op: '=', text: 'a', oldLine: 1, newLine: 1 },
      { op: '-', text: 'b', oldLine: 2 },
      { op: '+', text: 'x', newLine: 2 },
      { op: '=', text: 'c', oldLine: 3, newLine: 3 },
    ]);
  });

  it('handles empty sides', () => {
    expect(lineDiff('', 'a\n').map((l) => l.op)).toEqual(['+']);
    expect(lineDiff('a\n', '').map((l) => l.op)).toEqual(['-']);
    expect(lineDiff('', '')).toEqual([]);
  });

  it('rebuilds both texts and keeps a longest common subsequence (property, against the LCS table)', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 25 }).map((ls) => ls.map((l) => l + '\n').join(''));
    fc.assert(
      fc.property(text, text, (x, y) => {
        const d = lineDiff(x, y);
        expect(d.filter((l) => l.op !== '+').map((l) => l.text)).toEqual(toLines(x));
        expect(d.filter((l) => l.op !== '-').map((l) => l.text)).toEqual(toLines(y));
        expect(d.filter((l) => l.op === '=').length).toBe(lcsLength(toLines(x), toLines(y)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('diffHunks / unifiedDiff', () => {
  it('groups changes with three lines of context, as diff -u does', () => {
    const old = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const changed = old.replace('line 2\n', 'line two\n').replace('line 18\n', '');
    const hunks = diffHunks(lineDiff(old, changed));
    expect(hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines])).toEqual([
      [1, 5, 1, 5],
      [15, 6, 15, 5],
    ]);
    expect(unifiedDiff(old, changed, 'v1', 'v2').split('\n').slice(0, 5)).toEqual(['--- v1', '+++ v2', '@@ -1,5 +1,5 @@', ' line 1', '-line 2']);
    expect(unifiedDiff(old, old)).toBe('');
  });
});
