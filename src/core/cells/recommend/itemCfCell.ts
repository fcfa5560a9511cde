import { rowsFromTable } from '../../arrow.ts';
import { quoteIdent, type TableInfo } from '../../engine.ts';
import { analysisCell, fromClause, type AnalysisOutput, type AnalysisRun } from '../analysis.ts';
import { column, optionalColumn } from '../quality/shared.ts';
import { boolOption, wholeOption } from './options.ts';

const OUTPUTS = ['recommendations', 'neighbours'] as const;
const RULES = ['exclude', 'pin', 'boost'] as const;

/**
 * `item-cf`: item–item collaborative filtering. Item similarities (cosine and Jaccard) come from a SQL
 * self-join of the interactions on the user; a user's score for an unseen item is the sum of its
 * similarities to the items they have (over each item's top `neighbours`). Popularity fills cold-start
 * users and short lists; a `tfidf` similarity table scores cold-start items and, with
 * `content_weight`, blends into every score; a rules table excludes, pins or boosts items last.
 */
export const itemCfCell = analysisCell({
  kind: 'item-cf',
  summary: 'Item–item collaborative filtering: cosine / Jaccard neighbours and top-k unseen items per user with the items that led to each, popularity and content fallbacks, business rules.',
  tableKeys: ['users', 'content', 'rules'],
  formats: { score: 'number', cf_score: 'number', content_score: 'number', similarity: 'number', cosine: 'number', jaccard: 'number', popularity: 'count', co_users: 'count' },
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const user = column(run, 'user', 'user_id');
    const item = column(run, 'item', 'item_id');
    const value = optionalColumn(run, 'value');
    const feedback = o.choice('feedback', ['implicit', 'explicit'] as const, 'implicit');
    if (feedback === 'explicit' && !value) o.fail('feedback', 'explicit feedback needs `value:` (the rating column)');
    const binary = feedback === 'implicit' ? boolOption(run, 'binary', true) : false;
    const center = feedback === 'explicit' ? boolOption(run, 'center', false) : false;
    const similarity = o.choice('similarity', ['cosine', 'jaccard'] as const, 'cosine');
    const output = o.choice('output', OUTPUTS, 'recommendations');
    const neighbours = wholeOption(run, 'neighbours', 20, 1);
    const minCo = wholeOption(run, 'min_co_users', 1, 1);
    const src = fromClause(run);
    const present = `${user} IS NOT NULL AND ${item} IS NOT NULL${value ? ` AND ${value} IS NOT NULL` : ''}`;
    // A training cut-off: only interactions before `before:` (by `time:`) build the model, so a later period can test it.
    const time = optionalColumn(run, 'time');
    const before = run.opts.has('before') ? run.opts.date('before') : undefined;
    if (before && !time) o.fail('before', 'needs `time:` (the column with each interaction\'s date)');
    const cut = before ? ` AND CAST(${time} AS DATE) < DATE '${before}'` : '';
    const where = `${present}${cut}`;
    const [check] = rowsFromTable(await run.query(`SELECT count(*) FILTER (WHERE NOT (${present})) AS dropped${before ? `, count(*) FILTER (WHERE ${present} AND NOT (CAST(${time} AS DATE) < DATE '${before}')) AS later` : ''} ${src}`));
    const notes: string[] = [];
    if (Number(check?.dropped)) notes.push(`${check!.dropped} row(s) without a user, an item${value ? ' or a value' : ''} left out`);
    if (Number(check?.later)) notes.push(`${check!.later} interaction(s) on or after ${before} (or without a time) left out of training`);

    const v = binary ? '1.0' : feedback === 'explicit' ? `avg(CAST(${value} AS DOUBLE))` : value ? `sum(CAST(${value} AS DOUBLE))` : 'count(*)::DOUBLE';
    const raw = `SELECT CAST(${user} AS VARCHAR) AS u, CAST(${item} AS VARCHAR) AS i, ${v} AS v ${src} WHERE ${where} GROUP BY 1, 2`;
    // Adjusted cosine (Sarwar et al. 2001): ratings less the user's mean, so a generous rater's 4 counts like a strict one's 3.
    const _cf_r = center ? `SELECT u, i, v - avg(v) OVER (PARTITION BY u) AS v FROM (${raw})` : raw;
    const chosen = similarity === 'cosine' ? 'cosine' : 'jaccard';
    const base = `
      _cf_r AS (${_cf_r}),
      _cf_stats AS (SELECT i, count(*) AS n_users, sqrt(sum(v * v)) AS len FROM _cf_r GROUP BY i),
      _cf_pairs AS (
        SELECT a.i, b.i AS j, sum(a.v * b.v) AS dot, count(*) AS co FROM _cf_r a JOIN _cf_r b ON a.u = b.u AND a.i <> b.i
        GROUP BY a.i, b.i HAVING count(*) >= ${minCo}
      ),
      _cf_sims AS (
        SELECT p.i, p.j, p.co, p.dot / nullif(si.len * sj.len, 0) AS cosine, p.co / (si.n_users + sj.n_users - p.co) AS jaccard
        FROM _cf_pairs p JOIN _cf_stats si ON si.i = p.i JOIN _cf_stats sj ON sj.i = p.j
      ),
      _cf_nb AS (
        SELECT *, ${chosen} AS sim, row_number() OVER (PARTITION BY i ORDER BY ${chosen} DESC, j) AS nrank FROM _cf_sims WHERE ${chosen} > 0
      )`;
    if (output === 'neighbours') {
      const sql = `WITH ${base}
        SELECT i AS item, j AS neighbour, nrank AS rank, sim AS similarity, cosine, jaccard, co AS co_users
        FROM _cf_nb WHERE nrank <= ${neighbours} ORDER BY i, nrank`;
      return { sql, notes };
    }

    const k = wholeOption(run, 'k', 10, 1);
    const evidenceN = wholeOption(run, 'evidence', 3, 1);
    const fill = boolOption(run, 'fill_popular', true);
    const weight = o.number('content_weight', 0, { min: 0, max: 1 });
    const users = run.opts.has('users') ? await usersClause(run) : undefined;
    const content = run.opts.has('content') ? await contentClause(run) : undefined;
    if (weight > 0 && !content) o.fail('content_weight', 'blends content similarities in: name the `content:` table (a tfidf `output: similar` result) too');
    const _cf_rules = run.opts.has('rules') ? await rulesClause(run) : undefined;

    const fmt = (x: string) => `printf('%.3f', ${x})`;
    const sql = `WITH ${base},
      _cf_seen AS (SELECT DISTINCT u, i FROM _cf_r),
      _cf_everyone AS (SELECT DISTINCT u FROM _cf_r${users ? ` UNION SELECT u FROM (${users})` : ''}),
      _cf_rules AS (${_cf_rules ?? `SELECT NULL::VARCHAR AS i, NULL::VARCHAR AS rule, NULL::DOUBLE AS value, NULL::VARCHAR AS u WHERE false`}),
      _cf_excluded AS (SELECT e.u, x.i FROM _cf_everyone e JOIN _cf_rules x ON x.rule = 'exclude' AND (x.u IS NULL OR x.u = e.u)),
      _cf_boosts AS (SELECT e.u, x.i, product(x.value) AS boost FROM _cf_everyone e JOIN _cf_rules x ON x.rule = 'boost' AND (x.u IS NULL OR x.u = e.u) GROUP BY ALL),
      _cf_contrib AS (
        SELECT _cf_r.u, _cf_nb.j AS item, _cf_r.i AS because, _cf_nb.sim FROM _cf_r JOIN _cf_nb ON _cf_nb.i = _cf_r.i AND _cf_nb.nrank <= ${neighbours}
        ANTI JOIN _cf_seen s ON s.u = _cf_r.u AND s.i = _cf_nb.j
      ),
      _cf_cf AS (
        SELECT u, item, sum(sim) AS cf_score,
               string_agg(because || ' (' || ${fmt('sim')} || ')', ', ' ORDER BY sim DESC, because) FILTER (WHERE ev <= ${evidenceN}) AS evidence
        FROM (SELECT *, row_number() OVER (PARTITION BY u, item ORDER BY sim DESC, because) AS ev FROM _cf_contrib) GROUP BY u, item
      ),
      ${content
        ? `_cf_c AS (${content}),
      _cf_ccontrib AS (SELECT _cf_r.u, _cf_c.j AS item, _cf_r.i AS because, _cf_c.sim FROM _cf_r JOIN _cf_c ON _cf_c.i = _cf_r.i ANTI JOIN _cf_seen s ON s.u = _cf_r.u AND s.i = _cf_c.j WHERE _cf_c.sim > 0),
      _cf_cs AS (
        SELECT u, item, sum(sim) AS content_score,
               string_agg(because || ' (' || ${fmt('sim')} || ')', ', ' ORDER BY sim DESC, because) FILTER (WHERE ev <= ${evidenceN}) AS evidence
        FROM (SELECT *, row_number() OVER (PARTITION BY u, item ORDER BY sim DESC, because) AS ev FROM _cf_ccontrib) GROUP BY u, item
      ),`
        : `_cf_cs AS (SELECT NULL::VARCHAR AS u, NULL::VARCHAR AS item, NULL::DOUBLE AS content_score, NULL::VARCHAR AS evidence WHERE false),`}
      _cf_warm AS (SELECT DISTINCT i FROM _cf_r),
      -- Popular items a user may need: k, plus as many as they have seen or rules may take away.
      _cf_caps AS (
        SELECT e.u, ${k} + coalesce(ns.n, 0) + (SELECT count(*) FROM _cf_rules WHERE rule IN ('pin', 'exclude')) AS cap
        FROM _cf_everyone e LEFT JOIN (SELECT u, count(*) AS n FROM _cf_seen GROUP BY u) ns ON ns.u = e.u
      ),
      _cf_pop AS (SELECT i, count(DISTINCT u) AS popularity FROM _cf_r GROUP BY i),
      _cf_blended AS (
        SELECT coalesce(_cf_cf.u, _cf_cs.u) AS u, coalesce(_cf_cf.item, _cf_cs.item) AS item, _cf_cf.cf_score, _cf_cs.content_score,
               (coalesce(_cf_cf.item, _cf_cs.item) IN (SELECT i FROM _cf_warm)) AS is_warm, _cf_cf.evidence AS cf_evidence, _cf_cs.evidence AS content_evidence
        FROM _cf_cf FULL JOIN _cf_cs ON _cf_cf.u = _cf_cs.u AND _cf_cf.item = _cf_cs.item
      ),
      _cf_scored AS (
        SELECT b.u, b.item,
               CASE WHEN is_warm THEN ${1 - weight} * coalesce(cf_score, 0) + ${weight} * coalesce(content_score, 0) ELSE content_score END AS raw_score,
               cf_score, content_score,
               CASE WHEN NOT is_warm THEN 'content' WHEN coalesce(cf_score, 0) > 0 AND ${weight} > 0 AND coalesce(content_score, 0) > 0 THEN 'hybrid'
                    WHEN coalesce(cf_score, 0) > 0 THEN 'collaborative' ELSE 'content' END AS source,
               CASE WHEN is_warm AND coalesce(cf_score, 0) > 0 THEN cf_evidence ELSE content_evidence END AS evidence
        FROM _cf_blended b
      ),
      _cf_candidates AS (
        SELECT s.u, s.item, 1 AS tier, s.raw_score * coalesce(bo.boost, 1) AS score, s.cf_score, s.content_score, coalesce(bo.boost, 1) AS boost,
               s.source, s.evidence, NULL::DOUBLE AS pin_order
        FROM _cf_scored s LEFT JOIN _cf_boosts bo ON bo.u = s.u AND bo.i = s.item WHERE s.raw_score > 0
        UNION ALL
        SELECT e.u, x.i, 0, NULL, NULL, NULL, 1, 'pinned', 'pinned by a rule', x.value
        FROM _cf_everyone e JOIN _cf_rules x ON x.rule = 'pin' AND (x.u IS NULL OR x.u = e.u)
        ${fill ? `UNION ALL
        SELECT e.u, p.i, 2, NULL, NULL, NULL, 1, 'popularity', 'popular: ' || p.popularity || ' users', NULL
        FROM _cf_caps e JOIN (SELECT *, row_number() OVER (ORDER BY popularity DESC, i) AS prank FROM _cf_pop) p ON p.prank <= e.cap` : ''}
      ),
      _cf_kept AS (
        SELECT cand.* FROM _cf_candidates cand ANTI JOIN _cf_seen s ON s.u = cand.u AND s.i = cand.item ANTI JOIN _cf_excluded x ON x.u = cand.u AND x.i = cand.item
        QUALIFY row_number() OVER (PARTITION BY cand.u, cand.item ORDER BY tier) = 1
      ),
      _cf_ranked AS (
        SELECT *, row_number() OVER (PARTITION BY u ORDER BY tier, pin_order NULLS LAST, score DESC NULLS LAST, item) AS rank FROM _cf_kept
      )
      SELECT k.u AS "user", k.rank, k.item, k.score, k.cf_score, k.content_score, p.popularity, k.boost, k.source, k.evidence
      FROM _cf_ranked k LEFT JOIN _cf_pop p ON p.i = k.item WHERE k.rank <= ${k} ORDER BY k.u, k.rank`;
    const counts = rowsFromTable(await run.query(`WITH ${base}, _cf_everyone AS (SELECT DISTINCT u FROM _cf_r${users ? ` UNION SELECT u FROM (${users})` : ''})
      SELECT (SELECT count(*) FROM _cf_everyone WHERE u NOT IN (SELECT u FROM _cf_r)) AS cold_users${content ? `, (SELECT count(DISTINCT j) FROM (${content}) WHERE j NOT IN (SELECT i FROM _cf_r)) AS cold_items` : ''}`))[0];
    if (Number(counts?.cold_users)) notes.push(`${counts!.cold_users} cold-start user(s) without interactions get popular items`);
    if (Number(counts?.cold_items)) notes.push(`${counts!.cold_items} cold-start item(s) without interactions are scored by content similarity`);
    return { sql, notes };
  },
});

