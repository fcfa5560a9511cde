/**
 * Classify a column as personal data or not, from its name and from the share of its values that
 * match value patterns (measured in SQL by the pii-scan cell). The categories follow GDPR usage:
 * a direct identifier names a person on its own, a pseudonymous identifier singles a person out
 * without naming them (still personal data, GDPR recital 26), a quasi-identifier identifies in
 * combination (Sweeney 2002: ZIP, birth date and sex identify 87 % of Americans).
 */

/** Value patterns measured per column: the share (0..1) of non-null values that match. */
export interface ValueShares {
  email: number;
  phone: number;
  ip: number;
  uuid: number;
  hash: number;
  userAgent: number;
  street: number;
  freeText: number;
  /** Share of values that are free text with an e-mail address or phone number inside. */
  piiInText: number;
}

export type Detected = 'direct identifier' | 'user-written text' | 'pseudonymous identifier' | 'quasi-identifier' | 'non-personal attribute';
export type Sensitivity = 'restricted' | 'confidential' | 'internal';

export interface ColumnClass {
  detected: Detected;
  /** What kind of personal data: email, phone, ip_address, person_name, … or `none`. */
  piiType: string;
  sensitivity: Sensitivity;
  /** Why, in words: the name rule and the value shares that decided it. */
  evidence: string;
  /** The largest value-pattern share (0 when no pattern matched). */
  patternShare: number;
}

/** A value-pattern share above this means the column holds that kind of value (majority rule). */
const MAJORITY = 0.5;
/** Text columns by name count as user-written when this share of values reads as sentences. */
const TEXT_SHARE = 0.2;

const NAME_RULES: { re: RegExp; detected: Detected; piiType: string }[] = [
  { re: /^(e_?mail|email_?address|mail|e_?mail_addr)$/, detected: 'direct identifier', piiType: 'email' },
  { re: /^(phone|mobile|cell|tel|telephone|phone_?number|mobile_?number|msisdn)$/, detected: 'direct identifier', piiType: 'phone' },
  { re: /^(ip|ip_?address|ipv4|ipv6|client_ip|remote_addr)$/, detected: 'direct identifier', piiType: 'ip_address' },
  { re: /^(name|full_?name|first_?name|last_?name|given_name|family_name|surname|display_name|contact_name|customer_name)$/, detected: 'direct identifier', piiType: 'person_name' },
  { re: /^(address|street|street_address|address_line_?\d?|addr|home_address)$/, detected: 'direct identifier', piiType: 'street_address' },
  { re: /^(dob|date_of_birth|birth_?date|birthday)$/, detected: 'quasi-identifier', piiType: 'date_of_birth' },
  { re: /^(device_?id|idfa|idfv|gaid|aaid|adid|advertising_id|maid|android_id)$/, detected: 'pseudonymous identifier', piiType: 'device_id' },
  { re: /(user|session|crm|client|visitor|customer|lead|member|subscriber|contact|person|profile)_?(id|hash|key)$|_hash$/, detected: 'pseudonymous identifier', piiType: 'pseudonymous_id' },
  { re: /^(age|age_band|age_group|age_range|gender|sex|birth_year|year_of_birth)$/, detected: 'quasi-identifier', piiType: 'demographic' },
  { re: /^(zip|zip_?code|postcode|post_code|postal_code)$/, detected: 'quasi-identifier', piiType: 'postcode' },
  { re: /^(lat|lon|lng|latitude|longitude|geo|geolocation)$/, detected: 'quasi-identifier', piiType: 'geolocation' },
  { re: /^(country|region|city|state|province|language|locale|timezone|time_zone)$/, detected: 'quasi-identifier', piiType: 'location' },
  { re: /^(device|device_type|device_category|os|browser|platform_os)$/, detected: 'quasi-identifier', piiType: 'device' },
  { re: /^(timestamp|send_time|signup_date|created_at|event_time)$/, detected: 'quasi-identifier', piiType: 'timestamp' },
];

/** Names under which a column holds text people wrote. */
const TEXT_NAME = /^(text|comment|comments|message|body|note|notes|bio|review|description|content|feedback|reply)$/;

const SENSITIVITY: Record<Detected, Sensitivity> = {
  'direct identifier': 'restricted',
  'user-written text': 'restricted',
  'pseudonymous identifier': 'confidential',
  'quasi-identifier': 'confidential',
  'non-personal attribute': 'internal',
};

const pct = (x: number) => `${(100 * x).toFixed(x > 0 && x < 0.001 ? 2 : 1)} %`;

/**
 * Classify one column. Value evidence wins over the name where both speak (a column called `email`
 * holding 64-hex hashes is a hashed id); the name decides where values are silent (a person's name
 * looks like any two words).
 *
 * @example
 * classifyColumn('email', { ...zeroShares, email: 0.98 }, 1000);
 * // => { detected: 'direct identifier', piiType: 'email', sensitivity: 'restricted', … }
 */
export function classifyColumn(name: string, shares: ValueShares, nonNull: number): ColumnClass {
  const n = name.toLowerCase();
  const patternShare = Math.max(0, ...Object.values(shares).filter((x) => Number.isFinite(x)));
  const of = `of ${nonNull.toLocaleString('en-US')} non-empty values`;
  const done = (detected: Detected, piiType: string, evidence: string): ColumnClass => ({ detected, piiType, sensitivity: SENSITIVITY[detected], evidence, patternShare });
  const byValue: [keyof ValueShares, Detected, string, string][] = [
    ['email', 'direct identifier', 'email', 'look like e-mail addresses'],
    ['phone', 'direct identifier', 'phone', 'look like phone numbers'],
    ['ip', 'direct identifier', 'ip_address', 'look like IP addresses'],
    ['street', 'direct identifier', 'street_address', 'look like street addresses'],
  ];
  for (const [key, detected, type, what] of byValue) if (shares[key] > MAJORITY) return done(detected, type, `${pct(shares[key])} ${of} ${what}`);
  if (shares.piiInText > 0) return done('user-written text', 'free_text_with_pii', `${pct(shares.piiInText)} ${of} are text with an e-mail address or phone number inside`);
  if (TEXT_NAME.test(n) && shares.freeText > TEXT_SHARE) return done('user-written text', 'free_text', `name \`${name}\` and ${pct(shares.freeText)} ${of} read as sentences`);
  if (shares.uuid > MAJORITY) return done('pseudonymous identifier', 'device_id', `${pct(shares.uuid)} ${of} are UUIDs (device or advertising ids are UUIDs)`);
  if (shares.hash > MAJORITY) return done('pseudonymous identifier', 'hashed_id', `${pct(shares.hash)} ${of} are hex digests (MD5 / SHA-1 / SHA-256): a hash of an identifier is still personal data`);
  for (const rule of NAME_RULES) if (rule.re.test(n)) return done(rule.detected, rule.piiType, `name \`${name}\` (${rule.piiType.replaceAll('_', ' ')})`);
  if (shares.userAgent > MAJORITY) return done('quasi-identifier', 'user_agent', `${pct(shares.userAgent)} ${of} are browser user agents (a fingerprinting input)`);
  return done('non-personal attribute', 'none', patternShare > 0 ? `no name rule; largest value-pattern share ${pct(patternShare)}` : 'no name rule and no value pattern');
}

/** Shares that are all zero, for building a column's evidence piece by piece. */
export const NO_SHARES: ValueShares = { email: 0, phone: 0, ip: 0, uuid: 0, hash: 0, userAgent: 0, street: 0, freeText: 0, piiInText: 0 };
