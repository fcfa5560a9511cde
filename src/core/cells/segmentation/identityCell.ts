import type { Table } from 'apache-arrow';
import { tableFromColumns } from '../../arrow.ts';
import { fieldWeights, uWithinWindow, type FieldWeights } from '../../analytics/segmentation/fellegi-sunter.ts';
import { UnionFind } from '../../analytics/segmentation/union-find.ts';
import { quoteIdent } from '../../engine.ts';
import { analysisCell, fromClause, type AnalysisKind, type AnalysisOutput, type AnalysisRun } from '../analysis.ts';
import { column, optionalColumn, queryRows } from '../quality/shared.ts';

const FIELDS = ['name', 'location', 'device', 'time'] as const;
type Field = (typeof FIELDS)[number];
/** Blocks larger than this are skipped in the probabilistic pass: a pair count quadratic in the block. */
const DEFAULT_MAX_BLOCK = 1000;

/**
 * `identity`: one person id per source key. E-mail addresses are normalized and SHA-256 hashed in SQL
 * (DuckDB's `sha256`); keys with the same hash or joined by an explicit link are merged with a
 * union-find (so chains of links merge transitively); an optional Fellegi–Sunter pass scores pairs of
 * the remaining persons on name / location / device / time and merges those above `threshold`.
 */