/** The `users:` table's user column (named as the interactions' `user:` column unless `users_column:`). */
async function usersClause(run: AnalysisRun): Promise<string> {
  const t = await run.table('users');
  const name = run.opts.text('users_column', run.opts.text('user', 'user_id'));
  const col = findColumn(run, t, 'users_column', name);
  return `SELECT DISTINCT CAST(${col} AS VARCHAR) AS u FROM ${quoteIdent(t.name)} WHERE ${col} IS NOT NULL`;
}

/** A tfidf `output: similar` table (doc, similar_doc, cosine) as (i, j, sim). */
async function contentClause(run: AnalysisRun): Promise<string> {
  const t = await run.table('content');
  const [a, b, s] = ['doc', 'similar_doc', 'cosine'].map((c) => findColumn(run, t, 'content', c));
  return `SELECT CAST(${a} AS VARCHAR) AS i, CAST(${b} AS VARCHAR) AS j, CAST(${s} AS DOUBLE) AS sim FROM ${quoteIdent(t.name)} WHERE ${a} IS NOT NULL AND ${b} IS NOT NULL`;
}

/** Rules: `item`, `rule` (exclude | pin | boost), optional `value` (boost factor; pin position) and `user` (blank = everyone). */
async function rulesClause(run: AnalysisRun): Promise<string> {
  const t = await run.table('rules');
  const item = findColumn(run, t, 'rules', 'item');
  const rule = findColumn(run, t, 'rules', 'rule');
  const has = (c: string) => t.columns.some((x) => x.name.toLowerCase() === c);
  const value = has('value') ? findColumn(run, t, 'rules', 'value') : undefined;
  const who = has('user') ? findColumn(run, t, 'rules', 'user') : undefined;
  const bad = rowsFromTable(await run.query(
    `SELECT row_number() OVER () AS line, ${rule} AS rule, ${item} AS item${value ? `, ${value} AS value` : ''} FROM ${quoteIdent(t.name)}`,
  )).find((x) => x.item === null || !RULES.includes(String(x.rule ?? '').trim().toLowerCase() as (typeof RULES)[number]) || (String(x.rule).trim().toLowerCase() === 'boost' && !(Number(x.value) > 0)));
  if (bad) {
    run.opts.fail('rules', `row ${String(bad.line)} of \`${t.name}\` (rule \`${String(bad.rule)}\`, item \`${String(bad.item)}\`): ${bad.item === null ? 'has no item' : String(bad.rule).trim().toLowerCase() === 'boost' ? 'a boost needs a `value` above 0 (the factor the score is multiplied by)' : `the rule must be one of ${RULES.join(', ')}`}`);
  }
  return `SELECT CAST(${item} AS VARCHAR) AS i, lower(trim(CAST(${rule} AS VARCHAR))) AS rule, ${value ? `CAST(${value} AS DOUBLE)` : 'NULL::DOUBLE'} AS value, ${who ? `CAST(${who} AS VARCHAR)` : 'NULL::VARCHAR'} AS u FROM ${quoteIdent(t.name)}`;
}

function findColumn(run: AnalysisRun, t: TableInfo, key: string, name: string): string {
  const col = t.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!col) return run.opts.fail(key, `\`${t.name}\` has no column \`${name}\` (its columns: ${t.columns.map((c) => c.name).join(', ')})`);
  return quoteIdent(col.name);
}
