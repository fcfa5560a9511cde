import { numberColumn, textColumn, type ColumnType } from '../../arrow.ts';
import { randIndices, type PairCount } from '../../analytics/segmentation/adjusted-rand-index.ts';
import { standardization } from '../../analytics/segmentation/kmeans.ts';
import { silhouetteScore, type Silhouette } from '../../analytics/segmentation/silhouette.ts';
import { quoteIdent } from '../../engine.ts';
import { formatNumber } from '../../format/numbers.ts';
import { analysisCell, fromClause, type AnalysisRun } from '../analysis.ts';
import { featureList } from '../shared/modelShared.ts';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/i;
const fmt = (n: number) => n.toLocaleString('en-US');

const COLUMNS = {
  scores: ['items', 'a_clusters', 'b_clusters', 'ari', 'rand_index', 'agreement', 'silhouette_a', 'silhouette_b'],
  crosstab: ['a', 'b', 'count', 'share_of_a', 'share_of_b'],
  silhouette: ['labeling', 'label', 'size', 'silhouette', 'overall'],
} as const;
const TYPES: Record<string, ColumnType> = {
  items: 'BIGINT', a_clusters: 'BIGINT', b_clusters: 'BIGINT', ari: 'DOUBLE', rand_index: 'DOUBLE', agreement: 'VARCHAR', silhouette_a: 'DOUBLE', silhouette_b: 'DOUBLE',
  a: 'VARCHAR', b: 'VARCHAR', count: 'BIGINT', share_of_a: 'DOUBLE', share_of_b: 'DOUBLE', labeling: 'VARCHAR', label: 'VARCHAR', size: 'BIGINT', silhouette: 'DOUBLE', overall: 'DOUBLE',
};

/** Steinley (2004), "Properties of the Hubert–Arabie adjusted Rand index": recovery bands for ARI. */
export function agreementOf(ari: number): string {
  return ari >= 0.9 ? 'excellent' : ari >= 0.8 ? 'good' : ari >= 0.65 ? 'moderate' : 'poor';
}

/**
 * `cluster-compare`: how two labelings of the same rows agree (adjusted and plain Rand index, from a
 * contingency table counted in SQL), how well separated a labeling is in a feature space (silhouette,
 * the one implementation the kmeans kind uses), and the cross-tab itself.
 */
