import { quoteIdent } from '../../engine.ts';
import { analysisCell, Options, type AnalysisOutput, type AnalysisRun } from '../analysis.ts';
import { queryRows } from '../quality/shared.ts';
import { resolveIdentities } from './identityCell.ts';

/** The identity kind's options, passed through unchanged (see docs/cells/segmentation.md#identity). */
const IDENTITY_KEYS = [
  'from', 'source', 'key', 'email', 'email_sha256', 'gmail_dots', 'plus_tags', 'links', 'link_a', 'link_b', 'link_source_a', 'link_source_b',
  'name', 'location', 'device', 'time', 'threshold', 'm', 'name_similarity', 'time_window_hours', 'block_on', 'max_block',
];
/** Beyond this many platforms the Venn table lists only the combinations that occur (2^k rows otherwise). */
const ALL_COMBINATIONS_UP_TO = 8;
const PAIR_COLUMNS = ['platform_a', 'platform_b', 'persons_a', 'persons_b', 'both', 'both_probabilistic', 'jaccard', 'share_of_a', 'share_of_b'];
const VENN_COLUMNS = ['platforms', 'platform_count', 'persons', 'share', 'probabilistic'];

/** Run the identity resolution on this cell's identity options (output: keys) into a temporary table. */
async function resolvedKeys(run: AnalysisRun, table: string): Promise<string[]> {
  const data: Record<string, unknown> = { output: 'keys' };
  for (const k of IDENTITY_KEYS) if (run.opts.data[k] !== undefined) data[k] = run.opts.data[k];
  const identityRun: AnalysisRun = { ...run, opts: new Options('overlap', data, run.cell.code) };
  const out = await resolveIdentities(identityRun);
  if (!('sql' in out)) throw new Error('the identity resolution returned no key table');
  try {
    await run.engine.materialize(table, out.sql);
  } finally {
    await out.cleanup?.();
  }
  return out.notes ?? [];
}

/**
 * `overlap`: how audiences overlap across platforms. Each platform's keys are resolved to people by
 * the `identity` kind (hashed e-mails and links, plus its optional probabilistic pass); then, per
 * pair of platforms, the people on both with Jaccard and the share of each, or a Venn-style table of
 * every combination of platforms with its number of people.
 */
