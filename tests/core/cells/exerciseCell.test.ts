/**
 * The exercise cell on native DuckDB: the solution is computed from the data, the trainee's answer
 * (a value, a list or a query) is checked against it, and the verdict is the cell's result table.
 * Expected values are worked out by hand from the small table below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable, tableFromColumns } from '../../../src/core/arrow.ts';
import { exerciseSpec, setExerciseAnswer } from '../../../src/core/cells/course/exerciseCell.ts';
import { buildGraph } from '../../../src/core/notebook/graph.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;
beforeAll(async () => {
  engine = await NativeEngine.create();
  // Spring: 30 / 1000 = 0.03; Summer: 10 / 1000 = 0.01; overall 40 / 2000 = 0.02.
  await engine.registerArrow(
    'ads',
    tableFromColumns([
      { name: 'campaign', type: 'VARCHAR', values: ['Spring', 'Spring', 'Summer'] },
      { name: 'clicks', type: 'BIGINT', values: [10n, 20n, 10n] },
      { name: 'impressions', type: 'BIGINT', values: [500n, 500n, 1000n] },
    ]),
  );
});
afterAll(() => engine.close());

const exercise = (body: string, id = 'ex') => `\`\`\`exercise ${id}\n${body}\n\`\`\`\n`;
async function verdict(body: string) {
  const { runs } = await runNotebook(parseNotebook(exercise(body)), engine, { datasets: ['ads'] });
  const r = runs.get('ex')!;
  if (r.status !== 'ok') return { status: r.status, error: r.error };
  const [row] = rowsFromTable(r.result!.preview);
  return { status: r.status, verdict: row!.verdict, message: row!.message, output: r.result!.output };
}

const overall = 'question: What is the overall CTR?\nsolution: SELECT sum(clicks) / sum(impressions) FROM ads\ntolerance: 0.001';

describe('exercise cell', () => {
  it('an unanswered exercise runs ok with the verdict "unanswered"', async () => {
    const v = await verdict(overall);
    expect(v.verdict).toBe('unanswered');
    expect(v.output).toEqual({ type: 'exercise', verdict: { status: 'unanswered', message: 'not answered yet: type a value and press Check' } });
  });

  it('a typed value passes within the tolerance and fails outside it', async () => {
    expect((await verdict(`${overall}\nanswer: 0.0205`)).verdict).toBe('passed');
    const wrong = await verdict(`${overall}\nanswer: 0.03`);
    expect(wrong.verdict).toBe('failed');
    expect(wrong.message).toBe('yours, 0.03, is too high, about 50 % above the expected value (tolerance ±0.001)');
  });

  it('a query answer is run on the same data', async () => {
    expect((await verdict(`${overall}\nanswer: SELECT 40.0 / 2000`)).verdict).toBe('passed');
    const many = await verdict(`${overall}\nanswer: SELECT campaign, sum(clicks) FROM ads GROUP BY 1`);
    expect(many.message).toBe('your query returns 2 rows; the answer is one value (one row, one column)');
  });

  it("a failing answer query is the trainee's verdict, not a cell error", async () => {
    const v = await verdict(`${overall}\nanswer: SELECT nope FROM ads`);
    expect(v.status).toBe('ok');
    expect(v.verdict).toBe('failed');
    expect(v.message).toMatch(/^your query failed: .*nope/);
  });

  it('a query answer runs as one read-only query', async () => {
    expect((await verdict(`${overall}\nanswer: SELECT 0.02; SELECT 1`)).message).toBe('your query failed: write one query: there is a `;` between two statements');
    expect((await verdict(`${overall}\nanswer: WITH x AS (SELECT 1) SELECT 0.02`)).verdict).toBe('passed');
    expect((await verdict(`${overall}\nanswer: "SELECT 0.02;"`)).verdict).toBe('passed');
    // In a value exercise only text starting with SELECT or WITH runs: the rest is a typed value, never executed.
    expect((await verdict(`${overall}\nanswer: DROP TABLE ads`)).message).toBe("yours is text ('DROP TABLE ads'), expected a number");
    expect((await verdict(`${overall}\nanswer: (not set)`)).message).toBe("yours is text ('(not set)'), expected a number");
    // In a query exercise every text is a query, and a command is refused by the engines' guard.
    const asSql = `${overall}\nanswer_as: sql\nanswer: DROP TABLE ads`;
    expect((await verdict(asSql)).message).toMatch(/^your query failed: Pulse runs queries only .*`DROP` statements are not allowed/);
  });

  it('a value solution of the wrong shape is the cell error, even before an answer', async () => {
    const { runs } = await runNotebook(parseNotebook(exercise('question: Q\nsolution: SELECT campaign FROM ads')), engine, { datasets: ['ads'] });
    expect(runs.get('ex')!.error).toBe('the solution of a `check: value` exercise must return one value; it returns 3 row(s) × 1 column(s)');
  });

  it("a failing solution is the cell's error, pointing at the solution line", async () => {
    const { runs } = await runNotebook(parseNotebook(exercise('question: Q\nsolution: SELECT nope FROM ads')), engine, { datasets: ['ads'] });
    expect(runs.get('ex')!.status).toBe('error');
    expect(runs.get('ex')!.error).toMatch(/^the exercise's solution query failed/);
    expect(runs.get('ex')!.errorLine).toBe(3);
  });

  it('rows: CTR per campaign in any order; set: a YAML list of campaigns', async () => {
    const rows = 'question: CTR per campaign\ncheck: rows\nsolution: SELECT campaign, sum(clicks) / sum(impressions) AS ctr FROM ads GROUP BY 1\ntolerance: { relative: 0.01 }';
    expect((await verdict(`${rows}\nanswer: "SELECT * FROM (VALUES ('Summer', 0.01), ('Spring', 0.0301))"`)).verdict).toBe('passed');
    const off = await verdict(`${rows}\nanswer: "SELECT * FROM (VALUES ('Summer', 0.01), ('Spring', 0.04))"`);
    expect(off.message).toContain("(the row with campaign = 'Spring')");
    const set = 'question: Which campaigns beat 1.5 % CTR?\ncheck: set\nsolution: SELECT campaign FROM ads GROUP BY 1 HAVING sum(clicks) / sum(impressions) > 0.015';
    expect((await verdict(`${set}\nanswer: [spring]`)).verdict).toBe('passed');
    expect((await verdict(`${set}\nanswer: [Spring, Summer]`)).message).toBe("not expected: 'Summer' (1 of your 2 values are right, of 1 expected)");
  });

  it('bad bodies say which key is wrong and where', async () => {
    expect(() => exerciseSpec('question: Q\nsolution: SELECT 1\ncheck: approx')).toThrow(/`check:` must be one of value, rows, set/);
    expect(() => exerciseSpec('question: Q\nsolution: SELECT 1\ntolerance: -1')).toThrow(/must be a number ≥ 0/);
    expect(() => exerciseSpec('question: Q\nsolution: SELECT 1\nanswr: 3')).toThrow(/unknown key `answr`/);
    expect(() => exerciseSpec('solution: SELECT 1')).toThrow(/needs `question:`/);
    expect(() => exerciseSpec('question: Q\nsolution: SELECT 1\nhints:\n  - fine\n  - Note: this reads as a key')).toThrow(/hint 2 is not a sentence: .* put the hint in double quotes/);
    expect(() => exerciseSpec('question: Q\nsolution: SELECT 1\nanswer: [1, 2]')).toThrow(/a list answers a `check: set` exercise/);
  });

  it('the graph knows what the solution and the answer read', () => {
    const nb = parseNotebook(`\`\`\`sql per_campaign\nSELECT * FROM ads\n\`\`\`\n\n${exercise(`${overall}\nanswer: SELECT count(*) FROM per_campaign WHERE clicks > \${min_clicks}`)}`);
    const node = buildGraph(nb, { datasets: ['ads'], params: ['min_clicks'] }).nodes.get('ex')!;
    expect(node.deps).toEqual(['per_campaign']);
    expect(node.tables).toEqual(['ads']);
    expect(node.params).toEqual(['min_clicks']);
  });

  it("an unknown table in the trainee's query is a failed verdict; in the solution it is the cell's error", async () => {
    const v = await verdict(`${overall}\nanswer: SELECT sum(clicks) / sum(impressions) FROM adz`);
    expect(v.status).toBe('ok');
    expect(v.message).toMatch(/^your query failed: .*adz/);
    const nb = parseNotebook(exercise('question: Q\nsolution: SELECT count(*) FROM adz'));
    expect(buildGraph(nb, { datasets: ['ads'], tables: ['ads'] }).nodes.get('ex')!.error).toMatch(/unknown table `adz`/);
  });
});

describe('setExerciseAnswer', () => {
  it('writes a value, a multi-line query, and clears, keeping the other keys and comments', () => {
    const body = 'question: Q # the question\nsolution: SELECT 1\nshow_solution: false';
    const withValue = setExerciseAnswer(body, 0.25);
    expect(withValue).toBe('question: Q # the question\nsolution: SELECT 1\nshow_solution: false\nanswer: 0.25');
    const withSql = setExerciseAnswer(withValue, 'SELECT 1\nFROM ads');
    expect(exerciseSpec(withSql).answer).toEqual({ mode: 'sql', sql: 'SELECT 1\nFROM ads' });
    expect(exerciseSpec(withSql).showSolution).toBe(false);
    expect(setExerciseAnswer(withSql, '')).toBe('question: Q # the question\nsolution: SELECT 1\nshow_solution: false');
    // Typed into a text field: a number is saved as a number, a list (set answers) as a flow list.
    expect(setExerciseAnswer(body, ' 0.0125 ')).toMatch(/\nanswer: 0.0125$/);
    expect(setExerciseAnswer(body, 'Spring: sale')).toMatch(/\nanswer: "Spring: sale"$/);
    expect(exerciseSpec(setExerciseAnswer(`${body}\ncheck: set`, ['Spring', '12'])).answer).toEqual({ mode: 'list', values: ['Spring', 12] });
  });
});
