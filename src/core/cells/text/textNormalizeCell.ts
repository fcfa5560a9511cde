import { normalizeText, type NormalizedText } from '../../analytics/text/normalize-text.ts';
import { analysisCell, type AnalysisOutput } from '../analysis.ts';
import { column, queryRows } from '../quality/shared.ts';
import { perTextColumns, refuseClashes, type PerTextColumn } from './perText.ts';

type Normalized = NormalizedText & { language: string | null; confidence: number | null };

const COLUMNS: PerTextColumn<Normalized>[] = [
  { name: 'normalized', type: 'VARCHAR', value: (r) => r.normalized },
  { name: 'hashtags', type: 'LIST', value: (r) => r.hashtags },
  { name: 'mentions', type: 'LIST', value: (r) => r.mentions },
  { name: 'urls', type: 'LIST', value: (r) => r.urls },
  { name: 'short_urls', type: 'LIST', value: (r) => r.shortUrls },
  { name: 'has_short_url', type: 'BOOLEAN', value: (r) => r.shortUrls.length > 0 },
  { name: 'tokens', type: 'LIST', value: (r) => r.tokens },
  { name: 'n_tokens', type: 'BIGINT', value: (r) => r.tokens.length },
  { name: 'language', type: 'VARCHAR', value: (r) => r.language },
  { name: 'language_confidence', type: 'DOUBLE', value: (r) => r.confidence },
];

/**
 * `text-normalize`: per post, NFKC + lower case with emoji named, hashtags / mentions / links pulled
 * out as lists, shortened links flagged, word tokens (the tfidf convention) and the language by
 * franc-min with a confidence. Per-text work in TypeScript over batches read from DuckDB.
 */
export const textNormalizeCell = analysisCell({
  kind: 'text-normalize',
  summary: 'Normalize posts: NFKC lower case, emoji to names, hashtags / mentions / URLs as lists, shortened links flagged, tokens, language (franc-min) with confidence.',
  formats: { language_confidence: 'percent', n_tokens: 'count' },
  async compute(run): Promise<AnalysisOutput> {
    // The emoji table and franc's trigram profiles load on first use, so only notebooks that normalize text fetch them.
    const [{ EMOJI_DESCRIPTIONS }, { detectLanguage, FRANC_LANGUAGES }] = await Promise.all([import('../../analytics/text/vader/emoji-descriptions.ts'), import('../../analytics/text/language.ts')]);
    const text = column(run, 'text', 'text');
    const detect = run.opts.data.detect_language ?? true;
    if (typeof detect !== 'boolean') run.opts.fail('detect_language', `must be true or false (got \`${String(detect)}\`)`);
    const minLength = run.opts.number('min_length', 20, { min: 1 });
    const languages = run.opts.list('languages');
    const bad = languages.find((l) => !/^[a-z]{3}$/.test(l));
    if (bad !== undefined) run.opts.fail('languages', `\`${bad}\` is not an ISO 639-3 code; write three lower-case letters, e.g. [eng, spa, deu]`);
    const unknown = languages.find((l) => !FRANC_LANGUAGES.has(l));
    if (unknown !== undefined) run.opts.fail('languages', `franc-min has no profile for \`${unknown}\` (it knows ${FRANC_LANGUAGES.size} languages, e.g. eng, spa, deu, fra, por, ita, nld, cmn, arb, hin, rus); see docs/cells/text.md`);
    refuseClashes(run, 'text-normalize', COLUMNS.map((c) => c.name));
    const out = await perTextColumns<Normalized>(run, text, COLUMNS, (s) => {
      const n = normalizeText(s, EMOJI_DESCRIPTIONS);
      // franc is the slow step (a few thousand texts a second over all its languages): it can be skipped.
      const { language, confidence } = detect ? detectLanguage(n.plain, { minLength, only: languages }) : { language: null, confidence: null };
      return { ...n, language, confidence };
    });
    const notes: string[] = [];
    if (detect) {
      // Which languages were found, most frequent first: the first thing to check on a mixed export.
      const found = await queryRows(run, `SELECT language, count(*) AS n FROM (${out.sql}) WHERE language IS NOT NULL GROUP BY language ORDER BY n DESC, language LIMIT 7`).catch(async (e) => {
        await out.cleanup();
        throw e;
      });
      if (found.length) notes.push(`languages: ${found.slice(0, 6).map((r) => `${r.language} ${r.n}`).join(', ')}${found.length > 6 ? ', …' : ''}`);
    }
    if (out.missing) notes.push(`${out.missing} row(s) with an empty \`${text.slice(1, -1).replaceAll('""', '"')}\` were kept with null columns`);
    return { sql: out.sql, cleanup: out.cleanup, notes };
  },
});
