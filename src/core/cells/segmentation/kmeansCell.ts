import { numberColumn, tableFromColumns, tableFromRows, type ColumnType } from '../../arrow.ts';
import { elbowIndex, kmeansClusters, standardization, type KmeansResult } from '../../analytics/segmentation/kmeans.ts';
import { silhouetteScore, type Silhouette } from '../../analytics/segmentation/silhouette.ts';
import { quoteIdent, type Engine, type TableInfo } from '../../engine.ts';
import { bindYamlParams, textParamRefs } from '../../notebook/params.ts';
import { Options } from '../analysis.ts';
import { CellError, type CellKindDef } from '../kind.ts';
import { featureList } from '../shared/modelShared.ts';
import { noteRow } from '../noteRow.ts';
import { registerResult, resultOf } from '../result.ts';
import { readYamlBody } from '../yamlBody.ts';

const OUTPUTS = ['rows', 'centroids', 'choose_k'] as const;
const ROW = '__pulse_row';
/** DuckDB numeric types a feature may have (cast to DOUBLE for clustering). */
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/i;
/** Beyond this many rows the silhouette (O(n²) distances) is scored on a seeded sample, as sklearn's sample_size. */
const SILHOUETTE_SAMPLE = 5000;

interface Settings {
  features: string[];
  k: number;
  standardize: boolean;
  seed: number;
  restarts: number;
  maxIterations: number;
  silhouetteSample: number;
}

function settings(o: Options, source: TableInfo, output: (typeof OUTPUTS)[number]): Settings {
  const features = featureList(o, 'columns', source);
  for (const f of features) {
    const type = source.columns.find((c) => c.name === f)!.type;
    if (!NUMERIC.test(type)) o.fail('columns', `\`${f}\` is ${type}, not a number; cluster numeric columns (cast or encode others in SQL first)`);
  }
  const whole = (key: string, fallback: number | undefined, min: number) => {
    const v = o.number(key, fallback, { min });
    if (!Number.isInteger(v)) o.fail(key, `must be a whole number (got ${v})`);
    return v;
  };
  return {
    features,
    k: output === 'choose_k' ? 0 : whole('k', undefined, 1),
    standardize: o.data.standardize === undefined ? true : o.data.standardize === true || o.data.standardize === 'true' ? true : o.data.standardize === false || o.data.standardize === 'false' ? false : o.fail('standardize', 'must be true or false'),
    seed: whole('seed', 42, 0),
    restarts: whole('restarts', 10, 1),
    maxIterations: whole('max_iterations', 300, 1),
    silhouetteSample: whole('silhouette_sample', SILHOUETTE_SAMPLE, 2),
  };
}

