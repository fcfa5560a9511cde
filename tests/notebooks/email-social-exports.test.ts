/**
 * Issue 12, item 4: the email + social modules that read `email_activity` (1–7 and 9; module 8 does
 * not) run headless on real-layout Mailchimp and Klaviyo exports bound with `--data email=…`, through
 * the importers; their other datasets (profiles, links, sessions, posts …) are the bundled samples.
 * The fixtures are tests/fixtures/exports/mailchimp_email_activity.csv (Marketing API email-activity
 * report, flattened) and klaviyo_events.csv (Events API, flattened); the key numbers below are worked
 * out by hand from those files, line by line, in the comments beside each assertion.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { setExerciseAnswer } from '../../src/core/cells/course/exerciseCell.ts';
import { setCellCode } from '../../src/core/notebook/edit.ts';
import { parseNotebook, serializeNotebook } from '../../src/core/notebook/format.ts';
import { cells } from '../../src/core/notebook/model.ts';
import { num, rows, run, type RunResult } from './esSupport.ts';

const DIR = 'notebooks/email-social';
const MODULES = ['01', '02', '03', '04', '05', '06', '07', '09'] as const;
const path = (n: string) => `${DIR}/${readdirSync(DIR).find((f) => f.startsWith(`${n}-`))!}`;
const MAILCHIMP = 'tests/fixtures/exports/mailchimp_email_activity.csv';
const KLAVIYO = 'tests/fixtures/exports/klaviyo_events.csv';

/**
 * Profile rows of the bundled sample whose address, normalized as DuckDB's lower(trim(x)) (trim =
 * spaces), is one of `addresses`: what module 7's `joinable_to_esp_by_plain_hash` must count when
 * the export's hashes are right. Plain string comparison, no hashing.
 */
function profileRowsWith(addresses: string[]): number {
  const norm = (s: string) => s.replace(/^ +| +$/g, '').toLowerCase();
  const wanted = new Set(addresses.map(norm));
  const [header, ...lines] = readFileSync('public/sample/profiles.csv', 'utf8').trim().split('\n');
  const col = header!.split(',').indexOf('email');
  return lines.filter((l) => wanted.has(norm(l.split(',')[col]!))).length;
}

/** Every module reading `email` ran with every cell ok, its binding read through the importer. */
function expectRanOnExport(r: RunResult, binding: RegExp) {
  expect(r.stderr).toMatch(binding);
  expect(r.stderr).not.toMatch(/ failed: | skipped: /);
  expect(r.code).toBe(0);
  expect([...r.cells.values()].filter((c) => c.status !== 'ok').map((c) => `${c.id}: ${c.status} ${c.error ?? ''}`)).toEqual([]);
}

function emailRow(r: RunResult, cell: string) {
  return rows(r, cell).find((x) => x.dataset === 'email activity' || x.source === 'email activity')!;
}

