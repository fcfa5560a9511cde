import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

beforeAll(async () => {
  engine = await NativeEngine.create();
  // Hand-made person table: every column's class is known by construction (comments below).
  await engine.materialize(
    'people',
    `SELECT * FROM (VALUES
      ('ann@example.com',   '+44 20 7946 0958', '192.168.0.1', '6f1c2a3b-1d2e-4f50-8a9b-0c1d2e3f4a5b', 'Ann Lee',  'Loved it, mail me at ann@example.com please', 'Mozilla/5.0 (X11; Linux x86_64)', 'spring-sale', '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8', 34, '02138'),
      ('bob@example.org',   '(212) 555-0100',   '10.0.0.7',    '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', 'Bob Roy',  'The delivery was late and the box was damaged', 'Mozilla/5.0 (Windows NT 10.0)', 'spring-sale', 'a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3', 41, '02139'),
      (' cy@example.net ',  '212-555-0199',     '172.16.4.2',  'ffffffff-1111-4222-8333-444455556666', 'Cy Diaz',  NULL, 'curl/8.4.0', 'brand', NULL, 29, '02141'),
      (NULL,                NULL,               NULL,          NULL,                                   NULL,       'ok', NULL, 'brand', NULL, NULL, NULL)
    ) AS t(email, contact, ip, adv, full_name, note, ua, campaign, contact_email, age, zip)`,
  );
  await engine.materialize('nobody', `SELECT * FROM people WHERE false`);
  // Sweeney 2002, "k-anonymity: a model for protecting privacy", Figure 2 (2-anonymous over race, birth, gender, ZIP).
  await engine.materialize(
    'sweeney',
    `SELECT * FROM (VALUES
      ('black', 1965, 'm', '0214*', 'short breath'), ('black', 1965, 'm', '0214*', 'chest pain'),
      ('black', 1965, 'f', '0213*', 'hypertension'), ('black', 1965, 'f', '0213*', 'hypertension'),
      ('black', 1964, 'f', '0213*', 'obesity'), ('black', 1964, 'f', '0213*', 'chest pain'),
      ('white', 1964, 'm', '0213*', 'chest pain'), ('white', 1964, 'm', '0213*', 'obesity'), ('white', 1964, 'm', '0213*', 'short breath'),
      ('white', 1967, 'm', '0213*', 'chest pain'), ('white', 1967, 'm', '0213*', 'chest pain')
    ) AS t(race, birth, gender, zip, problem)`,
  );
  // 2,000 groups of exactly 50 rows each, for the noise statistics.
  await engine.materialize('visits', `SELECT (i % 2000)::VARCHAR AS grp, i AS visitor FROM range(100000) r(i)`);
  // One visitor in three channels, two visitors in one: with person bounding each counts once.
  await engine.materialize('touches', `SELECT * FROM (VALUES ('v1', 'email'), ('v1', 'social'), ('v1', 'web'), ('v2', 'email'), ('v3', 'email'), ('v3', 'email')) AS t(visitor, channel)`);
});
afterAll(() => engine.close());

async function run(text: string) {
  const { runs } = await runNotebook(parseNotebook(text), engine, { previewRows: 100_000 });
  return runs;
}
const cell = (kind: string, id: string, body: string) => `\`\`\`${kind} ${id}\n${body}\n\`\`\`\n\n`;
async function rows(kind: string, body: string) {
  const r = (await run(cell(kind, 'c', body))).get('c')!;
  if (r.status !== 'ok') throw new Error(r.error);
  return { rows: rowsFromTable(r.result!.preview), notes: r.result!.note ? r.result!.note.split('; ') : [] };
}
async function error(kind: string, body: string) {
  const r = (await run(cell(kind, 'c', body))).get('c')!;
  expect(r.status).toBe('error');
  return { message: r.error!, line: r.errorLine };
}

