/**
 * Login IPs of the audience profiles and an IP-range → country table, for the geolocation check of
 * recs module 3. Only documentation address ranges are used (RFC 5737: 192.0.2.0/24, 198.51.100.0/24,
 * 203.0.113.0/24; RFC 3849: 2001:db8::/32), never real addresses. Most people log in from their home
 * country; planted VPN users log in only through a hosting network abroad, planted travellers mostly
 * from another country, and some people make one trip among several logins (still home by majority).
 */
import { csvLine, dayAt, timestampOf } from '../calendar.ts';
import { pick, type Rng } from '../random.ts';
import type { Account, Person } from './people.ts';

export const LOGINS_HEADER = ['user_key', 'login_at', 'ip'];
export const IP_RANGES_HEADER = ['network', 'country', 'network_type'];

interface IpRange {
  network: string;
  country: string;
  type: 'residential' | 'hosting';
}

/** IPv4 networks are /25 or /26 slices of the documentation /24s; IPv6 networks are /48s of 2001:db8::/32. */
export const IP_RANGES: readonly IpRange[] = [
  { network: '192.0.2.0/26', country: 'DE', type: 'residential' },
  { network: '192.0.2.64/26', country: 'AT', type: 'residential' },
  { network: '192.0.2.128/26', country: 'CH', type: 'residential' },
  { network: '192.0.2.192/26', country: 'NL', type: 'residential' },
  { network: '198.51.100.0/25', country: 'ES', type: 'residential' },
  { network: '198.51.100.128/25', country: 'IT', type: 'residential' },
  { network: '203.0.113.0/24', country: 'US', type: 'hosting' },
  { network: '2001:db8:1::/48', country: 'DE', type: 'residential' },
  { network: '2001:db8:2::/48', country: 'AT', type: 'residential' },
  { network: '2001:db8:3::/48', country: 'CH', type: 'residential' },
  { network: '2001:db8:4::/48', country: 'NL', type: 'residential' },
];

/** Shares of human accounts with a planted login pattern (the rest log in from home only). */
export const LOGIN_PLAN = { vpn: 0.05, travel: 0.04, one_trip: 0.06, ipv6: 0.3 } as const;
export const TRAVEL_COUNTRIES = ['ES', 'IT'] as const;

export interface LoginTruth {
  /** Accounts whose logins come mostly from another country than the person's: key → reason and IP country. */
  mismatches: Record<string, { reason: 'vpn' | 'travel'; home_country: string; ip_country: string }>;
  oneTrip: string[];
  logins: number;
  accounts: number;
}

/** A random address inside a range (the host part avoids .0 and the broadcast address). */
function addressIn(rng: Rng, range: IpRange): string {
  if (range.network.includes(':')) {
    const prefix = range.network.split('::')[0]!;
    return `${prefix}:${Math.floor(rng() * 0xffff).toString(16)}::${(1 + Math.floor(rng() * 0xfffe)).toString(16)}`;
  }
  const [base, bits] = range.network.split('/') as [string, string];
  const octets = base.split('.').map(Number);
  const hosts = 2 ** (32 - Number(bits));
  return `${octets[0]}.${octets[1]}.${octets[2]}.${octets[3]! + 1 + Math.floor(rng() * (hosts - 2))}`;
}

function rangeFor(rng: Rng, country: string, ipv6: boolean): IpRange {
  const options = IP_RANGES.filter((r) => r.country === country && r.type === 'residential' && r.network.includes(':') === ipv6);
  return options.length > 0 ? pick(rng, options) : IP_RANGES.find((r) => r.country === country && r.type === 'residential')!;
}

/** Logins of every human account (primary and twin), by time; bots have none in the export. */
export function loginLines(rng: Rng, days: number, people: Person[], truth: LoginTruth): string[] {
  const start = Date.parse(`${dayAt(0)}T00:00:00Z`);
  const lines: [number, string][] = [];
  const hosting = IP_RANGES.find((r) => r.type === 'hosting')!;
  for (const p of people) {
    const accounts: Account[] = [p.primary, ...(p.twin ? [p.twin.account] : [])];
    for (const a of accounts) {
      truth.accounts++;
      const x = rng();
      const pattern = x < LOGIN_PLAN.vpn ? 'vpn' : x < LOGIN_PLAN.vpn + LOGIN_PLAN.travel ? 'travel' : x < LOGIN_PLAN.vpn + LOGIN_PLAN.travel + LOGIN_PLAN.one_trip ? 'one_trip' : 'home';
      const n = pattern === 'one_trip' ? 4 + Math.floor(rng() * 3) : 2 + Math.floor(rng() * 5);
      const ipv6 = rng() < LOGIN_PLAN.ipv6;
      const abroad = pick(rng, TRAVEL_COUNTRIES);
      const times = Array.from({ length: n }, () => start + Math.floor(rng() * days * 86_400_000)).sort((s, t) => s - t);
      // Travellers: every login after the first abroad (all of them with only two); one trip: one login in the middle.
      const homeUntil = pattern === 'travel' ? Math.min(1, Math.floor(n / 3)) : n;
      const tripAt = pattern === 'one_trip' ? 1 + Math.floor(rng() * (n - 2)) : -1;
      times.forEach((ms, i) => {
        const range = pattern === 'vpn' ? hosting : (pattern === 'travel' && i >= homeUntil) || i === tripAt ? rangeFor(rng, abroad, false) : rangeFor(rng, p.country, ipv6);
        lines.push([ms, csvLine([a.key, timestampOf(ms), addressIn(rng, range)])]);
      });
      truth.logins += n;
      if (pattern === 'vpn') truth.mismatches[a.key] = { reason: 'vpn', home_country: p.country, ip_country: hosting.country };
      if (pattern === 'travel') truth.mismatches[a.key] = { reason: 'travel', home_country: p.country, ip_country: abroad };
      if (pattern === 'one_trip') truth.oneTrip.push(a.key);
    }
  }
  return lines.sort((s, t) => s[0] - t[0] || (s[1] < t[1] ? -1 : 1)).map((l) => l[1]);
}

export function ipRangeLines(): string[] {
  return IP_RANGES.map((r) => csvLine([r.network, r.country, r.type]));
}
