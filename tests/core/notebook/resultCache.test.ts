import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { hashText, resultKeys, rowsToKeep, staleResults } from '../../../src/core/notebook/resultCache.ts';

const notebook = (variantsSql: string, minImpr = 100, extra = '') => `---
pulse: 1
title: Keys
datasets:
  ads: { schema: ad_daily, sample: ad_daily.csv }
params:
  min_impressions: ${minImpr}
---

\`\`\`sql variants
${variantsSql}
\`\`\`

\`\`\`sql top
SELECT * FROM variants ORDER BY clicks DESC LIMIT 1
\`\`\`

\`\`\`sql other
SELECT 1 AS one
\`\`\`

\`\`\`input pick
type: select
options: [A, B]
default: A
\`\`\`

\`\`\`sql picked
SELECT * FROM variants WHERE variant = \${pick}
\`\`\`
${extra}`;

const SQL = 'SELECT variant, sum(clicks) AS clicks FROM ads WHERE impressions >= ${min_impressions} GROUP BY variant';
const sample = { datasets: { ads: 'sample:ad_daily.csv' } };
const keysOf = (text: string, inputs: Parameters<typeof resultKeys>[1] = sample) => resultKeys(parseNotebook(text), inputs);

describe('resultKeys', () => {
  it('gives the same keys to the same notebook and inputs (a reopened notebook finds its results)', () => {
    expect(keysOf(notebook(SQL))).toEqual(keysOf(notebook(SQL)));
    expect(Object.keys(keysOf(notebook(SQL))).sort()).toEqual(['other', 'pick', 'picked', 'top', 'variants']);
  });

  it('an edited cell changes its key and the keys of the cells that read it, directly or not, and no other', () => {
    const before = keysOf(notebook(SQL));
    const after = keysOf(notebook(SQL.replace('sum(clicks)', 'sum(clicks) + 0')));
    expect([...staleResults(before, after)].sort()).toEqual(['picked', 'top', 'variants']);
  });

  it('a changed front-matter parameter makes the cells that use it (and their readers) stale', () => {
    expect([...staleResults(keysOf(notebook(SQL, 100)), keysOf(notebook(SQL, 500)))].sort()).toEqual(['picked', 'top', 'variants']);
  });

  it('another version of a dataset (the user’s own file instead of the sample) makes its readers stale', () => {
    const mine = { datasets: { ads: 'stored:meta-ads.csv:5120:326' } };
    expect([...staleResults(keysOf(notebook(SQL)), keysOf(notebook(SQL), mine))].sort()).toEqual(['picked', 'top', 'variants']);
  });

  it('a value set on an input control makes the input and its readers stale, not the rest', () => {
    const set = keysOf(notebook(SQL), { ...sample, inputValues: { pick: 'B' } });
    expect([...staleResults(keysOf(notebook(SQL)), set)].sort()).toEqual(['pick', 'picked']);
  });

  it('a result whose cell is gone is stale; a new cell is not (it has nothing kept)', () => {
    const kept = { ...keysOf(notebook(SQL)), removed: 'x' };
    const now = keysOf(notebook(SQL, 100, '\n```sql extra\nSELECT 2\n```\n'));
    expect([...staleResults(kept, now)]).toEqual(['removed']);
  });

  it('gives cells in a cycle a key without looping', () => {
    const text = '---\npulse: 1\n---\n\n```sql a\nSELECT * FROM b\n```\n\n```sql b\nSELECT * FROM a\n```\n';
    expect(Object.keys(resultKeys(parseNotebook(text), { datasets: {} })).sort()).toEqual(['a', 'b']);
  });
});

describe('hashText', () => {
  // Reference values computed with bryc's cyrb53 (seed 0), the function this ports.
  it('matches cyrb53', () => {
    expect(hashText('a')).toBe((7929297801672961).toString(36));
    expect(hashText('')).toBe((3338908027751811).toString(36));
  });
});

describe('rowsToKeep', () => {
  const limits = { rows: 10, cellBytes: 100, notebookBytes: 250 };
  it('keeps cells in notebook order until the notebook budget is spent, and skips a cell over its own limit', () => {
    const sizes = [
      { id: 'a', bytes: 90 },
      { id: 'huge', bytes: 101 },
      { id: 'b', bytes: 100 },
      { id: 'c', bytes: 80 },
      { id: 'd', bytes: 60 },
    ];
    // a (90) + b (100) = 190; c would make 270 > 250; d makes 250, which fits.
    expect([...rowsToKeep(sizes, limits)]).toEqual(['a', 'b', 'd']);
  });
});
