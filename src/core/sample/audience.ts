import { csvLine, dayAt, timestampOf, volumeMultiplier } from './calendar.ts';
import { BOTS, DUPLICATE_MAX_OFFSET_MS, DUPLICATE_RATE, PATH_BASE_LOG_ODDS, PATH_CHANNEL_EFFECTS, SEGMENTS, SOCIAL_PLATFORM_MIX, UTM_MISTAKE_RATE, AB_TEST, type Channel, type SampleSize, type SegmentName } from './plan.ts';
import { hexId, normal, pick, poisson, weighted, type Rng } from './random.ts';

export interface SampleUser {
  user_id: string;
  segment: SegmentName | 'bot';
  device: 'mobile' | 'desktop' | 'tablet';
  email_subscriber: boolean;
  signup_date: string;
  country: string;
  age_band: string;
  email_hash: string;
  ga_client_id: string;
  crm_id: string;
}

const UA: Record<'mobile' | 'desktop' | 'tablet', string[]> = {
  mobile: ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1', 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Mobile Safari/537.36'],
  desktop: ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15'],
  tablet: ['Mozilla/5.0 (iPad; CPU OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1'],
};
const SOURCE: Record<string, string> = { meta: 'facebook', linkedin: 'linkedin', x: 'twitter', tiktok: 'tiktok' };
const CAMPAIGN_BY_PLATFORM: Record<string, string> = { meta: 'always-on-prospecting', linkedin: 'b2b-whitepaper', x: 'always-on-brand', tiktok: 'spring-ugc' };

/** Generate users with their true segment; bots come last. */
export function generateUsers(rng: Rng, size: SampleSize): SampleUser[] {
  const users: SampleUser[] = [];
  const shares = Object.fromEntries(Object.entries(SEGMENTS).map(([k, v]) => [k, v.share])) as Record<SegmentName, number>;
  for (let i = 0; i < size.users; i++) {
    const segment = weighted(rng, shares);
    const s = SEGMENTS[segment];
    const subscribed = rng() < (segment === 'loyal_fans' ? 0.9 : segment === 'casual_browsers' ? 0.35 : 0.65);
    users.push({
      user_id: `u${String(i + 1).padStart(6, '0')}`, segment, device: weighted(rng, s.device), email_subscriber: subscribed,
      signup_date: dayAt(-Math.floor(rng() * 400)), country: weighted(rng, { US: 0.55, GB: 0.15, DE: 0.1, FR: 0.1, CA: 0.1 }),
      age_band: weighted<string>(rng, segment === 'b2b_professionals' ? { '25-34': 0.4, '35-44': 0.4, '45-54': 0.2 } : { '18-24': 0.35, '25-34': 0.35, '35-44': 0.2, '45-54': 0.1 }),
      email_hash: subscribed ? hexId(rng, 64) : '', ga_client_id: `${Math.floor(rng() * 1e9)}.${1700000000 + Math.floor(rng() * 4e7)}`, crm_id: rng() < 0.6 ? `C-${Math.floor(rng() * 1e7)}` : '',
    });
  }
  for (let b = 0; b < BOTS.users; b++) {
    users.push({ user_id: `u9${String(b + 1).padStart(5, '0')}`, segment: 'bot', device: 'desktop', email_subscriber: false, signup_date: BOTS.days[0]!, country: 'US', age_band: '', email_hash: '', ga_client_id: `${Math.floor(rng() * 1e9)}.1738540800`, crm_id: '' });
  }
  return users;
}

export const USERS_HEADER = ['user_id', 'email_hash', 'ga_client_id', 'crm_id', 'signup_date', 'country', 'age_band', 'device', 'email_subscriber', 'segment'];
export function userLine(u: SampleUser): string {
  return csvLine([u.user_id, u.email_hash, u.ga_client_id, u.crm_id, u.signup_date, u.country, u.age_band, u.device, u.email_subscriber, u.segment]);
}