export const overlapCell = analysisCell({
  kind: 'overlap',
  summary: 'Audience overlap across platforms: people resolved by the identity kind (hashed e-mails, links, probabilistic matches); pairwise counts, Jaccard, shares, and a Venn table.',
  tableKeys: ['links'],
  formats: { persons_a: 'count', persons_b: 'count', both: 'count', both_probabilistic: 'count', share_of_a: 'percent', share_of_b: 'percent', persons: 'count', share: 'percent', probabilistic: 'count' },
  verdict(rows) {
    if ('jaccard' in rows[0]!) {
      const top = [...rows].sort((a, b) => Number(b.jaccard ?? 0) - Number(a.jaccard ?? 0))[0]!;
      return `${String(top.platform_a)} and ${String(top.platform_b)} overlap most: ${Number(top.both).toLocaleString('en-US')} people (Jaccard ${Number(top.jaccard ?? 0).toFixed(3)}; ${(Number(top.share_of_a ?? 0) * 100).toFixed(1)} % of ${String(top.platform_a)}, ${(Number(top.share_of_b ?? 0) * 100).toFixed(1)} % of ${String(top.platform_b)})`;
    }
    const total = rows.reduce((a, r) => a + Number(r.persons), 0);
    const multi = rows.filter((r) => Number(r.platform_count) > 1).reduce((a, r) => a + Number(r.persons), 0);
    return total ? `${multi.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} people (${((multi / total) * 100).toFixed(1)} %) are on more than one platform` : undefined;
  },
  async compute(run): Promise<AnalysisOutput> {
    const output = run.opts.choice('output', ['pairwise', 'venn'] as const, 'pairwise');
    const keysT = `__overlap_keys_${run.cell.id}`;
    try {
      const notes = await resolvedKeys(run, keysT);
      // One row per person and platform: was the person put together with a probabilistic link?
      const pp = `SELECT person_id, source AS platform, bool_or(method = 'probabilistic') AS prob FROM ${quoteIdent(keysT)} GROUP BY 1, 2`;
      if (output === 'pairwise') {
        const rows = await queryRows(run, `
          WITH pp AS (${pp}), per AS (SELECT platform, count(*)::BIGINT AS n FROM pp GROUP BY 1),
          pairs AS (SELECT a.platform AS pa, b.platform AS pb, count(*)::BIGINT AS both, count(*) FILTER (WHERE a.prob OR b.prob)::BIGINT AS prob
                    FROM pp a JOIN pp b ON a.person_id = b.person_id AND a.platform < b.platform GROUP BY 1, 2)
          SELECT x.platform AS platform_a, y.platform AS platform_b, x.n AS persons_a, y.n AS persons_b,
                 coalesce(p.both, 0)::BIGINT AS both, coalesce(p.prob, 0)::BIGINT AS both_probabilistic,
                 coalesce(p.both, 0) / (x.n + y.n - coalesce(p.both, 0)) AS jaccard, coalesce(p.both, 0) / x.n AS share_of_a, coalesce(p.both, 0) / y.n AS share_of_b
          FROM per x JOIN per y ON x.platform < y.platform LEFT JOIN pairs p ON p.pa = x.platform AND p.pb = y.platform
          ORDER BY platform_a, platform_b`);
        return {
          rows, columns: PAIR_COLUMNS, notes,
          types: { platform_a: 'VARCHAR', platform_b: 'VARCHAR', persons_a: 'BIGINT', persons_b: 'BIGINT', both: 'BIGINT', both_probabilistic: 'BIGINT', jaccard: 'DOUBLE', share_of_a: 'DOUBLE', share_of_b: 'DOUBLE' },
        };
      }
      const combos = await queryRows(run, `
        WITH pp AS (${pp}),
        person AS (SELECT person_id, string_agg(platform, ' + ' ORDER BY platform) AS platforms, count(*) AS k, bool_or(prob) AS prob FROM pp GROUP BY 1)
        SELECT platforms, any_value(k)::BIGINT AS platform_count, count(*)::BIGINT AS persons, count(*) FILTER (WHERE prob)::BIGINT AS probabilistic FROM person GROUP BY 1`);
      const platforms = (await queryRows(run, `SELECT DISTINCT source AS p FROM ${quoteIdent(keysT)} ORDER BY 1`)).map((r) => String(r.p));
      const total = combos.reduce((a, r) => a + Number(r.persons), 0);
      const found = new Map(combos.map((r) => [String(r.platforms), r]));
      let names = [...found.keys()];
      if (platforms.length <= ALL_COMBINATIONS_UP_TO) {
        // Every combination, so an empty one reads 0 rather than being missing.
        names = [];
        for (let mask = 1; mask < 1 << platforms.length; mask++) names.push(platforms.filter((_, i) => mask & (1 << i)).join(' + '));
      } else {
        notes.push(`${platforms.length} platforms: only the combinations that occur are listed`);
      }
      const rows = names.map((n) => {
        const r = found.get(n);
        const persons = r ? Number(r.persons) : 0;
        return { platforms: n, platform_count: n.split(' + ').length, persons, share: total ? persons / total : null, probabilistic: r ? Number(r.probabilistic) : 0 };
      }).sort((a, b) => a.platform_count - b.platform_count || b.persons - a.persons || a.platforms.localeCompare(b.platforms));
      return { rows, columns: VENN_COLUMNS, notes, types: { platforms: 'VARCHAR', platform_count: 'BIGINT', persons: 'BIGINT', share: 'DOUBLE', probabilistic: 'BIGINT' } };
    } finally {
      await run.engine.drop(keysT).catch(() => undefined);
    }
  },
});
