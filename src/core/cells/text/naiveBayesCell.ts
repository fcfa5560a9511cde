import { textColumn } from '../../arrow.ts';
import { NaiveBayesCounts, fitNaiveBayes, predictNaiveBayes, type NaiveBayesModel, type NaiveBayesPrediction } from '../../analytics/text/naive-bayes.ts';
import { wordTokens } from '../../analytics/text/word-tokens.ts';
import { quoteIdent } from '../../engine.ts';
import { analysisCell, type AnalysisOutput, type AnalysisRun } from '../analysis.ts';
import { column, queryRows } from '../quality/shared.ts';
import { boolOption as bool, dropQuietly, wholeOption as whole } from '../recommend/options.ts';
import { perTextColumns, refuseClashes, type PerTextColumn } from './perText.ts';

const ADDED = ['predicted', 'probability', 'tokens', 'unknown_tokens', 'evidence', 'review'];
/** Labelled texts read per query while counting (memory holds only the counts). */
const BATCH = 20_000;

const COLUMNS: PerTextColumn<NaiveBayesPrediction>[] = [
  { name: 'predicted', type: 'VARCHAR', value: (p) => p.label },
  { name: 'probability', type: 'DOUBLE', value: (p) => p.probability },
  { name: 'tokens', type: 'BIGINT', value: (p) => p.tokens },
  { name: 'unknown_tokens', type: 'BIGINT', value: (p) => p.unknownTokens },
  { name: 'evidence', type: 'LIST', value: (p) => p.evidence.map((e) => `${e.term} (${e.weight.toFixed(2)})`) },
];

/** Count the labelled texts of `train:` class by class, in batches. */
async function trainingCounts(run: AnalysisRun, lowercase: boolean): Promise<{ counts: NaiveBayesCounts; skipped: number; table: string }> {
  const info = await run.table('train');
  const find = (key: string, fallback?: string) => {
    const name = run.opts.text(key, fallback);
    const col = info.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (!col) run.opts.fail(key, `\`${name}\` is not a column of \`${info.name}\` (its columns: ${info.columns.map((c) => c.name).join(', ')})`);
    return quoteIdent(col.name);
  };
  const text = find('train_text', run.opts.text('text', 'text'));
  const label = find('label');
  const numbered = `__nb_train_${run.cell.id}`;
  const counts = new NaiveBayesCounts();
  try {
    const t = await run.engine.materialize(
      numbered,
      `SELECT row_number() OVER () AS r, CAST(${text} AS VARCHAR) AS t, trim(CAST(${label} AS VARCHAR)) AS l FROM ${quoteIdent(info.name)} WHERE ${text} IS NOT NULL AND nullif(trim(CAST(${label} AS VARCHAR)), '') IS NOT NULL`,
    );
    for (let lo = 0; lo < t.rowCount; lo += BATCH) {
      const b = await run.query(`SELECT t, l FROM ${quoteIdent(numbered)} WHERE r > ${lo} AND r <= ${lo + BATCH} ORDER BY r`);
      const texts = textColumn(b, 't');
      textColumn(b, 'l').forEach((l, k) => counts.add(l!, wordTokens(texts[k] ?? '', lowercase)));
    }
    return { counts, skipped: info.rowCount - t.rowCount, table: info.name };
  } finally {
    await dropQuietly(run.engine, numbered);
  }
}

/** Per class, the terms that point to it most: log P̂(t|c) over the largest log P̂(t|c') of another class. */
function telltaleTerms(model: NaiveBayesModel, counts: NaiveBayesCounts, top: number): Record<string, unknown>[] {
  return model.classes.flatMap((c, j) => {
    const seen = counts.perClass.get(c)!.terms;
    return [...seen]
      .map(([term, n]) => {
        const ll = model.logLikelihood.get(term)!;
        const other = ll.length > 1 ? Math.max(...ll.filter((_, i) => i !== j)) : 0;
        return { class: c, term, count: n, probability: Math.exp(ll[j]!), log_ratio: ll.length > 1 ? ll[j]! - other : null };
      })
      .sort((a, b) => (b.log_ratio ?? 0) - (a.log_ratio ?? 0) || b.count - a.count || (a.term < b.term ? -1 : 1))
      .slice(0, top)
      .map((r, i) => ({ ...r, rank: i + 1 }));
  });
}

