import { numberColumn, tableFromColumns, textColumn } from '../../arrow.ts';
import { loadVader } from '../../analytics/text/vader/load-vader.ts';
import { quoteIdent } from '../../engine.ts';
import { analysisCell, fromClause, type AnalysisOutput, type AnalysisRun } from '../analysis.ts';
import { column, listColumns, queryRows } from '../quality/shared.ts';

const ROW = '__pulse_row';
/** Texts read from DuckDB per query: bounds memory on millions of comments while keeping round trips few. */
const BATCH = 20_000;
const SCORE_COLUMNS = ['compound', 'pos', 'neu', 'neg', 'label', 'review'];
const SEGMENT_TAIL = ['n', 'n_missing', 'mean_compound', 'median_compound', 'share_positive', 'share_neutral', 'share_negative', 'n_review'];

interface Thresholds {
  positive: number;
  negative: number;
  reviewBelow: number;
}

function thresholds(run: AnalysisRun): Thresholds {
  const o = run.opts;
  const positive = o.number('positive', 0.05, { min: -1, max: 1 });
  const negative = o.number('negative', -0.05, { min: -1, max: 1 });
  if (negative >= positive) o.fail('negative', `must be below \`positive:\` (${positive}); VADER's usual cut-offs are positive: 0.05, negative: -0.05`);
  const reviewBelow = o.number('review_below', 0.25, { min: 0, max: 1 });
  return { positive, negative, reviewBelow };
}

const labelSql = (t: Thresholds, c = 'compound') =>
  `CASE WHEN ${c} IS NULL THEN NULL WHEN ${c} >= ${t.positive} THEN 'positive' WHEN ${c} <= ${t.negative} THEN 'negative' ELSE 'neutral' END`;

/**
 * Score every text with VADER in batches and register the scores (row number, compound, pos, neu,
 * neg) as a helper table; null texts get no score row. Returns how many were scored and how long it took.
 */
async function scoreTexts(run: AnalysisRun, numbered: string, text: string, scores: string): Promise<{ scored: number; missing: number; ms: number }> {
  const vader = await loadVader();
  const rows: number[] = [];
  const out = { compound: [] as number[], pos: [] as number[], neu: [] as number[], neg: [] as number[] };
  const total = run.source!.rowCount;
  let missing = 0;
  const started = Date.now();
  for (let lo = 0; lo < total; lo += BATCH) {
    const t = await run.query(`SELECT ${ROW} AS r, CAST(${text} AS VARCHAR) AS t FROM ${quoteIdent(numbered)} WHERE ${ROW} > ${lo} AND ${ROW} <= ${lo + BATCH} ORDER BY ${ROW}`);
    const ids = numberColumn(t, 'r');
    const texts = textColumn(t, 't');
    ids.forEach((id, k) => {
      const s = texts[k];
      if (s === null || s === undefined) {
        missing++;
        return;
      }
      const v = vader.polarityScores(s);
      rows.push(id!);
      out.compound.push(v.compound);
      out.pos.push(v.pos);
      out.neu.push(v.neu);
      out.neg.push(v.neg);
    });
  }
  const ms = Date.now() - started;
  await run.engine.registerArrow(scores, tableFromColumns([
    { name: ROW, type: 'BIGINT', values: rows },
    ...(['compound', 'pos', 'neu', 'neg'] as const).map((name) => ({ name, type: 'DOUBLE' as const, values: out[name] })),
  ]));
  return { scored: rows.length, missing, ms };
}

async function dropQuietly(run: AnalysisRun, name: string): Promise<void> {
  try {
    await run.engine.drop(name);
  } catch {
    // Never created (an error before it): nothing to clean up.
  }
}

/**
 * `sentiment`: VADER (Hutto & Gilbert 2014) per text — compound, pos, neu, neg, a label by thresholds
 * and a review flag for weak scores — or, with `output: segments`, the mean score and label shares per
 * `by:` segment. Texts are scored in TypeScript (the method is lexical), read from DuckDB in batches;
 * labels and aggregates are SQL over the scores.
 */
