import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { buildGraph, dependentsOf, staleAfterEdit, withDependencies } from '../../../src/core/notebook/graph.ts';
import { setCellCode } from '../../../src/core/notebook/edit.ts';

const nb = (body: string) => parseNotebook(`---\ntitle: g\nparams:\n  alpha: 0.05\n---\n${body}`);
const sql = (id: string, q: string) => `\n\`\`\`sql ${id}\n${q}\n\`\`\`\n`;

describe('buildGraph', () => {
  const notebook = nb(
    sql('b', 'SELECT * FROM a JOIN ads USING (id)') +
      sql('a', 'SELECT 1 AS id') +
      '\n```input threshold\ntype: number\ndefault: 3\n```\n' +
      sql('c', 'SELECT * FROM b WHERE id > ${threshold} AND p < ${alpha}') +
      '\n```plot p\nfrom: c\nmark: dot\nx: id\ny: id\n```\n' +
      sql('d', 'SELECT 2'),
  );

  it('finds edges from table references, from: fields and ${params}, and orders dependencies first', () => {
    const g = buildGraph(notebook, { datasets: ['ads'] });
    expect(g.nodes.get('b')!.deps).toEqual(['a']);
    expect(g.nodes.get('b')!.tables).toEqual(['ads']);
    expect(g.nodes.get('c')!.deps).toEqual(['b', 'threshold']);
    expect(g.nodes.get('c')!.params).toEqual(['alpha']);
    expect(g.nodes.get('p')!.deps).toEqual(['c']);
    expect(g.order).toEqual(['a', 'b', 'threshold', 'c', 'p', 'd']);
    expect([...g.nodes.values()].filter((n) => n.error)).toEqual([]);
  });

  it('marks only the dependents of an edited cell stale', () => {
    const g = buildGraph(notebook, { datasets: ['ads'] });
    expect([...dependentsOf(g, ['a'])].sort()).toEqual(['b', 'c', 'p']);
    const edited = setCellCode(notebook, 'b', 'SELECT * FROM a');
    expect([...staleAfterEdit(notebook, edited, { datasets: ['ads'] })].sort()).toEqual(['b', 'c', 'p']);
    const editedD = setCellCode(notebook, 'd', 'SELECT 3');
    expect([...staleAfterEdit(notebook, editedD, { datasets: ['ads'] })]).toEqual(['d']);
  });

  it('lists what running a cell needs: it and every cell it reads, inputs included, nothing else', () => {
    const g = buildGraph(notebook, { datasets: ['ads'] });
    // c reads b (which reads a) and the input threshold; p and d are not needed.
    expect([...withDependencies(g, ['c'])].sort()).toEqual(['a', 'b', 'c', 'threshold']);
    expect([...withDependencies(g, ['d', 'a'])].sort()).toEqual(['a', 'd']);
    expect([...withDependencies(g, ['no_such_cell'])]).toEqual([]);
  });

  it('a changed front-matter parameter makes its readers and their dependents stale', () => {
    const edited = parseNotebook(
      `---\ntitle: g\nparams:\n  alpha: 0.01\n---\n${notebook.blocks.map((b) => (b.type === 'prose' ? b.text : b.source.open + b.source.body + b.source.close)).join('')}`,
    );
    expect([...staleAfterEdit(notebook, edited, { datasets: ['ads'] })].sort()).toEqual(['c', 'p']);
  });

  it('puts an error naming the cycle on every cell of the cycle, and nowhere else', () => {
    const g = buildGraph(nb(sql('x', 'SELECT * FROM y') + sql('y', 'SELECT * FROM z') + sql('z', 'SELECT * FROM x') + sql('ok', 'SELECT 1') + sql('self', 'SELECT * FROM self')));
    for (const id of ['x', 'y', 'z']) expect(g.nodes.get(id)!.error).toMatch(/cycle: `x` → `y` → `z` → `x`/);
    expect(g.nodes.get('self')!.error).toMatch(/cycle: `self` → `self`/);
    expect(g.nodes.get('ok')!.error).toBeUndefined();
    expect(g.order[0]).toBe('ok');
  });

  it('reports unknown tables (when the catalogue is known) and unknown parameters on the cell', () => {
    const g = buildGraph(nb(sql('q', 'SELECT * FROM nowhere WHERE x = ${nope}') + sql('r', 'SELECT 1')), { datasets: [], tables: ['other'] });
    expect(g.nodes.get('q')!.error).toBe('unknown table `nowhere` and parameter `nope`: no cell, dataset, loaded table or parameter has that name');
    expect(g.nodes.get('r')!.error).toBeUndefined();
  });

  it('does not create edges from strings, comments, columns or CTEs that spell a cell id', () => {
    const g = buildGraph(
      nb(sql('a', 'SELECT 1 AS b') + sql('b', "WITH a AS (SELECT 2) SELECT 'a' AS s, b FROM a -- FROM a") + sql('c', 'SELECT b FROM (SELECT 1 AS b) /* b */')),
    );
    expect(g.nodes.get('b')!.deps).toEqual([]);
    expect(g.nodes.get('c')!.deps).toEqual([]);
  });

  it('rejects a cell id that is also a dataset name', () => {
    const g = buildGraph(nb(sql('ads', 'SELECT 1')), { datasets: ['ads'] });
    expect(g.nodes.get('ads')!.error).toMatch(/also the name of a dataset/);
  });
});
