import { rowsFromTable, type ColumnType } from '../../arrow.ts';
import { formatNumber } from '../../format/numbers.ts';
import { quoteIdent, type TableInfo } from '../../engine.ts';
import { analysisCell, fromClause, type AnalysisOutput, type AnalysisRun } from '../analysis.ts';
import { column, sqlString } from '../quality/shared.ts';
import { wholeOption } from './options.ts';

const OUTPUTS = ['summary', 'users', 'exposure'] as const;
const SUMMARY = ['model', 'k', 'users', 'precision', 'recall', 'map', 'ndcg', 'hit_rate', 'coverage', 'recommended_items', 'catalogue_items'];
const SUMMARY_TYPES: Record<string, ColumnType> = { model: 'VARCHAR', k: 'BIGINT', users: 'BIGINT', recommended_items: 'BIGINT', catalogue_items: 'BIGINT' };
const EXPOSURE = ['model', 'group', 'exposure', 'exposure_share', 'relevant', 'relevant_share', 'hits', 'recall', 'ratio', 'disparity'];
const EXPOSURE_TYPES: Record<string, ColumnType> = { model: 'VARCHAR', group: 'VARCHAR', relevant: 'BIGINT', hits: 'BIGINT', disparity: 'BOOLEAN' };

/**
 * `rec-eval`: offline evaluation of top-k lists against held-out interactions: precision@k, recall@k,
 * MAP@k (AP over min(k, |relevant|)), NDCG@k (binary relevance, log2 discount), hit rate and catalogue
 * coverage, per user or as means per model; and per-group exposure parity (a group's share of the
 * recommendation slots against its share of the relevant items). All in SQL.
 */