/** Silhouette or null (with why) when it is undefined: one cluster, or every point its own cluster. */
function trySilhouette(points: number[][], labels: number[], s: Settings): { sil: Silhouette | null; why: string | null } {
  const k = new Set(labels).size;
  if (k < 2 || k > points.length - 1) return { sil: null, why: `silhouette undefined for ${k} cluster(s) of ${points.length} rows` };
  try {
    return { sil: silhouetteScore(points, labels, { sampleSize: s.silhouetteSample, seed: s.seed }), why: null };
  } catch (e) {
    return { sil: null, why: `silhouette: ${(e as Error).message}` };
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * `kmeans`: k-means++ with seeded restarts over numeric columns (standardized by default). `output:`
 * chooses the table: every row with its `cluster` (default), the centroids in original units with
 * within-cluster SS and silhouette, or the elbow / silhouette table over a range of k.
 */
export const kmeansCell: CellKindDef = {
  kind: 'kmeans',
  summary: 'k-means++ segments (seeded restarts, standardized): cluster per row, centroids in original units, within-SS, silhouette, and a table to choose k.',
  references(cell) {
    const data = readYamlBody(cell.code, 'kmeans');
    const from = typeof data.from === 'string' ? data.from.trim() : undefined;
    return { tables: from && !from.includes('${') ? [from] : [], params: textParamRefs(cell.code) };
  },
  async run(ctx) {
    const o = new Options('kmeans', bindYamlParams(readYamlBody(ctx.cell.code, 'kmeans'), ctx.params) as Record<string, unknown>, ctx.cell.code);
    const from = o.text('from');
    const source = (await ctx.engine.describe(from)) ?? o.fail('from', `no table named \`${from}\``);
    const output = o.choice('output', OUTPUTS, 'rows');
    const s = settings(o, source, output);
    if (output === 'rows' && source.columns.some((c) => c.name.toLowerCase() === 'cluster')) {
      o.fail('from', `\`${source.name}\` already has a column \`cluster\`; rename it in SQL first (the kmeans result adds one)`);
    }
    const engine = ctx.engine;
    const numbered = `__kmeans_rows_${ctx.cell.id}`;
    const labelsName = `__kmeans_labels_${ctx.cell.id}`;
    try {
      // Number the rows once, so the clusters found in TypeScript join back to the right rows.
      await engine.materialize(numbered, `SELECT row_number() OVER () AS ${ROW}, * FROM ${quoteIdent(source.name)}`);
      const xs = s.features.map((f, j) => `CAST(${quoteIdent(f)} AS DOUBLE) AS x${j}`);
      const usable = s.features.map((f) => `${quoteIdent(f)} IS NOT NULL AND isfinite(CAST(${quoteIdent(f)} AS DOUBLE))`).join(' AND ');
      // Ordered by the feature values: the seeded k-means++ then sees the same sequence however the table was scanned.
      const t = await engine.query(`SELECT ${ROW} AS r, ${xs.join(', ')} FROM ${quoteIdent(numbered)} WHERE ${usable} ORDER BY ${s.features.map((_, j) => `x${j}`).join(', ')}, ${ROW}`);
      const rowIds = numberColumn(t, 'r') as number[];
      const featureValues = s.features.map((_, j) => numberColumn(t, `x${j}`) as number[]);
      const raw = rowIds.map((_, i) => featureValues.map((col) => col[i]!));
      const dropped = source.rowCount - rowIds.length;
      const notes: string[] = [];
      if (dropped) notes.push(`${fmt(dropped)} row(s) with an empty or non-finite ${s.features.join(' / ')} left out${output === 'rows' ? ' (cluster NULL)' : ''}`);
      if (rowIds.length === 0) {
        const cols = output === 'choose_k' ? CHOOSE_COLUMNS : output === 'centroids' ? centroidColumns(s.features) : [...source.columns.map((c) => c.name), 'cluster'];
        return await registerResult(engine, ctx.cell.id, tableFromRows(...asArgs(noteRow(cols, `no rows with ${s.features.join(', ')} in \`${source.name}\`${notes.length ? ` (${notes[0]})` : ''}`))), ctx.previewRows);
      }
      const scale = s.standardize ? standardization(raw) : { mean: s.features.map(() => 0), sd: s.features.map(() => 1) };
      const points = raw.map((p) => p.map((v, j) => (v - scale.mean[j]!) / scale.sd[j]!));
      if (s.standardize) notes.push('standardized (z-scores); within SS in standard units');
      const opts = { seed: s.seed, restarts: s.restarts, maxIterations: s.maxIterations };
      const fail = (e: unknown): never => o.fail(output === 'choose_k' ? 'k_range' : 'k', (e as Error).message);

      if (output === 'choose_k') {
        const range = o.list('k_range', ['1', '8']).map(Number);
        if (range.length !== 2 || !range.every((v) => Number.isInteger(v) && v >= 1) || range[0]! > range[1]!) o.fail('k_range', `must be two whole numbers [from, to], from ≥ 1 (got ${o.list('k_range').join(', ')})`);
        const distinct = new Set(points.map((p) => p.join('|'))).size;
        const ks = Array.from({ length: Math.min(range[1]!, distinct) - range[0]! + 1 }, (_, i) => range[0]! + i).filter((k) => k >= 1);
        if (ks.length === 0) o.fail('k_range', `the data has only ${distinct} distinct point(s)`);
        const fits = ks.map((k) => {
          try {
            return kmeansClusters(points, k, opts);
          } catch (e) {
            return fail(e);
          }
        });
        const sils = fits.map((f) => trySilhouette(points, f.labels, s));
        const elbow = elbowIndex(ks, fits.map((f) => f.inertia));
        const silValues = sils.map((x) => x.sil?.score ?? -Infinity);
        const bestSil = Math.max(...silValues);
        const sampled = sils.find((x) => x.sil?.sampled)?.sil;
        if (sampled) notes.push(`silhouette on a seeded sample of ${fmt(sampled.scored)} of ${fmt(points.length)} rows`);
        if (ks[ks.length - 1]! < range[1]!) notes.push(`k stops at ${ks[ks.length - 1]} (distinct points)`);
        const rows = fits.map((f, i) => ({
          k: ks[i]!, within_ss: f.inertia, explained_ss: f.totalSs > 0 ? 1 - f.inertia / f.totalSs : null, silhouette: sils[i]!.sil?.score ?? null,
          elbow: i === elbow, best_silhouette: Number.isFinite(bestSil) && silValues[i] === bestSil, note: notes.join('; ') || null,
        }));
        return await registerResult(engine, ctx.cell.id, tableFromRows(rows, { ...CHOOSE_TYPES }, CHOOSE_COLUMNS), ctx.previewRows);
      }

      let fit: KmeansResult;
      try {
        fit = kmeansClusters(points, s.k, opts);
      } catch (e) {
        return fail(e);
      }
      if (output === 'rows') {
        await engine.registerArrow(labelsName, tableFromColumns([
          { name: ROW, type: 'BIGINT', values: rowIds },
          { name: 'cluster', type: 'INTEGER', values: fit.labels },
        ]));
        const info = await engine.materialize(ctx.cell.id,
          `SELECT t.* EXCLUDE (${ROW}), l.cluster FROM ${quoteIdent(numbered)} t LEFT JOIN ${quoteIdent(labelsName)} l ON t.${ROW} = l.${ROW} ORDER BY t.${ROW}`);
        return await resultOf(engine, info, ctx.previewRows);
      }
      const { sil, why } = trySilhouette(points, fit.labels, s);
      if (sil?.sampled) notes.push(`silhouette on a seeded sample of ${fmt(sil.scored)} of ${fmt(points.length)} rows`);
      if (why) notes.push(why);
      const perCluster = new Array(s.k).fill(0).map(() => ({ sum: 0, n: 0 }));
      sil?.samples.forEach((v, j) => {
        const c = perCluster[fit.labels[sil.indices[j]!]! - 1]!;
        c.sum += v;
        c.n += 1;
      });
      const rows = fit.centroids.map((c, i) => ({
        cluster: i + 1, size: fit.sizes[i]!, share: fit.sizes[i]! / points.length,
        ...Object.fromEntries(s.features.map((f, j) => [f, c[j]! * scale.sd[j]! + scale.mean[j]!])),
        within_ss: fit.withinSs[i]!, cluster_silhouette: perCluster[i]!.n ? perCluster[i]!.sum / perCluster[i]!.n : null,
        total_within_ss: fit.inertia, explained_ss: fit.totalSs > 0 ? 1 - fit.inertia / fit.totalSs : null, silhouette: sil?.score ?? null,
        note: notes.join('; ') || null,
      }));
      const cols = centroidColumns(s.features);
      return await registerResult(engine, ctx.cell.id, tableFromRows(rows, centroidTypes(s.features), cols), ctx.previewRows);
    } catch (e) {
      if (e instanceof CellError) throw e;
      throw new CellError(`kmeans: ${(e as Error).message}`);
    } finally {
      await dropQuietly(engine, numbered);
      await dropQuietly(engine, labelsName);
    }
  },
};

const CHOOSE_COLUMNS = ['k', 'within_ss', 'explained_ss', 'silhouette', 'elbow', 'best_silhouette', 'note'];
const CHOOSE_TYPES: Record<string, ColumnType> = { k: 'BIGINT', within_ss: 'DOUBLE', explained_ss: 'DOUBLE', silhouette: 'DOUBLE', elbow: 'BOOLEAN', best_silhouette: 'BOOLEAN', note: 'VARCHAR' };
const CENTROID_TAIL = ['within_ss', 'cluster_silhouette', 'total_within_ss', 'explained_ss', 'silhouette', 'note'];

function centroidColumns(features: string[]): string[] {
  const taken = new Set(['cluster', 'size', 'share', ...CENTROID_TAIL]);
  const clash = features.find((f) => taken.has(f.toLowerCase()));
  if (clash) throw new CellError(`kmeans: a feature named \`${clash}\` clashes with a centroid column; rename it in SQL first`);
  return ['cluster', 'size', 'share', ...features, ...CENTROID_TAIL];
}

function centroidTypes(features: string[]): Record<string, ColumnType> {
  return { cluster: 'BIGINT', size: 'BIGINT', share: 'DOUBLE', ...Object.fromEntries(features.map((f) => [f, 'DOUBLE'])), within_ss: 'DOUBLE', cluster_silhouette: 'DOUBLE', total_within_ss: 'DOUBLE', explained_ss: 'DOUBLE', silhouette: 'DOUBLE', note: 'VARCHAR' };
}

const asArgs = (r: { rows: Record<string, unknown>[]; columns: string[]; types: Record<string, ColumnType> }) => [r.rows, r.types, r.columns] as const;

async function dropQuietly(engine: Engine, name: string): Promise<void> {
  try {
    await engine.drop(name);
  } catch {
    // The temporary table was never created (an error before it); nothing to clean up.
  }
}
