/**
 * Event-level email activity exports → the canonical `email_activity` table. Sources of each layout
 * are in docs/schema.md ("Email activity exports"); nothing here maps a column we found no evidence for.
 *
 * Addresses never reach the rows: the address column is replaced by its hash, computed exactly as
 * the `identity` cell and the sample compute it (DuckDB's `sha256(lower(trim(address)))`, where
 * `trim` strips spaces only), so imported activity joins the identity graph and the profiles.
 */
import { sha256Hex } from '../../sha256.ts';
import type { CanonicalRow, CanonicalValue, Layout, RowContext, RowsContext } from '../layout.ts';

/** The same validity test the `identity` cell applies before hashing (local@domain.tld, no spaces). */
const VALID_ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * SHA-256 hex of an address as DuckDB computes `sha256(lower(trim(address)))`: DuckDB's `trim`
 * removes spaces only (not tabs), `lower` is Unicode lower-casing. Null for an empty or malformed address.
 */
export function hashEmail(address: string | null | undefined): string | null {
  if (address === null || address === undefined) return null;
  const normalized = address.replace(/^ +| +$/g, '').toLowerCase();
  return VALID_ADDRESS.test(normalized) ? sha256Hex(normalized) : null;
}

/** Canonical event vocabulary. */
export type EmailEvent = 'send' | 'deliver' | 'bounce' | 'open' | 'click' | 'unsubscribe' | 'complaint';

/**
 * Platform event names → canonical events. Mailchimp's Marketing API `action` values (open, click,
 * bounce); Klaviyo's native email metrics (Received Email, Opened Email, Clicked Email, Bounced Email,
 * Unsubscribed, Marked Email as Spam). Klaviyo's "Received Email" is its delivery event: a bounced
 * email has a Bounced Email event instead, so it maps to `deliver`. "Dropped Email" (Klaviyo did not
 * send: suppressed address) has no canonical event.
 */
const EVENT_NAMES: Record<string, EmailEvent> = {
  open: 'open',
  click: 'click',
  bounce: 'bounce',
  'received email': 'deliver',
  'opened email': 'open',
  'clicked email': 'click',
  'bounced email': 'bounce',
  unsubscribed: 'unsubscribe',
  'unsubscribed from list': 'unsubscribe',
  'marked email as spam': 'complaint',
};

export function canonicalEvent(name: CanonicalValue): EmailEvent | null {
  if (typeof name !== 'string') return null;
  return EVENT_NAMES[name.trim().toLowerCase().replace(/\s+/g, ' ')] ?? null;
}

/**
 * The event a one-event-per-file export holds, read from its file name (`opened.csv`,
 * `Clicked Email 2024-05.csv`, `abuse_reports.csv`): the only signal such a file has.
 */
export function eventFromFileName(file: string): EmailEvent | null {
  const name = file.replace(/^.*[\\/]/, '').replace(/\.[a-z0-9]+$/i, '').toLowerCase();
  const rules: [RegExp, EmailEvent][] = [
    [/unsub/, 'unsubscribe'],
    [/abuse|complain|spam/, 'complaint'],
    [/bounce|cleaned/, 'bounce'],
    [/click/, 'click'],
    [/open/, 'open'],
    [/received|deliver/, 'deliver'],
    [/\bsent\b|sends?\b/, 'send'],
  ];
  const hits = rules.filter(([re]) => re.test(name));
  // A name such as "opened_not_clicked" names two events: not a signal.
  return hits.length === 1 ? hits[0]![1] : null;
}

/** Aliases under the prefixes a flattened JSON export writes (`event_properties.URL`, `person.$email`). */
function nested(prefixes: string[], names: string[]): string[] {
  return prefixes.flatMap((p) => names.map((n) => `${p}${n}`));
}

/** Shared per-row work: hash the address, normalize the event, flag machine opens per event. */
function finishActivity(row: CanonicalRow, ctx: RowContext, eventFallback: EmailEvent | null): void {
  const address = row.email_hash;
  row.email_hash = hashEmail(typeof address === 'string' ? address : null);
  if (typeof address === 'string' && row.email_hash === null) ctx.note('some addresses are not local@domain.tld (spaces inside, no domain): their email_hash is empty, as the identity cell would leave it');
  if (address === null) ctx.note('some rows have no address: their email_hash is empty and they join no person; check the export');
  const raw = row.event;
  const event = ctx.mapped.has('event') ? canonicalEvent(raw) : eventFallback;
  if (ctx.mapped.has('event') && event === null && typeof raw === 'string') {
    row.event = null;
    row.platform_event = raw;
    ctx.note(`rows whose event is not an email event of the canonical vocabulary (such as "${raw}") are kept with an empty event and their own name in platform_event; filter them out or map them yourself`);
  } else {
    row.event = event;
    row.platform_event = typeof raw === 'string' ? raw : null;
  }
  // Machine opens: only an open can be one. Unknown (null) when the export does not say.
  if (row.event !== 'open') row.is_machine_open = false;
  else if (!ctx.mapped.has('is_machine_open')) {
    row.is_machine_open = null;
    ctx.note('the export does not flag machine opens (Apple Mail Privacy Protection): is_machine_open is empty on opens, so "human opens" (NOT is_machine_open) count none; use clicks for engagement');
  }
}

