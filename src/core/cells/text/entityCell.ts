import { termSense, type ContextWord, type SenseResult } from '../../analytics/text/term-sense.ts';
import { quoteIdent } from '../../engine.ts';
import { analysisCell, type AnalysisOutput, type AnalysisRun } from '../analysis.ts';
import { column, queryRows } from '../quality/shared.ts';
import { perTextColumns, refuseClashes, type PerTextColumn } from './perText.ts';

const COLUMNS: PerTextColumn<SenseResult>[] = [
  { name: 'term_count', type: 'BIGINT', value: (r) => r.termCount },
  { name: 'entity_score', type: 'DOUBLE', value: (r) => r.score },
  { name: 'decision', type: 'VARCHAR', value: (r) => r.decision },
  { name: 'evidence', type: 'LIST', value: (r) => r.evidence },
];

function checkWord(run: AnalysisRun, key: string, word: string, where: string): string {
  const w = word.trim().toLowerCase();
  if (!/^[\p{L}\p{N}_]+(?:['’][\p{L}]+)*\*?$/u.test(w)) run.opts.fail(key, `${where}\`${word}\` is not one word; list single words (a trailing * matches a prefix, e.g. download*)`);
  return w;
}

/** Context words from `brand_words:` / `common_words:` lists (weight 1) or a bound table (word, sense, weight). */
async function contextWords(run: AnalysisRun): Promise<ContextWord[]> {
  const o = run.opts;
  const words: ContextWord[] = [
    ...o.list('brand_words').map((w) => ({ word: checkWord(run, 'brand_words', w, ''), sense: 'brand' as const, weight: 1 })),
    ...o.list('common_words').map((w) => ({ word: checkWord(run, 'common_words', w, ''), sense: 'common' as const, weight: 1 })),
  ];
  if (o.has('context')) {
    const info = await run.table('context');
    const has = (n: string) => info.columns.find((c) => c.name.toLowerCase() === n);
    const word = has('word');
    const sense = has('sense');
    if (!word || !sense) run.opts.fail('context', `\`${info.name}\` needs columns \`word\` and \`sense\` (brand or common), optionally \`weight\`; its columns: ${info.columns.map((c) => c.name).join(', ')}`);
    const weight = has('weight');
    const rows = await queryRows(run, `SELECT CAST(${quoteIdent(word.name)} AS VARCHAR) AS w, lower(trim(CAST(${quoteIdent(sense.name)} AS VARCHAR))) AS s, ${weight ? `TRY_CAST(${quoteIdent(weight.name)} AS DOUBLE)` : '1.0'} AS x, ${weight ? `CAST(${quoteIdent(weight.name)} AS VARCHAR)` : `'1'`} AS raw FROM ${quoteIdent(info.name)}`);
    rows.forEach((r, k) => {
      const where = `row ${k + 1} of \`${info.name}\`: `;
      if (!r.w) o.fail('context', `${where}no word`);
      if (r.s !== 'brand' && r.s !== 'common') o.fail('context', `${where}sense \`${String(r.s)}\` must be \`brand\` or \`common\``);
      if (typeof r.x !== 'number' || !(r.x > 0)) o.fail('context', `${where}weight \`${String(r.raw)}\` must be a number above 0`);
      words.push({ word: checkWord(run, 'context', String(r.w), where), sense: r.s as 'brand' | 'common', weight: r.x as number });
    });
  }
  if (words.length === 0) o.fail('term', 'needs context words to decide: `brand_words:` and `common_words:` lists, or `context:` a table (word, sense, weight)');
  return words;
}

/**
 * `entity`: brand or common word? For each text mentioning an ambiguous term, a score from the context
 * words within a window of tokens (brand words +, common words −), weak capitalization and tag cues,
 * the decision and the evidence. Per text in TypeScript over batches read from DuckDB.
 */
export const entityCell = analysisCell({
  kind: 'entity',
  summary: 'Disambiguate a brand that is also a common word: per text a score from context words near the term (and capitalization), the decision brand / common / unsure and its evidence.',
  formats: { term_count: 'count' },
  tableKeys: ['context'],
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const text = column(run, 'text', 'text');
    const term = o.text('term');
    if (!/^[\p{L}\p{N}_]+$/u.test(term)) o.fail('term', `\`${term}\` must be one word (letters, digits or _), e.g. \`term: Pulse\``);
    const context = await contextWords(run);
    const window = o.number('window', 5, { min: 1 });
    if (!Number.isInteger(window)) o.fail('window', `must be a whole number of tokens (got ${window})`);
    const capitalWeight = o.number('capital_weight', 0.5, { min: 0 });
    const tagWeight = o.number('tag_weight', 1, { min: 0 });
    const threshold = o.number('threshold', 1, { min: 0, exclusive: true });
    refuseClashes(run, 'entity', COLUMNS.map((c) => c.name));
    const out = await perTextColumns(run, text, COLUMNS, (s) => termSense(s, { term, context, window, capitalWeight, tagWeight, threshold }));
    const notes: string[] = [];
    // The count of each decision (a verdict slot exists only for row results; this one is SQL, so it is said in the note).
    const [tally] = await queryRows(run, `SELECT count(decision) AS n, count(*) FILTER (WHERE decision = 'brand') AS brand, count(*) FILTER (WHERE decision = 'common') AS common, count(*) FILTER (WHERE decision = 'unsure') AS unsure FROM (${out.sql})`).catch(async (e) => {
      await out.cleanup();
      throw e;
    });
    if (Number(tally?.n) > 0) notes.push(`${tally!.n} text(s) mention \`${term}\`: ${tally!.brand} brand, ${tally!.common} common word, ${tally!.unsure} unsure`);
    else if (run.source!.rowCount > 0) notes.push(`no text mentions \`${term}\` as a word`);
    if (out.missing) notes.push(`${out.missing} row(s) with an empty \`${text.slice(1, -1).replaceAll('""', '"')}\` were kept with null columns`);
    return { sql: out.sql, cleanup: out.cleanup, notes };
  },
});
