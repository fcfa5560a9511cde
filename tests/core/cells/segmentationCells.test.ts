import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;

beforeAll(async () => {
  engine = await NativeEngine.create();
  await engine.materialize(
    'orders',
    `SELECT customer_id, CAST(date AS DATE) AS date, revenue FROM (VALUES
      ('c1', '2024-12-31', 100.0), ('c2', '2024-12-30', 50.0), ('c2', '2024-11-01', 50.0), ('c3', '2024-10-01', 300.0),
      ('c4', '2024-12-01', 20.0), ('c4', '2024-12-15', 20.0), ('c4', '2024-12-20', 20.0), ('c5', '2024-06-30', 500.0),
      ('c6', '2024-12-31', 10.0), ('c6', '2025-01-05', 999.0), ('c7', '2024-12-25', NULL), (NULL, '2024-12-01', 5.0)
    ) AS t(customer_id, date, revenue)`,
  );
  await engine.materialize(
    'activity',
    `SELECT user_id, CAST(date AS DATE) AS date, value FROM (VALUES
      ('u1', '2024-01-05', 10.0), ('u1', '2024-02-10', 5.0), ('u1', '2024-03-01', 0.0), ('u2', '2024-01-20', 20.0), ('u2', '2024-03-15', 10.0),
      ('u3', '2024-02-02', 7.0), ('u3', '2024-02-28', 3.0), ('u4', '2024-02-14', 1.0), ('u4', '2024-03-30', 2.0), (NULL, '2024-01-01', 1.0)
    ) AS t(user_id, date, value)`,
  );
  await engine.materialize('no_orders', `SELECT * FROM orders WHERE false`);
  // Identity keys: e1/e2 are one Gmail address written two ways; s1 – d9 – w1 – e2 is a chain of links
  // through a device id that is only in the links; c1/e3 share an address up to case and spaces;
  // e4 is a near miss (exampel.com) that must stay apart.
  await engine.materialize(
    'ids',
    `SELECT * FROM (VALUES
      ('email', 'e1', ' Ann.Lee+news@Gmail.com '), ('email', 'e2', 'annlee@gmail.com'), ('social', 's1', NULL), ('web', 'w1', NULL),
      ('crm', 'c1', 'BOB@example.com '), ('email', 'e3', 'bob@example.com'), ('email', 'e4', 'bob@exampel.com'), ('email', 'e5', 'not an address')
    ) AS t(source, key, email)`,
  );
  await engine.materialize('links', `SELECT * FROM (VALUES ('s1', 'd9'), ('d9', 'w1'), ('w1', 'e2')) AS t(key_a, key_b)`);
  await engine.materialize(
    'profiles',
    `SELECT * FROM (VALUES
      ('crm', 'p1', 'Jonathan Smith', 'Leeds', 'ios'), ('social', 'q1', 'Jonathon  Smith', 'leeds', 'iOS'), ('social', 'q3', 'Jonas Brown', 'London', 'android'),
      ('web', 'q4', 'Jonathan Smith', 'Paris', 'android'), ('crm', 'r1', 'Mary Jones', 'Leeds', 'ios'), ('web', 'r2', 'Sam Patel', 'York', 'android')
    ) AS t(source, key, full_name, city, device)`,
  );
});
afterAll(() => engine.close());

async function run(kind: string, body: string) {
  const { runs } = await runNotebook(parseNotebook(`\`\`\`${kind} c\n${body}\n\`\`\`\n`), engine, { previewRows: 100_000 });
  return runs.get('c')!;
}
async function rows(kind: string, body: string) {
  const r = await run(kind, body);
  if (r.status !== 'ok') throw new Error(r.error);
  return { rows: rowsFromTable(r.result!.preview), notes: r.result!.note ? r.result!.note.split('; ') : [] };
}