export const EVENTS_HEADER = ['event_id', 'user_id', 'session_id', 'timestamp', 'event_type', 'channel', 'platform', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term', 'device', 'user_agent', 'tracking_system', 'value'];

/** What the events generator records while streaming, for ground_truth.json and the GA4 export. */
export interface EventTruth {
  events: number;
  duplicateEventIds: string[];
  utmMistakes: { event_id: string; session_id: string; kind: 'case_variant' | 'missing_medium' }[];
  botEventIds: number;
  botUserIds: string[];
  /** GA4-recorded sessions and purchases by date (for the GA4 export). */
  ga4ByDate: Map<string, { users: Set<string>; sessions: number; events: number; purchases: number; revenue: number }>;
}

/** Cumulative weights of the days, for drawing a session's day with the planted seasonality. */
function dayPicker(days: number): (rng: Rng) => number {
  const cum: number[] = [];
  let total = 0;
  for (let d = 0; d < days; d++) cum.push((total += volumeMultiplier(dayAt(d))));
  return (rng) => {
    const x = rng() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/**
 * Stream events.csv lines in chunks, user by user: sessions drawn with the weekday/holiday
 * multipliers, channel mix by segment, UTM tags with planted mistakes, a share of events also
 * recorded by the server tracker (duplicates), and the bots' regular clicks on bot days.
 */
export function* generateEvents(rng: Rng, size: SampleSize, users: SampleUser[], truth: EventTruth): Generator<string> {
  const pickDay = dayPicker(size.days);
  const dupRate = DUPLICATE_RATE[size.name];
  let eventNo = 0;
  let chunk = '';
  const gaDay = (date: string) => {
    let g = truth.ga4ByDate.get(date);
    if (!g) truth.ga4ByDate.set(date, (g = { users: new Set(), sessions: 0, events: 0, purchases: 0, revenue: 0 }));
    return g;
  };
  const emit = (fields: (string | number | null)[], tracking: string) => {
    chunk += csvLine([...fields.slice(0, 14), tracking, fields[14]]);
    truth.events++;
  };
  for (const u of users) {
    if (u.segment === 'bot') continue;
    const seg = SEGMENTS[u.segment];
    const n = poisson(rng, seg.sessionsPerWeek * size.sessionScale * (size.days / 7));
    const starts: number[] = [];
    for (let s = 0; s < n; s++) {
      const day = dayAt(pickDay(rng));
      const hour = (seg.peakHour + Math.round(3 * normal(rng)) + 24) % 24;
      starts.push(Date.parse(`${day}T00:00:00Z`) + hour * 3_600_000 + Math.floor(rng() * 3_600_000));
    }
    starts.sort((a, b) => a - b);
    for (const start of starts) {
      const sessionId = `s${hexId(rng, 12)}`;
      const channel = weighted(rng, seg.channelMix) as Channel;
      const social = channel === 'paid_social' || channel === 'organic_social';
      const platform = social ? weighted(rng, SOCIAL_PLATFORM_MIX[u.segment]) : channel === 'search' ? 'google' : '';
      let source = social ? SOURCE[platform]! : channel === 'email' ? 'newsletter' : channel === 'search' ? 'google' : '';
      let medium = channel === 'paid_social' ? 'paid_social' : channel === 'organic_social' ? 'social' : channel === 'email' ? 'email' : channel === 'search' ? (rng() < 0.5 ? 'cpc' : 'organic') : '';
      const campaign = channel === 'paid_social' ? CAMPAIGN_BY_PLATFORM[platform]! : channel === 'email' ? 'newsletter' : '';
      const content = channel === 'paid_social' && platform === 'meta' && rng() < 0.3 ? pick(rng, ['control', 'variant_b']) : '';
      const term = channel === 'search' && medium === 'cpc' ? pick(rng, ['pulse notebook', 'ctr analysis', 'marketing analytics']) : '';
      let mistake: 'case_variant' | 'missing_medium' | null = null;
      if (source && rng() < UTM_MISTAKE_RATE) {
        mistake = rng() < 0.5 ? 'case_variant' : 'missing_medium';
        if (mistake === 'case_variant') source = rng() < 0.5 ? source[0]!.toUpperCase() + source.slice(1) : source.toUpperCase();
        else medium = '';
      }
      const ua = pick(rng, UA[u.device]);
      const types: string[] = [];
      if (channel === 'paid_social') types.push('ad_click');
      if (channel === 'email') types.push('email_click');
      types.push('page_view');
      for (let k = poisson(rng, 1); k > 0; k--) types.push('page_view');
      if (rng() < seg.purchaseRate * 3) types.push('add_to_cart');
      if (rng() < seg.purchaseRate) types.push('purchase');
      let t = start;
      const date = timestampOf(start).slice(0, 10);
      const g = gaDay(date);
      g.sessions++;
      g.users.add(u.user_id);
      for (const type of types) {
        const id = `e${String(++eventNo).padStart(8, '0')}`;
        const value = type === 'purchase' ? Math.round((25 + 80 * rng()) * 100) / 100 : null;
        const row = [id, u.user_id, sessionId, timestampOf(t, true), type, channel, platform, source, medium, campaign, content, term, u.device, ua, value];
        emit(row, 'ga4');
        g.events++;
        if (type === 'purchase') {
          g.purchases++;
          g.revenue += value!;
        }
        if (mistake) truth.utmMistakes.push({ event_id: id, session_id: sessionId, kind: mistake });
        if (rng() < dupRate) {
          // Event times carry milliseconds so sub-second offsets between the trackers survive.
          row[3] = timestampOf(t + 100 + Math.floor(rng() * (DUPLICATE_MAX_OFFSET_MS - 100)), true);
          emit(row, 'server');
          truth.duplicateEventIds.push(id);
        }
        t += 10_000 + Math.floor(rng() * 110_000);
      }
      if (chunk.length > 256 * 1024) {
        yield chunk;
        chunk = '';
      }
    }
  }
  // Bots: many ad clicks each, at a near-constant interval, with bot user agents.
  for (const u of users.filter((x) => x.segment === 'bot')) {
    truth.botUserIds.push(u.user_id);
    const ua = pick(rng, BOTS.userAgents);
    for (const day of BOTS.days) {
      let t = Date.parse(`${day}T02:00:00Z`) + Math.floor(rng() * 3_600_000);
      const sessionId = `s${hexId(rng, 12)}`;
      gaDay(day).sessions++;
      for (let c = 0; c < BOTS.clicksPerUserPerDay; c++) {
        const id = `e${String(++eventNo).padStart(8, '0')}`;
        emit([id, u.user_id, sessionId, timestampOf(t, true), 'ad_click', 'paid_social', 'meta', 'facebook', 'paid_social', 'always-on-prospecting', '', '', 'desktop', ua, null], 'ga4');
        gaDay(day).events++;
        truth.botEventIds++;
        t += BOTS.intervalSeconds * 1000 + Math.floor(rng() * 1000);
      }
    }
  }
  if (chunk) yield chunk;
}

export const EMAIL_HEADER = ['date', 'send_time', 'platform', 'campaign', 'campaign_id', 'subject', 'audience', 'variant', 'user_id', 'sends', 'deliveries', 'bounces', 'opens', 'total_opens', 'clicks', 'total_clicks', 'unsubscribes', 'complaints', 'conversions', 'revenue'];

export interface EmailCampaign {
  platform: 'mailchimp' | 'klaviyo';
  campaign: string;
  campaign_id: string;
  subject: string;
  variant: string;
  send_time: string;
  totals: Record<'sends' | 'deliveries' | 'bounces' | 'opens' | 'total_opens' | 'clicks' | 'total_clicks' | 'unsubscribes' | 'complaints' | 'conversions', number> & { revenue: number };
}

const SUBJECTS = ['Your weekly CTR digest', 'New notebook templates are here', 'Spring sale: 20% off Pro', '3 charts every marketer needs', 'Last chance: webinar seats', 'What our users built this month'];

/** Email campaigns, alternating Mailchimp and Klaviyo; the campaign list is returned for the exports. */
export function planEmailCampaigns(rng: Rng, size: SampleSize): EmailCampaign[] {
  const out: EmailCampaign[] = [];
  for (let i = 0; i < size.emailCampaigns; i++) {
    const day = dayAt(Math.floor(((i + 0.5) * size.days) / size.emailCampaigns));
    const platform = i % 2 === 0 ? 'mailchimp' : 'klaviyo';
    out.push({ platform, campaign: `${SUBJECTS[i % SUBJECTS.length]!.split(':')[0]} #${i + 1}`, campaign_id: platform === 'mailchimp' ? hexId(rng, 10) : `01J${hexId(rng, 9).toUpperCase()}`, subject: SUBJECTS[i % SUBJECTS.length]!, variant: '', send_time: `${day} ${pick(rng, ['09:00:00', '14:30:00', '18:15:00'])}`, totals: { sends: 0, deliveries: 0, bounces: 0, opens: 0, total_opens: 0, clicks: 0, total_clicks: 0, unsubscribes: 0, complaints: 0, conversions: 0, revenue: 0 } });
  }
  return out;
}

/** Stream email.csv: one row per campaign and subscribed recipient, rates by the user's segment. */
export function* generateEmail(rng: Rng, users: SampleUser[], campaigns: EmailCampaign[]): Generator<string> {
  for (const c of campaigns) {
    let chunk = '';
    for (const u of users) {
      if (!u.email_subscriber || u.segment === 'bot') continue;
      const seg = SEGMENTS[u.segment];
      const bounced = rng() < 0.012 ? 1 : 0;
      const opened = !bounced && rng() < seg.emailOpenRate ? 1 : 0;
      const clicked = opened && rng() < seg.emailClickRate / seg.emailOpenRate ? 1 : 0;
      const totalOpens = opened ? 1 + poisson(rng, 0.6) : 0;
      const totalClicks = clicked ? 1 + poisson(rng, 0.4) : 0;
      const unsub = !bounced && rng() < 0.002 ? 1 : 0;
      const complaint = !bounced && rng() < 0.0003 ? 1 : 0;
      const converted = clicked && rng() < seg.purchaseRate * 4 ? 1 : 0;
      const revenue = converted ? Math.round((30 + 70 * rng()) * 100) / 100 : 0;
      const t = c.totals;
      t.sends++; t.deliveries += 1 - bounced; t.bounces += bounced; t.opens += opened; t.total_opens += totalOpens; t.clicks += clicked; t.total_clicks += totalClicks; t.unsubscribes += unsub; t.complaints += complaint; t.conversions += converted; t.revenue += revenue;
      chunk += csvLine([c.send_time.slice(0, 10), c.send_time, c.platform, c.campaign, c.campaign_id, c.subject, 'Pulse Newsletter', c.variant, u.user_id, 1, 1 - bounced, bounced, opened, totalOpens, clicked, totalClicks, unsub, complaint, converted, revenue]);
    }
    yield chunk;
  }
}

export const PATHS_HEADER = ['path_id', 'user_id', 'touch_index', 'path_length', 'timestamp', 'channel', 'platform', 'converted', 'conversion_value'];

/** Stream paths.csv: touch sequences whose conversion odds follow PATH_CHANNEL_EFFECTS. */
export function* generatePaths(rng: Rng, size: SampleSize, users: SampleUser[], truth: { converted: number; notConverted: number; value: number }): Generator<string> {
  const real = users.filter((u) => u.segment !== 'bot');
  let chunk = '';
  for (let p = 0; p < size.paths; p++) {
    const u = real[Math.floor(rng() * real.length)]!;
    const seg = SEGMENTS[u.segment as SegmentName];
    const length = 1 + Math.min(7, poisson(rng, 1.6));
    const touches: Channel[] = [];
    for (let k = 0; k < length; k++) touches.push(weighted(rng, seg.channelMix) as Channel);
    const logOdds = PATH_BASE_LOG_ODDS + [...new Set(touches)].reduce((s, ch) => s + PATH_CHANNEL_EFFECTS[ch], 0);
    const converted = rng() < 1 / (1 + Math.exp(-logOdds));
    const value = converted ? Math.round((30 + 90 * rng()) * 100) / 100 : 0;
    if (converted) { truth.converted++; truth.value += value; } else truth.notConverted++;
    let t = Date.parse(`${dayAt(Math.floor(rng() * (size.days - 14)))}T08:00:00Z`);
    const id = `p${String(p + 1).padStart(7, '0')}`;
    touches.forEach((ch, k) => {
      t += Math.floor(rng() * 2 * 86_400_000);
      const platform = ch === 'paid_social' || ch === 'organic_social' ? weighted(rng, SOCIAL_PLATFORM_MIX[u.segment as SegmentName]) : '';
      chunk += csvLine([id, u.user_id, k + 1, length, timestampOf(t), ch, platform, converted, value]);
    });
    if (chunk.length > 256 * 1024) { yield chunk; chunk = ''; }
  }
  if (chunk) yield chunk;
}

export { AB_TEST };