describe('pii-scan', () => {
  it('classifies each hand-built column by its values and name, with evidence', async () => {
    const { rows: out } = await rows('pii-scan', 'from: people');
    const by = new Map(out.map((r) => [r.column_name, r]));
    const got = (c: string) => [c, by.get(c)!.detected, by.get(c)!.pii_type, by.get(c)!.sensitivity];
    expect(got('email')).toEqual(['email', 'direct identifier', 'email', 'restricted']);
    expect(got('contact')).toEqual(['contact', 'direct identifier', 'phone', 'restricted']);
    expect(got('ip')).toEqual(['ip', 'direct identifier', 'ip_address', 'restricted']);
    expect(got('adv')).toEqual(['adv', 'pseudonymous identifier', 'device_id', 'confidential']);
    expect(got('full_name')).toEqual(['full_name', 'direct identifier', 'person_name', 'restricted']);
    expect(got('note')).toEqual(['note', 'user-written text', 'free_text_with_pii', 'restricted']);
    expect(got('ua')).toEqual(['ua', 'quasi-identifier', 'user_agent', 'confidential']);
    // A column named like an e-mail holding SHA-256 digests is a hashed id: values decide.
    expect(got('contact_email')).toEqual(['contact_email', 'pseudonymous identifier', 'hashed_id', 'confidential']);
    expect(got('age')).toEqual(['age', 'quasi-identifier', 'demographic', 'confidential']);
    expect(got('zip')).toEqual(['zip', 'quasi-identifier', 'postcode', 'confidential']);
    expect(got('campaign')).toEqual(['campaign', 'non-personal attribute', 'none', 'internal']);
    // 3 of 3 non-null e-mails match (the padded one too); 1 of 3 notes carries an address.
    expect(by.get('email')!.evidence).toBe('100.0 % of 3 non-empty values look like e-mail addresses');
    expect(by.get('note')!.evidence).toMatch(/^33\.3 % of 3 non-empty values are text with an e-mail address or phone number inside/);
    expect(by.get('email')!.non_null).toBe(3);
    // Most sensitive first.
    expect(out.map((r) => r.sensitivity)).toEqual([...out.map((r) => r.sensitivity)].sort((a, b) => ['restricted', 'confidential', 'internal'].indexOf(String(a)) - ['restricted', 'confidential', 'internal'].indexOf(String(b))));
  });

  it('an empty table is classified by name only, with a note', async () => {
    const { rows: out, notes } = await rows('pii-scan', 'from: [nobody]');
    expect(out).toHaveLength(11);
    expect(out.find((r) => r.column_name === 'email')!.detected).toBe('direct identifier');
    expect(out.find((r) => r.column_name === 'adv')!.detected).toBe('non-personal attribute');
    expect(notes).toEqual(['`nobody` has no rows: its columns are classified by name only']);
  });

  it('names a missing table', async () => {
    expect((await error('pii-scan', 'from: [people, nope]')).message).toBe('unknown table `nope`: no cell, dataset, loaded table or parameter has that name');
    expect((await error('pii-scan', 'sample_rows: 10')).message).toMatch(/pii-scan `from:` name a table/);
  });
});

describe('k-anonymity on Sweeney 2002 Figure 2', () => {
  const qi = 'from: sweeney\nquasi_identifiers: [race, birth, gender, zip]';
  it('k = 2 holds as published; k = 3 lists the four classes of two', async () => {
    expect((await rows('k-anonymity', `${qi}\nk: 2`)).rows).toEqual([]);
    const { rows: v } = await rows('k-anonymity', `${qi}\nk: 3`);
    expect(v.map((r) => [r.race, r.birth, r.gender, r.zip, r.class_size])).toEqual([
      ['black', '1964', 'f', '0213*', 2], ['black', '1965', 'f', '0213*', 2], ['black', '1965', 'm', '0214*', 2], ['white', '1967', 'm', '0213*', 2],
    ]);
  });

  it('summary: the least generalizations for k = 3 (height 5, derived by hand in the analytics test)', async () => {
    const { rows: s } = await rows('k-anonymity', `${qi}\nk: 3\noutput: summary`);
    expect(s[0]).toMatchObject({ step: 'as is', classes: 5, classes_below_k: 4, rows_in_classes_below_k: 8, smallest_class: 2, satisfies_k: false });
    expect(s.slice(1).map((r) => r.generalization)).toEqual([
      'birth → 10-wide brackets; gender → suppressed (*); zip → first 3 characters',
      'race → suppressed (*); birth → 5-wide brackets; gender → suppressed (*); zip → first 3 characters',
      'race → suppressed (*); birth → 10-wide brackets; zip → first 3 characters',
    ]);
    expect(s.slice(1).map((r) => r.k_achieved)).toEqual([5, 5, 4]);
    expect(s[1]!.quasi_identifiers).toBe('race × birth (10-wide brackets) × zip (first 3 characters)');
  });

  it('empty input and bad options', async () => {
    const empty = await rows('k-anonymity', 'from: nobody\nquasi_identifiers: [age, zip]\noutput: summary');
    expect(empty.notes[0]).toBe('`nobody` has no rows: no equivalence classes to check');
    expect(empty.rows[0]).toMatchObject({ classes: 0, satisfies_k: false });
    expect((await error('k-anonymity', 'from: sweeney\nquasi_identifiers: [race, dob]')).message).toMatch(/k-anonymity `quasi_identifiers:` `dob` is not a column of `sweeney`/);
    const k1 = await error('k-anonymity', `${qi}\nk: 1`);
    expect(k1.message).toBe('k-anonymity `k:` must be at least 2');
    expect((await error('k-anonymity', 'from: sweeney')).message).toMatch(/`quasi_identifiers:` list the columns/);
  });
});

