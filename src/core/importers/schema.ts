/**
 * The canonical schema: the few tables every platform export is mapped to, so a notebook written
 * against `ad_daily` runs on Meta, LinkedIn, X, TikTok or Google Ads data alike. Documented for people
 * in docs/schema.md; keep the two in step.
 *
 * Definitions used throughout:
 * - click: a link click (a click that leaves the platform for the advertiser's destination) unless
 *   the platform reports no such metric; the row's `click_definition` then says what was counted.
 * - impressions: total impressions (one person can count many times); `reach` is unique people.
 * - paid vs organic: `paid_organic` is 'paid' for anything bought through an ads manager, 'organic'
 *   for unpaid posts and traffic.
 */

/** DuckDB type names used by the canonical columns. */
export type CanonicalType = 'DATE' | 'TIMESTAMP' | 'VARCHAR' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'INTEGER';

/** One column of a canonical table. */
export interface CanonicalColumn {
  name: string;
  type: CanonicalType;
  /** Unit of the value ('count', 'currency', 'seconds', 'fraction', …), when it has one. */
  unit?: string;
  description: string;
  /** True when summing the column over rows is meaningful (used by total-row checks). */
  additive?: boolean;
}

/** A canonical table: its name, grain and columns. */
export interface CanonicalTable {
  name: CanonicalTableName;
  /** What one row is. */
  grain: string;
  description: string;
  columns: CanonicalColumn[];
}

export type CanonicalTableName =
  | 'ad_daily'
  | 'events'
  | 'email'
  | 'posts'
  | 'comments'
  | 'users'
  | 'paths'
  | 'web_daily'
  | 'email_activity'
  | 'profiles'
  | 'interactions'
  | 'account_daily'
  | 'mappings'
  | 'benchmarks';

/** Platforms whose export layouts Pulse recognizes. */
export type Platform = 'meta' | 'linkedin' | 'x' | 'tiktok' | 'ga4' | 'google_ads' | 'mailchimp' | 'klaviyo' | 'facebook' | 'instagram' | 'youtube';

export const PLATFORMS: readonly Platform[] = ['meta', 'linkedin', 'x', 'tiktok', 'ga4', 'google_ads', 'mailchimp', 'klaviyo', 'facebook', 'instagram', 'youtube'];

/**
 * What a row's `clicks` counts. `link_click` is the default meaning of a click in Pulse; the others
 * are recorded when the platform reports only its own notion of a click.
 */
export const CLICK_DEFINITIONS = {
  link_click: 'click on a link to the advertiser destination (Meta "Link clicks", TikTok "Clicks (destination)", LinkedIn "Clicks to Landing Page")',
  ad_click: 'click on the ad as the platform counts it (Google Ads "Clicks": a click that leads to the landing page or a call)',
  all_clicks: 'every click on the ad, including profile, expand and reaction clicks (LinkedIn "Clicks", Meta "Clicks (all)")',
  x_clicks: 'X Ads "Clicks": clicks on the ad, X\'s own definition (includes clicks that stay on X)',
  url_click: 'X post analytics "url clicks": clicks on a link in the post',
} as const;

export type ClickDefinition = keyof typeof CLICK_DEFINITIONS;

const c = (name: string, type: CanonicalType, description: string, unit?: string, additive?: boolean): CanonicalColumn => ({
  name,
  type,
  description,
  ...(unit ? { unit } : {}),
  ...(additive ? { additive } : {}),
});

