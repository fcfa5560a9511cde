import { numberColumn, rowsFromTable, tableFromColumns, textColumn } from '../../arrow.ts';
import { fnv1a, lshBandKeys, minhashSalts, minhashSignature, shingles } from '../../analytics/text/minhash.ts';
import { UnionFind } from '../../analytics/segmentation/union-find.ts';
import { quoteIdent } from '../../engine.ts';
import { analysisCell, fromClause, type AnalysisOutput } from '../analysis.ts';
import { column, optionalColumn } from '../quality/shared.ts';
import { boolOption, dropQuietly, wholeOption } from '../recommend/options.ts';

/** Documents shingled per round trip. */
const BATCH = 20_000;

/**
 * `near-duplicates`: reposts and near-copies. Texts become sets of shingles; seeded MinHash
 * signatures cut into LSH bands propose candidate pairs (identical texts are linked directly); each
 * candidate's exact shingle Jaccard is computed in SQL and pairs at or above `threshold` are joined
 * into groups (transitively), each with a kept representative: the earliest by `order`, else the
 * smallest id.
 */
export const nearDuplicatesCell = analysisCell({
  kind: 'near-duplicates',
  summary: 'Near-duplicate texts by shingles, seeded MinHash and LSH bands, exact Jaccard threshold; groups with a kept representative.',
  formats: { jaccard: 'percent', group_size: 'count' },
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const id = column(run, 'id', 'id');
    const text = column(run, 'text', 'text');
    const order = optionalColumn(run, 'order');
    const unit = o.choice('shingle', ['char', 'word'] as const, 'char');
    const k = wholeOption(run, 'k', unit === 'char' ? 5 : 3, 1);
    const numPerm = wholeOption(run, 'num_perm', 128, 2);
    const bands = wholeOption(run, 'bands', 32, 1);
    if (numPerm % bands !== 0) o.fail('bands', `must divide num_perm (${numPerm}) into equal bands, e.g. 32 or 16`);
    const threshold = o.number('threshold', 0.8, { min: 0, max: 1, exclusive: false });
    if (threshold <= 0) o.fail('threshold', 'must be above 0 (a Jaccard similarity, e.g. 0.8)');
    const seed = wholeOption(run, 'seed', 42, 0);
    const keepUrls = boolOption(run, 'keep_urls', false);
    const output = o.choice('output', ['groups', 'pairs'] as const, 'groups');

    const cid = run.cell.id;
    const docs = `__nd_docs_${cid}`;
    const sh = `__nd_shingles_${cid}`;
    const bandTable = `__nd_bands_${cid}`;
    const links = `__nd_links_${cid}`;
    const groups = `__nd_groups_${cid}`;
    const cleanup = () => dropQuietly(run.engine, docs, sh, bandTable, links, groups);
    try {
      const notes: string[] = [];
      const [check] = rowsFromTable(await run.query(`SELECT count(*) FILTER (WHERE ${id} IS NULL OR ${text} IS NULL) AS dropped, count(*) FILTER (WHERE ${id} IS NOT NULL) - count(DISTINCT ${id}) AS repeated ${fromClause(run)}`));
      if (Number(check?.dropped)) notes.push(`${check!.dropped} row(s) without an id or a text left out`);
      if (Number(check?.repeated)) o.fail('id', `has ${check!.repeated} repeated value(s): one row per text (aggregate or number them in SQL first)`);
      // Rows numbered so that the smallest number in a group is its representative: earliest `order`, then id.
      const info = await run.engine.materialize(docs, `SELECT row_number() OVER (ORDER BY ${order ? `${order} NULLS LAST, ` : ''}${id}) AS r, ${id} AS doc, CAST(${text} AS VARCHAR) AS txt
        ${fromClause(run)} WHERE ${id} IS NOT NULL AND ${text} IS NOT NULL`);
      const salts = minhashSalts(numPerm, seed);
      const shR: number[] = [];
      const shH: number[] = [];
      const bR: number[] = [];
      const bB: number[] = [];
      const bK: number[] = [];
      const sameA: number[] = [];
      const sameB: number[] = [];
      const firstWithContent = new Map<string, number>();
      let empty = 0;
      for (let from = 1; from <= info.rowCount; from += BATCH) {
        const t = await run.query(`SELECT r, txt FROM ${quoteIdent(docs)} WHERE r BETWEEN ${from} AND ${from + BATCH - 1} ORDER BY r`);
        const rs = numberColumn(t, 'r');
        const texts = textColumn(t, 'txt');
        rs.forEach((r, i) => {
          const hashes = [...new Set(shingles(texts[i] ?? '', unit, k, keepUrls).map((s) => fnv1a(s)))].sort((a, b) => a - b);
          if (hashes.length === 0) {
            empty++;
            return;
          }
          for (const h of hashes) {
            shR.push(r!);
            shH.push(h);
          }
          // Texts with the same shingles are linked straight away; only the first goes through LSH,
          // so a thousand identical reshares do not make half a million candidate pairs.
          const content = hashes.join(',');
          const first = firstWithContent.get(content);
          if (first !== undefined) {
            sameA.push(first);
            sameB.push(r!);
            return;
          }
          firstWithContent.set(content, r!);
          lshBandKeys(minhashSignature(hashes, salts), bands).forEach((key, b) => {
            bR.push(r!);
            bB.push(b);
            bK.push(key);
          });
        });
      }
      if (empty) notes.push(`${empty} text(s) with nothing to shingle (empty once links and spaces are removed) are never duplicates`);
      await run.engine.registerArrow(sh, tableFromColumns([{ name: 'r', type: 'BIGINT', values: shR }, { name: 'h', type: 'BIGINT', values: shH }]));
      await run.engine.registerArrow(bandTable, tableFromColumns([{ name: 'r', type: 'BIGINT', values: bR }, { name: 'band', type: 'INTEGER', values: bB }, { name: 'k', type: 'DOUBLE', values: bK }]));
      await run.engine.registerArrow(links, tableFromColumns([{ name: 'ra', type: 'BIGINT', values: sameA }, { name: 'rb', type: 'BIGINT', values: sameB }]));
      // Exact Jaccard of the candidates' shingle sets (up to 32-bit hash collisions of distinct shingles).
      const scored = `
        WITH _nd_cand AS (
          SELECT DISTINCT a.r AS ra, b.r AS rb FROM ${quoteIdent(bandTable)} a JOIN ${quoteIdent(bandTable)} b ON a.band = b.band AND a.k = b.k AND a.r < b.r
          UNION SELECT ra, rb FROM ${quoteIdent(links)}
        ), _nd_size AS (SELECT r, count(*) AS n FROM ${quoteIdent(sh)} GROUP BY r),
        _nd_inter AS (
          SELECT c.ra, c.rb, count(y.h) AS shared FROM _nd_cand c JOIN ${quoteIdent(sh)} x ON x.r = c.ra LEFT JOIN ${quoteIdent(sh)} y ON y.r = c.rb AND y.h = x.h GROUP BY c.ra, c.rb
        )
        SELECT i.ra, i.rb, i.shared, i.shared / (sa.n + sb.n - i.shared) AS jaccard
        FROM _nd_inter i JOIN _nd_size sa ON sa.r = i.ra JOIN _nd_size sb ON sb.r = i.rb
        WHERE i.shared / (sa.n + sb.n - i.shared) >= ${threshold}`;
      if (output === 'pairs') {
        const sql = `SELECT da.doc AS doc_a, db.doc AS doc_b, p.jaccard, p.shared AS shared_shingles
          FROM (${scored}) p JOIN ${quoteIdent(docs)} da ON da.r = p.ra JOIN ${quoteIdent(docs)} db ON db.r = p.rb ORDER BY p.ra, p.rb`;
        return { sql, cleanup, notes };
      }
      const accepted = await run.query(`SELECT ra, rb FROM (${scored})`);
      const ra = numberColumn(accepted, 'ra');
      const rb = numberColumn(accepted, 'rb');
      const uf = new UnionFind(info.rowCount + 1);
      ra.forEach((a, i) => uf.union(a!, rb[i]!));
      // Each row's representative is the smallest row number in its set.
      const rep = new Int32Array(info.rowCount + 1).fill(0x7fffffff);
      for (let r = 1; r <= info.rowCount; r++) {
        const root = uf.find(r);
        if (r < rep[root]!) rep[root] = r;
      }
      const rows = Array.from({ length: info.rowCount }, (_, i) => i + 1);
      await run.engine.registerArrow(groups, tableFromColumns([{ name: 'r', type: 'BIGINT', values: rows }, { name: 'rep', type: 'BIGINT', values: rows.map((r) => rep[uf.find(r)]!) }]));
      const sql = `
        WITH _nd_size AS (SELECT r, count(*) AS n FROM ${quoteIdent(sh)} GROUP BY r),
        _nd_to_rep AS (
          SELECT g.r, count(y.h) AS shared FROM ${quoteIdent(groups)} g JOIN ${quoteIdent(sh)} x ON x.r = g.r LEFT JOIN ${quoteIdent(sh)} y ON y.r = g.rep AND y.h = x.h
          WHERE g.r <> g.rep GROUP BY g.r
        )
        SELECT d.doc, rd.doc AS representative, count(*) OVER (PARTITION BY g.rep) AS group_size, g.r = g.rep AS is_representative,
               CASE WHEN g.r <> g.rep THEN rd.doc END AS duplicate_of,
               CASE WHEN g.r <> g.rep THEN t.shared / (sa.n + sb.n - t.shared) END AS jaccard
        FROM ${quoteIdent(groups)} g JOIN ${quoteIdent(docs)} d ON d.r = g.r JOIN ${quoteIdent(docs)} rd ON rd.r = g.rep
        LEFT JOIN _nd_to_rep t ON t.r = g.r LEFT JOIN _nd_size sa ON sa.r = g.r LEFT JOIN _nd_size sb ON sb.r = g.rep
        ORDER BY g.rep, g.r`;
      notes.push(`shingles: ${unit} ${k}-grams; MinHash ${numPerm} seeded hashes (seed ${seed}) in ${bands} bands of ${numPerm / bands}; pairs kept at Jaccard ≥ ${threshold}, grouped transitively`);
      return { sql, cleanup, notes };
    } catch (e) {
      await cleanup();
      throw e;
    }
  },
});
