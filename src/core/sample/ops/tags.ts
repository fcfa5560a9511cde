/**
 * Metadata tagging for the operations curriculum's module 8: the brand's posts on four platforms with
 * content tags written as each team writes them (ops_content_tags), and the controlled vocabulary with
 * its approved synonyms (ops_tag_vocabulary, mapping-table shape). A tag is written exactly as the
 * vocabulary has it with the platform's planted conformance probability; otherwise as a spelling
 * variant (case, hashtag camel case, spaces, underscores), an approved synonym or a typo; some posts
 * also carry a tag outside the vocabulary. Every variant's canonical tag is listed in ops_truth.json.
 */
import { csvLine, dayAt } from '../calendar.ts';
import { pick, substream, type Rng } from '../random.ts';
import type { OpsSize } from './plan.ts';

export const TAGS = {
  /** Canonical tag → approved synonyms (in the vocabulary) and typos (not in it: a fuzzy match finds them). */
  vocabulary: {
    'product-demo': { synonyms: ['demo'], typos: ['prodcut-demo'] },
    'how-to': { synonyms: ['tutorial', 'guide'], typos: [] },
    'customer-story': { synonyms: ['testimonial'], typos: ['customer-stroy'] },
    'behind-the-scenes': { synonyms: ['bts'], typos: ['behind-the-scens'] },
    promotion: { synonyms: ['promo', 'sale'], typos: ['promotoin'] },
    giveaway: { synonyms: ['contest'], typos: [] },
    sustainability: { synonyms: ['eco'], typos: ['sustainabilty'] },
    recipe: { synonyms: [], typos: ['recipie'] },
  } as Record<string, { synonyms: string[]; typos: string[] }>,
  /** Tags outside the vocabulary: canonicalization must leave them unmapped, not force them onto a canonical tag. */
  offVocabulary: ['tbt', 'fyp', 'mondaymotivation', 'viral'],
  offVocabularyShare: 0.12,
  /** Probability a tag is written exactly as the vocabulary has it, per platform. */
  conformance: { instagram: 0.55, tiktok: 0.4, linkedin: 0.85, x: 0.65 } as Record<string, number>,
  tagsPerPost: [1, 2, 3],
  /** Among non-conforming tags: spelling variant, synonym or typo (falls back to a spelling variant when the tag has none). */
  variantMix: { spelling: 0.6, synonym: 0.25, typo: 0.15 },
};

export const CONTENT_TAGS_HEADER = ['content_id', 'platform', 'published_date', 'tags'];
export const TAG_VOCABULARY_HEADER = ['map_name', 'source_value', 'target_value'];

const words = (tag: string) => tag.split('-');
const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
/** How each platform's team misspells a tag's form: hashtags in camel case, title case with spaces, snake or upper case. */
const SPELLINGS: Record<string, (tag: string) => string> = {
  instagram: (t) => '#' + words(t).map(cap).join(''),
  tiktok: (t) => '#' + words(t).map(cap).join(''),
  linkedin: (t) => words(t).map(cap).join(' '),
  x: (t) => words(t).join('_'),
};
const UPPER = (t: string) => t.toUpperCase();

function writeTag(rng: Rng, platform: string, canonical: string): string {
  if (rng() < TAGS.conformance[platform]!) return canonical;
  const { synonyms, typos } = TAGS.vocabulary[canonical]!;
  const u = rng();
  if (u < TAGS.variantMix.synonym && synonyms.length > 0) return pick(rng, synonyms);
  if (u >= 1 - TAGS.variantMix.typo && typos.length > 0) return pick(rng, typos);
  return rng() < 0.2 ? UPPER(canonical) : SPELLINGS[platform]!(canonical);
}

export function contentTagLines(rng: Rng, size: OpsSize): string[] {
  const lines: string[] = [];
  const canon = Object.keys(TAGS.vocabulary);
  let n = 0;
  for (let d = 0; d < size.days; d++)
    for (const platform of Object.keys(TAGS.conformance)) {
      const count = pick(rng, TAGS.tagsPerPost);
      const chosen = new Set<string>();
      while (chosen.size < count) chosen.add(pick(rng, canon));
      const tags = [...chosen].map((c) => writeTag(rng, platform, c));
      if (rng() < TAGS.offVocabularyShare) tags.push(pick(rng, TAGS.offVocabulary));
      lines.push(csvLine([`CT${String(++n).padStart(5, '0')}`, platform, dayAt(d), tags.join('|')]));
    }
  return lines;
}

export function vocabularyLines(): string[] {
  return Object.entries(TAGS.vocabulary).flatMap(([tag, v]) => [tag, ...v.synonyms].map((source) => csvLine(['tag', source, tag])));
}

/** Every form a tag can take in ops_content_tags → its canonical tag (null: outside the vocabulary). */
export function plantedCanonical(): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [tag, v] of Object.entries(TAGS.vocabulary)) {
    for (const form of [tag, UPPER(tag), ...Object.values(SPELLINGS).map((s) => s(tag)), ...v.synonyms, ...v.typos]) out[form] = tag;
  }
  for (const t of TAGS.offVocabulary) out[t] = null;
  return out;
}

export function tagsTruth() {
  return {
    tagging: {
      files: ['ops_content_tags.csv', 'ops_tag_vocabulary.csv'],
      separator: '|',
      vocabulary: Object.keys(TAGS.vocabulary),
      conformance_probability: TAGS.conformance,
      conformance_rule: 'a tag conforms when written exactly as a vocabulary (target_value) tag',
      off_vocabulary: TAGS.offVocabulary,
      canonical: plantedCanonical(),
    },
  };
}

export function tagFiles(seed: number, size: OpsSize) {
  const table = (header: string[], lines: () => Iterable<string>) =>
    function* () {
      yield header.join(',') + '\n';
      yield* lines();
    };
  return [
    { name: 'ops_content_tags.csv', chunks: table(CONTENT_TAGS_HEADER, () => contentTagLines(substream(seed, 'ops-content-tags'), size)) },
    { name: 'ops_tag_vocabulary.csv', chunks: table(TAG_VOCABULARY_HEADER, vocabularyLines) },
  ];
}