const PLATFORM_EVENT = { name: 'platform_event', type: 'VARCHAR' as const, description: "The export's own name for the event (Mailchimp `action`, Klaviyo metric name), or the file name's event for one-event-per-file exports." };

/** The campaign-level fallback when the export names campaigns by id only. */
function campaignFromId(row: CanonicalRow, ctx: RowContext): void {
  if (row.campaign === null && row.campaign_id !== null) {
    row.campaign = row.campaign_id;
    ctx.note('the export names campaigns by id only: campaign repeats campaign_id; join the campaign list export (Title, Unique Id) for titles');
  }
}

function noteSendsMissing(rows: CanonicalRow[], ctx: RowsContext, what: string): void {
  const present = new Set(rows.map((r) => r.event));
  const missing = (['send', 'deliver'] as const).filter((e) => !present.has(e));
  if (missing.length) ctx.note(`no ${missing.join(' or ')} events: ${what}; rates need the recipients from the campaign export`);
}

/**
 * Mailchimp Marketing API email activity (`GET /reports/{campaign_id}/email-activity`), one row per
 * activity as connectors flatten it (Singer/Stitch tap-mailchimp `reports_email_activity`): action
 * open | click | bounce, bounce `type` hard | soft, ISO 8601 `timestamp`, `url` for clicks.
 */
export const mailchimpEmailActivity: Layout = {
  platform: 'mailchimp',
  id: 'mailchimp_email_activity',
  table: 'email_activity',
  signature: [['email_address', 'email address'], ['action', 'activity.action'], ['timestamp', 'activity.timestamp']],
  columns: [
    { to: 'email_hash', aliases: ['email_address', 'email address'] },
    { to: 'event', aliases: ['action', 'activity.action'] },
    { to: 'timestamp', aliases: ['timestamp', 'activity.timestamp'] },
    { to: 'url', aliases: ['url', 'activity.url'] },
    { to: 'campaign_id', aliases: ['campaign_id', 'campaign id'] },
    { to: 'campaign', aliases: ['campaign_title', 'campaign title'] },
  ],
  constants: { platform: 'mailchimp' },
  dateOrder: 'mdy',
  extraColumns: [PLATFORM_EVENT, { name: 'bounce_type', type: 'VARCHAR', description: "Mailchimp's bounce `type`: 'hard' or 'soft' (bounces only)." }],
  finish(row, ctx) {
    finishActivity(row, ctx, null);
    campaignFromId(row, ctx);
    const type = (ctx.raw('type') ?? ctx.raw('activity.type'))?.trim().toLowerCase();
    if (row.event === 'bounce' && (type === 'hard' || type === 'soft')) row.bounce_type = type;
  },
  afterRows(rows, ctx) {
    noteSendsMissing(rows, ctx, 'the Mailchimp email-activity report lists opens, clicks and bounces only');
  },
};

/**
 * Mailchimp audience export member lists (the ZIP's subscribed / unsubscribed / cleaned CSVs, also
 * what a campaign report's activity lists carry): "Email Address", merge fields, MEMBER_RATING,
 * OPTIN_TIME, CONFIRM_TIME, LAST_CHANGED, LEID, EUID …; the unsubscribed list adds UNSUB_TIME,
 * UNSUB_CAMPAIGN_TITLE, UNSUB_CAMPAIGN_ID, UNSUB_REASON; the cleaned list CLEAN_TIME,
 * CLEAN_CAMPAIGN_TITLE, CLEAN_CAMPAIGN_ID. One event per file: unsubscribe or bounce (cleaned =
 * hard bounce or repeated soft bounces), told by those columns, else by the file name.
 */