/** The canonical tables, in the order the docs list them. */
export const CANONICAL_TABLES: readonly CanonicalTable[] = [
  {
    name: 'ad_daily',
    grain: 'one ad (or campaign, when the export has no ad level) on one day, or over one reporting period',
    description: 'Paid ad delivery and response by day and ad, from any ads manager.',
    columns: [
      c('date', 'DATE', 'Day of delivery; the first day of the period when the row is a period total.'),
      c('date_end', 'DATE', 'Last day covered by the row; equal to date for daily rows.'),
      c('platform', 'VARCHAR', "Platform id: 'meta', 'linkedin', 'x', 'tiktok', 'google_ads'."),
      c('account', 'VARCHAR', 'Ad account name, when exported.'),
      c('campaign', 'VARCHAR', 'Campaign name.'),
      c('campaign_id', 'VARCHAR', 'Campaign id as text (long ids are never numbers).'),
      c('campaign_type', 'VARCHAR', 'Campaign type or objective (Search, Sponsored Content, …).'),
      c('ad_group', 'VARCHAR', 'Ad set / ad group / campaign group name.'),
      c('ad', 'VARCHAR', 'Ad name.'),
      c('variant', 'VARCHAR', "A/B test arm or creative label ('control', 'variant_b', …); null outside tests."),
      c('placement', 'VARCHAR', 'Placement or publisher platform breakdown, when exported.'),
      c('age', 'VARCHAR', 'Age bracket breakdown, when exported.'),
      c('gender', 'VARCHAR', 'Gender breakdown, when exported.'),
      c('paid_organic', 'VARCHAR', "'paid' for ads-manager rows (always, for this table), 'organic' otherwise."),
      c('impressions', 'BIGINT', 'Total impressions (not unique). Null when the platform withholds it.', 'count', true),
      c('reach', 'BIGINT', 'Unique people reached over the row\'s period (not additive across rows).', 'people'),
      c('clicks', 'BIGINT', 'Link clicks; see click_definition for rows where the platform has no link-click metric.', 'count', true),
      c('all_clicks', 'BIGINT', 'All clicks on the ad, any target.', 'count', true),
      c('click_definition', 'VARCHAR', "What clicks counts: 'link_click', 'ad_click', 'all_clicks', 'x_clicks'."),
      c('engagements', 'BIGINT', 'Engagements as the platform counts them.', 'count', true),
      c('video_views', 'BIGINT', 'Video views as the platform counts them (TikTok: 2-second views; X: video starts).', 'count', true),
      c('video_autoplays', 'BIGINT', 'Views started by autoplay (already included in impressions by most platforms).', 'count', true),
      c('spend', 'DOUBLE', 'Amount spent, in currency.', 'currency', true),
      c('currency', 'VARCHAR', 'ISO 4217 code of spend, from a column or the header (e.g. "Amount spent (USD)").'),
      c('conversions', 'DOUBLE', 'Conversions or results as the platform attributes them (may be fractional).', 'count', true),
      c('conversion_value', 'DOUBLE', 'Value of the conversions, in currency.', 'currency', true),
    ],
  },
  {
    name: 'events',
    grain: 'one tracked event (page view, click, purchase, …) from one tracking system',
    description: 'Event-level web and app tracking with sessions, UTM tags and the system that recorded it.',
    columns: [
      c('event_id', 'VARCHAR', 'Event id; the same id in two tracking systems means the same real event.'),
      c('user_id', 'VARCHAR', 'Pseudonymous user id (joins users.user_id).'),
      c('session_id', 'VARCHAR', 'Session id.'),
      c('timestamp', 'TIMESTAMP', 'Event time, UTC.'),
      c('event_type', 'VARCHAR', "'page_view', 'ad_click', 'add_to_cart', 'purchase', 'signup', 'email_click'."),
      c('channel', 'VARCHAR', "Channel group: 'paid_social', 'organic_social', 'email', 'search', 'direct', 'referral'."),
      c('platform', 'VARCHAR', 'Source platform of the visit when known (meta, linkedin, …).'),
      c('utm_source', 'VARCHAR', 'utm_source as received (not cleaned).'),
      c('utm_medium', 'VARCHAR', 'utm_medium as received (not cleaned).'),
      c('utm_campaign', 'VARCHAR', 'utm_campaign as received.'),
      c('utm_content', 'VARCHAR', 'utm_content as received (often the creative or variant).'),
      c('utm_term', 'VARCHAR', 'utm_term as received.'),
      c('device', 'VARCHAR', "'mobile', 'desktop', 'tablet'."),
      c('user_agent', 'VARCHAR', 'Raw user-agent string.'),
      c('tracking_system', 'VARCHAR', "System that recorded the event: 'ga4', 'server', …"),
      c('value', 'DOUBLE', 'Revenue or value of the event, in currency; null when none.', 'currency', true),
    ],
  },
  {
    name: 'email',
    grain: 'one email campaign (or variant) sent to one user, or one campaign on one day when only aggregates exist',
    description: 'Email sends and responses.',
    columns: [
      c('date', 'DATE', 'Send date.'),
      c('send_time', 'TIMESTAMP', 'Send time when known.'),
      c('platform', 'VARCHAR', "'mailchimp', 'klaviyo'."),
      c('campaign', 'VARCHAR', 'Campaign title or name.'),
      c('campaign_id', 'VARCHAR', 'Campaign id.'),
      c('subject', 'VARCHAR', 'Subject line.'),
      c('audience', 'VARCHAR', 'Audience or list name.'),
      c('variant', 'VARCHAR', 'A/B variant, when the campaign is a test.'),
      c('user_id', 'VARCHAR', 'Recipient (null in aggregate exports).'),
      c('sends', 'BIGINT', 'Emails sent (recipients).', 'count', true),
      c('deliveries', 'BIGINT', 'Successful deliveries (rates are per delivery).', 'count', true),
      c('bounces', 'BIGINT', 'Bounces, soft plus hard.', 'count', true),
      c('opens', 'BIGINT', 'Unique opens.', 'count', true),
      c('total_opens', 'BIGINT', 'All opens, repeats included.', 'count', true),
      c('clicks', 'BIGINT', 'Unique clicks (people who clicked).', 'count', true),
      c('total_clicks', 'BIGINT', 'All clicks, repeats included.', 'count', true),
      c('unsubscribes', 'BIGINT', 'Unsubscribes.', 'count', true),
      c('complaints', 'BIGINT', 'Abuse / spam complaints.', 'count', true),
      c('conversions', 'DOUBLE', 'Conversions attributed to the email (Klaviyo "Unique Placed Order").', 'count', true),
      c('revenue', 'DOUBLE', 'Attributed revenue.', 'currency', true),
    ],
  },
  {
    name: 'posts',
    grain: 'one published post',
    description: 'Content published on social platforms and how it performed.',
    columns: [
      c('post_id', 'VARCHAR', 'Post id as text.'),
      c('date', 'DATE', 'Publication date (UTC).'),
      c('timestamp', 'TIMESTAMP', 'Publication time (UTC).'),
      c('hour', 'INTEGER', 'Publication hour, 0–23 UTC.'),
      c('platform', 'VARCHAR', 'Platform id.'),
      c('format', 'VARCHAR', "'text', 'image', 'video', 'carousel', 'link'."),
      c('text', 'VARCHAR', 'Post text.'),
      c('headline_length', 'INTEGER', 'Characters in the first line of the text.', 'characters'),
      c('emoji_count', 'INTEGER', 'Emoji in the text.', 'count'),
      c('permalink', 'VARCHAR', 'URL of the post.'),
      c('paid_organic', 'VARCHAR', "'organic', or 'paid' when the post was promoted."),
      c('impressions', 'BIGINT', 'Total impressions.', 'count', true),
      c('engagements', 'BIGINT', 'Engagements as the platform counts them.', 'count', true),
      c('clicks', 'BIGINT', 'Link (url) clicks.', 'count', true),
      c('likes', 'BIGINT', 'Likes / reactions.', 'count', true),
      c('shares', 'BIGINT', 'Shares / reposts.', 'count', true),
      c('replies', 'BIGINT', 'Replies / comments.', 'count', true),
      c('video_views', 'BIGINT', 'Video views.', 'count', true),
    ],
  },
  {
    name: 'comments',
    grain: 'one comment on a post',
    description: 'Comments with a sentiment label where one is known.',
    columns: [
      c('comment_id', 'VARCHAR', 'Comment id.'),
      c('post_id', 'VARCHAR', 'Post commented on (joins posts.post_id).'),
      c('platform', 'VARCHAR', 'Platform id.'),
      c('user_id', 'VARCHAR', 'Author, when known.'),
      c('timestamp', 'TIMESTAMP', 'Comment time (UTC).'),
      c('text', 'VARCHAR', 'Comment text.'),
      c('sentiment', 'VARCHAR', "'positive', 'neutral', 'negative'; null when unknown."),
    ],
  },
  {
    name: 'users',
    grain: 'one person',
    description: 'People and their identities across systems, with segment attributes.',
    columns: [
      c('user_id', 'VARCHAR', 'Pulse user id.'),
      c('email_hash', 'VARCHAR', 'SHA-256-style hash of the email address (email systems).'),
      c('ga_client_id', 'VARCHAR', 'GA4 client id.'),
      c('crm_id', 'VARCHAR', 'CRM contact id.'),
      c('signup_date', 'DATE', 'First seen.'),
      c('country', 'VARCHAR', 'ISO country code.'),
      c('age_band', 'VARCHAR', "'18-24', '25-34', …"),
      c('device', 'VARCHAR', 'Main device.'),
      c('email_subscriber', 'BOOLEAN', 'Subscribed to email.'),
      c('segment', 'VARCHAR', 'Segment label (in sample data: the true planted segment).'),
    ],
  },
  {
    name: 'paths',
    grain: 'one touchpoint on one user\'s path to conversion (or non-conversion)',
    description: 'Ordered touchpoint paths for attribution.',
    columns: [
      c('path_id', 'VARCHAR', 'Path id.'),
      c('user_id', 'VARCHAR', 'User.'),
      c('touch_index', 'INTEGER', '1-based position of the touch in the path.'),
      c('path_length', 'INTEGER', 'Touches in the path.'),
      c('timestamp', 'TIMESTAMP', 'Touch time (UTC).'),
      c('channel', 'VARCHAR', 'Channel of the touch.'),
      c('platform', 'VARCHAR', 'Platform of the touch, when any.'),
      c('converted', 'BOOLEAN', 'Whether the path ended in a conversion (same on every touch of a path).'),
      c('conversion_value', 'DOUBLE', 'Value of the conversion, repeated on every touch; 0 when none.', 'currency'),
    ],
  },
  {
    name: 'web_daily',
    grain: 'one day (or period) and one report dimension value, from a web-analytics report',
    description: 'Aggregated web-analytics reports (GA4 downloads): sessions and key events by day or channel.',
    columns: [
      c('date', 'DATE', 'Day, or the first day of the row\'s week / month / report period (the GA4 import adds a grain column saying which).'),
      c('date_end', 'DATE', 'Last day covered; equal to date for daily rows.'),
      c('platform', 'VARCHAR', "'ga4'."),
      c('dimension', 'VARCHAR', 'Name of the report dimension (e.g. "Session default channel group").'),
      c('dimension_value', 'VARCHAR', 'Value of the dimension (e.g. "Organic Social", "(direct)").'),
      c('users', 'BIGINT', 'Active or total users (not additive across rows).', 'people'),
      c('new_users', 'BIGINT', 'New users.', 'people', true),
      c('sessions', 'BIGINT', 'Sessions.', 'count', true),
      c('engaged_sessions', 'BIGINT', 'Engaged sessions.', 'count', true),
      c('engagement_rate', 'DOUBLE', 'Engaged sessions per session.', 'fraction'),
      c('avg_engagement_seconds', 'DOUBLE', 'Average engagement time.', 'seconds'),
      c('event_count', 'BIGINT', 'Events.', 'count', true),
      c('conversions', 'DOUBLE', 'Key events (formerly Conversions); Ecommerce purchases when the report has neither.', 'count', true),
      c('revenue', 'DOUBLE', 'Total revenue.', 'currency', true),
    ],
  },
  {
    name: 'email_activity',
    grain: 'one event (send, deliver, bounce, open, click, unsubscribe, complaint) of one campaign for one address',
    description: 'Event-level email activity as Mailchimp and Klaviyo activity exports give it, addresses hashed.',
    columns: [
      c('timestamp', 'TIMESTAMP', 'Event time, UTC.'),
      c('platform', 'VARCHAR', "'mailchimp', 'klaviyo'."),
      c('campaign', 'VARCHAR', 'Campaign title or name.'),
      c('campaign_id', 'VARCHAR', 'Campaign id.'),
      c('email_hash', 'VARCHAR', 'SHA-256 of the trimmed, lower-cased address (hex), as DuckDB sha256(lower(trim(email))).'),
      c('event', 'VARCHAR', "'send', 'deliver', 'bounce', 'open', 'click', 'unsubscribe', 'complaint'."),
      c('is_machine_open', 'BOOLEAN', 'True for an open fired by a privacy proxy (Apple Mail Privacy Protection and the like), not a person.'),
      c('url', 'VARCHAR', 'Clicked URL, for clicks.'),
      c('variant', 'VARCHAR', 'A/B variant of the campaign, when it is a test.'),
    ],
  },
  {
    name: 'profiles',
    grain: 'one account of one person (or bot) on one platform',
    description: 'Follower and audience profiles as each platform exports them, demographic labels in the platform\'s own words.',
    columns: [
      c('user_key', 'VARCHAR', "'platform:id' (e.g. 'instagram:1784140000012'); one person may have several."),
      c('platform', 'VARCHAR', "'instagram', 'tiktok', 'linkedin', …"),
      c('handle', 'VARCHAR', 'Handle / username, when the platform has one.'),
      c('display_name', 'VARCHAR', 'Name shown on the profile.'),
      c('email_hash', 'VARCHAR', 'SHA-256 of the trimmed, lower-cased e-mail address (hex), when known.'),
      c('created_at', 'DATE', 'Account creation date.'),
      c('followers', 'BIGINT', 'Followers of this account.', 'people'),
      c('following', 'BIGINT', 'Accounts this account follows.', 'people'),
      c('posts_count', 'BIGINT', 'Posts the account has published.', 'count'),
      c('location_raw', 'VARCHAR', "Location as the platform writes it ('München', 'Greater Munich Metropolitan Area')."),
      c('country', 'VARCHAR', 'ISO 3166 country code, when the platform exports one.'),
      c('age_raw', 'VARCHAR', "Age bracket as the platform writes it ('25-34', '25 to 34', '25 - 34 years'); empty when withheld."),
      c('gender', 'VARCHAR', "Gender as the platform writes it ('M', 'male', 'Male'); empty when withheld."),
      c('is_verified', 'BOOLEAN', 'Verified account.'),
    ],
  },
  {
    name: 'interactions',
    grain: 'one social action by one account',
    description: 'Person-level social actions from an export or a listening tool: views, likes, comments, shares, saves, clicks, follows and unfollows, hides and reports.',
    columns: [
      c('ts', 'TIMESTAMP', 'Time of the action, UTC.'),
      c('platform', 'VARCHAR', 'Platform id.'),
      c('actor_key', 'VARCHAR', 'Who acted (profiles.user_key).'),
      c('content_id', 'VARCHAR', 'Post acted on (posts.post_id); for a follow, the post it came from; empty when none.'),
      c('action', 'VARCHAR', "'view', 'like', 'comment', 'share', 'save', 'click', 'follow', 'unfollow', 'hide', 'report'."),
      c('target_account_id', 'VARCHAR', 'Account followed or unfollowed; empty for other actions.'),
    ],
  },
  {
    name: 'account_daily',
    grain: 'one account on one day, or one breakdown row (age, gender, …) of it',
    description: 'Daily account totals (followers, follows, unfollows, reach, engagements) and the platform\'s own follower breakdowns.',
    columns: [
      c('date', 'DATE', 'Day.'),
      c('platform', 'VARCHAR', 'Platform id.'),
      c('account_id', 'VARCHAR', 'Account.'),
      c('account_role', 'VARCHAR', "'own', 'competitor' or 'influencer'."),
      c('brand', 'VARCHAR', 'Brand the account belongs to.'),
      c('breakdown_type', 'VARCHAR', "Empty for the day's total; 'age', 'gender', 'country', … for a breakdown row."),
      c('breakdown_value', 'VARCHAR', 'Value of the breakdown, in the platform\'s own labels.'),
      c('followers', 'BIGINT', 'Followers at the end of the day (of the breakdown value, on a breakdown row).', 'people'),
      c('new_followers', 'BIGINT', 'Follows that day.', 'people', true),
      c('unfollows', 'BIGINT', 'Unfollows that day.', 'people', true),
      c('impressions', 'BIGINT', 'Impressions of the posts published that day.', 'count', true),
      c('reach', 'BIGINT', 'Reach of the posts published that day (not unique across posts).', 'people'),
      c('engagements', 'BIGINT', 'Engagements that day.', 'count', true),
      c('posts_published', 'BIGINT', 'Posts published that day.', 'count', true),
    ],
  },
  {
    name: 'mappings',
    grain: 'one vocabulary entry',
    description: 'Reference table, shipped or user-entered: how a raw value of one vocabulary maps to its standard value.',
    columns: [
      c('map_name', 'VARCHAR', "Which vocabulary: 'age_bracket', 'gender', 'city', 'city_country', 'adset_segment', …"),
      c('source_value', 'VARCHAR', 'Value as it appears in the data.'),
      c('target_value', 'VARCHAR', 'Standard value.'),
    ],
  },
  {
    name: 'benchmarks',
    grain: 'one reference value',
    description: 'Reference table, user-entered: population shares and metric benchmarks to compare an audience against.',
    columns: [
      c('kind', 'VARCHAR', "'population_share' or 'metric'."),
      c('metric', 'VARCHAR', 'What the share or value is of (followers, impressions, …).'),
      c('dimension', 'VARCHAR', "'age_bracket', 'gender', 'country', …"),
      c('dimension_value', 'VARCHAR', 'Standard value of the dimension.'),
      c('share', 'DOUBLE', 'Share of the reference population (0–1).', 'fraction'),
    ],
  },
];

/** The canonical table with this name. */
export function canonicalTable(name: CanonicalTableName): CanonicalTable {
  const table = CANONICAL_TABLES.find((t) => t.name === name);
  if (!table) throw new Error(`unknown canonical table ${name}`);
  return table;
}
