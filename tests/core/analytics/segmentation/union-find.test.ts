import { describe, expect, it } from 'vitest';
import { UnionFind } from '../../../../src/core/analytics/segmentation/union-find.ts';

describe('union-find', () => {
  it('merges chains transitively (0–1, 1–2, 2–3 puts 0 and 3 together) and keeps others apart', () => {
    const uf = new UnionFind(6);
    uf.union(0, 1);
    uf.union(1, 2);
    uf.union(2, 3);
    expect(uf.connected(0, 3)).toBe(true);
    expect(uf.setSize(3)).toBe(4);
    expect(uf.connected(0, 4)).toBe(false);
    expect(uf.setSize(5)).toBe(1);
    expect(uf.union(3, 0)).toBe(false); // already one set
  });
  it('a long chain of 100,000 links is one set (path halving keeps find shallow)', () => {
    const n = 100_000;
    const uf = new UnionFind(n);
    for (let i = 1; i < n; i++) uf.union(i - 1, i);
    expect(uf.setSize(0)).toBe(n);
    expect(uf.find(0)).toBe(uf.find(n - 1));
  });
});