export const mailchimpMembers: Layout = {
  platform: 'mailchimp',
  id: 'mailchimp_member_list',
  table: 'email_activity',
  signature: [['email address'], ['member_rating', 'leid', 'euid', 'optin_time', 'confirm_time', 'last_changed', 'unsub_time', 'clean_time']],
  columns: [
    { to: 'email_hash', aliases: ['email address'] },
    { to: 'timestamp', aliases: ['unsub_time', 'clean_time'] },
    { to: 'campaign', aliases: ['unsub_campaign_title', 'clean_campaign_title'] },
    { to: 'campaign_id', aliases: ['unsub_campaign_id', 'clean_campaign_id'] },
  ],
  constants: { platform: 'mailchimp' },
  dateOrder: 'mdy',
  extraColumns: [PLATFORM_EVENT],
  finish(row, ctx) {
    const unsub = ctx.raw('unsub_time') !== undefined;
    const clean = ctx.raw('clean_time') !== undefined;
    const fromName = eventFromFileName(ctx.fileName);
    let event: EmailEvent | null;
    if (unsub && !clean) {
      event = 'unsubscribe';
      ctx.note('one event per file: the UNSUB_TIME / UNSUB_CAMPAIGN_* columns make every row an unsubscribe (from the campaign in UNSUB_CAMPAIGN_TITLE)');
    } else if (clean && !unsub) {
      event = 'bounce';
      ctx.note('one event per file: the CLEAN_TIME / CLEAN_CAMPAIGN_* columns make every row a bounce (Mailchimp cleans an address after a hard bounce or repeated soft bounces)');
    } else if (fromName) {
      event = fromName;
      ctx.note(`one event per file: the file name "${ctx.fileName}" is the only sign of what its rows are; every row is read as a ${fromName}`);
    } else {
      event = null;
      ctx.note(`neither UNSUB_TIME / CLEAN_TIME columns nor the file name "${ctx.fileName}" say which event these members had (a subscribed-members list holds no email events): event is empty; rename the file after the activity it lists (e.g. opened.csv) and import it again`);
    }
    finishActivity(row, ctx, event);
    row.platform_event = unsub ? 'unsubscribed' : clean ? 'cleaned' : fromName;
    if (row.timestamp === null) ctx.note('rows without an event time (the member list has no UNSUB_TIME / CLEAN_TIME): timestamp is empty and time-based cells leave them out');
    const rawTime = (ctx.raw('unsub_time') ?? ctx.raw('clean_time') ?? '').trim();
    if (rawTime !== '' && !/(Z|[+-]\d{2}:?\d{2})$/.test(rawTime)) {
      ctx.note('UNSUB_TIME / CLEAN_TIME carry no time zone: read as UTC, the zone of Mailchimp\'s API timestamps; shift them if your account exported local time');
    }
  },
};

const KLAVIYO_PROPS = ['', 'event_properties.', 'event properties.', 'properties.'];

/**
 * Klaviyo events, one row per event, as the Events API gives them flattened to CSV (v1 metric
 * timeline: `event_name`, `datetime`, `timestamp`, `person.$email`, `event_properties.*`; current
 * Get Events with the metric and profile included: `datetime`, `timestamp`, metric `name`, profile
 * `email`). Event properties of the email metrics: `Campaign Name`, `Subject`, `$message` (the
 * message id), `URL` (clicks), `Bounce Type`, `machine_open` / `Apple Privacy Open` (opens). A file
 * of one metric without a metric column (e.g. "Opened Email.csv") takes its event from the file name.
 */
export const klaviyoEvents: Layout = {
  platform: 'klaviyo',
  id: 'klaviyo_events',
  table: 'email_activity',
  signature: [
    ['$email', 'email', 'person.$email', 'profile.email', 'profile email', 'email address'],
    ['datetime', 'timestamp'],
    [...nested(KLAVIYO_PROPS, ['$message', 'campaign name', '$event_id', 'machine_open', 'apple privacy open']), 'event_name', 'metric.name', 'metric name'],
  ],
  columns: [
    { to: 'email_hash', aliases: ['$email', 'person.$email', 'profile.email', 'profile email', 'email', 'email address'] },
    { to: 'event', aliases: ['event_name', 'metric.name', 'metric name', 'metric', 'event'] },
    { to: 'timestamp', aliases: ['datetime'] },
    { to: 'campaign', aliases: nested(KLAVIYO_PROPS, ['campaign name']) },
    { to: 'campaign_id', aliases: nested(KLAVIYO_PROPS, ['$message']) },
    { to: 'url', aliases: nested(KLAVIYO_PROPS, ['url']) },
    { to: 'is_machine_open', aliases: nested(KLAVIYO_PROPS, ['apple privacy open', 'machine_open', 'machine open']) },
  ],
  constants: { platform: 'klaviyo' },
  dateOrder: 'mdy',
  extraColumns: [PLATFORM_EVENT],
  finish(row, ctx) {
    if (row.timestamp === null) {
      // `timestamp` is Unix seconds (the ISO `datetime` is read first when the file has it).
      const secs = ctx.raw('timestamp')?.trim();
      if (secs && /^\d{9,11}(\.\d+)?$/.test(secs)) {
        const iso = new Date(Number(secs) * 1000).toISOString();
        row.timestamp = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
      }
    }
    const fromName = ctx.mapped.has('event') ? null : eventFromFileName(ctx.fileName);
    if (!ctx.mapped.has('event')) {
      ctx.note(fromName
        ? `one event per file: the export has no metric column, so the file name "${ctx.fileName}" is the only sign of what its rows are; every row is read as a ${fromName}`
        : `the export has no metric column and its file name "${ctx.fileName}" names no email event: event is empty; rename the file after the metric (e.g. "Opened Email.csv") and import it again`);
    }
    finishActivity(row, ctx, fromName);
    if (!ctx.mapped.has('event')) row.platform_event = fromName;
  },
  afterRows(rows, ctx) {
    noteSendsMissing(rows, ctx, 'Klaviyo records no send event, only Received Email (a delivery) and Bounced Email');
  },
};