const identityKind: AnalysisKind = {
  kind: 'identity',
  summary: 'Identity resolution: normalized, SHA-256 hashed e-mails and explicit links merged transitively (union-find), then an optional scored probabilistic pass; person_id per key, or match rates per source.',
  tableKeys: ['links'],
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const source = column(run, 'source', 'source');
    const key = column(run, 'key', 'key');
    const email = optionalColumn(run, 'email');
    const emailHash = optionalColumn(run, 'email_sha256');
    if (email && emailHash) o.fail('email_sha256', 'give `email:` (raw addresses, normalized and hashed here) or `email_sha256:` (already hashed), not both');
    const flag = (k: string) => {
      const v = o.data[k];
      if (v === undefined || v === null) return false;
      if (typeof v !== 'boolean') return o.fail(k, `must be true or false (got \`${String(v)}\`)`);
      return v;
    };
    const gmailDots = flag('gmail_dots');
    const plusTags = flag('plus_tags');
    if ((gmailDots || plusTags) && !email) o.fail(gmailDots ? 'gmail_dots' : 'plus_tags', 'needs `email:` (raw addresses to normalize)');
    const fields = Object.fromEntries(FIELDS.map((f) => [f, optionalColumn(run, f)])) as Record<Field, string | undefined>;
    const used = FIELDS.filter((f) => fields[f]);
    const output = o.choice('output', ['keys', 'rates', 'pairs'] as const, 'keys');
    if (output === 'pairs' && used.length === 0) o.fail('output', '`pairs` lists the probabilistic pass: give at least one of `name:`, `location:`, `device:`, `time:`');

    const src = fromClause(run);
    const hashExpr = email ? normalizedHash(email, gmailDots, plusTags) : emailHash ? `nullif(lower(trim(CAST(${emailHash} AS VARCHAR))), '')` : 'NULL::VARCHAR';
    const base = `SELECT CAST(${source} AS VARCHAR) AS s, CAST(${key} AS VARCHAR) AS k, ${hashExpr} AS h,
        ${fields.name ? `nullif(regexp_replace(lower(trim(CAST(${fields.name} AS VARCHAR))), '\\s+', ' ', 'g'), '')` : 'NULL::VARCHAR'} AS nm,
        ${fields.location ? `nullif(lower(trim(CAST(${fields.location} AS VARCHAR))), '')` : 'NULL::VARCHAR'} AS loc,
        ${fields.device ? `nullif(lower(trim(CAST(${fields.device} AS VARCHAR))), '')` : 'NULL::VARCHAR'} AS dev,
        ${fields.time ? `epoch(CAST(${fields.time} AS TIMESTAMP))` : 'NULL::DOUBLE'} AS t
      ${src} WHERE ${source} IS NOT NULL AND ${key} IS NOT NULL`;

    // Row-level data stays in DuckDB: keys get dense integer ids there, and only integer edges come
    // back for the union-find (strings crossing into TypeScript are what makes millions of rows slow).
    const tmp = (what: string) => `__identity_${what}_${run.cell.id}`;
    const nodesT = tmp('nodes');
    const resultT = tmp('result');
    const scoresT = tmp('scores');
    const dropAll = async () => {
      for (const t of [nodesT, resultT, scoresT, tmp('persons')]) await run.engine.drop(t);
    };
    try {
      const nodes = await run.engine.materialize(nodesT, `SELECT s, k, min(h) AS h, CAST(row_number() OVER (ORDER BY s, k) - 1 AS INTEGER) AS id FROM (${base}) GROUP BY s, k`);
      const n = nodes.rowCount;
      const notes: string[] = [];
      if (n === 0) notes.push(`\`${run.source!.name}\` has no rows with a source and a key: no identities to resolve`);

      // 1. Same e-mail hash: every key joins the first key with that hash.
      const emailEdges = await run.query(
        `SELECT a, b FROM (SELECT n.id AS a, CAST(min(n.id) OVER (PARTITION BY e.h) AS INTEGER) AS b FROM (SELECT DISTINCT s, k, h FROM (${base}) WHERE h IS NOT NULL) e JOIN ${quoteIdent(nodesT)} n USING (s, k)) WHERE a <> b`,
      );
      // 2. Explicit links, by key (any source) or by (source, key); keys only in the links get ids from n on.
      const links = await linkEdges(run, nodesT, n);
      const uf = new UnionFind(n + links.extra);
      unionAll(uf, emailEdges);
      if (links.edges) unionAll(uf, links.edges);
      const detRoot = new Int32Array(n);
      for (let i = 0; i < n; i++) detRoot[i] = uf.find(i);

      // 3. Probabilistic pass over persons that are still apart.
      const probScore = new Map<number, number>();
      if (used.length) {
        const scored = n > 1 ? await probabilisticPairs(run, base, used, nodesT, detRoot, output === 'pairs') : { pairs: [], notes: [] };
        notes.push(...scored.notes);
        if (output === 'pairs') {
          const columns = ['source_a', 'key_a', 'source_b', 'key_b', ...used.map((f) => `${f}_agree`), 'score', 'accepted'];
          await dropAll();
          return { rows: scored.pairs, columns, types: { source_a: 'VARCHAR', key_a: 'VARCHAR', source_b: 'VARCHAR', key_b: 'VARCHAR', score: 'DOUBLE', accepted: 'BOOLEAN', ...Object.fromEntries(used.map((f) => [`${f}_agree`, 'BOOLEAN' as const])) }, notes };
        }
        for (const p of scored.pairs) {
          if (!p.accepted) continue;
          const a = Number(p.id_a);
          const b = Number(p.id_b);
          const score = Number(p.score);
          for (const r of [detRoot[a]!, detRoot[b]!]) probScore.set(r, Math.max(probScore.get(r) ?? -Infinity, score));
          uf.union(a, b);
        }
      }

      // 4. Each key's person (final root) and method, handed back to DuckDB as integers.
      const root = new Int32Array(n);
      const size = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        root[i] = uf.find(i);
        size.set(root[i]!, (size.get(root[i]!) ?? 0) + 1);
      }
      const personScore = new Map<number, number>();
      const method = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const ps = probScore.get(detRoot[i]!);
        method[i] = size.get(root[i]!) === 1 ? 0 : ps === undefined ? 1 : 2;
        if (ps !== undefined) personScore.set(root[i]!, Math.max(personScore.get(root[i]!) ?? -Infinity, ps));
      }
      await run.engine.registerArrow(resultT, tableFromColumns([
        { name: 'id', type: 'INTEGER', values: Array.from({ length: n }, (_, i) => i) },
        { name: 'root', type: 'INTEGER', values: Array.from(root) },
        { name: 'method', type: 'INTEGER', values: Array.from(method) },
      ]));
      await run.engine.registerArrow(scoresT, tableFromColumns([
        { name: 'root', type: 'INTEGER', values: [...personScore.keys()] },
        { name: 'score', type: 'DOUBLE', values: [...personScore.values()] },
      ]));
      const keyed = `
        WITH r AS (SELECT n.s, n.k, n.h, x.root, x.method FROM ${quoteIdent(nodesT)} n JOIN ${quoteIdent(resultT)} x USING (id)),
        -- The person id is its smallest source:key, stable when unrelated keys are added.
        p AS (SELECT root, min(CASE WHEN starts_with(k, s || ':') THEN k ELSE s || ':' || k END) AS person_id, count(*) AS person_keys, count(DISTINCT s) AS person_sources FROM r GROUP BY root),
        keys AS (
          SELECT r.s AS source, r.k AS key, r.h AS email_sha256, p.person_id,
                 CASE r.method WHEN 0 THEN 'unlinked' WHEN 1 THEN 'deterministic' ELSE 'probabilistic' END AS method,
                 CASE WHEN r.method = 2 THEN sc.score END AS score, p.person_keys, p.person_sources
          FROM r JOIN p USING (root) LEFT JOIN ${quoteIdent(scoresT)} sc USING (root)
        )`;
      if (output === 'rates') {
        const per = (label: string, group: string) => `
          SELECT ${label} AS source, count(*) AS keys, count(DISTINCT person_id) AS persons,
                 count(*) FILTER (WHERE person_keys > 1) AS linked_keys, count(*) FILTER (WHERE person_sources > 1) AS matched_other_source,
                 count(*) FILTER (WHERE person_sources > 1) / count(*) AS match_rate,
                 count(*) FILTER (WHERE method = 'deterministic') AS deterministic, count(*) FILTER (WHERE method = 'probabilistic') AS probabilistic,
                 ${group === '' ? 1 : 0} AS _last
          FROM keys ${group}`;
        return {
          sql: `${keyed} SELECT * EXCLUDE (_last) FROM (${per('source', 'GROUP BY source')} UNION ALL ${per(`'(all)'`, '')}) WHERE keys > 0 ORDER BY _last, source`,
          notes,
          cleanup: dropAll,
        };
      }
      return { sql: `${keyed} SELECT * FROM keys ORDER BY source, key`, notes, cleanup: dropAll };
    } catch (e) {
      await dropAll();
      throw e;
    }
  },
};

