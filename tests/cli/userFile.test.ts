import { describe, expect, it } from 'vitest';
import { bindings } from '../../src/cli/run.ts';
import { parseNotebook } from '../../src/core/notebook/format.ts';
import { notebookForData } from '../../src/core/notebook/dataNotebook.ts';

describe('pulse run on a notebook made on the user\'s own file', () => {
  const notebook = parseNotebook(notebookForData([{ table: 'orders', fileName: 'orders-2026.csv' }]));

  it('asks for the file by the name the notebook declares', () => {
    expect(() => bindings(notebook, new Map())).toThrow('dataset `orders` is the user\'s file orders-2026.csv, which is not given: pass --data orders=PATH/TO/orders-2026.csv');
  });

  it('binds it when given with --data', () => {
    expect(bindings(notebook, new Map([['orders', '/data/orders-2026.csv']]))).toEqual(new Map([['orders', '/data/orders-2026.csv']]));
  });
});
