/**
 * People of the email + social sample and their identities: an ESP subscriber key for everyone,
 * CRM, social and web keys for some, links between them (some web keys reachable only through the
 * social key: a chain of two links), and near-miss people whose address is one edit from another's.
 */
import { csvLine, dayAt } from '../calendar.ts';
import { hexId, pick, weighted, type Rng } from '../random.ts';
import { sha256Hex } from '../../sha256.ts';
import { CITIES, DOMAINS, ES_SEGMENTS, FIRST_NAMES, IDENTITY, LAST_NAMES, MACHINE_OPEN_SHARE, type EsSegment, type EmailSocialSize } from './plan.ts';

export interface Person {
  n: number;
  segment: EsSegment;
  email: string;
  emailHash: string;
  name: string;
  city: string;
  emailKey: string;
  crmKey?: string;
  socialKey?: string;
  webKey?: string;
  /** How the social key joins: the same address on the profile, or an explicit login link. */
  socialJoin?: 'email' | 'login';
  /** True when the web key is linked only to the social key. */
  chained: boolean;
  appleMail: boolean;
  /** Index of the person this one is a near miss of. */
  nearMissOf?: number;
}

export const PROFILES_HEADER = ['user_key', 'platform', 'email', 'handle', 'display_name', 'city', 'device_id', 'created_at', 'consent_status', 'opt_out_at'];
export const LINKS_HEADER = ['key_a', 'key_b', 'link_type', 'source'];

const normalize = (email: string) => email.trim().toLowerCase();
const pad = (n: number) => String(n).padStart(5, '0');

/** One edit that keeps an address plausible but makes it another person's. */
function nearMiss(rng: Rng, email: string): string {
  const [local, domain] = email.split('@') as [string, string];
  const kind = Math.floor(rng() * 3);
  if (kind === 0) return `${local.replace('.', '')}@${domain}`;
  if (kind === 1) return `${local}@${DOMAINS[(DOMAINS.indexOf(domain) + 1) % DOMAINS.length]}`;
  return `${local.slice(0, -1)}${(Number(local.slice(-1)) + 1) % 10}@${domain}`;
}

export function generatePeople(rng: Rng, size: EmailSocialSize): Person[] {
  const shares = Object.fromEntries(Object.entries(ES_SEGMENTS).map(([k, v]) => [k, v.share])) as Record<EsSegment, number>;
  const people: Person[] = [];
  const base = size.people;
  const extra = Math.round(base * IDENTITY.nearMissShare);
  const taken = new Set<string>();
  for (let i = 0; i < base + extra; i++) {
    const segment = weighted(rng, shares);
    const s = ES_SEGMENTS[segment];
    const isNearMiss = i >= base;
    // Each near miss shadows a different person (never two near misses of one address).
    const twin = isNearMiss ? people[(Math.floor(rng() * base / extra) + (i - base) * Math.floor(base / extra)) % base]! : undefined;
    const first = pick(rng, FIRST_NAMES);
    const last = pick(rng, LAST_NAMES);
    let email = twin ? nearMiss(rng, twin.email) : `${first}.${last}${i + 1}@${pick(rng, DOMAINS)}`;
    // A near miss must be a different address from everyone's, not a copy of a third person's.
    if (twin && taken.has(email)) email = `${twin.email.split('@')[0]!.replace('.', '')}@${twin.email.split('@')[1]}`;
    taken.add(email);
    const name = twin ? twin.name : `${first[0]!.toUpperCase()}${first.slice(1)} ${last[0]!.toUpperCase()}${last.slice(1)}`;
    const p: Person = {
      n: i + 1, segment, email, emailHash: sha256Hex(normalize(email)), name,
      city: twin ? CITIES[(CITIES.indexOf(twin.city) + 3) % CITIES.length]! : pick(rng, CITIES),
      emailKey: `email:E${pad(i + 1)}`, chained: false, appleMail: rng() < MACHINE_OPEN_SHARE,
      ...(twin ? { nearMissOf: twin.n } : {}),
    };
    if (!isNearMiss) {
      if (rng() < IDENTITY.crmShare) p.crmKey = `crm:C${pad(i + 1)}`;
      if (rng() < s.hasSocial) {
        p.socialKey = `social:@${first}${last[0]}${hexId(rng, 4)}`;
        p.socialJoin = rng() < IDENTITY.socialWithEmail ? 'email' : 'login';
      }
      if (rng() < s.hasWeb) {
        p.webKey = `web:G${pad(i + 1)}`;
        p.chained = p.socialJoin === 'login' && rng() < IDENTITY.chainShare;
      }
    }
    people.push(p);
  }
  return people;
}

/** A CRM address typed differently: case and stray spaces (equal after normalization). */
function crmVariant(rng: Rng, email: string): string {
  const cased = email.split('').map((c) => (rng() < 0.2 ? c.toUpperCase() : c)).join('');
  return rng() < 0.3 ? ` ${cased} ` : cased;
}

export function* profileLines(rng: Rng, people: Person[], optOut: Map<string, string>): Generator<string> {
  for (const p of people) {
    const created = dayAt(-Math.floor(rng() * 700));
    const out = optOut.get(p.emailKey);
    yield csvLine([p.emailKey, 'mailchimp', p.email, '', p.name, p.city, '', created, out ? 'unsubscribed' : 'subscribed', out ?? '']);
    if (p.crmKey) yield csvLine([p.crmKey, 'crm', crmVariant(rng, p.email), '', p.name, p.city, '', created, 'subscribed', '']);
    if (p.socialKey) yield csvLine([p.socialKey, rng() < 0.6 ? 'instagram' : 'facebook', p.socialJoin === 'email' ? crmVariant(rng, p.email) : '', p.socialKey.slice(7), rng() < 0.7 ? p.name : '', '', '', created, '', '']);
    if (p.webKey) yield csvLine([p.webKey, 'web', '', '', '', '', `dev-${hexId(rng, 12)}`, created, '', '']);
  }
}

export function* linkLines(people: Person[]): Generator<string> {
  for (const p of people) {
    if (p.socialKey && p.socialJoin === 'login') yield csvLine([p.emailKey, p.socialKey, 'login', 'social_connect']);
    if (p.webKey && p.chained) yield csvLine([p.socialKey, p.webKey, 'device_id', 'pixel']);
    else if (p.webKey) yield csvLine([p.webKey, p.crmKey ?? p.emailKey, 'login', 'site_login']);
  }
}