describe('the email + social modules on a Mailchimp email-activity export', () => {
  const runs = new Map<string, RunResult>();
  beforeAll(async () => {
    for (const n of MODULES) runs.set(n, await run(path(n), ['--data', `email=${MAILCHIMP}`]));
  }, 600_000);

  it('run every cell of modules 1–7 and 9, the export read as mailchimp_email_activity', () => {
    for (const n of MODULES) expectRanOnExport(runs.get(n)!, /email: mailchimp_email_activity\.csv read as a mailchimp export \(mailchimp_email_activity\) → email_activity, 11 rows/);
  });

  it('module 9 workload: 11 events, 2 campaigns, 8 people, first and last event in UTC', () => {
    // 11 data lines. Campaigns a1b2c3d4e5 and f6e5d4c3b2. People: umar.moreau1 (lines 2 and 3, the
    // second as "Umar.Moreau1@Example.com"), elena.nielsen2, jonas.weber3, elena.tanaka4 (twice),
    // tina.lopez5 (twice), sam.kowalski6, " umar.okafor7@example.net " (padded), nobody.outside = 8.
    // First: the hard bounce 2024-05-02T09:00:05+00:00; last: 2024-05-11T08:00:00Z.
    const w = emailRow(runs.get('09')!, 'workload');
    expect([num(w.rows), num(w.campaigns), num(w.people)]).toEqual([11, 2, 8]);
    expect(String(w.first_event)).toMatch(/^2024-05-02T09:00:05/);
    expect(String(w.last_event)).toMatch(/^2024-05-11T08:00:00/);
  });

  it('module 1 source volume: 4 UTC days (5 if the offsets were ignored)', () => {
    // UTC days: 05-02 (09:15, 09:16:30, 09:00:05), 05-03 (22:30-04:00 → 02:30; 07:45; 18:02),
    // 05-09 (10:00, 10:01, 09:00:10, and 00:30+02:00 on 05-10 → 22:30 on 05-09), 05-11 (08:00Z).
    // Read as wall-clock times, 22:30-04:00 would stay on 05-02 and 00:30+02:00 would add 05-10: 5 days.
    const v = emailRow(runs.get('01')!, 'source_volume');
    expect([num(v.rows), num(v.days)]).toEqual([11, 4]);
  });

  it('module 7 joins the hashed export to the profiles by the plain hash, and builds the click audience', () => {
    const addresses = ['umar.moreau1@example.com', 'elena.nielsen2@example.org', 'jonas.weber3@example.org', 'elena.tanaka4@example.com', 'tina.lopez5@example.org', 'sam.kowalski6@example.org', 'umar.okafor7@example.net', 'nobody.outside@example.com'];
    expect(num(rows(runs.get('07')!, 'pseudonym_check')[0]!.joinable_to_esp_by_plain_hash)).toBe(profileRowsWith(addresses));
    // Clickers: umar.moreau1 (line 3) and tina.lopez5 (line 9); neither is in the sample's opt-outs.
    expect(rows(runs.get('07')!, 'upload_audience')).toHaveLength(2);
  });

  it('module 6 campaign metadata: send time per campaign, and no deliveries (the report has none)', () => {
    // Earliest event per campaign: a1b2c3d4e5 the bounce at 09:00:05 on 05-02, f6e5d4c3b2 the bounce
    // at 09:00:10 on 05-09. The email-activity report holds opens, clicks and bounces only, so
    // delivered is 0 and the human open rate has no denominator (null), as the import warned.
    const m = rows(runs.get('06')!, 'campaign_metadata');
    expect(m.map((x) => [x.campaign_id, String(x.send_time_utc).slice(0, 19), num(x.delivered), x.human_open_rate])).toEqual([
      ['a1b2c3d4e5', '2024-05-02T09:00:05', 0, null],
      ['f6e5d4c3b2', '2024-05-09T09:00:10', 0, null],
    ]);
    expect(runs.get('06')!.stderr).toMatch(/no send or deliver events/);
  });

  it('module 2 counts every unflagged open as human (an upper bound): Mailchimp does not flag machine opens per open', () => {
    // The 7 open lines by UTC day: 05-02 09:15; 05-03 02:30 (22:30-04:00 the day before), 07:45, 18:02;
    // 05-09 10:00 and 22:30 (00:30+02:00 on the 10th); 05-11 08:00 → 1, 3, 2, 1.
    const opens = rows(runs.get('02')!, 'engagement_daily').filter((x) => x.platform === 'email opens (human)');
    expect(opens.map((x) => [String(x.day).slice(0, 10), num(x.engagements)]).sort()).toEqual([['2024-05-02', 1], ['2024-05-03', 3], ['2024-05-09', 2], ['2024-05-11', 1]]);
    expect(runs.get('02')!.stderr).toMatch(/does not flag machine opens/);
  });
});

