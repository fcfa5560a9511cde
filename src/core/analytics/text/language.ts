/**
 * Language of a text by franc-min (trigram profiles of languages with 8M+ speakers, ISO 639-3
 * codes). franc ranks languages by a trigram distance and rescales it so the best scores 1:
 * score = 1 − (d − d_best) / (300 · length − d_best). Confidence here is the best's lead over the
 * runner-up, 1 − score₂: 0 when two languages are indistinguishable, larger the clearer the winner.
 */
import { francAll } from 'franc-min';
import { data } from 'franc-min/data.js';
import { expressions } from 'franc-min/expressions.js';

/**
 * The ISO 639-3 codes franc-min can answer: those with trigram profiles, per script, and the languages
 * that are alone in their script (Greek, Korean…: named by their code among the script expressions).
 */
export const FRANC_LANGUAGES: ReadonlySet<string> = new Set([
  ...Object.values(data).flatMap((byScript) => Object.keys(byScript)),
  ...Object.keys(expressions).filter((k) => /^[a-z]{3}$/.test(k)),
]);

export interface DetectedLanguage {
  /** ISO 639-3 code (`eng`, `spa`, `deu`…), or `und` when the text is too short or has no letters. */
  language: string;
  /** 1 − the runner-up's franc score, in [0, 1]; null for `und`. */
  confidence: number | null;
}

export interface LanguageOptions {
  /** Texts shorter than this (characters, after trimming) are `und`. */
  minLength: number;
  /** Only these ISO 639-3 codes are considered (all of franc-min's when empty). */
  only?: readonly string[];
}

export function detectLanguage(text: string, opts: LanguageOptions): DetectedLanguage {
  const value = text.trim();
  if (value.length < opts.minLength) return { language: 'und', confidence: null };
  const ranked = francAll(value, { minLength: opts.minLength, ...(opts.only?.length ? { only: [...opts.only] } : {}) });
  const [best, second] = ranked;
  if (!best || best[0] === 'und') return { language: 'und', confidence: null };
  // A script with a single language (Greek, Korean…) has no runner-up: franc is sure.
  return { language: best[0], confidence: second ? Math.max(0, Math.min(1, 1 - second[1])) : 1 };
}
