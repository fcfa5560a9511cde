/**
 * Event-level Mailchimp and Klaviyo exports → `email_activity` (docs/schema.md, "Email activity
 * exports"). The fixtures under tests/fixtures/exports/ were hand-written for these tests in the
 * layouts documented there, with our own values. Expected hashes come from node:crypto (not the
 * importer's own SHA-256), expected UTC times are worked out by hand beside each assertion.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectExport, importExport } from '../../../src/core/importers/index.ts';
import { eventFromFileName, hashEmail } from '../../../src/core/importers/layouts/emailActivity.ts';

const bytes = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/exports/${name}`, import.meta.url)));
const load = (name: string) => importExport(bytes(name), name);
/** DuckDB's sha256(lower(trim(x))) with trim = spaces only, by node:crypto. */
const sha = (address: string) => createHash('sha256').update(address.replace(/^ +| +$/g, '').toLowerCase(), 'utf8').digest('hex');

describe('hashEmail: the identity cell\'s normalization', () => {
  it('trims spaces and lower-cases before SHA-256, as DuckDB sha256(lower(trim(x)))', () => {
    expect(hashEmail('  Umar.Moreau1@Example.COM ')).toBe(sha('umar.moreau1@example.com'));
    // The FIPS 180-4 test vector "abc" is not an address; a real one against node:crypto:
    expect(hashEmail('zoë.example@example.net')).toBe(createHash('sha256').update('zoë.example@example.net', 'utf8').digest('hex'));
  });
  it('leaves malformed addresses unhashed, as the identity cell does (DuckDB trim keeps tabs)', () => {
    expect(hashEmail('\tjo@example.com')).toBeNull();
    expect(hashEmail('no-at-sign.example.com')).toBeNull();
    expect(hashEmail('')).toBeNull();
  });
});

describe('eventFromFileName: the only signal of a one-event-per-file export', () => {
  it('reads the event a file name names, and nothing from an ambiguous name', () => {
    expect(eventFromFileName('opened.csv')).toBe('open');
    expect(eventFromFileName('exports/Clicked Email 2024-05.csv')).toBe('click');
    expect(eventFromFileName('abuse_reports.csv')).toBe('complaint');
    expect(eventFromFileName('unsubscribed_members_export_1a2b.csv')).toBe('unsubscribe');
    expect(eventFromFileName('cleaned_members.csv')).toBe('bounce');
    expect(eventFromFileName('opened_not_clicked.csv')).toBeNull();
    expect(eventFromFileName('members.csv')).toBeNull();
  });
});

describe('Mailchimp email activity (API email-activity report, flattened): BOM, CRLF, quoted commas, offsets', () => {
  const r = load('mailchimp_email_activity.csv');
  it('is recognized as Mailchimp email activity, not as a canonical file', () => {
    expect([r.platform, r.layout, r.table]).toEqual(['mailchimp', 'mailchimp_email_activity', 'email_activity']);
    expect(r.detection.bom).toBe(true);
    expect(r.rows).toHaveLength(11); // 11 data lines; the two blank trailing lines are not rows
  });
  it('maps action to the canonical events and keeps the bounce type', () => {
    expect(r.rows.map((x) => x.event)).toEqual(['open', 'click', 'open', 'bounce', 'open', 'open', 'open', 'click', 'bounce', 'open', 'open']);
    expect(r.rows.filter((x) => x.event === 'bounce').map((x) => x.bounce_type)).toEqual(['hard', 'soft']);
  });
  it('converts offsets to UTC: 22:30 at -04:00 is 02:30 the next day; 00:30 at +02:00 is 22:30 the day before', () => {
    expect(r.rows[2]!.timestamp).toBe('2024-05-03 02:30:00');
    expect(r.rows[9]!.timestamp).toBe('2024-05-09 22:30:00');
    expect(r.rows[10]!.timestamp).toBe('2024-05-11 08:00:00'); // "Z"
  });
  it('hashes addresses (mixed case and padded ones hash like their normalized form) and keeps no address', () => {
    expect(r.rows[0]!.email_hash).toBe(sha('umar.moreau1@example.com'));
    expect(r.rows[1]!.email_hash).toBe(sha('umar.moreau1@example.com')); // "Umar.Moreau1@Example.com"
    expect(r.rows[9]!.email_hash).toBe(sha('umar.okafor7@example.net')); // " umar.okafor7@example.net "
    expect(JSON.stringify(r.rows)).not.toMatch(/@example\./);
    expect(r.columns.map((c) => c.name)).not.toContain('email_address');
  });
  it('keeps the quoted URL with its commas, and the extra columns', () => {
    expect(r.rows[1]!.url).toBe('https://shop.example.com/sale?sizes=s,m,l');
    expect(r.keptColumns!.map((k) => k.column)).toEqual(['list_id', 'list_is_active', 'email_id', 'ip']);
  });
  it('names campaigns by id, leaves machine opens unknown, and says both along with the missing sends', () => {
    expect(new Set(r.rows.map((x) => x.campaign))).toEqual(new Set(['a1b2c3d4e5', 'f6e5d4c3b2']));
    expect(r.rows.filter((x) => x.event === 'open').every((x) => x.is_machine_open === null)).toBe(true);
    expect(r.rows.filter((x) => x.event !== 'open').every((x) => x.is_machine_open === false)).toBe(true);
    const said = r.warnings.join('\n');
    expect(said).toMatch(/names campaigns by id only/);
    expect(said).toMatch(/does not flag machine opens/);
    expect(said).toMatch(/no send or deliver events/);
  });
});