describe('rfm', () => {
  it('matches NTILE(5) scores derived by hand on seven customers (as of 2024-12-31)', async () => {
    // Recency (days): c5 184, c3 91, c4 11, c7 6, c2 1, c1 0, c6 0 (its 2025 order is after as_of).
    // NTILE(5) of 7 rows gives tiles of 2, 2, 1, 1, 1. R ordered by recency desc, then key: c5 c3 | c4 c7 | c2 | c1 | c6.
    // F by frequency, then key: c1 c3 | c5 c6 | c7 | c2 | c4. M by monetary, then key: c7 c6 | c4 c1 | c2 | c3 | c5.
    const { rows: out, notes } = await rows('rfm', 'from: orders\nas_of: 2024-12-31');
    expect(out.map((r) => [r.customer, r.recency_days, r.frequency, r.monetary, r.rfm, r.segment])).toEqual([
      ['c1', 0, 1, 100, '412', 'Promising'],
      ['c2', 1, 2, 100, '343', 'Loyal Customers'],
      ['c3', 91, 1, 300, '114', 'Hibernating'],
      ['c4', 11, 3, 60, '252', "Can't Lose Them"],
      ['c5', 184, 1, 500, '125', 'Hibernating'],
      ['c6', 0, 1, 10, '521', 'Potential Loyalists'],
      ['c7', 6, 1, 0, '231', 'At Risk'],
    ]);
    expect(notes).toEqual([
      '1 rows without a customer or a date were left out',
      '1 orders after as_of 2024-12-31 were left out',
      '1 orders without a value count for frequency and add 0 to monetary',
    ]);
  });

  it('takes a custom segment map (first match wins) and reports bad options by key', async () => {
    const { rows: out } = await rows('rfm', 'from: orders\nas_of: 2024-12-31\nsegment_map:\n  Top: "^[45]"\n  Rest: "."');
    expect(out.map((r) => r.segment)).toEqual(['Top', 'Rest', 'Rest', 'Rest', 'Rest', 'Top', 'Rest']);
    expect((await run('rfm', 'from: orders\nas_of: 31/12/2024')).error).toBe('rfm `as_of:` must be a date written YYYY-MM-DD (got `31/12/2024`)');
    expect((await run('rfm', 'from: orders')).error).toBe('the rfm cell needs `as_of:` (a date, YYYY-MM-DD)');
    expect((await run('rfm', 'from: orders\nas_of: 2024-12-31\nsegment_map:\n  Bad: "[1-"')).error).toBe('rfm `segment_map:` `Bad`: `[1-` is not a regular expression');
    expect((await run('rfm', 'from: orders\nas_of: 2024-12-31\ncustomer: client')).error).toMatch(/rfm `customer:` `client` is not a column of `orders`/);
  });

  it('empty input: no rows, a note', async () => {
    const { rows: out, notes } = await rows('rfm', 'from: no_orders\nas_of: 2024-12-31');
    expect(out).toEqual([]);
    expect(notes).toEqual(['`no_orders` has no rows: no customers to score']);
  });
});

describe('cohort', () => {
  it('monthly retention and cumulative value per user, derived by hand; unobserved periods left out', async () => {
    // January cohort {u1, u2}: months 0, 1, 2 active 2, 1, 2; value 30, 5, 10 → per user 15, 17.5, 22.5.
    // February cohort {u3, u4}: months 0, 1 active 2, 1; value 11, 2 → 5.5, 6.5. March is the last month seen.
    const { rows: out, notes } = await rows('cohort', 'from: activity\nvalue: value\nperiods: 6');
    expect(out.map((r) => [r.cohort, r.period, r.cohort_size, r.active_users, r.retention, r.value, r.cumulative_value_per_user])).toEqual([
      ['2024-01-01', 0, 2, 2, 1, 30, 15],
      ['2024-01-01', 1, 2, 1, 0.5, 5, 17.5],
      ['2024-01-01', 2, 2, 2, 1, 10, 22.5],
      ['2024-02-01', 0, 2, 2, 1, 11, 5.5],
      ['2024-02-01', 1, 2, 1, 0.5, 2, 6.5],
    ]);
    expect(notes).toEqual(['1 rows without a user or a time were left out']);
  });

  it('weekly cohorts start on Monday (2024-01-01 is a Monday); periods caps the horizon', async () => {
    const { rows: out } = await rows('cohort', 'from: activity\ngrain: week\nperiods: 1');
    const jan = out.filter((r) => r.cohort === '2024-01-01');
    // u1 (Jan 5) is in the week of Jan 1; u1's next activity is Feb 10, so week 1 has nobody.
    expect(jan.map((r) => [r.period, r.cohort_size, r.active_users])).toEqual([[0, 1, 1], [1, 1, 0]]);
    expect(out.every((r) => Number(r.period) <= 1)).toBe(true);
    expect(out[0]!.cumulative_value_per_user).toBeUndefined();
  });

  it('bad options name the key', async () => {
    expect((await run('cohort', 'from: activity\ngrain: quarter')).error).toBe('cohort `grain:` must be one of day, week, month (got `quarter`)');
    expect((await run('cohort', 'from: activity\nperiods: 2.5')).error).toBe('cohort `periods:` must be a whole number (got 2.5)');
  });
});

