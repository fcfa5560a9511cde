import { tableFromColumns, textColumn } from '../../arrow.ts';
import { fieldWeights, uWithinWindow, type FieldWeights } from '../../analytics/segmentation/fellegi-sunter.ts';
import { UnionFind } from '../../analytics/segmentation/union-find.ts';
import { quoteIdent } from '../../engine.ts';
import { analysisCell, fromClause, type AnalysisOutput, type AnalysisRun } from '../analysis.ts';
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
export const identityCell = analysisCell({
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

    // 1. Keys and their e-mail hashes.
    const keyed = await run.query(`SELECT DISTINCT s, k, h FROM (${base}) ORDER BY s, k, h`);
    const ks = textColumn(keyed, 's');
    const kk = textColumn(keyed, 'k');
    const kh = textColumn(keyed, 'h');
    const index = new Map<string, number>();
    const nodeSource: string[] = [];
    const nodeKey: string[] = [];
    const byKey = new Map<string, number[]>();
    const addNode = (s: string, k: string) => {
      const id = `${s}\u0000${k}`;
      let i = index.get(id);
      if (i === undefined) {
        i = nodeSource.length;
        index.set(id, i);
        nodeSource.push(s);
        nodeKey.push(k);
        byKey.set(k, [...(byKey.get(k) ?? []), i]);
      }
      return i;
    };
    const hashOf: (string | null)[] = [];
    for (let r = 0; r < keyed.numRows; r++) {
      const i = addNode(ks[r]!, kk[r]!);
      hashOf[i] ??= kh[r] ?? null;
    }
    const realNodes = nodeSource.length;
    const notes: string[] = [];
    if (realNodes === 0) notes.push(`\`${run.source!.name}\` has no rows with a source and a key: no identities to resolve`);

    // 2. Explicit links, by key (any source) or by (source, key) with link_source_a / link_source_b.
    const links = await readLinks(run);
    const extra = new Map<string, number>();
    const linkEdges: [number[], number[]][] = links.map(([sa, a, sb, b]) => [endpoints(sa, a), endpoints(sb, b)]);
    function endpoints(s: string | null, k: string): number[] {
      if (s !== null) {
        const i = index.get(`${s}\u0000${k}`);
        if (i !== undefined) return [i];
      } else if (byKey.has(k)) return byKey.get(k)!;
      // A key that is only in the links (e.g. a device id between an e-mail and a social handle) still carries the chain.
      const id = `${s ?? ''}\u0000${k}`;
      if (!extra.has(id)) extra.set(id, realNodes + extra.size);
      return [extra.get(id)!];
    }
    const uf = new UnionFind(realNodes + extra.size);
    const firstWithHash = new Map<string, number>();
    for (let r = 0; r < keyed.numRows; r++) {
      const h = kh[r];
      if (!h) continue;
      const i = index.get(`${ks[r]}\u0000${kk[r]}`)!;
      const f = firstWithHash.get(h);
      if (f === undefined) firstWithHash.set(h, i);
      else uf.union(f, i);
    }
    for (const [as, bs] of linkEdges) for (const a of as) for (const b of bs) uf.union(a, b);
    const detRoot = Array.from({ length: realNodes }, (_, i) => uf.find(i));
    const detSize = new Map<number, number>();
    for (const r of detRoot) detSize.set(r, (detSize.get(r) ?? 0) + 1);

    // 3. Probabilistic pass over persons that are still apart.
    const probScore = new Map<number, number>();
    let pairRows: Record<string, unknown>[] = [];
    if (used.length && realNodes > 1) {
      const scored = await probabilisticPairs(run, base, used, nodeSource, nodeKey, detRoot, output === 'pairs');
      notes.push(...scored.notes);
      pairRows = scored.pairs;
      for (const p of scored.pairs) {
        if (!p.accepted) continue;
        const a = index.get(`${p.source_a}\u0000${p.key_a}`)!;
        const b = index.get(`${p.source_b}\u0000${p.key_b}`)!;
        const score = Number(p.score);
        for (const r of [detRoot[a]!, detRoot[b]!]) probScore.set(r, Math.max(probScore.get(r) ?? -Infinity, score));
        uf.union(a, b);
      }
    }
    if (output === 'pairs') {
      const columns = ['source_a', 'key_a', 'source_b', 'key_b', ...used.map((f) => `${f}_agree`), 'score', 'accepted'];
      return { rows: pairRows, columns, types: { score: 'DOUBLE', accepted: 'BOOLEAN', ...Object.fromEntries(used.map((f) => [`${f}_agree`, 'BOOLEAN' as const])) }, notes };
    }

    // 4. Persons: id = the smallest `source:key` of the person, stable when unrelated keys are added.
    const label = (i: number) => `${nodeSource[i]}:${nodeKey[i]}`;
    const personOf = new Map<number, { id: string; keys: number; sources: Set<string>; probabilistic: boolean; score: number }>();
    for (let i = 0; i < realNodes; i++) {
      const root = uf.find(i);
      const p = personOf.get(root) ?? { id: label(i), keys: 0, sources: new Set<string>(), probabilistic: false, score: -Infinity };
      if (label(i) < p.id) p.id = label(i);
      p.keys += 1;
      p.sources.add(nodeSource[i]!);
      const ps = probScore.get(detRoot[i]!);
      if (ps !== undefined) {
        p.probabilistic = true;
        p.score = Math.max(p.score, ps);
      }
      personOf.set(root, p);
    }
    const method = (i: number) => {
      const p = personOf.get(uf.find(i))!;
      if (p.keys === 1) return 'unlinked';
      return probScore.has(detRoot[i]!) ? 'probabilistic' : 'deterministic';
    };

    if (output === 'rates') {
      const per = new Map<string, { keys: number; persons: Set<string>; linked: number; other: number; det: number; prob: number }>();
      const bump = (s: string, i: number) => {
        const p = personOf.get(uf.find(i))!;
        const m = method(i);
        const e = per.get(s) ?? { keys: 0, persons: new Set<string>(), linked: 0, other: 0, det: 0, prob: 0 };
        e.keys += 1;
        e.persons.add(p.id);
        if (p.keys > 1) e.linked += 1;
        if (p.sources.size > 1) e.other += 1;
        if (m === 'deterministic') e.det += 1;
        if (m === 'probabilistic') e.prob += 1;
        per.set(s, e);
      };
      for (let i = 0; i < realNodes; i++) {
        bump(nodeSource[i]!, i);
        bump('(all)', i);
      }
      const rows = [...per.entries()]
        .sort(([a], [b]) => (a === '(all)' ? 1 : b === '(all)' ? -1 : a.localeCompare(b)))
        .map(([s, e]) => ({ source: s, keys: e.keys, persons: e.persons.size, linked_keys: e.linked, matched_other_source: e.other, match_rate: e.other / e.keys, deterministic: e.det, probabilistic: e.prob }));
      return { rows, columns: ['source', 'keys', 'persons', 'linked_keys', 'matched_other_source', 'match_rate', 'deterministic', 'probabilistic'], types: { keys: 'BIGINT', persons: 'BIGINT', linked_keys: 'BIGINT', matched_other_source: 'BIGINT', match_rate: 'DOUBLE', deterministic: 'BIGINT', probabilistic: 'BIGINT' }, notes };
    }

    const ids = Array.from({ length: realNodes }, (_, i) => i);
    const people = ids.map((i) => personOf.get(uf.find(i))!);
    return {
      // Built column-wise: this table has one row per key, possibly millions.
      table: tableFromColumns([
        { name: 'source', type: 'VARCHAR', values: nodeSource },
        { name: 'key', type: 'VARCHAR', values: nodeKey },
        { name: 'email_sha256', type: 'VARCHAR', values: ids.map((i) => hashOf[i] ?? null) },
        { name: 'person_id', type: 'VARCHAR', values: people.map((p) => p.id) },
        { name: 'method', type: 'VARCHAR', values: ids.map(method) },
        { name: 'score', type: 'DOUBLE', values: ids.map((i) => (method(i) === 'probabilistic' ? people[i]!.score : null)) },
        { name: 'person_keys', type: 'BIGINT', values: people.map((p) => p.keys) },
        { name: 'person_sources', type: 'BIGINT', values: people.map((p) => p.sources.size) },
      ]),
      notes,
    };
  },
});

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

