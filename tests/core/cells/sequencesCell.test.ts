import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';
import { runKind } from './runKind.ts';

let engine: NativeEngine;

// Five users (rows deliberately out of time order):
//   u1: view, cart, buy   u2: view, view, cart   u3: view, cart, buy, view   u4: cart, buy   u5: view
const DATA = `\`\`\`sql events
SELECT * FROM (VALUES
  ('u3', 4, 'view'), ('u1', 1, 'view'), ('u1', 2, 'cart'), ('u1', 3, 'buy'), ('u2', 1, 'view'), ('u2', 2, 'view'), ('u2', 3, 'cart'),
  ('u3', 1, 'view'), ('u3', 2, 'cart'), ('u3', 3, 'buy'), ('u4', 1, 'cart'), ('u4', 2, 'buy'), ('u5', 1, 'view'), ('u5', NULL, 'view')
) AS t(user_id, time, event)
\`\`\`

\`\`\`sql no_events
SELECT * FROM events WHERE time > 100
\`\`\`
`;

beforeAll(async () => {
  engine = await NativeEngine.create();
});
afterAll(() => engine.close());

const run = (body: string) => runKind(engine, 'sequences', body, `${DATA}\n`);

describe('sequences', () => {
  it('ngrams: 2-step paths by users, support = users / all 5 users (hand-counted)', async () => {
    // view→cart in u1, u2, u3; cart→buy in u1, u3, u4; view→view in u2; buy→view in u3.
    const { rows, columns, note, verdict, error } = await run('from: events\nn: 2\n');
    expect(error).toBeUndefined();
    expect(columns).toEqual(['path', 'steps', 'occurrences', 'users', 'support']);
    expect(rows.map((r) => [r.path, r.steps, r.occurrences, r.users, r.support])).toEqual([
      ['cart → buy', 2, 3, 3, 0.6], ['view → cart', 2, 3, 3, 0.6], ['buy → view', 2, 1, 1, 0.2], ['view → view', 2, 1, 1, 0.2],
    ]);
    expect(note).toContain('1 row(s) without a user, time or event left out');
    expect(verdict).toBe('Most common path of 2 step(s): cart → buy, taken by 60.0 % of users (3)');
    // Collapsing repeats turns u2 into view, cart: view → view disappears.
    const collapsed = await run('from: events\nn: 2\ncollapse_repeats: true\n');
    expect(collapsed.rows.map((r) => r.path)).toEqual(['cart → buy', 'view → cart', 'buy → view']);
    // 3-step paths: view→cart→buy (u1, u3); view→view→cart (u2); cart→buy→view (u3).
    const three = await run('from: events\ntop: 1\n');
    expect(three.rows.map((r) => [r.path, r.users])).toEqual([['view → cart → buy', 2]]);
  });

  it('transitions: first-order probabilities, each from-row summing to 1; with (start) / (end) states', async () => {
    const { rows, error } = await run('from: events\noutput: transitions\n');
    expect(error).toBeUndefined();
    // from view: cart 3 (u1, u2, u3), view 1 (u2); from cart: buy 3; from buy: view 1 (u3).
    expect(rows.map((r) => [r.from_event, r.to_event, r.count, r.from_count, r.probability])).toEqual([
      ['buy', 'view', 1, 1, 1], ['cart', 'buy', 3, 3, 1], ['view', 'cart', 3, 4, 0.75], ['view', 'view', 1, 4, 0.25],
    ]);
    const se = await run('from: events\noutput: transitions\nstart_end: true\n');
    const p = (from: string, to: string) => se.rows.find((r) => r.from_event === from && r.to_event === to)?.probability;
    // (start) → view 4 of 5 users; view → (end) for u3 and u5: 2 of view's 6 transitions; buy → (end) 2 of 3.
    expect(p('(start)', 'view')).toBeCloseTo(0.8, 12);
    expect(p('view', '(end)')).toBeCloseTo(2 / 6, 12);
    expect(p('buy', '(end)')).toBeCloseTo(2 / 3, 12);
    for (const from of new Set(se.rows.map((r) => r.from_event))) {
      expect(se.rows.filter((r) => r.from_event === from).reduce((s, r) => s + r.probability, 0)).toBeCloseTo(1, 12);
    }
  });

  it('paths_to: the last k steps before the first outcome, with conversion of users having the path vs without', async () => {
    // Converters (first buy): u1 and u3 after view, cart; u4 after cart only → (start) → cart. 3 converters of 5 users.
    // view → cart appears before any buy in u1, u2, u3 → 2 of 3 convert; without it 1 of 2 (u4, u5) → lift (2/3)/(1/2).
    const { rows, columns, verdict, error } = await run('from: events\noutput: paths_to\noutcome: buy\nk: 2\n');
    expect(error).toBeUndefined();
    expect(columns).toEqual(['path', 'steps', 'converting_users', 'share_of_converters', 'users_with_path', 'converted_with_path', 'conversion_rate', 'rate_without', 'lift']);
    expect(rows.map((r) => [r.path, r.steps, r.converting_users, r.users_with_path, r.converted_with_path, r.rate_without])).toEqual([
      ['view → cart', 2, 2, 3, 2, 0.5], ['(start) → cart', 1, 1, 1, 1, 0.5],
    ]);
    expect(rows[0]!.share_of_converters).toBeCloseTo(2 / 3, 12);
    expect(rows[0]!.conversion_rate).toBeCloseTo(2 / 3, 12);
    expect(rows[0]!.lift).toBeCloseTo(4 / 3, 12);
    expect(rows[1]!.lift).toBeCloseTo(2, 12);
    expect(verdict).toBe('Most common path to buy: view → cart (2 converting users, 66.7 %); users with it convert at 66.7 % vs 50.0 % without');
  });

  it('an outcome not in the data, bad options, empty input', async () => {
    const none = await run('from: events\noutput: paths_to\noutcome: purchase\n');
    expect(none.rows).toEqual([]);
    expect(none.note).toMatch(/no `purchase` event/);
    expect((await run('from: events\noutput: paths_to\n')).error).toMatch(/needs `outcome:`/);
    expect((await run('from: events\nn: 0\n')).error).toMatch(/`n:` must be at least 1/);
    expect((await run('from: events\nuser: visitor\n')).error).toMatch(/`visitor` is not a column of `events`/);
    const empty = await run('from: no_events\n');
    expect(empty.rows).toEqual([]);
    expect(empty.columns).toEqual(['path', 'steps', 'occurrences', 'users', 'support']);
    expect(empty.note).toMatch(/result is empty/);
  });
});