export const identityCell = analysisCell(identityKind);

/**
 * The identity resolution itself, for kinds that build on it (overlap): reads the identity options
 * (`source`, `key`, `email` …, `output`) from `run.opts` and returns what the identity cell stores.
 */
export const resolveIdentities = (run: AnalysisRun): Promise<AnalysisOutput> => identityKind.compute(run);

/** Union every (a, b) row of an Arrow table of two INTEGER columns, read as typed arrays. */
function unionAll(uf: UnionFind, edges: Table): void {
  const a = edges.getChild('a')?.toArray() as ArrayLike<number> | undefined;
  const b = edges.getChild('b')?.toArray() as ArrayLike<number> | undefined;
  if (!a || !b) return;
  for (let r = 0; r < edges.numRows; r++) uf.union(Number(a[r]), Number(b[r]));
}

/**
 * E-mail normalization in SQL: trim and lower-case; with `plus_tags` drop `+tag` from the local part;
 * with `gmail_dots` drop dots from gmail.com / googlemail.com local parts (Gmail ignores them) and
 * read googlemail.com as gmail.com. Anything that is not `local@domain.tld` hashes to null.
 */
function normalizedHash(email: string, gmailDots: boolean, plusTags: boolean): string {
  const e = `lower(trim(CAST(${email} AS VARCHAR)))`;
  const valid = `regexp_matches(${e}, '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$')`;
  const domain0 = `split_part(${e}, '@', 2)`;
  const domain = gmailDots ? `CASE WHEN ${domain0} = 'googlemail.com' THEN 'gmail.com' ELSE ${domain0} END` : domain0;
  let local = `split_part(${e}, '@', 1)`;
  if (plusTags) local = `regexp_replace(${local}, '\\+.*$', '')`;
  if (gmailDots) local = `CASE WHEN ${domain} = 'gmail.com' THEN replace(${local}, '.', '') ELSE ${local} END`;
  return `CASE WHEN ${valid} THEN sha256(${local} || '@' || ${domain}) END`;
}

/**
 * The `links:` table as integer edges between key ids. A link end matches the keys with that value in
 * any source, or the (source, key) with `link_source_a` / `link_source_b`; an end found in no source
 * row (e.g. a device id between an e-mail and a social handle) gets its own id from `n` on, so it
 * still carries the chain.
 */