export const sentimentCell = analysisCell({
  kind: 'sentiment',
  summary: 'VADER lexicon sentiment per text (negation, boosters, "but", caps, !, emoji): compound, pos/neu/neg, label, review flag; or shares by segment.',
  formats: { pos: 'percent', neu: 'percent', neg: 'percent', share_positive: 'percent', share_neutral: 'percent', share_negative: 'percent', n: 'count', n_missing: 'count', n_review: 'count' },
  verdict(rows) {
    if (!('mean_compound' in rows[0]!)) return undefined;
    const scored = rows.filter((r) => typeof r.mean_compound === 'number' && Number(r.n) > 0);
    if (scored.length === 0) return undefined;
    const pct = (x: unknown) => `${(Number(x) * 100).toFixed(0)} %`;
    const seg = (r: Record<string, unknown>) => String(r.segment ?? 'all');
    if (scored.length === 1) {
      const r = scored[0]!;
      return `${seg(r)}: mean compound ${Number(r.mean_compound).toFixed(2)}, ${pct(r.share_positive)} positive, ${pct(r.share_negative)} negative (n = ${r.n})`;
    }
    const sorted = [...scored].sort((a, b) => Number(b.mean_compound) - Number(a.mean_compound));
    const hi = sorted[0]!;
    const lo = sorted[sorted.length - 1]!;
    return `Most positive: ${seg(hi)} (mean compound ${Number(hi.mean_compound).toFixed(2)}, ${pct(hi.share_positive)} positive); most negative: ${seg(lo)} (${Number(lo.mean_compound).toFixed(2)}, ${pct(lo.share_negative)} negative)`;
  },
  async compute(run): Promise<AnalysisOutput> {
    const text = column(run, 'text', 'text');
    const by = listColumns(run, 'by');
    const output = run.opts.choice('output', ['rows', 'segments'] as const, 'rows');
    const t = thresholds(run);
    const src = run.source!;
    if (output === 'rows') {
      const clash = src.columns.find((c) => SCORE_COLUMNS.includes(c.name.toLowerCase()));
      if (clash) run.opts.fail('from', `\`${src.name}\` already has a column \`${clash.name}\`; rename it in SQL first (the sentiment result adds ${SCORE_COLUMNS.join(', ')})`);
    }
    const numbered = `__sentiment_rows_${run.cell.id}`;
    const scores = `__sentiment_scores_${run.cell.id}`;
    const cleanup = async () => {
      await dropQuietly(run, numbered);
      await dropQuietly(run, scores);
    };
    try {
      await run.engine.materialize(numbered, `SELECT row_number() OVER () AS ${ROW}, * ${fromClause(run)}`);
      const { scored, missing, ms } = await scoreTexts(run, numbered, text, scores);
      const notes: string[] = [];
      if (missing) notes.push(`${missing} row(s) with an empty \`${text.slice(1, -1)}\` have no score (compound and label null)`);
      if (scored >= 1000) notes.push(`scored ${scored.toLocaleString('en-US')} texts in ${(ms / 1000).toFixed(1)} s`);
      const joined = `SELECT t.*, s.compound, s.pos, s.neu, s.neg FROM ${quoteIdent(numbered)} t LEFT JOIN ${quoteIdent(scores)} s ON t.${ROW} = s.${ROW}`;
      if (output === 'rows') {
        const sql = `SELECT * EXCLUDE (${ROW}), ${labelSql(t)} AS label, CASE WHEN compound IS NULL THEN NULL ELSE abs(compound) < ${t.reviewBelow} END AS review
          FROM (${joined}) ORDER BY ${ROW}`;
        return { sql, cleanup, notes };
      }
      const segment = by.quoted.length ? `concat_ws(' / ', ${by.quoted.map((q) => `coalesce(CAST(${q} AS VARCHAR), '(empty)')`).join(', ')})` : `'all'`;
      const rows = await queryRows(run, `
        WITH j AS (SELECT ${by.quoted.length ? `${by.quoted.join(', ')}, ` : ''}${segment} AS __segment, compound, ${labelSql(t)} AS label FROM (${joined}))
        SELECT ${by.quoted.length ? `${by.quoted.map((q) => `any_value(${q}) AS ${q}`).join(', ')}, ` : ''}__segment AS segment,
               count(compound)::BIGINT AS n, (count(*) - count(compound))::BIGINT AS n_missing,
               avg(compound) AS mean_compound, median(compound) AS median_compound,
               avg(CASE WHEN label = 'positive' THEN 1.0 WHEN label IS NOT NULL THEN 0.0 END) AS share_positive,
               avg(CASE WHEN label = 'neutral' THEN 1.0 WHEN label IS NOT NULL THEN 0.0 END) AS share_neutral,
               avg(CASE WHEN label = 'negative' THEN 1.0 WHEN label IS NOT NULL THEN 0.0 END) AS share_negative,
               count(*) FILTER (WHERE abs(compound) < ${t.reviewBelow})::BIGINT AS n_review
        FROM j GROUP BY __segment ORDER BY __segment`);
      await cleanup();
      const columns = [...by.names, 'segment', ...SEGMENT_TAIL];
      const types = {
        ...Object.fromEntries(by.names.map((n) => [n, 'VARCHAR' as const])), segment: 'VARCHAR' as const, n: 'BIGINT' as const, n_missing: 'BIGINT' as const, n_review: 'BIGINT' as const,
        mean_compound: 'DOUBLE' as const, median_compound: 'DOUBLE' as const, share_positive: 'DOUBLE' as const, share_neutral: 'DOUBLE' as const, share_negative: 'DOUBLE' as const,
      };
      return { rows: rows.map((r) => ({ ...r, ...Object.fromEntries(by.names.map((n) => [n, r[n] === null || r[n] === undefined ? null : String(r[n])])) })), columns, types, notes };
    } catch (e) {
      await cleanup();
      throw e;
    }
  },
});
