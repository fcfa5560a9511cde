import { describe, expect, it } from 'vitest';
import { parseNotebook, serializeNotebook } from '../../../src/core/notebook/format.ts';
import { cells } from '../../../src/core/notebook/model.ts';
import { declaredDatasets } from '../../../src/core/notebook/datasets.ts';
import { insertProse, proseBody, setProseText } from '../../../src/core/notebook/prose.ts';
import { declareDataset, setTitle } from '../../../src/core/notebook/frontMatterEdit.ts';
import { notebookForData } from '../../../src/core/notebook/dataNotebook.ts';

const text = '---\ntitle: Weekly # kept comment\n---\n\nIntro line\n\n```sql a\nSELECT 1\n```\n\n```sql b\nSELECT 2\n```\n';

describe('prose is the Markdown cell: edited in place', () => {
  it('setProseText replaces the note and keeps the blank lines around it', () => {
    const nb = parseNotebook(text);
    const i = nb.blocks.findIndex((b) => b.type === 'prose' && b.text.includes('Intro'));
    const out = serializeNotebook(setProseText(nb, i, '## Why\n\nBecause *reasons*.'));
    expect(out).toBe(text.replace('Intro line', '## Why\n\nBecause *reasons*.'));
  });

  it('insertProse adds a note between two cells, and the cells stay as they were', () => {
    const nb = parseNotebook(text);
    const afterA = nb.blocks.findIndex((b) => b.type === 'cell' && b.id === 'a');
    const out = insertProse(nb, afterA, 'A note on a');
    expect(serializeNotebook(out)).toBe(text.replace('```\n\n```sql b', '```\n\nA note on a\n\n\n```sql b'));
    expect(cells(out).map((c) => c.code)).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('a fence in a note is refused with what to do, and an empty new note too', () => {
    const nb = parseNotebook(text);
    const i = nb.blocks.findIndex((b) => b.type === 'prose' && b.text.includes('Intro'));
    expect(() => setProseText(nb, i, 'x\n```sql c\nSELECT 3\n```')).toThrow(/``` fence line.*indent the fence/);
    expect(() => insertProse(nb, i, '  \n ')).toThrow(/empty note/);
  });

  it('proseBody strips only the separating blank lines', () => {
    expect(proseBody('\n\n# T\n\ntext\n\n')).toBe('# T\n\ntext');
  });
});

describe('front matter edits keep comments', () => {
  it('setTitle changes the title and keeps the comment; a blank title is refused', () => {
    const out = serializeNotebook(setTitle(parseNotebook(text), '  Q3   review '));
    expect(out.startsWith('---\ntitle: Q3 review # kept comment\n---\n')).toBe(true);
    expect(() => setTitle(parseNotebook(text), '   ')).toThrow(/needs a title/);
  });

  it('declareDataset adds `file:` (and the schema), read back by declaredDatasets; a declared name is left alone', () => {
    const nb = declareDataset(parseNotebook(text), { name: 'orders', file: 'Orders 2026.csv' });
    expect(declaredDatasets(nb)).toEqual([{ name: 'orders', file: 'Orders 2026.csv' }]);
    const again = declareDataset(nb, { name: 'orders', file: 'other.csv', schema: 'ad_daily' });
    expect(declaredDatasets(again)).toEqual([{ name: 'orders', file: 'Orders 2026.csv' }]);
    expect(cells(again).map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('a notebook without front matter gets one', () => {
    const nb = declareDataset(parseNotebook('```sql a\nSELECT 1\n```\n'), { name: 'ads', file: 'meta.csv', schema: 'ad_daily' });
    expect(serializeNotebook(nb)).toBe('---\ndatasets:\n  ads:\n    file: meta.csv\n    schema: ad_daily\n---\n\n```sql a\nSELECT 1\n```\n');
  });
});

describe('a dropped data file starts a notebook on it', () => {
  it('declares the file and has a preview and a profile ready', () => {
    const nb = parseNotebook(notebookForData([{ table: 'orders', fileName: 'orders_2026.csv' }]));
    expect(nb.frontMatter?.data.title).toBe('orders_2026.csv');
    expect(declaredDatasets(nb)).toEqual([{ name: 'orders', file: 'orders_2026.csv' }]);
    expect(cells(nb).map((c) => [c.id, c.code])).toEqual([
      ['preview', 'SELECT * FROM orders LIMIT 100'],
      ['profile', 'SELECT * FROM (SUMMARIZE orders)'],
    ]);
  });

  it('several files: one notebook declaring each, cells named after their tables', () => {
    const nb = parseNotebook(notebookForData([{ table: 'orders', fileName: 'orders.csv' }, { table: 'My Shops', fileName: 'shops.xlsx', schema: 'ad_daily' }]));
    expect(nb.frontMatter?.data.title).toBe('orders.csv and 1 more');
    expect(declaredDatasets(nb)).toEqual([{ name: 'orders', file: 'orders.csv' }, { name: 'My Shops', file: 'shops.xlsx', schema: 'ad_daily' }]);
    expect(cells(nb).map((c) => c.id)).toEqual(['orders_preview', 'orders_profile', 'My_Shops_preview', 'My_Shops_profile']);
    expect(cells(nb)[2]!.code).toBe('SELECT * FROM "My Shops" LIMIT 100');
  });
});
