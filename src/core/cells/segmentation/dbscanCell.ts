import { numberColumn, tableFromColumns, type ColumnType } from '../../arrow.ts';
import { dbscan, kDistances } from '../../analytics/segmentation/dbscan.ts';
import { elbowIndex, standardization } from '../../analytics/segmentation/kmeans.ts';
import { silhouetteScore } from '../../analytics/segmentation/silhouette.ts';
import { quoteIdent, type Engine } from '../../engine.ts';
import { analysisCell, type AnalysisOutput } from '../analysis.ts';
import { featureList } from '../shared/modelShared.ts';

const ROW = '__pulse_row';
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/i;
const SILHOUETTE_SAMPLE = 5000;
const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * `dbscan`: density clusters over numeric columns with scikit-learn's conventions (noise = −1, a
 * point counts itself in min_samples, border points to the first cluster that reaches them). Rows are
 * numbered in SQL in table order (scikit-learn's row order), the features read once, the clustering
 * runs on a grid index in TypeScript, and the labels join back to every row in SQL.
 */
export const dbscanCell = analysisCell({
  kind: 'dbscan',
  summary: 'DBSCAN density clusters (scikit-learn conventions: eps, min_samples counting the point itself, noise = −1, core / border / noise per row); grid index for tens of thousands of rows.',
  formats: { share: 'percent', size: 'count', core_points: 'count' },
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const source = run.source!;
    const features = featureList(o, 'columns', source);
    for (const f of features) {
      const type = source.columns.find((c) => c.name === f)!.type;
      if (!NUMERIC.test(type)) o.fail('columns', `\`${f}\` is ${type}, not a number; cluster numeric columns (cast or encode others in SQL first)`);
    }
    const output = o.choice('output', ['rows', 'summary', 'k_distance'] as const, 'rows');
    const eps = output === 'k_distance' ? Number.NaN : o.number('eps', undefined, { min: 0, exclusive: true });
    const minSamples = o.number('min_samples', 5, { min: 1 });
    if (!Number.isInteger(minSamples)) o.fail('min_samples', `must be a whole number (got ${minSamples})`);
    const standardize = o.data.standardize === undefined ? false : o.data.standardize === true || o.data.standardize === 'true' ? true : o.data.standardize === false || o.data.standardize === 'false' ? false : o.fail('standardize', 'must be true or false');
    const sampleSize = output === 'k_distance' ? o.number('k_distance_sample', 2000, { min: 1 }) : 0;
    const seed = output === 'k_distance' ? o.number('seed', 42, { min: 0 }) : 0;
    const clash = source.columns.find((c) => ['cluster', 'point_type'].includes(c.name.toLowerCase()));
    if (output === 'rows' && clash) o.fail('from', `\`${source.name}\` already has a column \`${clash.name}\`; rename it in SQL first (the dbscan result adds \`cluster\` and \`point_type\`)`);
    const summaryClash = features.find((f) => ['cluster', 'size', 'share', 'core_points', 'silhouette'].includes(f.toLowerCase()));
    if (output === 'summary' && summaryClash) o.fail('columns', `a feature named \`${summaryClash}\` clashes with a summary column; rename it in SQL first`);

    const engine = run.engine;
    const id = run.cell.id;
    const numbered = `__dbscan_rows_${id}`;
    const labelsName = `__dbscan_labels_${id}`;
    const cleanup = async () => {
      await dropQuietly(engine, numbered);
      await dropQuietly(engine, labelsName);
    };
    try {
      await engine.materialize(numbered, `SELECT row_number() OVER () AS ${ROW}, * FROM ${quoteIdent(source.name)}`);
      const xs = features.map((f, j) => `CAST(${quoteIdent(f)} AS DOUBLE) AS x${j}`);
      const usable = features.map((f) => `${quoteIdent(f)} IS NOT NULL AND isfinite(CAST(${quoteIdent(f)} AS DOUBLE))`).join(' AND ');
      const t = await engine.query(`SELECT ${ROW} AS r, ${xs.join(', ')} FROM ${quoteIdent(numbered)} WHERE ${usable} ORDER BY ${ROW}`);
      const rowIds = numberColumn(t, 'r') as number[];
      const cols = features.map((_, j) => numberColumn(t, `x${j}`) as number[]);
      const raw = rowIds.map((_, i) => cols.map((c) => c[i]!));
      const notes: string[] = [];
      const dropped = source.rowCount - rowIds.length;
      if (dropped) notes.push(`${fmt(dropped)} row(s) with an empty or non-finite ${features.join(' / ')} left out${output === 'rows' ? ' (cluster NULL)' : ''}`);
      const scale = standardize && raw.length ? standardization(raw) : { mean: features.map(() => 0), sd: features.map(() => 1) };
      const points = raw.map((p) => p.map((v, j) => (v - scale.mean[j]!) / scale.sd[j]!));
      if (standardize) notes.push('standardized (z-scores): eps is in standard deviations');
      if (output === 'k_distance') {
        await cleanup();
        const columns = ['rank', 'k_distance', 'knee'];
        const types: Record<string, ColumnType> = { rank: 'BIGINT', k_distance: 'DOUBLE', knee: 'BOOLEAN' };
        if (points.length < minSamples) return { rows: [], columns, types, notes: [...notes, `${fmt(points.length)} usable row(s), fewer than min_samples (${minSamples}): the result is empty`] };
        const { distances } = kDistances(points, minSamples, { sampleSize, seed });
        // Ester et al.'s sorted k-dist graph: descending, so the knee (Kneedle) is where the steep noise part flattens.
        const sorted = [...distances].sort((x, y) => y - x);
        const ranks = sorted.map((_, i) => i + 1);
        const knee = elbowIndex(ranks, sorted);
        if (distances.length < points.length) notes.push(`k-distances of a seeded sample of ${fmt(distances.length)} of ${fmt(points.length)} rows (each against every row)`);
        if (knee !== null) notes.push(`suggested eps ≈ ${Number(sorted[knee]!.toPrecision(3))} (the knee, rank ${knee + 1} of ${fmt(sorted.length)}: rows to its left would be noise)`);
        return { rows: sorted.map((v, i) => ({ rank: i + 1, k_distance: v, knee: i === knee })), columns, types, notes };
      }
      const fit = dbscan(points, eps, minSamples);
      const noise = fit.labels.filter((l) => l === -1).length;
      if (!raw.length) notes.push(`no rows with ${features.join(', ')} in \`${source.name}\`: the result is empty`);
      else notes.push(`${fit.clusters} cluster(s), ${fmt(noise)} noise row(s) of ${fmt(raw.length)}`);

      if (output === 'rows') {
        await engine.registerArrow(labelsName, tableFromColumns([
          { name: ROW, type: 'BIGINT', values: rowIds },
          { name: 'cluster', type: 'INTEGER', values: fit.labels },
          { name: 'point_type', type: 'VARCHAR', values: fit.labels.map((l, i) => (fit.core[i] ? 'core' : l === -1 ? 'noise' : 'border')) },
        ]));
        const sql = `SELECT t.* EXCLUDE (${ROW}), l.cluster, l.point_type FROM ${quoteIdent(numbered)} t LEFT JOIN ${quoteIdent(labelsName)} l ON t.${ROW} = l.${ROW} ORDER BY t.${ROW}`;
        return { sql, cleanup, notes };
      }
      await cleanup();
      // Silhouette of the clustered rows (noise left out, as it is no cluster), in the clustering space.
      const kept = fit.labels.flatMap((l, i) => (l === -1 ? [] : [i]));
      const k = fit.clusters;
      let silhouette: number | null = null;
      if (k >= 2 && k <= kept.length - 1) {
        const sil = silhouetteScore(kept.map((i) => points[i]!), kept.map((i) => fit.labels[i]!), { sampleSize: SILHOUETTE_SAMPLE, seed: 42 });
        silhouette = sil.score;
        if (sil.sampled) notes.push(`silhouette on a seeded sample of ${fmt(sil.scored)} of ${fmt(kept.length)} clustered rows`);
      }
      const ids = [...Array.from({ length: k }, (_, c) => c), ...(noise ? [-1] : [])];
      const rows = ids.map((c) => {
        const members = fit.labels.flatMap((l, i) => (l === c ? [i] : []));
        return {
          cluster: c, size: members.length, share: members.length / raw.length, core_points: members.filter((i) => fit.core[i]).length,
          ...Object.fromEntries(features.map((f, j) => [f, members.reduce((s, i) => s + raw[i]![j]!, 0) / members.length])),
          silhouette,
        };
      });
      const columns = ['cluster', 'size', 'share', 'core_points', ...features, 'silhouette'];
      const types: Record<string, ColumnType> = { cluster: 'INTEGER', size: 'BIGINT', share: 'DOUBLE', core_points: 'BIGINT', ...Object.fromEntries(features.map((f) => [f, 'DOUBLE' as const])), silhouette: 'DOUBLE' };
      return { rows, columns, types, notes };
    } catch (e) {
      await cleanup();
      if (e instanceof Error && /^eps|^min_samples/.test(e.message)) return o.fail(e.message.startsWith('eps') ? 'eps' : 'min_samples', e.message);
      throw e;
    }
  },
});

async function dropQuietly(engine: Engine, name: string): Promise<void> {
  try {
    await engine.drop(name);
  } catch {
    // Never created (an error before it): nothing to clean up.
  }
}