export const recEvalCell = analysisCell({
  kind: 'rec-eval',
  summary: 'Offline top-k evaluation per model: precision, recall, MAP, NDCG, hit rate, coverage; per-group exposure parity with a disparity flag.',
  tableKeys: ['relevant', 'catalogue', 'groups'],
  formats: { precision: 'percent', recall: 'percent', map: 'number', ndcg: 'number', hit_rate: 'percent', coverage: 'percent', ap: 'number', exposure_share: 'percent', relevant_share: 'percent', ratio: 'number', users: 'count', hits: 'count' },
  verdict: recEvalVerdict,
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const user = column(run, 'user', 'user');
    const item = column(run, 'item', 'item');
    const rank = column(run, 'rank', 'rank');
    const hasModelColumn = run.source!.columns.some((c) => c.name.toLowerCase() === 'model');
    const model = o.has('model') || hasModelColumn ? column(run, 'model', 'model') : sqlString(run.source!.name);
    const k = wholeOption(run, 'k', 10, 1);
    const output = o.choice('output', OUTPUTS, 'summary');
    const relTable = await run.table('relevant');
    const relUser = pick(run, relTable, 'relevant_user', [o.text('user', 'user'), 'user_id', 'user']);
    const relItem = pick(run, relTable, 'relevant_item', [o.text('item', 'item'), 'item_id', 'item']);

    // The held-out period: relevant interactions from `period_start` up to and including `period_end` (by `relevant_time`).
    const start = o.has('period_start') ? o.date('period_start') : undefined;
    const end = o.has('period_end') ? o.date('period_end') : undefined;
    const relTime = start || end ? pick(run, relTable, 'relevant_time', ['time', 'date', 'timestamp']) : undefined;
    const period = relTime ? `${start ? ` AND CAST(${relTime} AS DATE) >= DATE '${start}'` : ''}${end ? ` AND CAST(${relTime} AS DATE) <= DATE '${end}'` : ''}` : '';
    const notes: string[] = [];
    if (relTime) notes.push(`held-out period ${start ?? '…'} to ${end ?? '…'}`);
    const base = `
      _re_given AS (
        SELECT CAST(${model} AS VARCHAR) AS model, CAST(${user} AS VARCHAR) AS u, CAST(${item} AS VARCHAR) AS i, min(CAST(${rank} AS DOUBLE)) AS r
        ${fromClause(run)} WHERE ${user} IS NOT NULL AND ${item} IS NOT NULL AND ${rank} IS NOT NULL GROUP BY 1, 2, 3
      ),
      -- Positions 1, 2, … per list (an item listed twice counts once, at its best rank), cut at k.
      _re_recs AS (SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY model, u ORDER BY r, i) AS pos FROM _re_given) WHERE pos <= ${k}),
      _re_rel AS (SELECT DISTINCT CAST(${relUser} AS VARCHAR) AS u, CAST(${relItem} AS VARCHAR) AS i FROM ${quoteIdent(relTable.name)} WHERE ${relUser} IS NOT NULL AND ${relItem} IS NOT NULL${period}),
      _re_nrel AS (SELECT u, count(*) AS n FROM _re_rel GROUP BY u),
      _re_models AS (SELECT DISTINCT model FROM _re_given),
      _re_marked AS (
        SELECT r.model, r.u, r.i, r.pos, (x.i IS NOT NULL) AS hit FROM _re_recs r LEFT JOIN _re_rel x ON x.u = r.u AND x.i = r.i
      )`;
    const perUser = `${base},
      _re_scored AS (SELECT *, sum(hit::INT) OVER (PARTITION BY model, u ORDER BY pos) AS hits_so_far FROM _re_marked),
      _re_ideal AS (SELECT i AS m, sum(1 / log2(i + 1)) OVER (ORDER BY i) AS idcg FROM range(1, ${k + 1}) t(i)),
      _re_per_user AS (
        SELECT m.model, n.u, n.n AS relevant, coalesce(s.hits, 0) AS hits,
               coalesce(s.hits, 0) / ${k} AS precision, coalesce(s.hits, 0) / n.n AS recall,
               coalesce(s.ap_sum, 0) / least(${k}, n.n) AS ap, coalesce(s.dcg, 0) / id.idcg AS ndcg,
               coalesce(s.hits, 0) > 0 AS hit, coalesce(s.listed, 0) AS listed
        FROM _re_models m CROSS JOIN _re_nrel n
        LEFT JOIN (
          SELECT model, u, sum(hit::INT) AS hits, sum(CASE WHEN hit THEN hits_so_far / pos END) AS ap_sum,
                 sum(CASE WHEN hit THEN 1 / log2(pos + 1) END) AS dcg, count(*) AS listed
          FROM _re_scored GROUP BY model, u
        ) s ON s.model = m.model AND s.u = n.u
        JOIN _re_ideal id ON id.m = least(${k}, n.n)
      )`;
    const [counts] = rowsFromTable(await run.query(`WITH ${base}
      SELECT (SELECT count(DISTINCT u) FROM _re_given WHERE u NOT IN (SELECT u FROM _re_nrel)) AS no_relevant,
             (SELECT count(*) FROM _re_nrel WHERE u NOT IN (SELECT u FROM _re_given)) AS no_list,
             (SELECT count(*) FROM ${quoteIdent(run.source!.name)} WHERE ${user} IS NULL OR ${item} IS NULL OR ${rank} IS NULL) AS dropped`));
    if (Number(counts?.dropped)) notes.push(`${counts!.dropped} recommendation row(s) without a user, item or rank left out`);
    if (Number(counts?.no_relevant)) notes.push(`${counts!.no_relevant} user(s) with recommendations but no held-out items are not evaluated (their metrics are undefined)`);
    if (Number(counts?.no_list)) notes.push(`${counts!.no_list} user(s) with held-out items got no list and count as 0`);

    if (output === 'users') {
      return { sql: `WITH ${perUser} SELECT model, u AS "user", relevant, hits, listed, precision, recall, ap, ndcg, hit FROM _re_per_user ORDER BY model, u`, notes };
    }
    if (output === 'summary') {
      const catalogue = o.has('catalogue') ? await catalogueClause(run) : `SELECT i FROM _re_given UNION SELECT i FROM _re_rel`;
      const sql = `WITH ${perUser}, _re_cat AS (${catalogue}),
        _re_cover AS (SELECT model, count(DISTINCT i) AS recommended_items FROM _re_recs GROUP BY model)
        SELECT p.model, ${k} AS k, count(*) AS users, avg(precision) AS precision, avg(recall) AS recall, avg(ap) AS map, avg(ndcg) AS ndcg,
               avg(hit::INT) AS hit_rate, any_value(c.recommended_items) / (SELECT count(DISTINCT i) FROM _re_cat) AS coverage,
               any_value(c.recommended_items) AS recommended_items, (SELECT count(DISTINCT i) FROM _re_cat) AS catalogue_items
        FROM _re_per_user p LEFT JOIN _re_cover c ON c.model = p.model GROUP BY p.model ORDER BY ndcg DESC, p.model`;
      const rows = rowsFromTable(await run.query(sql));
      return { rows, columns: SUMMARY, types: SUMMARY_TYPES, notes };
    }
    // exposure
    const groups = await run.table('groups');
    const by = o.choice('group_by', ['item', 'user'] as const, 'item');
    const key = pick(run, groups, 'group_key', by === 'item' ? [o.text('relevant_item', ''), relItem.slice(1, -1), 'item_id', 'item'] : [o.text('relevant_user', ''), relUser.slice(1, -1), 'user_id', 'user']);
    const group = pick(run, groups, 'group_column', ['group']);
    const minRatio = o.number('parity_ratio', 0.8, { min: 0, max: 1, exclusive: true });
    const weighting = o.choice('position_weight', ['uniform', 'log'] as const, 'uniform');
    const w = weighting === 'log' ? '1 / log2(pos + 1)' : '1.0';
    const col = by === 'item' ? 'i' : 'u';
    const sql = `WITH ${base},
      _re_g AS (SELECT DISTINCT CAST(${key} AS VARCHAR) AS k, CAST(${group} AS VARCHAR) AS grp FROM ${quoteIdent(groups.name)} WHERE ${key} IS NOT NULL),
      _re_expo AS (SELECT m.model, coalesce(g.grp, '(no group)') AS grp, sum(${w}) AS exposure, sum(hit::INT) AS hits FROM _re_marked m LEFT JOIN _re_g g ON g.k = m.${col} GROUP BY ALL),
      _re_relg AS (SELECT coalesce(g.grp, '(no group)') AS grp, count(*) AS relevant FROM _re_rel LEFT JOIN _re_g g ON g.k = _re_rel.${col} GROUP BY ALL),
      _re_grid AS (SELECT model, grp FROM _re_models CROSS JOIN (SELECT grp FROM _re_relg UNION SELECT grp FROM _re_expo))
      SELECT _re_grid.model, _re_grid.grp AS "group", coalesce(e.exposure, 0) AS exposure,
             coalesce(e.exposure, 0) / sum(coalesce(e.exposure, 0)) OVER (PARTITION BY _re_grid.model) AS exposure_share,
             coalesce(r.relevant, 0) AS relevant, coalesce(r.relevant, 0) / sum(coalesce(r.relevant, 0)) OVER (PARTITION BY _re_grid.model) AS relevant_share,
             coalesce(e.hits, 0) AS hits, coalesce(e.hits, 0) / nullif(r.relevant, 0) AS recall
      FROM _re_grid LEFT JOIN _re_expo e ON e.model = _re_grid.model AND e.grp = _re_grid.grp LEFT JOIN _re_relg r ON r.grp = _re_grid.grp`;
    const rows = rowsFromTable(await run.query(`SELECT *, exposure_share / nullif(relevant_share, 0) AS ratio,
        (exposure_share / nullif(relevant_share, 0) < ${minRatio} OR exposure_share / nullif(relevant_share, 0) > ${1 / minRatio}) AS disparity
      FROM (${sql}) ORDER BY model, "group"`));
    notes.push(`disparity: a group's exposure share under ${minRatio} or over ${formatNumber(1 / minRatio, 'number')} times its share of relevant items${weighting === 'log' ? '; exposure weighted 1/log2(position + 1)' : ''}`);
    return { rows, columns: EXPOSURE, types: EXPOSURE_TYPES, notes };
  },
});