export const clusterCompareCell = analysisCell({
  kind: 'cluster-compare',
  summary: 'Compare two labelings of the same rows: adjusted Rand index (Hubert & Arabie) and Rand index, silhouette of each labeling on chosen columns, and their cross-tab.',
  formats: { rand_index: 'number', ari: 'number', share_of_a: 'percent', share_of_b: 'percent', items: 'count', count: 'count', size: 'count' },
  verdict(rows, options) {
    const r = rows[0];
    if (!r || !('ari' in r) || typeof r.ari !== 'number') return undefined;
    const a = String(options?.a ?? 'a');
    const b = String(options?.b ?? 'b');
    return `${a} and ${b} agree ${r.agreement === 'poor' ? 'poorly' : `— ${String(r.agreement)} agreement`}: adjusted Rand index ${formatNumber(r.ari, 'number')} over ${fmt(Number(r.items))} rows (${String(r.a_clusters)} vs ${String(r.b_clusters)} groups; 1 = the same partition, 0 = chance)`;
  },
  async compute(run) {
    const o = run.opts;
    const output = o.choice('output', ['scores', 'crosstab', 'silhouette'] as const, 'scores');
    const [a] = run.columns('a') as [string];
    const b = o.has('b') ? run.columns('b')[0] : undefined;
    if (!b && output === 'crosstab') o.fail('output', 'a cross-tab needs two labelings: set `b:`');
    const features = o.has('columns') ? featureList(o, 'columns', run.source!) : [];
    for (const f of features) {
      const type = run.source!.columns.find((c) => c.name === f)!.type;
      if (!NUMERIC.test(type)) o.fail('columns', `\`${f}\` is ${type}, not a number; the silhouette needs numeric columns`);
    }
    if (!features.length && output === 'silhouette') o.fail('columns', 'the silhouette needs the numeric columns the rows were clustered on: set `columns:`');
    if (!b && !features.length) o.fail('b', 'give a second labeling (`b:`) to compare with, or `columns:` to score the silhouette of `a`');
    const standardize = o.data.standardize === undefined ? false : o.data.standardize === true || o.data.standardize === 'true' ? true : o.data.standardize === false || o.data.standardize === 'false' ? false : o.fail('standardize', 'must be true or false');
    const sampleSize = o.number('silhouette_sample', 5000, { min: 2 });
    const seed = o.number('seed', 42, { min: 0 });

    const columns = [...COLUMNS[output]];
    const types = Object.fromEntries(columns.map((c) => [c, TYPES[c]!]));
    const notes: string[] = [];
    const src = fromClause(run);
    const labelled = `${a} IS NOT NULL${b ? ` AND ${b} IS NOT NULL` : ''}`;
    const [left] = numberColumn(await run.query(`SELECT count(*) FILTER (WHERE NOT (${labelled}))::DOUBLE AS n ${src}`), 'n');
    if (left) notes.push(`${fmt(left)} row(s) without a label in \`${o.text('a')}\`${b ? ` or \`${o.text('b')}\`` : ''} left out`);

    // Contingency counts in SQL: one row per pair of labels.
    const counts: PairCount[] = [];
    if (b) {
      const t = await run.query(`SELECT CAST(${a} AS VARCHAR) AS a, CAST(${b} AS VARCHAR) AS b, count(*)::DOUBLE AS n ${src} WHERE ${labelled} GROUP BY 1, 2 ORDER BY 1, 2`);
      const as = textColumn(t, 'a') as string[];
      const bs = textColumn(t, 'b') as string[];
      const ns = numberColumn(t, 'n') as number[];
      as.forEach((x, i) => counts.push({ a: x, b: bs[i]!, count: ns[i]! }));
    }
    if (output === 'crosstab') {
      const sizeA = new Map<string, number>();
      const sizeB = new Map<string, number>();
      for (const c of counts) {
        sizeA.set(String(c.a), (sizeA.get(String(c.a)) ?? 0) + c.count);
        sizeB.set(String(c.b), (sizeB.get(String(c.b)) ?? 0) + c.count);
      }
      const rows = counts.map((c) => ({ a: c.a, b: c.b, count: c.count, share_of_a: c.count / sizeA.get(String(c.a))!, share_of_b: c.count / sizeB.get(String(c.b))! }));
      if (!rows.length) notes.push('no labelled rows: the result is empty');
      return { rows, columns, types, notes };
    }

    const sil = features.length ? await silhouettes(run, features, [a, ...(b ? [b] : [])], labelled, { standardize, sampleSize, seed }, notes) : undefined;
    if (output === 'silhouette') {
      const rows = (sil ?? []).flatMap((s, k) => {
        const name = k === 0 ? o.text('a') : o.text('b');
        if (!s.result) return [];
        return s.perLabel.map((p) => ({ labeling: name, label: p.label, size: p.size, silhouette: p.mean, overall: s.result!.score }));
      });
      if (!rows.length) notes.push('no silhouette: the result is empty');
      return { rows, columns, types, notes };
    }
    const r = b && counts.length ? randIndices(counts) : undefined;
    const items = r?.n ?? sil?.[0]?.items ?? 0;
    if (!items) return { rows: [], columns, types, notes: [...notes, 'no labelled rows: the result is empty'] };
    const row = {
      items, a_clusters: b ? new Set(counts.map((c) => c.a)).size : sil?.[0]?.perLabel.length ?? null, b_clusters: b ? new Set(counts.map((c) => c.b)).size : null,
      ari: r?.adjusted ?? null, rand_index: r?.rand ?? null, agreement: r ? agreementOf(r.adjusted) : null,
      silhouette_a: sil?.[0]?.result?.score ?? null, silhouette_b: sil?.[1]?.result?.score ?? null,
    };
    return { rows: [row], columns, types, notes };
  },
});

interface LabelingSilhouette {
  items: number;
  result: Silhouette | null;
  perLabel: { label: string; size: number; mean: number | null }[];
}

/** The silhouette of each labeling on the feature columns (rows with every feature and label present). */
async function silhouettes(
  run: AnalysisRun, features: string[], labels: string[], labelled: string,
  s: { standardize: boolean; sampleSize: number; seed: number }, notes: string[],
): Promise<LabelingSilhouette[]> {
  const q = features.map((f) => quoteIdent(f));
  const usable = q.map((c) => `${c} IS NOT NULL AND isfinite(CAST(${c} AS DOUBLE))`).join(' AND ');
  // Ordered by labels and values, so the seeded sample is the same however the table was scanned.
  const t = await run.query(`SELECT ${labels.map((l, k) => `CAST(${l} AS VARCHAR) AS l${k}`).join(', ')}, ${q.map((c, j) => `CAST(${c} AS DOUBLE) AS x${j}`).join(', ')}
    ${fromClause(run)} WHERE ${labelled} AND ${usable} ORDER BY ${labels.map((_, k) => `l${k}`).join(', ')}, ${q.map((_, j) => `x${j}`).join(', ')}`);
  const cols = features.map((_, j) => numberColumn(t, `x${j}`) as number[]);
  const n = cols[0]?.length ?? 0;
  const [missing] = numberColumn(await run.query(`SELECT count(*) FILTER (WHERE ${labelled} AND NOT (${usable}))::DOUBLE AS m ${fromClause(run)}`), 'm');
  if (missing) notes.push(`${fmt(missing)} labelled row(s) with an empty ${features.join(' / ')} left out of the silhouette`);
  const raw = Array.from({ length: n }, (_, i) => cols.map((c) => c[i]!));
  const scale = s.standardize && n ? standardization(raw) : { mean: features.map(() => 0), sd: features.map(() => 1) };
  const points = raw.map((p) => p.map((v, j) => (v - scale.mean[j]!) / scale.sd[j]!));
  if (s.standardize) notes.push('silhouette on standardized columns (z-scores)');
  return labels.map((_, k) => {
    const names = textColumn(t, `l${k}`) as string[];
    const ids = [...new Set(names)].sort();
    const index = new Map(ids.map((l, i) => [l, i]));
    const numeric = names.map((l) => index.get(l)!);
    if (ids.length < 2 || ids.length > n - 1) {
      notes.push(`silhouette undefined for ${ids.length} group(s) of ${fmt(n)} rows`);
      return { items: n, result: null, perLabel: ids.map((label) => ({ label, size: names.filter((x) => x === label).length, mean: null })) };
    }
    const result = silhouetteScore(points, numeric, { sampleSize: s.sampleSize, seed: s.seed });
    if (result.sampled && k === 0) notes.push(`silhouette on a seeded sample of ${fmt(result.scored)} of ${fmt(n)} rows`);
    const sums = ids.map(() => ({ sum: 0, n: 0 }));
    result.samples.forEach((v, j) => {
      const c = sums[numeric[result.indices[j]!]!]!;
      c.sum += v;
      c.n += 1;
    });
    return { items: n, result, perLabel: ids.map((label, i) => ({ label, size: names.filter((x) => x === label).length, mean: sums[i]!.n ? sums[i]!.sum / sums[i]!.n : null })) };
  });
}