async function linkEdges(run: AnalysisRun, nodesT: string, n: number): Promise<{ edges?: Table; extra: number }> {
  const o = run.opts;
  if (!o.has('links')) {
    for (const k of ['link_a', 'link_b', 'link_source_a', 'link_source_b']) if (o.has(k)) o.fail(k, 'needs `links:` (the table of explicit links)');
    return { extra: 0 };
  }
  const info = await run.table('links');
  const col = (k: string, fallback?: string) => {
    if (fallback === undefined && !o.has(k)) return undefined;
    const name = o.text(k, fallback);
    const c = info.columns.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!c) return o.fail(k, `\`${name}\` is not a column of \`${info.name}\` (its columns: ${info.columns.map((x) => x.name).join(', ')})${o.has(k) ? '' : ` (set \`${k}:\`)`}`);
    return quoteIdent(c.name);
  };
  const a = col('link_a', 'key_a')!;
  const b = col('link_b', 'key_b')!;
  const sa = col('link_source_a');
  const sb = col('link_source_b');
  if (Boolean(sa) !== Boolean(sb)) o.fail(sa ? 'link_source_b' : 'link_source_a', 'give both `link_source_a:` and `link_source_b:`, or neither');
  const text = (c: string | undefined) => (c ? `CAST(${c} AS VARCHAR)` : `''`);
  const withSource = Boolean(sa);
  const l = `SELECT DISTINCT ${text(sa)} AS sa, CAST(${a} AS VARCHAR) AS a, ${text(sb)} AS sb, CAST(${b} AS VARCHAR) AS b FROM ${quoteIdent(info.name)} WHERE ${a} IS NOT NULL AND ${b} IS NOT NULL`;
  const match = (side: 'a' | 'b', t: string) => (withSource ? `${t}.s = l.s${side} AND ${t}.k = l.${side}` : `${t}.k = l.${side}`);
  const ends = `
    WITH l AS (${l}),
    ends AS (SELECT sa AS s, a AS k FROM l UNION SELECT sb, b FROM l),
    extra AS (
      SELECT e.s, e.k, CAST(${n} + row_number() OVER (ORDER BY e.s, e.k) - 1 AS INTEGER) AS id FROM ends e
      WHERE NOT EXISTS (SELECT 1 FROM ${quoteIdent(nodesT)} n WHERE ${withSource ? 'n.s = e.s AND ' : ''}n.k = e.k)
    ),
    known AS (SELECT ${withSource ? 's' : "'' AS s"}, k, id FROM ${quoteIdent(nodesT)} UNION ALL SELECT s, k, id FROM extra)`;
  const [count] = await queryRows(run, `${ends} SELECT count(*) AS c FROM extra`);
  const edges = await run.query(`${ends} SELECT x.id AS a, y.id AS b FROM l JOIN known x ON ${match('a', 'x')} JOIN known y ON ${match('b', 'y')}`);
  return { edges, extra: Number(count?.c ?? 0) };
}

/**
 * Candidate pairs between different persons that share a blocking value, scored with Fellegi–Sunter
 * weights. u comes from the data (value frequencies over keys), m from `m:` (default 0.95 for every
 * field). Scoring is SQL; only candidate pairs come back.
 */
async function probabilisticPairs(
  run: AnalysisRun, base: string, used: readonly Field[], nodesT: string, detRoot: Int32Array, all: boolean,
): Promise<{ pairs: Record<string, unknown>[]; notes: string[] }> {
  const o = run.opts;
  const threshold = o.number('threshold', 10);
  const m = o.number('m', 0.95, { min: 0, max: 1, exclusive: true });
  const similarity = o.number('name_similarity', 0.92, { min: 0, max: 1 });
  const windowHours = o.number('time_window_hours', 24, { min: 0, exclusive: true });
  const maxBlock = o.number('max_block', DEFAULT_MAX_BLOCK, { min: 2 });
  const blockable = used.filter((f) => f !== 'time');
  if (blockable.length === 0) o.fail('time', 'the probabilistic pass blocks on `name:`, `location:` or `device:`; give one of them besides `time:`');
  const blockOn = o.choice('block_on', blockable, blockable[0]!);
  const col = { name: 'nm', location: 'loc', device: 'dev', time: 't' } as const;
  // Names are blocked on their first three letters so that a typo later in the name still meets.
  const blockExpr = blockOn === 'name' ? 'left(nm, 3)' : col[blockOn];
  const persons = `__identity_persons_${run.cell.id}`;
  await run.engine.registerArrow(
    persons,
    tableFromColumns([
      { name: 'id', type: 'INTEGER', values: Array.from({ length: detRoot.length }, (_, i) => i) },
      { name: 'det', type: 'INTEGER', values: Array.from(detRoot) },
    ]),
  );
  try {
    const nodes = `SELECT s, k, any_value(nm) AS nm, any_value(loc) AS loc, any_value(dev) AS dev, min(t) AS t FROM (${base}) GROUP BY s, k`;
    const weights: Record<string, FieldWeights> = {};
    for (const f of used) {
      let u: number;
      if (f === 'time') {
        const w = windowHours * 3600;
        const b = await queryRows(run, `SELECT floor(t / ${w})::BIGINT AS b, count(*) AS c FROM (${nodes}) WHERE t IS NOT NULL GROUP BY 1`);
        u = uWithinWindow(b.map((r) => [Number(r.b), Number(r.c)] as const));
      } else {
        const [r] = await queryRows(run, `SELECT sum(c * c)::DOUBLE / (sum(c)::DOUBLE ^ 2) AS u FROM (SELECT count(*) AS c FROM (${nodes}) WHERE ${col[f]} IS NOT NULL GROUP BY ${col[f]})`);
        u = Number(r?.u ?? 0);
      }
      weights[f] = fieldWeights(m, u);
    }
    const agree = {
      name: `CASE WHEN a.nm IS NULL OR b.nm IS NULL THEN NULL ELSE jaro_winkler_similarity(a.nm, b.nm) >= ${similarity} END`,
      location: 'CASE WHEN a.loc IS NULL OR b.loc IS NULL THEN NULL ELSE a.loc = b.loc END',
      device: 'CASE WHEN a.dev IS NULL OR b.dev IS NULL THEN NULL ELSE a.dev = b.dev END',
      time: `CASE WHEN a.t IS NULL OR b.t IS NULL THEN NULL ELSE abs(a.t - b.t) <= ${windowHours * 3600} END`,
    };
    const weight = (f: Field) => `CASE ${f}_agree WHEN true THEN ${weights[f]!.agree} WHEN false THEN ${weights[f]!.disagree} ELSE 0 END`;
    const [sizes] = await queryRows(run, `SELECT count(*) FILTER (WHERE n > ${maxBlock}) AS big, coalesce(sum(n) FILTER (WHERE n > ${maxBlock}), 0) AS keys FROM (SELECT count(*) AS n FROM (${nodes}) WHERE ${blockExpr} IS NOT NULL GROUP BY ${blockExpr})`);
    const sql = `
      WITH x AS (SELECT n.*, i.id, p.det, ${blockExpr} AS blk FROM (${nodes}) n JOIN ${quoteIdent(nodesT)} i USING (s, k) JOIN ${quoteIdent(persons)} p USING (id) WHERE ${blockExpr} IS NOT NULL),
      ok AS (SELECT blk FROM x GROUP BY blk HAVING count(*) <= ${maxBlock}),
      c AS (
        SELECT a.s AS source_a, a.k AS key_a, b.s AS source_b, b.k AS key_b, a.id AS id_a, b.id AS id_b, ${used.map((f) => `${agree[f]} AS ${f}_agree`).join(', ')}
        FROM x a JOIN x b ON a.blk = b.blk AND a.det < b.det WHERE a.blk IN (SELECT blk FROM ok)
      ), sc AS (SELECT *, ${used.map(weight).join(' + ')} AS score FROM c)
      SELECT *, score >= ${threshold} AS accepted FROM sc ${all ? '' : `WHERE score >= ${threshold}`}
      ORDER BY score DESC, source_a, key_a, source_b, key_b`;
    const pairs = (await queryRows(run, sql)).map(({ id_a, id_b, ...rest }) => (all ? rest : { ...rest, id_a, id_b }));
    const notes = [`probabilistic pass on ${used.join(', ')} (blocked on ${blockOn}); weights in bits, agree / disagree: ${used.map((f) => `${f} ${weights[f]!.agree.toFixed(2)} / ${weights[f]!.disagree.toFixed(2)}`).join(', ')}; threshold ${threshold}`];
    if (Number(sizes?.big) > 0) notes.push(`${sizes!.big} blocks larger than ${maxBlock} keys (${sizes!.keys} keys) were not compared; block on a more specific field or raise \`max_block:\``);
    return { pairs, notes };
  } finally {
    await run.engine.drop(persons);
  }
}