describe('the email + social modules on a Klaviyo events export', () => {
  const runs = new Map<string, RunResult>();
  beforeAll(async () => {
    for (const n of MODULES) runs.set(n, await run(path(n), ['--data', `email=${KLAVIYO}`]));
  }, 600_000);

  it('run every cell of modules 1–7 and 9, the export read as klaviyo_events', () => {
    for (const n of MODULES) expectRanOnExport(runs.get(n)!, /email: klaviyo_events\.csv read as a klaviyo export \(klaviyo_events\) → email_activity, 15 rows/);
  });

  it('module 9 workload: 15 events, 2 campaigns, 6 people', () => {
    // 15 data lines (14 email events and one Placed Order, kept with an empty event). Campaign ids
    // ($message) 01HX1A2B3C and 01HX9Z8Y7W; the order has none. People: umar.moreau1, elena.nielsen2
    // (once as "Elena.Nielsen2@…"), jonas.weber3, elena.tanaka4, tina.lopez5, sam.kowalski6 (once as
    // " Sam.Kowalski6@Example.org") = 6. First 2024-05-02 13:00:05+00:00, last 2024-05-10 07:45:00+00:00.
    const w = emailRow(runs.get('09')!, 'workload');
    expect([num(w.rows), num(w.campaigns), num(w.people)]).toEqual([15, 2, 6]);
    expect(String(w.first_event)).toMatch(/^2024-05-02T13:00:05/);
    expect(String(w.last_event)).toMatch(/^2024-05-10T07:45:00/);
  });

  it('module 6 campaign metadata: deliveries and human open rates per campaign', () => {
    // Café week: Received Email × 3 (lines 2–4); opens: umar (Apple Privacy Open True) and elena
    // (False) → 1 human open / 3 deliveries = 0.3333. Spring drop: Received Email × 2 (lines 11–12);
    // opens: tina 14:00 (False), sam (True), tina on 05-10 (False) → 2 / 2 = 1. Klaviyo has no send
    // event, so audience_size (sends) is 0. The Placed Order row is its own, campaign-less group.
    const m = rows(runs.get('06')!, 'campaign_metadata');
    expect(m.map((x) => [x.campaign, num(x.audience_size), num(x.delivered), x.human_open_rate === null ? null : num(x.human_open_rate)])).toEqual([
      ['Café week — 20% off', 0, 3, 0.3333],
      ['Spring drop', 0, 2, 1],
      [null, 0, 0, null],
    ]);
  });

  it('module 2 human opens per UTC day: Apple Privacy Opens left out', () => {
    // Human opens: elena 2024-05-02 21:10-04:00 → 05-03 01:10 UTC; tina 05-09 14:00; tina 05-10 07:30.
    const human = rows(runs.get('02')!, 'engagement_daily').filter((x) => x.platform === 'email opens (human)');
    expect(human.map((x) => [String(x.day).slice(0, 10), num(x.engagements)]).sort()).toEqual([['2024-05-03', 1], ['2024-05-09', 1], ['2024-05-10', 1]]);
  });

  it('module 4 opened-not-clicked audience for the default campaign (Spring drop) leaves out the machine-only opener', () => {
    // Spring drop (first in descending order): tina opened as a person and never clicked → 1; sam's
    // only open is an Apple Privacy Open → left out, counted as 1.
    const a = rows(runs.get('04')!, 'audience_summary')[0]!;
    expect([a.campaign, num(a.audience_size), num(a.machine_only_openers_left_out)]).toEqual(['Spring drop', 1, 1]);
  });

  it('module 7 joins the hashed export to the profiles by the plain hash', () => {
    const addresses = ['umar.moreau1@example.com', 'elena.nielsen2@example.org', 'jonas.weber3@example.org', 'elena.tanaka4@example.com', 'tina.lopez5@example.org', 'sam.kowalski6@example.org'];
    expect(num(rows(runs.get('07')!, 'pseudonym_check')[0]!.joinable_to_esp_by_plain_hash)).toBe(profileRowsWith(addresses));
  });

  it('module 1 machine-open exercise, answered with the hand value 0.4, passes on this export', async () => {
    // Opens: umar (True), elena (False), tina (False), sam (True), tina (False) → 2 / 5 = 0.4.
    const copy = join(mkdtempSync(join(tmpdir(), 'pulse-es-export-')), 'module-01.pulse.md');
    let nb = parseNotebook(readFileSync(path('01'), 'utf8'));
    const ex = cells(nb).find((c) => c.id === 'ex_machine_share')!;
    nb = setCellCode(nb, ex.id, setExerciseAnswer(ex.code, '0.4'));
    writeFileSync(copy, serializeNotebook(nb));
    const r = await run(copy, ['--data', `email=${KLAVIYO}`]);
    expect(rows(r, 'ex_machine_share')[0]!.verdict).toBe('passed');
  }, 120_000);
});
