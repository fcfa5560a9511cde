import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';
import { runKind } from './runKind.ts';

let engine: NativeEngine;

// R survival::aml (Miller 1981): weeks to relapse, status 1 = relapse, 0 = censored.
const AML = `\`\`\`sql aml
SELECT * FROM (VALUES
  (9, 1, 'Maintained'), (13, 1, 'Maintained'), (13, 0, 'Maintained'), (18, 1, 'Maintained'), (23, 1, 'Maintained'), (28, 0, 'Maintained'),
  (31, 1, 'Maintained'), (34, 1, 'Maintained'), (45, 0, 'Maintained'), (48, 1, 'Maintained'), (161, 0, 'Maintained'),
  (5, 1, 'Nonmaintained'), (5, 1, 'Nonmaintained'), (8, 1, 'Nonmaintained'), (8, 1, 'Nonmaintained'), (12, 1, 'Nonmaintained'),
  (16, 0, 'Nonmaintained'), (23, 1, 'Nonmaintained'), (27, 1, 'Nonmaintained'), (30, 1, 'Nonmaintained'), (33, 1, 'Nonmaintained'),
  (43, 1, 'Nonmaintained'), (45, 1, 'Nonmaintained'), (NULL, 1, 'Maintained')
) AS t(time, status, x)
\`\`\`

\`\`\`sql empty
SELECT * FROM aml WHERE time > 1000
\`\`\`

\`\`\`sql follows
SELECT * FROM (VALUES
  ('a', DATE '2024-01-01', DATE '2024-01-11', 'ads'), ('b', DATE '2024-01-01', NULL, 'ads'), ('c', DATE '2024-01-05', DATE '2024-02-15', 'ads'),
  ('d', DATE '2024-01-01', DATE '2024-01-21', 'organic'), ('e', DATE '2024-01-10', DATE '2024-01-09', 'organic')
) AS t(user_id, followed, unfollowed, source)
\`\`\`
`;

beforeAll(async () => {
  engine = await NativeEngine.create();
});
afterAll(() => engine.close());

const run = (body: string) => runKind(engine, 'survival', body, `${AML}\n`);

