/**
 * Rules that put messy categorical labels into a standard vocabulary: a comparison key (trim, case,
 * dashes, spaces), a folded key (also accents and punctuation), age brackets written many ways, and
 * gender synonyms. Pure functions over strings; the `standardize` cell applies them to the distinct
 * values of a column.
 */

/** Dashes and minus signs people type between numbers: hyphen-minus, en and em dash, figure dash, minus. */
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;

/**
 * The key two labels are compared by: Unicode NFKC, trimmed, lower case, any dash as "-", runs of
 * white space as one space.
 * @example
 * labelKey('  25 – 34  Years '); // => '25 - 34 years'
 */
export function labelKey(value: string): string {
  return value.normalize('NFKC').replace(DASHES, '-').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * A looser key for matching a vocabulary: labelKey without accents and without punctuation other
 * than "+" and "-" (so "St. Louis" = "st louis", "München" = "munchen").
 * @example
 * foldedKey('São  Paulo.'); // => 'sao paulo'
 */
export function foldedKey(value: string): string {
  return labelKey(value).normalize('NFD').replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}+\- ]/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** An age bracket: `low-high`, `low+` (open above) or `under N` (below N). */
export interface AgeBracket {
  label: string;
  low: number;
  /** Inclusive upper bound; null when open above. */
  high: number | null;
}

const AGE_WORDS = /\b(years?|yrs?|y\/?o|old|aged?|ages)\b/g;

/**
 * Read an age bracket written as "25-34", "25 to 34", "25–34 years", "65+", "65 and over",
 * "under 18"; a single number n is `{ label: 'n', low: n, high: n }`. Null when the text
 * is not an age bracket ("over 65" is left out: it may mean 65+ or 66+).
 * @example
 * ageBracket('25 to 34 yrs'); // => { label: '25-34', low: 25, high: 34 }
 * ageBracket('65 and over');  // => { label: '65+', low: 65, high: null }
 */
export function ageBracket(value: string): AgeBracket | null {
  const k = labelKey(value).replace(AGE_WORDS, ' ').replace(/\s+/g, ' ').trim();
  let m = /^(\d{1,3}) ?(?:-|to|–) ?(\d{1,3})$/.exec(k);
  if (m) {
    const low = Number(m[1]);
    const high = Number(m[2]);
    return low <= high ? { label: `${low}-${high}`, low, high } : null;
  }
  m = /^(\d{1,3}) ?(?:\+|plus|and (?:over|above|older|up)|or (?:over|older|more|above))$/.exec(k);
  if (m) return { label: `${Number(m[1])}+`, low: Number(m[1]), high: null };
  m = /^(?:under|below|less than|<) ?(\d{1,3})$/.exec(k);
  if (m) return { label: `under ${Number(m[1])}`, low: 0, high: Number(m[1]) - 1 };
  m = /^(\d{1,3})$/.exec(k);
  if (m) return { label: String(Number(m[1])), low: Number(m[1]), high: Number(m[1]) };
  return null;
}

/** The bracket (of `brackets`, as ageBracket reads them) that holds a single age; null if none does. */
export function bracketOfAge(age: number, brackets: readonly AgeBracket[]): AgeBracket | null {
  return brackets.find((b) => age >= b.low && (b.high === null || age <= b.high)) ?? null;
}

/** Gender labels as platforms and forms write them → female, male, non-binary, unknown. */
const GENDER: ReadonlyMap<string, string> = new Map([
  ...['f', 'female', 'woman', 'women', 'girl', 'w', 'femme', 'feminine'].map((w) => [w, 'female'] as const),
  ...['m', 'male', 'man', 'men', 'boy', 'masculine'].map((w) => [w, 'male'] as const),
  ...['non-binary', 'nonbinary', 'non binary', 'nb', 'enby', 'genderqueer', 'gender non-conforming'].map((w) => [w, 'non-binary'] as const),
  ...['unknown', 'u', 'n/a', 'na', 'not specified', 'unspecified', 'undisclosed', 'prefer not to say', 'prefer not to answer', 'other/unknown'].map((w) => [w, 'unknown'] as const),
]);

/**
 * A gender label in the standard vocabulary (female, male, non-binary, unknown), or null.
 * @example
 * genderLabel(' Man '); // => 'male'
 */
export function genderLabel(value: string): string | null {
  return GENDER.get(labelKey(value)) ?? GENDER.get(foldedKey(value)) ?? null;
}
