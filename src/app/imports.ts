/**
 * How the app talks about platform exports and user column mappings: layout names for people, the
 * columns a canonical table cannot do without, a first guess at a mapping, and the one-line summary
 * of an import. The parsing itself is src/core/importers (run in the worker).
 */
import { normalizeHeader } from '../core/importers/layout';
import { CANONICAL_TABLES, type CanonicalColumn, type CanonicalTableName } from '../core/importers/schema';
import type { UserMapping } from '../core/importers/mapping';
import { sniffDateOrder } from '../core/importers/values';

/** CSV/TSV files bigger than this are loaded as they are (the importers parse in memory), as in `pulse run`. */
export const IMPORTER_MAX_BYTES = 200 * 1024 * 1024;

/** Layout id → the product a person exported it from. */
const LAYOUT_NAMES: Record<string, string> = {
  meta_ads_manager: 'Meta Ads Manager',
  linkedin_campaign_manager: 'LinkedIn Campaign Manager',
  x_ads: 'X Ads',
  x_post_analytics: 'X post analytics',
  tiktok_ads_manager: 'TikTok Ads Manager',
  google_ads_campaign_report: 'Google Ads campaign report',
  ga4_report: 'Google Analytics 4',
  mailchimp_campaigns: 'Mailchimp',
  klaviyo_campaigns: 'Klaviyo',
  mailchimp_email_activity: 'Mailchimp email activity',
  mailchimp_member_list: 'Mailchimp audience member list',
  klaviyo_events: 'Klaviyo events',
  meta_business_suite_facebook_posts: 'Meta Business Suite (Facebook posts)',
  meta_business_suite_instagram_posts: 'Meta Business Suite (Instagram posts)',
  facebook_page_post_insights: 'Facebook Page Insights (posts)',
  facebook_page_insights: 'Facebook Page Insights (page)',
  youtube_studio_table: 'YouTube Studio',
  linkedin_page_posts: 'LinkedIn page analytics (posts)',
  linkedin_page_followers: 'LinkedIn page analytics (followers)',
  linkedin_page_metrics: 'LinkedIn page analytics (daily metrics)',
  tiktok_studio_overview: 'TikTok Studio analytics (overview)',
  meta_business_suite_results: 'Meta Business Suite (results chart)',
  user_mapping: 'Your column mapping',
};

export const layoutName = (layout: string): string => LAYOUT_NAMES[layout] ?? layout;

/**
 * Columns a file must supply for a table to be of use: the grain of a row and the measure the
 * notebooks are about. The mapping dialog marks them and will not apply without them.
 */
export const REQUIRED_COLUMNS: Record<CanonicalTableName, string[]> = {
  ad_daily: ['date', 'impressions', 'clicks'],
  events: ['user_id', 'event_type'],
  email: ['campaign', 'sends'],
  posts: ['post_id', 'date'],
  comments: ['comment_id', 'text'],
  users: ['user_id'],
  paths: ['path_id', 'touch_index', 'channel'],
  web_daily: ['date', 'sessions'],
  email_activity: ['email_hash', 'event'],
  profiles: ['user_key', 'platform'],
  interactions: ['actor_key', 'action'],
  account_daily: ['date', 'followers'],
  mappings: ['map_name', 'source_value', 'target_value'],
  benchmarks: ['dimension', 'dimension_value', 'share'],
};

export const isCanonicalTable = (name: string | undefined): name is CanonicalTableName => CANONICAL_TABLES.some((t) => t.name === name);

export function canonicalColumns(table: CanonicalTableName): CanonicalColumn[] {
  return CANONICAL_TABLES.find((t) => t.name === table)?.columns ?? [];
}

/** Loose header key: case, spaces, dashes and underscores do not matter ("Campaign ID" ~ campaign_id). */
const loose = (h: string) => normalizeHeader(h).replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');

/** Required columns of `table` the file's headers do not name (by the loose key). */
export function missingRequired(table: CanonicalTableName, headers: string[]): string[] {
  const have = new Set(headers.map(loose));
  return REQUIRED_COLUMNS[table].filter((c) => !have.has(c));
}

