/**
 * Social-post normalization: what a listening analyst does before counting words. The emoji names
 * are passed in: the table the VADER sentiment scorer uses (vader/emoji-descriptions.ts, Unicode
 * emoji-test.txt 15.0), loaded lazily by the cell like VADER's, so one table serves both.
 */
import { wordTokens } from './word-tokens.ts';

/** Emoji (one code point) → its Unicode short name. */
export type EmojiNames = ReadonlyMap<string, string>;

/**
 * Link-shortener hosts whose links hide where they lead (a shortened link is flagged, not followed).
 * Matched on the host with a leading `www.` removed.
 */
export const SHORTENER_HOSTS: ReadonlySet<string> = new Set([
  'bit.ly', 't.co', 'tinyurl.com', 'ow.ly', 'buff.ly', 'goo.gl', 'lnkd.in', 'dlvr.it', 'is.gd', 'rebrand.ly',
  'tiny.cc', 'cutt.ly', 'shorturl.at', 'rb.gy', 'bl.ink', 'fb.me', 'youtu.be', 'amzn.to', 'trib.al', 'ift.tt', 'v.gd', 'soo.gd', 'shor.by', 'db.tt', 'wp.me',
]);

export interface NormalizedText {
  /** NFKC, lower-cased, each emoji replaced by its name, runs of white space made one space. */
  normalized: string;
  /** Hashtags without `#`, lower-cased, in order of appearance (repeats kept). */
  hashtags: string[];
  /** Mentions without `@`, lower-cased. */
  mentions: string[];
  /** Links as written (after NFKC), trailing punctuation removed. */
  urls: string[];
  /** The links whose host is a known shortener. */
  shortUrls: string[];
  /** Word tokens of the normalized text with links removed (two or more letters, digits or `_`). */
  tokens: string[];
  /** The text language detection reads: NFKC, without links, mentions, hashtags and emoji. */
  plain: string;
}

// A link: a scheme or `www.`, or a bare shortener host followed by a path (`bit.ly/3xYz`).
const SHORT_BARE = [...SHORTENER_HOSTS].map((h) => h.replaceAll('.', '\\.')).join('|');
const URL = new RegExp(`(?:https?://|www\\.)[^\\s<>"']+|(?<![\\p{L}\\p{N}_.@/])(?:${SHORT_BARE})/[^\\s<>"']+`, 'giu');
const TRAILING = /[.,;:!?)\]}'"…]+$/u;
// `#` or `@` not glued to a word before it (so e-mail addresses and `a#b` are not tags).
const HASHTAG = /(?<![\p{L}\p{N}_&])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu;
const MENTION = /(?<![\p{L}\p{N}_.])@([\p{L}\p{N}_]+)/gu;
const EMOJI_MODIFIERS = /[\u{FE0F}\u{FE0E}\u{200D}\u{1F3FB}-\u{1F3FF}]/gu;

function hostOf(url: string): string {
  const rest = url.replace(/^https?:\/\//i, '');
  return rest.split(/[/?#:]/, 1)[0]!.toLowerCase().replace(/^www\./, '');
}

/** Replace each emoji by ` name `: an emoji glued to a word becomes its own words. */
function emojiToNames(text: string, emoji: EmojiNames): string {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  let out = '';
  for (const ch of text.replace(EMOJI_MODIFIERS, '')) {
    const name = emoji.get(ch);
    out += name === undefined ? ch : ` ${name} `;
  }
  return out;
}

function stripEmoji(text: string, emoji: EmojiNames): string {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  let out = '';
  for (const ch of text.replace(EMOJI_MODIFIERS, '')) out += emoji.has(ch) ? ' ' : ch;
  return out;
}

const squash = (s: string) => s.replace(/\s+/gu, ' ').trim();

/**
 * Normalize one post.
 *
 * @example
 * normalizeText('Love it 😍 #SALE via @Shop https://bit.ly/x1', EMOJI_DESCRIPTIONS).hashtags // ['sale']
 */
export function normalizeText(raw: string, emoji: EmojiNames): NormalizedText {
  const nfkc = raw.normalize('NFKC');
  const urls = (nfkc.match(URL) ?? []).map((u) => u.replace(TRAILING, ''));
  const withoutUrls = nfkc.replace(URL, ' ');
  const hashtags = [...withoutUrls.matchAll(HASHTAG)].map((m) => m[1]!.toLowerCase());
  const mentions = [...withoutUrls.matchAll(MENTION)].map((m) => m[1]!.toLowerCase());
  const normalized = squash(emojiToNames(nfkc, emoji).toLowerCase());
  const tokens = wordTokens(emojiToNames(withoutUrls, emoji));
  const plain = squash(stripEmoji(withoutUrls.replace(HASHTAG, ' ').replace(MENTION, ' '), emoji));
  return { normalized, hashtags, mentions, urls, shortUrls: urls.filter((u) => SHORTENER_HOSTS.has(hostOf(u))), tokens, plain };
}
