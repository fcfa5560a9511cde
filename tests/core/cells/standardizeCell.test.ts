import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.materialize(
    'followers',
    `SELECT * FROM (VALUES
      (1, '25-34', 'M', 'London'), (2, '25 to 34', 'male', 'london '), (3, '25–34 years', 'Man', 'LDN'),
      (4, '65 and over', 'F', 'Munchen'), (5, '29', 'woman', 'München'), (6, 'adults', 'robot', 'Manchestr'),
      (7, NULL, NULL, NULL), (8, '35-44', 'Prefer not to say', 'Leeds')
    ) AS t(id, age, gender, city)`,
  );
  await engine.materialize('city_map', `SELECT * FROM (VALUES ('LDN', 'London'), ('Munchen', 'Munich'), ('München', 'Munich')) AS t(value, standard)`);
  await engine.materialize('no_followers', `SELECT * FROM followers WHERE false`);
});
afterAll(() => engine.close());

async function run(body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`standardize c\n${body}\n\`\`\`\n`), engine, { previewRows: 100_000 });
  return runs.get('c')!;
}
async function rows(body: string) {
  const r = await run(body);
  if (r.status !== 'ok') throw new Error(r.error);
  return { rows: rowsFromTable(r.result!.preview), note: r.result!.note, verdict: r.result!.verdict };
}

describe('standardize', () => {
  it('puts age brackets written many ways into canonical brackets, keeping every row and saying which rule applied', async () => {
    const { rows: out, note } = await rows('from: followers\ncolumn: age\ntype: age\nbrackets: [18-24, 25-34, 35-44, 45-54, 55-64, 65+]');
    expect(out.map((r) => [r.id, r.age, r.age_standard, r.age_rule])).toEqual([
      [1, '25-34', '25-34', 'age_bracket'], [2, '25 to 34', '25-34', 'age_bracket'], [3, '25–34 years', '25-34', 'age_bracket'],
      [4, '65 and over', '65+', 'age_bracket'], [5, '29', '25-34', 'age_in_bracket'], [6, 'adults', null, 'unmapped'],
      [7, null, null, 'missing'], [8, '35-44', '35-44', 'age_bracket'],
    ]);
    expect(note).toBe('1 row(s) (1 distinct value(s): `adults`) stay unmapped (standard null, rule unmapped)');
  });

  it('maps gender synonyms to female / male / non-binary / unknown', async () => {
    const { rows: out } = await rows('from: followers\ncolumn: gender\ntype: gender');
    expect(out.map((r) => [r.gender, r.gender_standard, r.gender_rule])).toEqual([
      ['M', 'male', 'gender_synonym'], ['male', 'male', 'gender_synonym'], ['Man', 'male', 'gender_synonym'], ['F', 'female', 'gender_synonym'],
      ['woman', 'female', 'gender_synonym'], ['robot', null, 'unmapped'], [null, null, 'missing'], ['Prefer not to say', 'unknown', 'gender_synonym'],
    ]);
  });

  it('uses a bound mapping table first, then the vocabulary (trim / case / accents), then fuzzy matches above the threshold', async () => {
    const { rows: out } = await rows('from: followers\ncolumn: city\nmapping: city_map\nvocabulary: [London, Manchester, Leeds]\nfuzzy: 0.9');
    // "Manchestr" vs "manchester": Jaro = (9/9 + 9/10 + 9/9) / 3 = 0.9667, prefix 4 → 0.9667 + 0.4 × 0.0333 = 0.98.
    expect(out.map((r) => [r.city, r.city_standard, r.city_rule])).toEqual([
      ['London', 'London', 'vocabulary'], ['london ', 'London', 'vocabulary'], ['LDN', 'London', 'mapping'], ['Munchen', 'Munich', 'mapping'],
      ['München', 'Munich', 'mapping'], ['Manchestr', 'Manchester', 'fuzzy'], [null, null, 'missing'], ['Leeds', 'Leeds', 'vocabulary'],
    ]);
  });

  it('lists what stays unmapped with its count and the closest standard value; summarizes rows per rule', async () => {
    const body = 'from: followers\ncolumn: city\nmapping:\n  London: [LDN, Londres]\nvocabulary: [Manchester, Leeds]';
    const { rows: un } = await rows(`${body}\noutput: unmapped`);
    expect(un.map((r) => [r.value, r.count, r.closest])).toEqual([['Manchestr', 1, 'Manchester'], ['Munchen', 1, 'Manchester'], ['München', 1, 'Manchester']]);
    expect(un[0]!.similarity).toBeCloseTo(0.98, 4);
    // London, "london " and LDN by the mapping (a standard counts as its own variant), Leeds by the vocabulary.
    const { rows: sum, verdict } = await rows(`${body}\noutput: summary`);
    expect(sum.map((r) => [r.rule, r.values, r.rows])).toEqual([['mapping', 3, 3], ['unmapped', 3, 3], ['missing', 1, 1], ['vocabulary', 1, 1]]);
    expect(sum.reduce((a, r) => a + Number(r.rows), 0)).toBe(8);
    expect(verdict).toBe('3 of 8 rows (3 distinct values) stay unmapped: add them to the mapping');
  });

  it('without a vocabulary, cleans text (trim, spaces, case) and keeps every row', async () => {
    const { rows: out } = await rows('from: followers\ncolumn: city\ncase: title');
    expect(out.map((r) => r.city_standard)).toEqual(['London', 'London', 'Ldn', 'Munchen', 'München', 'Manchestr', null, 'Leeds']);
  });

  it('returns a typed empty result for an empty table, and names wrong options', async () => {
    const r = await run('from: no_followers\ncolumn: age\ntype: age');
    expect(r.status).toBe('ok');
    expect(r.result!.columns.map((c) => c.name)).toEqual(['id', 'age', 'gender', 'city', 'age_standard', 'age_rule']);
    expect((await run('from: followers\ncolumn: agee')).error).toContain('`agee` is not a column of `followers`');
    expect((await run('from: followers\ncolumn: age\ntype: age\nbrackets: [young]')).error).toContain('`young` is not an age bracket');
    expect((await run('from: followers\ncolumn: city\nmapping:\n  London: LDN\n  london: Londres')).error).toContain('maps to both');
  });
});