describe('Mailchimp audience export member lists: one event per file, told by the columns', () => {
  it('unsubscribed members (Windows-1252 from Excel): unsubscribe events with the campaign of UNSUB_CAMPAIGN_*', () => {
    const r = load('mailchimp_unsubscribed_members.csv');
    expect([r.platform, r.layout, r.table]).toEqual(['mailchimp', 'mailchimp_member_list', 'email_activity']);
    expect(r.detection.encoding).toBe('windows-1252');
    expect(r.rows.map((x) => [x.event, x.timestamp, x.campaign, x.campaign_id])).toEqual([
      ['unsubscribe', '2024-05-03 08:00:30', 'Café week, 20% off', 'a1b2c3d4e5'],
      ['unsubscribe', '2024-05-09 17:45:00', 'Spring drop', 'f6e5d4c3b2'],
    ]);
    expect(r.rows[1]!.email_hash).toBe(sha('zoë.example@example.net')); // "Zoë.Example@Example.net", é/ë from cp1252
    expect(r.rows[1]!.unsub_reason_other).toBe('Too many emails — weekly is plenty');
    expect(r.rows[1]!.first_name).toBe('Zoë');
    expect(r.warnings.join('\n')).toMatch(/UNSUB_TIME \/ UNSUB_CAMPAIGN_\* columns make every row an unsubscribe/);
    expect(r.warnings.join('\n')).toMatch(/carry no time zone: read as UTC/);
  });
  it('cleaned members: a bounce from the campaign of CLEAN_CAMPAIGN_*', () => {
    const r = load('mailchimp_cleaned_members.csv');
    expect(r.layout).toBe('mailchimp_member_list');
    expect(r.rows.map((x) => [x.event, x.timestamp, x.campaign_id, x.email_hash])).toEqual([['bounce', '2024-05-09 09:00:10', 'f6e5d4c3b2', sha('sam.kowalski6@example.org')]]);
  });
  it('a member list with neither column takes its event from the file name, and says so', () => {
    const csv = '"Email Address","First Name","Last Name",MEMBER_RATING,LEID,EUID\r\nann@example.com,Ann,Lee,3,1,x1\r\n';
    const opened = importExport(new TextEncoder().encode(csv), 'opened.csv');
    expect(opened.rows.map((x) => [x.event, x.timestamp, x.is_machine_open])).toEqual([['open', null, null]]);
    expect(opened.warnings.join('\n')).toMatch(/file name "opened.csv" is the only sign/);
    const members = importExport(new TextEncoder().encode(csv), 'members.csv');
    expect(members.rows[0]!.event).toBeNull();
    expect(members.warnings.join('\n')).toMatch(/a subscribed-members list holds no email events/);
  });
});

describe('bad cells are said, not dropped', () => {
  it('a row without an address, a malformed address and an unreadable time are kept and named in the notes', () => {
    const csv = 'campaign_id,email_address,action,type,timestamp,url\n' +
      'c1,,open,,2024-05-02T09:15:00+00:00,\n' +
      'c1,ann at example.com,open,,2024-05-02T09:16:00+00:00,\n' +
      'c1,bo@example.com,click,,yesterday,https://x.example/\n';
    const r = importExport(new TextEncoder().encode(csv), 'activity.csv');
    expect(r.rows.map((x) => [x.email_hash, x.event, x.timestamp])).toEqual([
      [null, 'open', '2024-05-02 09:15:00'],
      [null, 'open', '2024-05-02 09:16:00'],
      [sha('bo@example.com'), 'click', null],
    ]);
    const said = r.warnings.join('\n');
    expect(said).toMatch(/some rows have no address/);
    expect(said).toMatch(/not local@domain.tld/);
    expect(said).toMatch(/column "timestamp": 1 value\(s\) are not TIMESTAMP \(first: "yesterday" on line 4\)/);
  });
});