describe('dp-count', () => {
  it('noise over 2,000 groups of 50: mean error ≈ 0 and mean |error| = 2·sinh(½)·e/(e−1)² ≈ 0.9595 for rounded Lap(1)', async () => {
    const { rows: out } = await rows('dp-count', 'from: visits\nby: [grp]\nepsilon: 1\nbudget: 1\nseed: 11');
    expect(out).toHaveLength(2000);
    const err = out.map((r) => Number(r.noisy_count) - 50);
    const n = err.length;
    // Rounded Laplace(b = 1): P(k) = ½(e^{−(|k|−½)} − e^{−(|k|+½)}) for k ≠ 0, so E|K| = Σ 2k·sinh(½)e^{−k} = 2 sinh(½)·e/(e−1)².
    const expected = (2 * Math.sinh(0.5) * Math.E) / (Math.E - 1) ** 2;
    expect(expected).toBeCloseTo(0.9595, 4);
    // sd of the error is √2·b; of |error| at most that; 4 standard errors.
    expect(Math.abs(err.reduce((s, e) => s + e, 0) / n)).toBeLessThan((4 * Math.SQRT2) / Math.sqrt(n));
    expect(Math.abs(err.reduce((s, e) => s + Math.abs(e), 0) / n - expected)).toBeLessThan((4 * Math.SQRT2) / Math.sqrt(n));
    expect(out[0]!.margin).toBeCloseTo(Math.log(20), 12);
    expect(out[0]).toMatchObject({ noise_scale: 1, epsilon: 1, sensitivity: 1, epsilon_spent: 1, epsilon_budget: 1, epsilon_remaining: 0 });
    // Same seed, same release.
    expect((await rows('dp-count', 'from: visits\nby: [grp]\nepsilon: 1\nbudget: 1\nseed: 11')).rows).toEqual(out);
  });

  it('the ledger spans the notebook: each release shows what has been spent; the one past the budget is refused; the ledger view spends nothing', async () => {
    const base = 'from: touches\nby: [channel]\nseed: 3\nbudget: ${eps_budget}\n';
    const runs = await run(
      `---\npulse: 1\nparams:\n  eps_budget: 1\n---\n\n${cell('dp-count', 'first', `${base}epsilon: 0.5`)}${cell('dp-count', 'second', `${base}epsilon: 0.25`)}${cell('dp-count', 'third', `${base}epsilon: 0.5`)}${cell('dp-count', 'ledger', 'budget: ${eps_budget}\noutput: ledger')}`,
    );
    const first = rowsFromTable(runs.get('first')!.result!.preview);
    expect(first[0]).toMatchObject({ epsilon: 0.5, epsilon_spent: 0.5, epsilon_notebook_total: 1.25, epsilon_budget: 1, epsilon_remaining: 0.5 });
    expect(rowsFromTable(runs.get('second')!.result!.preview)[0]).toMatchObject({ epsilon_spent: 0.75, epsilon_remaining: 0.25 });
    expect(runs.get('third')!.status).toBe('error');
    expect(runs.get('third')!.error).toBe("dp-count: this release (epsilon 0.5) would bring the notebook's spent epsilon to 1.25, above `budget: 1` (releases so far: first 0.5, second 0.25, third 0.5); lower the epsilons or remove a release");
    expect(rowsFromTable(runs.get('ledger')!.result!.preview).map((r) => [r.release, r.cell, r.epsilon_spent, r.within_budget])).toEqual([
      [1, 'first', 0.5, true], [2, 'second', 0.75, true], [3, 'third', 1.25, false],
    ]);
  });

  it('person: bounds each person to `sensitivity` groups (v1 in three channels counts once)', async () => {
    // Large epsilon: noise scale 1e-6 rounds away, so the bounded true counts show.
    const { rows: out } = await rows('dp-count', 'from: touches\nby: [channel]\nperson: visitor\nepsilon: 1000000\nbudget: 1000000\nseed: 5');
    const total = out.reduce((s, r) => s + Number(r.noisy_count), 0);
    expect(total).toBe(3); // three people, one group each
    expect(Number(out.find((r) => r.channel === 'email')!.noisy_count)).toBeGreaterThanOrEqual(2); // v2 and v3 are only in email
  });

  it('public groups release zeros too (rows counted: email has 4); empty input notes; bad options name the key', async () => {
    await engine.materialize('channels', `SELECT * FROM (VALUES ('email'), ('sms')) AS t(channel)`);
    const { rows: out } = await rows('dp-count', 'from: touches\nby: [channel]\ngroups: channels\nepsilon: 1000000\nbudget: 1000000\nseed: 5');
    expect(out.map((r) => [r.channel, r.noisy_count])).toEqual([['email', 4], ['sms', 0]]);
    const empty = await rows('dp-count', 'from: nobody\nby: [campaign]\nepsilon: 1\nbudget: 1\nseed: 1');
    expect(empty.rows).toEqual([]);
    expect(empty.notes[0]).toBe('`nobody` has no rows: nothing to release (this cell still counts in the ledger)');
    expect((await error('dp-count', 'from: touches\nepsilon: 1\nbudget: 1')).message).toMatch(/^dp-count `seed:` is required/);
    const e = await error('dp-count', 'from: touches\nepsilon: 0\nbudget: 1\nseed: 1');
    // File line 3: the fence is line 1, `epsilon:` the body's second line.
    expect([e.message, e.line]).toEqual(['dp-count `epsilon:` must be above 0', 3]);
    expect((await error('dp-count', 'from: touches\nepsilon: 1\nseed: 1')).message).toBe('the dp-count cell needs `budget:` (a number)');
  });
});