/**
 * `naive-bayes`: a multinomial naive Bayes text classifier (IIR ch. 13) trained on a labelled table and
 * applied to the texts of `from`: the predicted class, its probability, the unknown-word count (vocabulary
 * drift), the words that decided it and a review flag. Counting streams the training texts in batches;
 * scoring is per text (perText.ts); routing in SQL.
 */
export const naiveBayesCell = analysisCell({
  kind: 'naive-bayes',
  summary: 'Trainable multinomial naive Bayes text classifier (custom sentiment or intent): predicted class, probability, unknown words, evidence and a review flag; or the telltale terms per class.',
  formats: { probability: 'percent' },
  tableKeys: ['train'],
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const text = column(run, 'text', 'text');
    const alpha = o.number('alpha', 1, { min: 0, exclusive: true });
    const fitPrior = bool(run, 'fit_prior', true);
    const lowercase = bool(run, 'lowercase', true);
    const output = o.choice('output', ['predictions', 'terms'] as const, 'predictions');
    const reviewBelow = o.number('review_below', 0.6, { min: 0, max: 1 });
    const evidence = whole(run, 'evidence', 3, 0);
    const top = whole(run, 'top_terms', 20, 1);
    if (!o.has('train')) o.fail('train', 'is required: the table of labelled texts to learn from (a text column and a `label:` column)');
    if (!o.has('label')) o.fail('label', 'is required: the column of `train:` holding each text\'s class');
    if (output === 'predictions') refuseClashes(run, 'naive-bayes', ADDED);
    const { counts, skipped, table } = await trainingCounts(run, lowercase);
    if (counts.perClass.size < 2) o.fail('label', `\`${table}\` has ${counts.perClass.size === 0 ? 'no labelled text' : `only the class \`${[...counts.perClass.keys()][0]}\``}; a classifier needs texts of at least two classes`);
    const model = fitNaiveBayes(counts, alpha, fitPrior);
    const notes = [
      `trained on ${model.documents.reduce((s, x) => s + x, 0)} text(s) of \`${table}\`: ${model.classes.map((c, j) => `${c} ${model.documents[j]}`).join(', ')}; ${model.logLikelihood.size} distinct words`,
    ];
    if (skipped) notes.push(`${skipped} row(s) of \`${table}\` without a text or a label were not used for training`);
    if (output === 'terms') return { rows: telltaleTerms(model, counts, top), types: { class: 'VARCHAR', term: 'VARCHAR', count: 'BIGINT', probability: 'DOUBLE', log_ratio: 'DOUBLE', rank: 'BIGINT' }, columns: ['class', 'rank', 'term', 'count', 'probability', 'log_ratio'], notes };
    const extra = `CASE WHEN predicted IS NULL THEN NULL ELSE probability < ${reviewBelow} END AS review`;
    const out = await perTextColumns(run, text, COLUMNS, (s) => predictNaiveBayes(model, wordTokens(s, lowercase), evidence), extra);
    if (out.missing) notes.push(`${out.missing} row(s) without a text (NULL) were kept with null columns`);
    try {
      const [share] = await queryRows(run, `SELECT sum(unknown_tokens) AS u, sum(tokens) AS n FROM (${out.sql})`);
      const n = Number(share?.n ?? 0);
      if (n > 0) notes.push(`${((100 * Number(share!.u)) / n).toFixed(1)} % of the words scored were not in the training vocabulary`);
    } catch (e) {
      await out.cleanup();
      throw e;
    }
    return { sql: out.sql, cleanup: out.cleanup, notes };
  },
});
