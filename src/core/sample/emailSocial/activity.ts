/**
 * Email activity (per campaign and hashed address: send, deliver, bounce, open with machine opens
 * flagged, click, unsubscribe, complaint), social actions per social key, and web sessions with the
 * planted dark-social bumps, referral drop, mixed timestamp formats and missing UTM campaigns.
 */
import { csvLine, dayAt, timestampOf } from '../calendar.ts';
import { hexId, pick, poisson, weighted, type Rng } from '../random.ts';
import { BOUNCE_RATE, COMPLAINT_RATE, DARK_SOCIAL, ES_SEGMENTS, MISSING_UTM_CAMPAIGN, REFERRAL_DROP, TS_FORMATS, UNSUBSCRIBE_RATE, type EmailSocialSize } from './plan.ts';
import type { Person } from './people.ts';

export const EMAIL_ACTIVITY_HEADER = ['timestamp', 'platform', 'campaign', 'campaign_id', 'email_hash', 'event', 'is_machine_open', 'url', 'variant'];
export const SOCIAL_HEADER = ['timestamp', 'platform', 'actor_key', 'content_id', 'action'];
export const SESSIONS_HEADER = ['session_id', 'user_key', 'timestamp', 'ts_raw', 'landing_url', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'user_agent'];

const DAY = 86_400_000;
const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);
const THEMES = ['Weekly digest', 'New arrivals', 'Members offer', 'Style guide', 'Flash sale', 'Back in stock', 'Spring edit', 'Product story'];

export interface Campaign {
  id: string;
  name: string;
  date: string;
  /** The subject-line test (T1) runs on one campaign, split A/B by address. */
  test: boolean;
}

/** Campaigns spread evenly from the second week, 10:00 UTC; the second one carries the subject-line test. */
export function planCampaigns(rng: Rng, size: EmailSocialSize): Campaign[] {
  const out: Campaign[] = [];
  for (let k = 0; k < size.campaigns; k++) {
    const date = dayAt(8 + Math.floor((k * (size.days - 12)) / size.campaigns));
    out.push({ id: `mc-${hexId(rng, 10)}`, name: `${THEMES[k % THEMES.length]} ${String(k + 1).padStart(2, '0')}`, date, test: k === 1 });
  }
  return out;
}

export interface EmailTruth {
  sends: number;
  machineOpens: number;
  humanOpens: number;
  clicks: number;
  unsubscribes: number;
  /** Per person: human opens and clicks (for the segmentation features). */
  opensByPerson: Map<number, number>;
  optOut: Map<string, string>;
  /** Email clicks, for web sessions: person, time, campaign. */
  clickLog: { person: Person; t: number; campaign: string }[];
}

export function* emailActivityLines(rng: Rng, people: Person[], campaigns: Campaign[], truth: EmailTruth): Generator<string> {
  const unsubscribed = new Set<number>();
  for (const c of campaigns) {
    const sendAt = ms(c.date) + 10 * 3_600_000;
    for (const p of people) {
      if (unsubscribed.has(p.n)) continue;
      const s = ES_SEGMENTS[p.segment];
      const variant = c.test ? (parseInt(p.emailHash.slice(0, 8), 16) % 2 === 0 ? 'A' : 'B') : '';
      const t0 = sendAt + Math.floor(rng() * 600_000);
      const line = (t: number, event: string, machine: boolean, url = '') => csvLine([timestampOf(t), 'mailchimp', c.name, c.id, p.emailHash, event, machine, url, variant]);
      truth.sends++;
      yield line(t0, 'send', false);
      if (rng() < BOUNCE_RATE) {
        yield line(t0 + 4000, 'bounce', false);
        continue;
      }
      yield line(t0 + 2000, 'deliver', false);
      if (p.appleMail) {
        truth.machineOpens++;
        yield line(t0 + 60_000 + Math.floor(rng() * 540_000), 'open', true);
      }
      if (rng() < s.open) {
        truth.humanOpens++;
        truth.opensByPerson.set(p.n, (truth.opensByPerson.get(p.n) ?? 0) + 1);
        const tOpen = t0 + Math.floor(-Math.log(1 - rng()) * 6 * 3_600_000) + 120_000;
        yield line(tOpen, 'open', false);
        if (rng() < s.click) {
          truth.clicks++;
          const tClick = tOpen + 20_000 + Math.floor(rng() * 300_000);
          yield line(tClick, 'click', false, `https://shop.example/p/${hexId(rng, 6)}?utm_source=newsletter&utm_medium=email&utm_campaign=${c.id}`);
          truth.clickLog.push({ person: p, t: tClick, campaign: c.id });
        }
      }
      if (rng() < UNSUBSCRIBE_RATE * (p.segment === 'dormant' ? 2 : 1)) {
        truth.unsubscribes++;
        unsubscribed.add(p.n);
        truth.optOut.set(p.emailKey, c.date);
        yield line(t0 + 3_600_000 + Math.floor(rng() * DAY), 'unsubscribe', false);
        if (rng() < COMPLAINT_RATE / UNSUBSCRIBE_RATE) yield line(t0 + 3_700_000, 'complaint', false);
      }
    }
  }
}