/** The first of `candidates` (or the `key:` option when set) that is a column of `t`, quoted. */
function pick(run: AnalysisRun, t: TableInfo, key: string, candidates: string[]): string {
  const wanted = run.opts.has(key) ? [run.opts.text(key)] : candidates.filter(Boolean);
  const col = wanted.map((n) => t.columns.find((c) => c.name.toLowerCase() === n.toLowerCase())).find(Boolean);
  if (!col) return run.opts.fail(key, `\`${t.name}\` has no column ${wanted.map((n) => `\`${n}\``).join(' or ')} (its columns: ${t.columns.map((c) => c.name).join(', ')}); name it with \`${key}:\``);
  return quoteIdent(col.name);
}

async function catalogueClause(run: AnalysisRun): Promise<string> {
  const t = await run.table('catalogue');
  const c = pick(run, t, 'catalogue_item', [run.opts.text('item', 'item'), 'item_id', 'item']);
  return `SELECT DISTINCT CAST(${c} AS VARCHAR) AS i FROM ${quoteIdent(t.name)} WHERE ${c} IS NOT NULL`;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const n3 = (v: number) => formatNumber(v, 'number');

/** The best model by NDCG@k (against the runner-up), or the flagged exposure disparities. */
export function recEvalVerdict(rows: Record<string, unknown>[], options: Record<string, unknown> = {}): string | undefined {
  if (rows[0] && 'disparity' in rows[0]) {
    const flagged = rows.filter((r) => r.disparity === true);
    if (!flagged.length) return `no exposure disparity: every group's share of exposure is within ${String(options.parity_ratio ?? 0.8)}× of its share of relevant items`;
    return flagged.map((r) => `${String(r.model)}: group ${String(r.group)} gets ${formatNumber(num(r.exposure_share) ?? 0, 'percent')} of exposure vs ${formatNumber(num(r.relevant_share) ?? 0, 'percent')} of relevant items (ratio ${n3(num(r.ratio) ?? 0)}) — disparity`).join('; ');
  }
  if (!rows[0] || !('ndcg' in rows[0])) return undefined;
  const k = String(rows[0].k);
  const [best, next] = [...rows].sort((a, b) => (num(b.ndcg) ?? -1) - (num(a.ndcg) ?? -1));
  if (!best || num(best.ndcg) === null) return undefined;
  const detail = `precision@${k} ${formatNumber(num(best.precision) ?? 0, 'percent')}, recall@${k} ${formatNumber(num(best.recall) ?? 0, 'percent')} over ${String(best.users)} users`;
  if (!next || num(next.ndcg) === null) return `${String(best.model)}: NDCG@${k} ${n3(num(best.ndcg)!)}, ${detail}`;
  const word = num(best.ndcg)! > num(next.ndcg)! ? 'beats' : 'ties with';
  return `${String(best.model)} ${word} ${String(next.model)} on NDCG@${k}: ${n3(num(best.ndcg)!)} vs ${n3(num(next.ndcg)!)} (${detail})`;
}
