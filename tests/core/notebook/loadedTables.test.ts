import { describe, expect, it } from 'vitest';
import { splitLoadedTables } from '../../../src/core/notebook/datasets.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { buildGraph } from '../../../src/core/notebook/graph.ts';

// This notebook declares `ads`; `posts` and `Extra` were loaded by notebooks opened before it.
const nb = parseNotebook(
  '---\npulse: 1\ndatasets:\n  ads: { schema: ad_daily }\n---\n\n```sql posts\nSELECT 1 AS x\n```\n\n```sql reader\nSELECT x FROM posts\n```\n\n```sql totals\nSELECT sum(clicks) FROM ads, extra\n```\n',
);

describe('splitLoadedTables', () => {
  it("keeps the notebook's own datasets and other loaded tables, and sets apart another notebook's table a cell is named like", () => {
    expect(splitLoadedTables(nb, ['ads', 'posts', 'Extra'])).toEqual({ datasets: ['ads', 'Extra'], shadowed: ['posts'] });
  });

  it('so the graph takes the cell as the cell, and its readers read it, instead of "also the name of a dataset"', () => {
    const before = buildGraph(nb, { datasets: ['ads', 'posts', 'Extra'] });
    expect(before.nodes.get('posts')!.error).toMatch(/also the name of a dataset/);
    const graph = buildGraph(nb, { datasets: splitLoadedTables(nb, ['ads', 'posts', 'Extra']).datasets });
    expect(graph.nodes.get('posts')!.error).toBeUndefined();
    expect(graph.nodes.get('reader')!.deps).toEqual(['posts']);
    expect(graph.order.indexOf('posts')).toBeLessThan(graph.order.indexOf('reader'));
  });

  it('a cell named like a dataset the notebook itself declares is still a clash', () => {
    const own = parseNotebook('---\npulse: 1\ndatasets:\n  posts: audience_posts.csv\n---\n\n```sql posts\nSELECT 1 AS x\n```\n');
    expect(splitLoadedTables(own, ['posts'])).toEqual({ datasets: ['posts'], shadowed: [] });
    expect(buildGraph(own, { datasets: ['posts'] }).nodes.get('posts')!.error).toMatch(/also the name of a dataset/);
  });
});