export function* socialLines(rng: Rng, people: Person[], days: number): Generator<string> {
  const start = ms(dayAt(0));
  for (const p of people) {
    if (!p.socialKey) continue;
    const n = poisson(rng, (ES_SEGMENTS[p.segment].socialPerWeek * days) / 7);
    const platform = p.socialKey.length % 2 === 0 ? 'instagram' : 'facebook';
    const times = Array.from({ length: n }, () => start + Math.floor(rng() * days * DAY)).sort((a, b) => a - b);
    for (const t of times) yield csvLine([timestampOf(t), platform, p.socialKey, `post-${1 + Math.floor(rng() * 60)}`, weighted(rng, { like: 0.5, comment: 0.25, share: 0.1, click: 0.15 })]);
  }
}

export interface WebTruth {
  formats: Record<keyof typeof TS_FORMATS, number>;
  missingUtmCampaign: number;
  darkSocialByDay: Map<string, number>;
  referralByDay: Map<string, number>;
}

// Short forms of common agents: the file stays small and bot filters still see a browser.
const UAS = ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) Safari/604.1', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/121.0', 'Mozilla/5.0 (Linux; Android 14) Chrome/121.0 Mobile'];

function rawTimestamp(rng: Rng, t: number, truth: WebTruth): string {
  const f = weighted(rng, TS_FORMATS);
  truth.formats[f]++;
  const iso = new Date(t).toISOString();
  if (f === 'epoch_ms') return String(t);
  if (f === 'us_slash') return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)} ${iso.slice(11, 19)}`;
  return `${iso.slice(0, 19)}Z`;
}

/** Web sessions: e-mail clicks, social share referrals, direct (home and deep URLs), search. */
export function* sessionLines(rng: Rng, people: Person[], campaigns: Campaign[], email: EmailTruth, size: EmailSocialSize, truth: WebTruth): Generator<string> {
  const sendDays = new Set(campaigns.flatMap((c) => [c.date, dayAt(Math.round((ms(c.date) - ms(dayAt(0))) / DAY) + 1)]));
  const withWeb = people.filter((p) => p.webKey);
  let k = 0;
  const session = (t: number, key: string, url: string, referrer: string, src: string, medium: string, campaign: string) =>
    csvLine([`s${String(++k).padStart(7, '0')}`, key, timestampOf(t), rawTimestamp(rng, t, truth), url, referrer, src, medium, campaign, pick(rng, UAS)]);
  const anon = () => `web:anon-${hexId(rng, 10)}`;
  const byDay = new Map<string, typeof email.clickLog>();
  for (const c of email.clickLog) {
    const d = new Date(c.t).toISOString().slice(0, 10);
    if (!byDay.has(d)) byDay.set(d, []);
    byDay.get(d)!.push(c);
  }
  let latestCampaign = campaigns[0]!.id;
  for (let d = 0; d < size.days; d++) {
    const date = dayAt(d);
    const day0 = ms(date);
    const at = () => day0 + Math.floor(rng() * DAY);
    for (const c of campaigns) if (c.date <= date) latestCampaign = c.id;
    for (const c of byDay.get(date) ?? []) {
      const missing = rng() < MISSING_UTM_CAMPAIGN;
      if (missing) truth.missingUtmCampaign++;
      yield session(c.t + 3000, c.person.webKey ?? anon(), `https://shop.example/p/${hexId(rng, 6)}`, '', 'newsletter', 'email', missing ? '' : c.campaign);
    }
    const referral = poisson(rng, REFERRAL_DROP.baseline * (REFERRAL_DROP.days.includes(date) ? REFERRAL_DROP.multiplier : 1));
    truth.referralByDay.set(date, referral);
    for (let i = 0; i < referral; i++) {
      const src = rng() < 0.6 ? 'instagram' : 'facebook';
      yield session(at(), pick(rng, withWeb).webKey!, `https://shop.example/p/${hexId(rng, 6)}`, src === 'instagram' ? 'https://l.instagram.com/' : 'https://l.facebook.com/', src, 'social_share', latestCampaign);
    }
    const deep = poisson(rng, DARK_SOCIAL.baseDeep + (sendDays.has(date) ? DARK_SOCIAL.extraAfterSend : 0));
    truth.darkSocialByDay.set(date, deep);
    for (let i = 0; i < deep; i++) yield session(at(), anon(), `https://shop.example/p/${hexId(rng, 6)}`, '', '', '', '');
    for (let i = poisson(rng, DARK_SOCIAL.baseHome); i > 0; i--) yield session(at(), anon(), 'https://shop.example/', '', '', '', '');
    for (let i = poisson(rng, 30); i > 0; i--) {
      const p = rng() < 0.5 ? pick(rng, withWeb).webKey! : anon();
      yield session(at(), p, rng() < 0.5 ? 'https://shop.example/' : `https://shop.example/c/${pick(rng, ['dresses', 'shoes', 'bags', 'home'])}`, 'https://www.google.com/', 'google', 'organic', '');
    }
  }
}