describe('survival', () => {
  it('curve: R summary(survfit(Surv(time, status) ~ x, aml)) rows, censored times included, the empty time counted in the note', async () => {
    const { rows, columns, note, error } = await run('from: aml\ngroup: x\n');
    expect(error).toBeUndefined();
    expect(columns).toEqual(['group', 'time', 'n_risk', 'n_event', 'n_censor', 'survival', 'std_err', 'lower', 'upper']);
    // therneau/survival tests/doaml.Rout.save: Maintained 31: n.risk 5, survival 0.491, std.err 0.1642, 0.2549 – 0.946.
    const at31 = rows.find((r) => r.group === 'Maintained' && r.time === 31)!;
    expect([at31.n_risk, at31.n_event, at31.n_censor]).toEqual([5, 1, 0]);
    expect(at31.survival).toBeCloseTo(0.491, 3);
    expect(at31.std_err).toBeCloseTo(0.1642, 4);
    expect(at31.lower).toBeCloseTo(0.2549, 4);
    expect(at31.upper).toBeCloseTo(0.946, 3);
    // Censored at 28: a row with no event, the level unchanged (0.614 from t = 23).
    const at28 = rows.find((r) => r.group === 'Maintained' && r.time === 28)!;
    expect([at28.n_event, at28.n_censor]).toEqual([0, 1]);
    expect(at28.survival).toBeCloseTo(0.614, 3);
    // Nonmaintained 45: survival 0, std.err and band NA.
    const at45 = rows.find((r) => r.group === 'Nonmaintained' && r.time === 45)!;
    expect([at45.survival, at45.std_err, at45.lower, at45.upper]).toEqual([0, null, null, null]);
    expect(rows.filter((r) => r.group === 'Maintained')).toHaveLength(10);
    expect(note).toContain('1 row(s) without a `time` or `status`');
  });

  it('summary: n, events, median and its interval as print(survfit) and the log-rank test as survdiff; verdict', async () => {
    const { rows, verdict } = await run('from: aml\ngroup: x\noutput: summary\n');
    // print(survfit): Maintained 11 7 31 18 NA; Nonmaintained 12 11 23 8 NA. survdiff: E 10.69 / 7.31, Chisq 3.4 on 1 df, p = 0.0653.
    expect(rows.map((r) => [r.group, r.n, r.events, r.censored, r.median, r.median_lower, r.median_upper])).toEqual([
      ['Maintained', 11, 7, 4, 31, 18, null],
      ['Nonmaintained', 12, 11, 1, 23, 8, null],
    ]);
    expect(rows[0]!.expected).toBeCloseTo(10.69, 2);
    expect(rows[1]!.expected).toBeCloseTo(7.31, 2);
    expect(rows[0]!.chisq).toBeCloseTo(3.4, 2);
    expect(rows[0]!.df).toBe(1);
    expect(rows[0]!.p_value).toBeCloseTo(0.0653, 4);
    expect(verdict).toBe('No clear difference in survival between the groups: log-rank χ² = 3.40 on 1 df, p = 0.065 — not significant at 5 %. Median: Maintained 31 (95 % CI 18 to not reached), Nonmaintained 23 (95 % CI 8 to not reached)');
    const lenient = await run('from: aml\ngroup: x\noutput: summary\nalpha: 0.1\n');
    expect(lenient.verdict).toMatch(/^Survival differs between the groups: .* significant at 10 %/);
  });

  it('conf_type log-log moves the band and the median interval (hand-derived Maintained t = 9: 0.508080 – 0.986674)', async () => {
    const { rows } = await run('from: aml\ngroup: x\nconf_type: log-log\n');
    const at9 = rows.find((r) => r.group === 'Maintained' && r.time === 9)!;
    expect(at9.lower).toBeCloseTo(0.50808, 5);
    expect(at9.upper).toBeCloseTo(0.986674, 5);
  });

  it('steps: the step function drawn from (0, 1), two points per event time, out to the last censoring', async () => {
    const { rows, columns } = await run('from: aml\ngroup: x\noutput: steps\n');
    expect(columns).toEqual(['group', 'step', 'time', 'survival', 'lower', 'upper']);
    const m = rows.filter((r) => r.group === 'Maintained');
    expect(m[0]).toMatchObject({ step: 1, time: 0, survival: 1 });
    expect([m[1]!.time, m[1]!.survival]).toEqual([9, 1]);
    expect(m[2]!.time).toBe(9);
    expect(m[2]!.survival).toBeCloseTo(10 / 11, 12);
    // 7 event times → 1 + 14 points, plus 161 (censored) at the last level 0.184.
    expect(m).toHaveLength(16);
    expect(m[15]!.time).toBe(161);
    expect(m[15]!.survival).toBeCloseTo(m[14]!.survival, 12);
  });

  it('start / end dates: days to the end, no end (or an end after as_of) censored at as_of, a negative duration left out with a note', async () => {
    const { rows, note } = await run('from: follows\nstart: followed\nend: unfollowed\ngroup: source\nas_of: 2024-02-01\n');
    // ads: a ends after 10 days (event); b censored at 31 days; c ends 2024-02-15 > as_of → censored at 27 days.
    const ads = rows.filter((r) => r.group === 'ads');
    expect(ads.map((r) => [r.time, r.n_risk, r.n_event, r.n_censor])).toEqual([[10, 3, 1, 0], [27, 2, 0, 1], [31, 1, 0, 1]]);
    expect(ads[0]!.survival).toBeCloseTo(2 / 3, 12);
    expect(rows.filter((r) => r.group === 'organic').map((r) => [r.time, r.n_event])).toEqual([[20, 1]]);
    expect(note).toContain('1 row(s) with a negative duration');
  });

  it('at_times: the curves read at chosen times (R summary(fit, times = …)), times past a curve left out with a note', async () => {
    const { rows, note } = await run('from: aml\ngroup: x\noutput: at_times\ntimes: [20, 50]\n');
    // Maintained at 20: S 0.716, 7 at risk, 3 events; at 50: S 0.184 (from 48), 1 at risk (161), 4 more events (23, 31, 34, 48).
    // Nonmaintained ends at 45: 50 is left out; at 20: S 0.5833 (from 12), 6 at risk (23 … 45), 5 events.
    expect(rows.map((r) => [r.group, r.time, r.n_risk, r.n_event])).toEqual([['Maintained', 20, 7, 3], ['Maintained', 50, 1, 4], ['Nonmaintained', 20, 6, 5]]);
    expect(rows[1]!.survival).toBeCloseTo(0.184, 3);
    expect(rows[2]!.survival).toBeCloseTo(0.5833, 4);
    expect(note).toContain('`Nonmaintained`: 50 past its last observed time (45), left out');
    expect((await run('from: aml\noutput: at_times\n')).error).toMatch(/`times:` needs a list of numbers/);
  });

  it('bad input: an event column that is not 0/1, both time and start, an unknown conf_type', async () => {
    expect((await run('from: aml\nevent: time\n')).error).toMatch(/`time` must be 1 \(the event happened\) or 0 .* e\.g\. `9`/);
    expect((await run('from: follows\nstart: followed\nend: unfollowed\ntime: x\n')).error).toMatch(/either `time:` \+ `event:`/);
    expect((await run('from: aml\nconf_type: logit\n')).error).toMatch(/conf_type.*log, log-log, plain/);
  });

  it('empty input: typed empty result and a note; no group: one (all) curve and no test', async () => {
    const empty = await run('from: empty\ngroup: x\noutput: summary\n');
    expect(empty.rows).toEqual([]);
    expect(empty.columns).toContain('median');
    expect(empty.note).toMatch(/no rows to analyse/);
    const all = await run('from: aml\noutput: summary\n');
    expect(all.rows.map((r) => [r.group, r.n, r.events, r.chisq])).toEqual([['(all)', 23, 18, null]]);
    expect(all.note).toMatch(/one group: no log-rank test/);
  });
});