/** The `links:` table as (source_a, key_a, source_b, key_b) rows (sources null unless named). */
async function readLinks(run: AnalysisRun): Promise<[string | null, string, string | null, string][]> {
  const o = run.opts;
  if (!o.has('links')) {
    for (const k of ['link_a', 'link_b', 'link_source_a', 'link_source_b']) if (o.has(k)) o.fail(k, 'needs `links:` (the table of explicit links)');
    return [];
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
  const rows = await queryRows(
    run,
    `SELECT DISTINCT ${sa ? `CAST(${sa} AS VARCHAR)` : 'NULL::VARCHAR'} AS sa, CAST(${a} AS VARCHAR) AS a, ${sb ? `CAST(${sb} AS VARCHAR)` : 'NULL::VARCHAR'} AS sb, CAST(${b} AS VARCHAR) AS b
     FROM ${quoteIdent(info.name)} WHERE ${a} IS NOT NULL AND ${b} IS NOT NULL ORDER BY ALL`,
  );
  return rows.map((r) => [r.sa as string | null, String(r.a), r.sb as string | null, String(r.b)]);
}

/**
 * Candidate pairs between different persons that share a blocking value, scored with Fellegi–Sunter
 * weights. u comes from the data (value frequencies over keys), m from `m:` (default 0.95 for every
 * field). Scoring is SQL; only candidate pairs come back.
 */
async function probabilisticPairs(
  run: AnalysisRun, base: string, used: readonly Field[], nodeSource: string[], nodeKey: string[], detRoot: number[], all: boolean,
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
      { name: 's', type: 'VARCHAR', values: nodeSource.slice(0, detRoot.length) },
      { name: 'k', type: 'VARCHAR', values: nodeKey.slice(0, detRoot.length) },
      { name: 'det', type: 'INTEGER', values: detRoot },
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
      WITH x AS (SELECT n.*, p.det, ${blockExpr} AS blk FROM (${nodes}) n JOIN ${quoteIdent(persons)} p USING (s, k) WHERE ${blockExpr} IS NOT NULL),
      ok AS (SELECT blk FROM x GROUP BY blk HAVING count(*) <= ${maxBlock}),
      c AS (
        SELECT a.s AS source_a, a.k AS key_a, b.s AS source_b, b.k AS key_b, ${used.map((f) => `${agree[f]} AS ${f}_agree`).join(', ')}
        FROM x a JOIN x b ON a.blk = b.blk AND a.det < b.det WHERE a.blk IN (SELECT blk FROM ok)
      ), sc AS (SELECT *, ${used.map(weight).join(' + ')} AS score FROM c)
      SELECT *, score >= ${threshold} AS accepted FROM sc ${all ? '' : `WHERE score >= ${threshold}`}
      ORDER BY score DESC, source_a, key_a, source_b, key_b`;
    const pairs = await queryRows(run, sql);
    const notes = [`probabilistic pass on ${used.join(', ')} (blocked on ${blockOn}); weights in bits, agree / disagree: ${used.map((f) => `${f} ${weights[f]!.agree.toFixed(2)} / ${weights[f]!.disagree.toFixed(2)}`).join(', ')}; threshold ${threshold}`];
    if (Number(sizes?.big) > 0) notes.push(`${sizes!.big} blocks larger than ${maxBlock} keys (${sizes!.keys} keys) were not compared; block on a more specific field or raise \`max_block:\``);
    return { pairs, notes };
  } finally {
    await run.engine.drop(persons);
  }
}