describe('Klaviyo events (Events API, flattened): Windows-1252, offsets, Apple Privacy Open, other metrics', () => {
  const r = load('klaviyo_events.csv');
  it('is recognized and maps Klaviyo metric names to the canonical events', () => {
    expect([r.platform, r.layout, r.table]).toEqual(['klaviyo', 'klaviyo_events', 'email_activity']);
    expect(r.detection.encoding).toBe('windows-1252');
    expect(r.rows.map((x) => x.event)).toEqual(['deliver', 'deliver', 'deliver', 'bounce', 'open', 'open', 'click', 'complaint', 'unsubscribe', 'deliver', 'deliver', 'open', 'open', 'open', null]);
  });
  it('keeps a non-email metric (Placed Order) with an empty event and its own name', () => {
    expect(r.rows[14]!.platform_event).toBe('Placed Order');
    expect(r.warnings.join('\n')).toMatch(/such as "Placed Order"/);
  });
  it('flags Apple Privacy Opens per open; non-opens are not machine opens', () => {
    expect(r.rows.filter((x) => x.event === 'open').map((x) => x.is_machine_open)).toEqual([true, false, false, true, false]);
    expect(r.rows.filter((x) => x.event !== 'open').every((x) => x.is_machine_open === false)).toBe(true);
  });
  it('reads campaign name (cp1252 é and —, quoted comma), $message as campaign id, URL and UTC times', () => {
    expect(r.rows[0]!.campaign).toBe('Café week — 20% off');
    expect(r.rows[0]!.campaign_id).toBe('01HX1A2B3C');
    expect(r.rows[6]!.url).toBe('https://shop.example.com/cafe?blend=house,decaf');
    expect(r.rows[5]!.timestamp).toBe('2024-05-03 01:10:00'); // 21:10 at -04:00
    expect(r.rows[10]!.email_hash).toBe(sha('sam.kowalski6@example.org')); // " Sam.Kowalski6@Example.org"
    expect(r.rows[3]!.bounce_type).toBe('hard'); // "Bounce Type", kept as an extra column
  });
  it('says Klaviyo has no send event', () => {
    expect(r.warnings.join('\n')).toMatch(/no send events: Klaviyo records no send event/);
  });
});

describe('Klaviyo v1 metric timeline of one metric: nested names, Unix seconds, machine_open, event from the file name', () => {
  const r = load('klaviyo_opened_email.csv');
  it('reads every row as an open, because the file name is the only signal, and says so', () => {
    expect(detectExport(bytes('klaviyo_opened_email.csv'), 'klaviyo_opened_email.csv').layout).toBe('klaviyo_events');
    expect(r.rows.map((x) => x.event)).toEqual(['open', 'open', 'open']);
    expect(r.warnings.join('\n')).toMatch(/file name "klaviyo_opened_email.csv" is the only sign/);
  });
  it('converts Unix seconds to UTC and reads machine_open', () => {
    // 1714654840 s = 19846 days (2024-05-02) + 46840 s = 13:00:40 UTC
    expect(r.rows.map((x) => [x.timestamp, x.is_machine_open, x.campaign_id])).toEqual([
      ['2024-05-02 13:00:40', true, '01HX9Z8Y7W'],
      ['2024-05-03 01:10:00', false, '01HX9Z8Y7W'],
      ['2024-05-09 14:00:00', false, '01HX9Z8Y7W'],
    ]);
    expect(r.keptColumns!.map((k) => k.header)).toEqual(['event_properties.Subject', 'event_properties.Client Name']);
  });
});

describe('the bundled canonical email_activity sample is not taken for an export', () => {
  it('stays a plain table (the canonical columns carry no address)', () => {
    const head = readFileSync('public/sample/email_activity.csv', 'utf8').split('\n').slice(0, 50).join('\n');
    expect(detectExport(new TextEncoder().encode(head), 'email_activity.csv').platform).toBeNull();
  });
});
