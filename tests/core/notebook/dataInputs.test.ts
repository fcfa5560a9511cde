/**
 * A select input whose options are read from a bound table (`options: { from, column }`): the graph
 * knows it reads the table, the options are the column's distinct values, the default falls back to
 * the first option when the data lacks it, and a chosen value the data lacks is an error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable, tableFromColumns } from '../../../src/core/arrow.ts';
import { inputSpec } from '../../../src/core/cells/input.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { buildGraph, dependentsOf, staleAfterEdit } from '../../../src/core/notebook/graph.ts';
import { setCellCode } from '../../../src/core/notebook/edit.ts';
import { cells } from '../../../src/core/notebook/model.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

const input = (id: string, body: string) => `\n\`\`\`input ${id}\n${body}\n\`\`\`\n`;
const sql = (id: string, q: string) => `\n\`\`\`sql ${id}\n${q}\n\`\`\`\n`;

const notebook = (campaignBody: string) =>
  parseNotebook(
    sql('per_campaign', 'SELECT campaign, sum(clicks) AS clicks FROM ads GROUP BY 1') +
      input('campaign', campaignBody) +
      sql('one', 'SELECT * FROM per_campaign WHERE campaign = ${campaign}') +
      sql('other', 'SELECT 1 AS x'),
  );
const fromData = 'type: select\noptions: { from: per_campaign, column: campaign }\ndefault: Summer';

describe('graph of a data-driven input', () => {
  it('the input reads its table: it runs after it, and its readers after it', () => {
    const g = buildGraph(notebook(fromData), { datasets: ['ads'] });
    expect(g.nodes.get('campaign')!.deps).toEqual(['per_campaign']);
    expect(g.nodes.get('one')!.deps).toEqual(['per_campaign', 'campaign']);
    expect(g.order.indexOf('per_campaign')).toBeLessThan(g.order.indexOf('campaign'));
    expect(g.order.indexOf('campaign')).toBeLessThan(g.order.indexOf('one'));
    expect([...dependentsOf(g, ['per_campaign'])].sort()).toEqual(['campaign', 'one']);
  });

  it('reading from a dataset directly is a table edge; an unknown table is an error on the input', () => {
    const g = buildGraph(notebook('type: select\noptions: { from: ads, column: campaign }'), { datasets: ['ads'], tables: [] });
    expect(g.nodes.get('campaign')!.tables).toEqual(['ads']);
    const bad = buildGraph(notebook('type: select\noptions: { from: nowhere, column: campaign }'), { datasets: ['ads'], tables: [] });
    expect(bad.nodes.get('campaign')!.error).toMatch(/unknown table `nowhere`/);
  });

  it('editing the table the options come from makes the input and its readers stale', () => {
    const before = notebook(fromData);
    const after = setCellCode(before, 'per_campaign', 'SELECT campaign, count(*) AS clicks FROM ads GROUP BY 1');
    expect([...staleAfterEdit(before, after, { datasets: ['ads'] })].sort()).toEqual(['campaign', 'one', 'per_campaign']);
  });

  it('bad option specs say what to write', () => {
    const spec = (body: string) => () => inputSpec(cells(parseNotebook(input('c', body)))[0]!);
    expect(spec('type: select\noptions: { from: ads }')).toThrow(/needs `column:`/);
    expect(spec('type: select\noptions: { from: ads, column: c, order: random }')).toThrow(/must be one of asc, desc, count/);
    expect(spec('type: select\noptions: { from: ads, column: c, limit: 0 }')).toThrow(/whole number from 1 to 500/);
    expect(spec('type: select\noptions: { from: "ads; DROP", column: c }')).toThrow(/plain name/);
  });
});

describe('running a data-driven input', () => {
  let engine: NativeEngine;
  beforeAll(async () => {
    engine = await NativeEngine.create();
    // Clicks per campaign: Spring 30, Summer 10, Winter 5 (Winter twice: the most frequent row).
    await engine.registerArrow(
      'ads',
      tableFromColumns([
        { name: 'campaign', type: 'VARCHAR', values: ['Spring', 'Summer', 'Winter', 'Winter', null] },
        { name: 'clicks', type: 'BIGINT', values: [30n, 10n, 2n, 3n, 1n] },
      ]),
    );
  });
  afterAll(() => engine.close());

  const clicksOf = (runs: Awaited<ReturnType<typeof runNotebook>>['runs']) => rowsFromTable(runs.get('one')!.result!.preview).map((r) => [r.campaign, r.clicks]);

  it('offers the distinct non-null values and keeps a declared default found in the data', async () => {
    const { runs, params } = await runNotebook(notebook(fromData), engine, { datasets: ['ads'] });
    const out = runs.get('campaign')!.result!.output;
    expect(out).toMatchObject({ type: 'input', value: 'Summer', input: { options: ['Spring', 'Summer', 'Winter'], default: 'Summer' } });
    expect(out.type === 'input' && out.input.note).toBeUndefined();
    expect(params.get('campaign')).toBe('Summer');
    expect(clicksOf(runs)).toEqual([['Summer', 10]]);
  });

  it('falls back to the first option when the declared default is not in the data, and says so', async () => {
    const { runs } = await runNotebook(notebook(fromData.replace('Summer', 'Black Friday')), engine, { datasets: ['ads'] });
    const out = runs.get('campaign')!.result!.output;
    expect(out.type === 'input' && out.value).toBe('Spring');
    expect(out.type === 'input' && out.input.note).toBe('the default `Black Friday` is not in column `campaign` of `per_campaign`: using the first option, `Spring`');
    // The cells that read ${campaign} get the value the input settled on, not the absent default.
    expect(clicksOf(runs)).toEqual([['Spring', 30]]);
  });

  it('order: count puts the most frequent first; limit keeps the first N', async () => {
    const nb = notebook('type: select\noptions: { from: ads, column: campaign, order: count, limit: 2 }');
    const { runs } = await runNotebook(nb, engine, { datasets: ['ads'] });
    const out = runs.get('campaign')!.result!.output;
    expect(out.type === 'input' && out.input.options).toEqual(['Winter', 'Spring']);
    expect(out.type === 'input' && out.value).toBe('Winter');
  });

  it('a chosen value in the data is used; one not in the data is an error listing the values', async () => {
    const ok = await runNotebook(notebook(fromData), engine, { datasets: ['ads'], params: { campaign: 'Winter' } });
    expect(clicksOf(ok.runs)).toEqual([['Winter', 5]]);
    const bad = await runNotebook(notebook(fromData), engine, { datasets: ['ads'], params: { campaign: 'Autumn' } });
    expect(bad.runs.get('campaign')!.error).toBe('`Autumn` is not among the 3 values of column `campaign` of `per_campaign`: Spring, Summer, Winter');
    expect(bad.runs.get('one')!.status).toBe('skipped');
  });

  it('a run of only a reader settles the input from the data without re-running it', async () => {
    const nb = notebook(fromData.replace('Summer', 'Black Friday'));
    await runNotebook(nb, engine, { datasets: ['ads'] });
    const { runs } = await runNotebook(nb, engine, { datasets: ['ads'], only: ['one'] });
    expect(runs.has('campaign')).toBe(false);
    expect(clicksOf(runs)).toEqual([['Spring', 30]]);
  });

  it('a column with no values gives nothing to choose: the input is NULL with a note, its readers run and come out empty', async () => {
    const nb = parseNotebook(
      sql('none', "SELECT * FROM per_campaign WHERE campaign = 'Autumn'") +
        sql('per_campaign', 'SELECT campaign, sum(clicks) AS clicks FROM ads GROUP BY 1') +
        input('campaign', 'type: select\noptions: { from: none, column: campaign }\ndefault: Summer') +
        sql('one', 'SELECT * FROM per_campaign WHERE campaign = ${campaign}'),
    );
    const { runs, params } = await runNotebook(nb, engine, { datasets: ['ads'] });
    const r = runs.get('campaign')!;
    expect(r.status).toBe('ok');
    expect(r.result!.note).toBe('no options: column `campaign` of `none` has no values, so `${campaign}` is NULL and the cells that read it have no rows');
    expect(r.result!.output).toMatchObject({ type: 'input', value: null, input: { options: [] } });
    expect(params.get('campaign')).toBeNull();
    expect(runs.get('one')!.status).toBe('ok');
    expect(runs.get('one')!.result!.rowCount).toBe(0);
  });
});
