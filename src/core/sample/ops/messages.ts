/**
 * Comments and DMs to the brand: complaints, questions, praise and policy-violating texts (some
 * obfuscated), each with the support team's intent tag, the human moderator's label, and appeals.
 * Some honest complaints use a flagged word ("is this a scam?"): a keyword filter removes them and the
 * appeal overturns it. The rules table is what a moderation team would start from.
 */
import { csvLine, dayAt } from '../calendar.ts';
import { pick, type Rng } from '../random.ts';
import type { OpsSize } from './plan.ts';

export const MESSAGES_HEADER = ['text_id', 'channel', 'ts', 'author_key', 'text', 'intent', 'policy_label', 'appealed', 'appeal_outcome'];
export const RULES_HEADER = ['rule', 'pattern', 'type', 'category', 'severity'];

export const MODERATION_RULES: readonly (readonly [string, string, string, string, number])[] = [
  ['profanity_f', 'fuck', 'keyword', 'profanity', 0.95],
  ['profanity_fing', 'fucking', 'keyword', 'profanity', 0.95],
  ['profanity_s', 'shit', 'keyword', 'profanity', 0.9],
  ['insult_idiot', 'idiot', 'keyword', 'harassment', 0.9],
  ['insult_idiots', 'idiots', 'keyword', 'harassment', 0.9],
  ['insult_moron', 'moron', 'keyword', 'harassment', 0.9],
  ['insult_morons', 'morons', 'keyword', 'harassment', 0.9],
  ['scam_word', 'scam', 'keyword', 'spam', 0.9],
  ['crypto_spam', 'crypto', 'keyword', 'spam', 0.6],
  ['link_shortener', '(bit\\.ly|tinyurl\\.com)/\\w+', 'regex', 'spam', 0.95],
  ['dm_me', 'dm me for', 'keyword', 'spam', 0.6],
];

const PRODUCTS = ['blender', 'kettle', 'air fryer', 'toaster', 'coffee grinder', 'stand mixer'];
const TEMPLATES: Record<'complaint' | 'question' | 'praise', readonly string[]> = {
  complaint: ['My {p} stopped working after two weeks, order {n}', 'Still waiting for a refund on order {n}, this is the third time I ask', 'The {p} arrived broken and support never answered', 'Delivery for order {n} is a week late. Not happy', 'Your {p} leaks every time I use it'],
  question: ['Does the {p} come with a warranty?', 'When will the {p} be back in stock?', 'Can I change the address on order {n}?', 'Is the {p} dishwasher safe?', 'Do you ship the {p} to Ireland?'],
  praise: ['Love my new {p}, best purchase this year', 'Support sorted my order {n} in minutes, thank you!', 'The {p} is brilliant, already told my friends', 'Great quality {p}, worth every penny', 'Thanks for the quick delivery of order {n}'],
};
/** Policy violations; several written to dodge a plain keyword filter. */
const VIOLATIONS = ['You are all idiots, {p} is garbage', 'What a f*u*c*k*i*n*g joke of a company', 'Earn 500 a day with crypto, DM me for details', 'Free {p}!!! claim at bit.ly/fr33{n}', 'this {p} is sh1t and so are you', 'Support staff are morons', 'Fuuuuck this {p}', 'Win big: tinyurl.com/x{n} dm me for the code'];
/** Honest complaints that trip a keyword: a filter removes them, an appeal overturns. */
const FALSE_ALARMS = ['Is this a scam? Paid for order {n} and nothing arrived', 'Got a text about a refund for order {n}, scam or real?', 'Feels like a scam that the {p} broke right after the warranty ended'];

export interface MessageTruth {
  counts: Record<string, number>;
  violations: number;
  false_alarm_texts: number;
  appealed: number;
  overturned: number;
}

export function generateMessages(rng: Rng, size: OpsSize): { lines: string[]; truth: MessageTruth } {
  const lines: string[] = [];
  const truth: MessageTruth = { counts: { complaint: 0, question: 0, praise: 0, violation: 0 }, violations: 0, false_alarm_texts: 0, appealed: 0, overturned: 0 };
  const fill = (t: string) => t.replace('{p}', pick(rng, PRODUCTS)).replace('{n}', String(10000 + Math.floor(rng() * 90000)));
  for (let i = 0; i < size.messages; i++) {
    const u = rng();
    const intent = u < 0.3 ? 'complaint' : u < 0.55 ? 'question' : u < 0.85 ? 'praise' : 'violation';
    const falseAlarm = intent === 'complaint' && rng() < 0.12;
    const text = fill(intent === 'violation' ? pick(rng, VIOLATIONS) : falseAlarm ? pick(rng, FALSE_ALARMS) : pick(rng, TEMPLATES[intent]));
    const violation = intent === 'violation';
    // A removed item may be appealed; the original label is the first reviewer's call, which on a
    // false alarm was "violation" (the keyword misled them) and the appeal overturns it.
    const firstLabel = violation || (falseAlarm && rng() < 0.6) ? 'violation' : 'ok';
    const appealed = firstLabel === 'violation' && (falseAlarm || rng() < 0.15);
    const outcome = !appealed ? '' : falseAlarm ? 'overturned' : 'upheld';
    truth.counts[intent]!++;
    if (violation) truth.violations++;
    if (falseAlarm) truth.false_alarm_texts++;
    if (appealed) truth.appealed++;
    if (outcome === 'overturned') truth.overturned++;
    const day = Math.floor(rng() * size.days);
    const ts = `${dayAt(day)} ${String(Math.floor(rng() * 24)).padStart(2, '0')}:${String(Math.floor(rng() * 60)).padStart(2, '0')}:${String(Math.floor(rng() * 60)).padStart(2, '0')}`;
    lines.push(csvLine([`M${String(i + 1).padStart(6, '0')}`, rng() < 0.7 ? 'comment' : 'dm', ts, `u${String(Math.floor(rng() * 3000)).padStart(5, '0')}`, text, intent === 'violation' ? 'other' : intent, firstLabel, appealed, outcome]));
  }
  return { lines, truth };
}
