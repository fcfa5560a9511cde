import { numberColumn, rowsFromTable, tableFromColumns, textColumn } from '../../arrow.ts';
import { termCounts } from '../../analytics/text/word-tokens.ts';
import { quoteIdent } from '../../engine.ts';
import { analysisCell, fromClause, type AnalysisOutput } from '../analysis.ts';
import { column } from '../quality/shared.ts';
import { boolOption as bool, dropQuietly, wholeOption as whole } from '../recommend/options.ts';

/** Documents tokenized per round trip: bounds the text held in memory at once. */
const BATCH = 20_000;
const OUTPUTS = ['vectors', 'similar', 'terms'] as const;

/**
 * `tfidf`: TF-IDF vectors as scikit-learn's TfidfVectorizer makes them by default (word tokens of two
 * or more letters / digits / `_`, lower-cased; raw counts; smooth idf = ln((1+n)/(1+df)) + 1; l2
 * norm), as long rows (doc, term, tfidf), the vocabulary with df and idf, or per document the top-k
 * most similar documents by cosine (content-based recommendations). Tokens are made in TypeScript in
 * batches (word-tokens.ts says why); df, idf, weights, norms and the similarity self-join are SQL.
 */
export const tfidfCell = analysisCell({
  kind: 'tfidf',
  summary: 'TF-IDF vectors (scikit-learn defaults), the vocabulary with df / idf, and the top-k most similar documents by cosine.',
  formats: { cosine: 'number', tfidf: 'number', idf: 'number' },
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const id = column(run, 'id', 'id');
    const text = column(run, 'text', 'text');
    const output = o.choice('output', OUTPUTS, 'vectors');
    const sublinear = bool(run, 'sublinear_tf', false);
    const smooth = bool(run, 'smooth_idf', true);
    const useIdf = bool(run, 'use_idf', true);
    const lowercase = bool(run, 'lowercase', true);
    const norm = o.choice('norm', ['l2', 'l1', 'none'] as const, 'l2');
    const minDf = whole(run, 'min_df', 1, 1);
    const maxDf = o.number('max_df', 1, { min: 0, max: 1, exclusive: false });
    const k = output === 'similar' ? whole(run, 'k', 5, 1) : 0;
    const minCosine = output === 'similar' ? o.number('min_cosine', 0, { min: 0, max: 1 }) : 0;
    const stop = new Set(o.list('stop_words').map((w) => (lowercase ? w.toLowerCase() : w)));

    const docs = `__tfidf_docs_${run.cell.id}`;
    const counts = `__tfidf_counts_${run.cell.id}`;
    const engine = run.engine;
    const cleanup = async () => {
      await dropQuietly(engine, docs, counts);
    };
    try {
      // One document per id (rows sharing an id are one document, their texts joined by a line break).
      const info = await engine.materialize(
        docs,
        `SELECT row_number() OVER (ORDER BY doc) AS r, doc, txt FROM (
           SELECT ${id} AS doc, string_agg(CAST(${text} AS VARCHAR), chr(10) ORDER BY CAST(${text} AS VARCHAR)) AS txt
           ${fromClause(run)} WHERE ${id} IS NOT NULL AND ${text} IS NOT NULL GROUP BY ${id})`,
      );
      const [check] = rowsFromTable(await engine.query(`SELECT count(*) FILTER (WHERE ${id} IS NULL) AS no_id, count(*) FILTER (WHERE ${id} IS NOT NULL AND ${text} IS NULL) AS no_text, count(*) FILTER (WHERE ${id} IS NOT NULL AND ${text} IS NOT NULL) - count(DISTINCT ${id}) FILTER (WHERE ${text} IS NOT NULL) AS merged ${fromClause(run)}`));
      const notes: string[] = [];
      if (Number(check?.no_id)) notes.push(`${check!.no_id} row(s) without an id left out`);
      if (Number(check?.no_text)) notes.push(`${check!.no_text} row(s) without text left out`);
      if (Number(check?.merged)) notes.push(`${check!.merged} row(s) share an id with another row and were joined into its document`);

      const r: number[] = [];
      const terms: string[] = [];
      const tfs: number[] = [];
      for (let from = 1; from <= info.rowCount; from += BATCH) {
        const t = await engine.query(`SELECT r, txt FROM ${quoteIdent(docs)} WHERE r BETWEEN ${from} AND ${from + BATCH - 1} ORDER BY r`);
        const ids = numberColumn(t, 'r');
        const texts = textColumn(t, 'txt');
        ids.forEach((docRow, i) => {
          for (const [term, n] of termCounts(texts[i] ?? '', lowercase)) {
            if (stop.has(term)) continue;
            r.push(docRow!);
            terms.push(term);
            tfs.push(n);
          }
        });
      }
      await engine.registerArrow(counts, tableFromColumns([
        { name: 'r', type: 'BIGINT', values: r },
        { name: 'term', type: 'VARCHAR', values: terms },
        { name: 'n', type: 'BIGINT', values: tfs },
      ]));
      if (info.rowCount === 0 && run.source!.rowCount > 0) notes.push('no row has both an id and a text');

      const n = `(SELECT count(*) FROM ${quoteIdent(docs)})::DOUBLE`;
      const idf = !useIdf ? '1.0' : smooth ? `ln((1 + ${n}) / (1 + df)) + 1` : `ln(${n} / df) + 1`;
      const tf = sublinear ? '(1 + ln(c.n))' : 'c.n::DOUBLE';
      const normOf = norm === 'l2' ? 'sqrt(sum(w * w) OVER (PARTITION BY r))' : norm === 'l1' ? 'sum(abs(w)) OVER (PARTITION BY r)' : '1.0';
      const vocab = `v AS (
          SELECT term, count(*) AS df, ${idf} AS idf FROM ${quoteIdent(counts)} GROUP BY term
          HAVING count(*) >= ${minDf} AND count(*) <= ${maxDf} * ${n}
        )`;
      if (output === 'terms') return { sql: `WITH ${vocab} SELECT term, df, idf FROM v ORDER BY term`, cleanup, notes };
      const base = `
        WITH ${vocab}, w AS (
          SELECT c.r, c.term, c.n AS count, ${tf} AS tf, v.df, v.idf, ${tf} * v.idf AS w
          FROM ${quoteIdent(counts)} c JOIN v USING (term)
        ), x AS (SELECT *, w / ${normOf} AS tfidf FROM w)`;
      if (output === 'vectors') {
        return { sql: `${base} SELECT d.doc, x.term, x.count, x.tf, x.df, x.idf, x.tfidf FROM x JOIN ${quoteIdent(docs)} d USING (r) ORDER BY d.r, x.term`, cleanup, notes };
      }
      // Cosine of the weight vectors (whatever the norm: cosine does not depend on it), through shared terms only.
      const sql = `${base}, len AS (SELECT r, sqrt(sum(w * w)) AS len FROM w GROUP BY r),
        pair AS (
          SELECT a.r AS ra, b.r AS rb, sum(a.w * b.w) AS dot, count(*) AS shared_terms,
                 first(a.term ORDER BY a.w * b.w DESC, a.term) AS top_shared_term
          FROM w a JOIN w b ON a.term = b.term AND a.r <> b.r GROUP BY a.r, b.r
        ), scored AS (
          SELECT p.ra, p.rb, p.dot / (la.len * lb.len) AS cosine, p.shared_terms, p.top_shared_term
          FROM pair p JOIN len la ON la.r = p.ra JOIN len lb ON lb.r = p.rb
        ), ranked AS (
          SELECT *, row_number() OVER (PARTITION BY ra ORDER BY cosine DESC, rb) AS rank FROM scored WHERE cosine > ${minCosine}
        )
        SELECT da.doc, db.doc AS similar_doc, rank, cosine, shared_terms, top_shared_term
        FROM ranked JOIN ${quoteIdent(docs)} da ON da.r = ra JOIN ${quoteIdent(docs)} db ON db.r = rb
        WHERE rank <= ${k} ORDER BY ra, rank`;
      return { sql, cleanup, notes };
    } catch (e) {
      await cleanup();
      throw e;
    }
  },
});