/** A first mapping: canonical column → the file header with the same name (case-insensitive), or ''. */
export function proposeMapping(table: CanonicalTableName, headers: string[]): Record<string, string> {
  const byKey = new Map<string, string>();
  for (const h of headers) if (!byKey.has(loose(h))) byKey.set(loose(h), h);
  return Object.fromEntries(canonicalColumns(table).map((c) => [c.name, byKey.get(c.name) ?? '']));
}

/** The dialog's choice for a canonical column the file lacks but whose value is one for every row. */
export const CONSTANT_CHOICE = '\u0000same value for every row';

/**
 * The dialog's choices (canonical column → header, or CONSTANT_CHOICE with its value in `constants`)
 * as a saved mapping of the file's headers.
 */
export function toUserMapping(
  table: CanonicalTableName,
  signature: string,
  choice: Record<string, string>,
  preview: Record<string, string>[],
  numberFormat: 'dot' | 'comma',
  constants: Record<string, string> = {},
): UserMapping {
  const columns: Record<string, string> = {};
  const fixed: Record<string, string> = {};
  for (const [target, header] of Object.entries(choice)) {
    if (header === CONSTANT_CHOICE) {
      const v = (constants[target] ?? '').trim();
      if (v !== '') fixed[target] = v;
    } else if (header) columns[header] = target;
  }
  const dateCols = canonicalColumns(table).filter((c) => (c.type === 'DATE' || c.type === 'TIMESTAMP') && choice[c.name]);
  const cells = dateCols.flatMap((c) => preview.map((r) => r[choice[c.name]!] ?? ''));
  const { order } = sniffDateOrder(cells, numberFormat === 'comma' ? 'dmy' : 'mdy');
  return { signature, table, columns, ...(Object.keys(fixed).length ? { constants: fixed } : {}), format: { numberFormat, dateOrder: order } };
}

/** The dialog's choices read back from a saved mapping (header → column becomes column → header). */
export function choiceFromMapping(table: CanonicalTableName, mapping: UserMapping, headers: string[]): Record<string, string> {
  const choice = Object.fromEntries(canonicalColumns(table).map((c) => [c.name, '']));
  const byNorm = new Map(headers.map((h) => [normalizeHeader(h), h]));
  for (const [header, target] of Object.entries(mapping.columns)) choice[target] = byNorm.get(normalizeHeader(header)) ?? header;
  for (const target of Object.keys(mapping.constants ?? {})) choice[target] = CONSTANT_CHOICE;
  return choice;
}

/** The constants of a saved mapping as the dialog's text inputs hold them. */
export function constantsFromMapping(mapping: UserMapping): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping.constants ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** "Meta Ads Manager export → ad_daily, 326 rows, totals match". */
export function importSummary(r: {
  layout: string;
  table: string;
  rows: number;
  totals: 'absent' | 'match' | 'mismatch';
  tables?: { index: number; title: string }[];
  tableIndex?: number;
}): string {
  const what = r.layout === 'user_mapping' ? 'Mapped with your column mapping' : `${layoutName(r.layout)} export`;
  const totals = r.totals === 'match' ? ', totals match' : r.totals === 'mismatch' ? ', totals mismatch' : '';
  const chosen = r.tables?.find((t) => t.index === r.tableIndex);
  const table = r.tables && chosen ? ` (table ${chosen.index} of ${r.tables.length}: ${chosen.title})` : '';
  return `${what}${table} → ${r.table}, ${r.rows.toLocaleString('en-US')} ${r.rows === 1 ? 'row' : 'rows'}${totals}`;
}

/** Why a platform export of another table cannot stand in for dataset `name` (as `pulse run` says it). */
export function wrongTableMessage(fileName: string, r: { layout: string; table: string }, name: string, expected: string): string {
  return `${fileName} is a ${layoutName(r.layout)} export (canonical table ${r.table}), but dataset ${name} expects ${expected}: pick an export that maps to ${expected}, or add this file with Add data under its own name. Nothing was changed.`;
}