describe('identity', () => {
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  const body = 'from: ids\nemail: email\nlinks: links';

  it('merges the chain of two links through a links-only key, equal addresses up to case/space, and not the near miss', async () => {
    const { rows: out } = await rows('identity', body);
    const person = new Map(out.map((r) => [r.key, r.person_id]));
    expect(person.get('s1')).toBe(person.get('w1'));
    expect(person.get('w1')).toBe(person.get('e2'));
    expect(person.get('e2')).toBe('email:e2'); // smallest source:key of {e2, s1, w1}
    expect(person.get('c1')).toBe('crm:c1');
    expect(person.get('e3')).toBe('crm:c1');
    expect(person.get('e4')).toBe('email:e4');
    // Without the Gmail rules e1 is a different address from e2.
    expect(person.get('e1')).toBe('email:e1');
    const e3 = out.find((r) => r.key === 'e3')!;
    expect(e3.email_sha256).toBe(sha('bob@example.com'));
    expect(out.find((r) => r.key === 'c1')!.email_sha256).toBe(sha('bob@example.com'));
    expect(out.find((r) => r.key === 'e5')!.email_sha256).toBeNull(); // not an address
    expect(out.find((r) => r.key === 'e4')).toMatchObject({ method: 'unlinked', score: null, person_keys: 1 });
    expect(e3).toMatchObject({ method: 'deterministic', person_keys: 2, person_sources: 2 });
    expect(out.some((r) => r.key === 'd9')).toBe(false); // links-only keys carry the chain but are not output
  });

  it('gmail_dots + plus_tags join e1 to e2 (Gmail ignores dots and +tags), and the hash is of the normalized address', async () => {
    const { rows: out } = await rows('identity', `${body}\ngmail_dots: true\nplus_tags: true`);
    const e1 = out.find((r) => r.key === 'e1')!;
    expect(e1.person_id).toBe('email:e1');
    expect(out.find((r) => r.key === 's1')!.person_id).toBe('email:e1');
    expect(e1.email_sha256).toBe(sha('annlee@gmail.com'));
    expect(e1.person_keys).toBe(4);
  });

  it('match rates per source: keys matched to another source', async () => {
    const { rows: out } = await rows('identity', `${body}\ngmail_dots: true\nplus_tags: true\noutput: rates`);
    // email: e1, e2 (with social / web), e3 (with crm) of e1..e5 → 3 / 5; everything except e4, e5 overall → 6 / 8.
    expect(out.map((r) => [r.source, r.keys, r.matched_other_source, r.match_rate])).toEqual([
      ['crm', 1, 1, 1], ['email', 5, 3, 0.6], ['social', 1, 1, 1], ['web', 1, 1, 1], ['(all)', 8, 6, 0.75],
    ]);
  });

  it('probabilistic pass: Fellegi–Sunter score of the one accepted pair equals the hand-computed weights', async () => {
    // u from value frequencies over the 6 keys (m = 0.95): names {jonathan smith ×2, 4 others} → 8/36;
    // city {leeds ×3, london, paris, york} → 12/36; device {ios ×3, android ×3} → 18/36.
    // p1 – q1 agree on all three (Jaro–Winkler of jonathan / jonathon smith = 0.971 ≥ 0.92).
    const w = (m: number, u: number) => Math.log2(m / u);
    const expected = w(0.95, 8 / 36) + w(0.95, 12 / 36) + w(0.95, 18 / 36);
    const cfg = 'from: profiles\nname: full_name\nlocation: city\ndevice: device\nthreshold: 4';
    const { rows: out, notes } = await rows('identity', cfg);
    const p1 = out.find((r) => r.key === 'p1')!;
    expect(p1.person_id).toBe(out.find((r) => r.key === 'q1')!.person_id);
    expect(p1.method).toBe('probabilistic');
    expect(Number(p1.score)).toBeCloseTo(expected, 9);
    // q4 has the same name but another city and device: −4.96 bits, rejected.
    expect(out.find((r) => r.key === 'q4')!.method).toBe('unlinked');
    expect(out.filter((r) => r.method === 'probabilistic').map((r) => r.key).sort()).toEqual(['p1', 'q1']);
    expect(notes[0]).toMatch(/^probabilistic pass on name, location, device \(blocked on name\)/);
    const pairs = await rows('identity', `${cfg}\noutput: pairs`);
    // Block "jon" holds p1, q1, q3, q4: 6 candidate pairs.
    expect(pairs.rows).toHaveLength(6);
    const q1q4 = pairs.rows.find((r) => [r.key_a, r.key_b].sort().join() === 'q1,q4')!;
    expect(Number(q1q4.score)).toBeCloseTo(w(0.95, 8 / 36) + Math.log2(0.05 / (24 / 36)) + Math.log2(0.05 / (18 / 36)), 9);
    expect(q1q4.accepted).toBe(false);
    // Its helper tables are gone after every output mode.
    expect((await engine.listTables()).filter((t) => t.startsWith('__identity'))).toEqual([]);
  });

  it('takes already-hashed addresses (email_sha256:) and links by (source, key)', async () => {
    await engine.materialize('hashed', `SELECT * FROM (VALUES ('crm', '1', upper(sha256('x@y.com'))), ('web', '1', sha256('x@y.com')), ('app', '1', NULL), ('app', '2', NULL)) AS t(source, key, h)`);
    // Key '1' exists in three sources: the link names (app, 1) – (app, 2) only.
    await engine.materialize('slinks', `SELECT 'app' AS sa, '1' AS ka, 'app' AS sb, '2' AS kb`);
    const { rows: out } = await rows('identity', 'from: hashed\nemail_sha256: h\nlinks: slinks\nlink_a: ka\nlink_b: kb\nlink_source_a: sa\nlink_source_b: sb');
    expect(out.map((r) => [r.source, r.key, r.person_id, r.method])).toEqual([
      ['app', '1', 'app:1', 'deterministic'], ['app', '2', 'app:1', 'deterministic'],
      ['crm', '1', 'crm:1', 'deterministic'], ['web', '1', 'crm:1', 'deterministic'],
    ]);
    expect(out[2]!.email_sha256).toBe(sha('x@y.com')); // lower-cased hex
  });

  it('a key that already carries its source prefix (crm:C1) is its own person_id, not crm:crm:C1', async () => {
    await engine.materialize('prefixed', `SELECT * FROM (VALUES ('crm', 'crm:C1', 'a@b.com'), ('web', 'w9', 'A@b.com ')) AS t(source, key, email)`);
    const { rows: out } = await rows('identity', 'from: prefixed\nemail: email');
    expect(out.map((r) => [r.source, r.key, r.person_id])).toEqual([['crm', 'crm:C1', 'crm:C1'], ['web', 'w9', 'crm:C1']]);
  });

  it('empty input: no rows and a note', async () => {
    await engine.materialize('no_ids', 'SELECT * FROM ids WHERE false');
    const { rows: out, notes } = await rows('identity', 'from: no_ids\nemail: email\noutput: rates');
    expect(out).toEqual([]);
    expect(notes).toEqual(['`no_ids` has no rows with a source and a key: no identities to resolve']);
  });

  it('bad options name the key', async () => {
    expect((await run('identity', 'from: ids\nemail: email\nemail_sha256: email')).error).toMatch(/^identity `email_sha256:` give `email:`/);
    expect((await run('identity', 'from: ids\ngmail_dots: yes please')).error).toBe('identity `gmail_dots:` must be true or false (got `yes please`)');
    expect((await run('identity', 'from: ids\nlinks: links\nlink_a: from_key')).error).toMatch(/^identity `link_a:` `from_key` is not a column of `links`/);
    expect((await run('identity', 'from: profiles\ntime: key\noutput: pairs')).error).toMatch(/^identity `time:` the probabilistic pass blocks on/);
  });
});
