import { describe, expect, it } from 'vitest';
import { fnv1a, jaccard, lshBandKeys, minhashSalts, minhashSignature, shingles } from '../../../../src/core/analytics/text/minhash.ts';

describe('shingles', () => {
  it('cuts characters and words after normalizing', () => {
    expect(shingles('abcde', 'char', 3)).toEqual(['abc', 'bcd', 'cde']);
    // Lower-cased, the link dropped, spaces collapsed: "big sale" → 3-grams of "big sale".
    expect(shingles('BIG   Sale https://bit.ly/x1', 'char', 3)).toEqual(['big', 'ig ', 'g s', ' sa', 'sal', 'ale']);
    expect(shingles('The cat sat on the mat', 'word', 3)).toEqual(['the cat sat', 'cat sat on', 'sat on the', 'on the mat']);
    expect(shingles('hi', 'char', 5)).toEqual(['hi']);
  });
});

describe('MinHash', () => {
  it('estimates Jaccard within sampling error (seeded, so the same every run)', () => {
    // Hand-derived: 4-grams of two 40-character strings (all characters distinct) sharing their first 30. A has 37 shingles, B 37;
    // shared: the 27 4-grams inside the common 30-letter prefix → J = 27 / (37 + 37 − 27) = 27/47 = 0.574.
    const common = 'abcdefghijklmnopqrstuvwxyz0123';
    const a = new Set(shingles(`${common}!@#$%^&*()`, 'char', 4));
    const b = new Set(shingles(`${common}~[]{}<>?;:`, 'char', 4));
    expect([a.size, b.size]).toEqual([37, 37]);
    expect(jaccard(a, b)).toBeCloseTo(27 / 47, 12);
    const salts = minhashSalts(256, 7);
    const sa = minhashSignature([...a].map((s) => fnv1a(s)), salts);
    const sb = minhashSignature([...b].map((s) => fnv1a(s)), salts);
    const estimate = sa.filter((v, i) => v === sb[i]).length / 256;
    // Standard error √(J(1 − J)/256) = 0.031: the estimate is within 3 of them.
    expect(Math.abs(estimate - 27 / 47)).toBeLessThan(3 * Math.sqrt((27 / 47) * (20 / 47) / 256));
    expect(minhashSignature([1, 2, 3], minhashSalts(8, 1))).toEqual(minhashSignature([3, 2, 1], minhashSalts(8, 1)));
  });
  it('gives identical signatures identical band keys, and different bands different keys', () => {
    const sig = minhashSignature([11, 22, 33], minhashSalts(16, 3));
    expect(lshBandKeys(sig, 4)).toEqual(lshBandKeys(Uint32Array.from(sig), 4));
    expect(new Set(lshBandKeys(sig, 4)).size).toBe(4);
  });
});
