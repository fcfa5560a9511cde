import { numberColumn, textColumn } from '../../arrow.ts';
import { logisticRegression, simulatePlan, type Summary } from '../../analytics/models/index.ts';
import { quoteIdent } from '../../engine.ts';
import { allPresent, analysisCell, columnTypes, fromClause, missingMetricNote } from '../analysis.ts';
import { emptyInputNote } from '../result.ts';
import type { CellKindDef } from '../kind.ts';
import { readYamlBody } from '../yamlBody.ts';
import { doubles, featureList, optionColumn, resolveColumns } from '../shared/modelShared.ts';

const COLUMNS = [
  'label', 'impressions', 'ctr_mean', 'ctr_p5', 'ctr_p50', 'ctr_p95', 'clicks_mean', 'clicks_p5', 'clicks_p50', 'clicks_p95', 'runs', 'seed',
];
const TYPES = columnTypes(COLUMNS, ['label']);

const flat = (prefix: string, s: Summary) => ({ [`${prefix}_mean`]: s.mean, [`${prefix}_p5`]: s.p5, [`${prefix}_p50`]: s.p50, [`${prefix}_p95`]: s.p95 });

const base = analysisCell({
  kind: 'simulate',
  summary: 'Monte Carlo CTR and clicks of a content plan from a logistic model fitted on past data: mean and 5/50/95th percentiles.',
  async compute(run) {
    const o = run.opts;
    const plan = run.source!;
    const modelName = o.text('model_from');
    const modelTable = (await run.engine.describe(modelName)) ?? o.fail('model_from', `no table named \`${modelName}\``);
    const features = featureList(o, 'features', modelTable);
    const planFeatures = resolveColumns(o, 'features', features, plan);
    const impressions = quoteIdent(optionColumn(o, 'impressions', plan, 'impressions'));
    const label = o.has('label') ? quoteIdent(optionColumn(o, 'label', plan)) : undefined;
    const runs = o.number('runs', 2000, { min: 1, max: 1_000_000 });
    if (!Number.isInteger(runs)) o.fail('runs', 'must be a whole number');
    const seed = o.number('seed', 1);
    const xs = doubles(features);
    const notNull = features.map((f) => `${quoteIdent(f)} IS NOT NULL`).join(' AND ');
    const mfrom = `FROM ${quoteIdent(modelTable.name)}`;
    let sql: string;
    let metrics: string[];
    if (o.has('successes') || o.has('trials')) {
      if (o.has('target')) o.fail('target', 'give either `target:` (0/1) or `successes:` and `trials:`, not both');
      const s = quoteIdent(optionColumn(o, 'successes', modelTable));
      const n = quoteIdent(optionColumn(o, 'trials', modelTable));
      metrics = [s, n];
      sql = `SELECT ${xs.join(', ')}, sum(${s})::DOUBLE AS s, sum(${n})::DOUBLE AS n ${mfrom} WHERE ${notNull} AND ${allPresent(metrics)} GROUP BY ALL HAVING sum(${n}) > 0 ORDER BY ALL`;
    } else {
      const y = quoteIdent(optionColumn(o, 'target', modelTable));
      metrics = [y];
      // 0/1 outcomes summed per feature combination: the same coefficients and covariance as row-level.
      sql = `SELECT ${xs.join(', ')}, sum(CAST(${y} AS DOUBLE)) AS s, count(*)::DOUBLE AS n ${mfrom} WHERE ${y} IS NOT NULL AND ${notNull} GROUP BY ALL ORDER BY ALL`;
    }
    const mt = await run.query(sql);
    if (mt.numRows === 0) {
      const why = modelTable.rowCount === 0 ? emptyInputNote(modelTable.name) : await missingMetricNote({ ...run, source: modelTable }, metrics);
      return { rows: [], columns: COLUMNS, types: TYPES, note: why ?? `no row of \`${modelTable.name}\` has the outcome and every feature, so there is no model to simulate from` };
    }
    const fit = logisticRegression(
      { successes: numberColumn(mt, 's').map((v) => v ?? 0), trials: numberColumn(mt, 'n').map((v) => v ?? 0) },
      Object.fromEntries(features.map((f, k) => [f, numberColumn(mt, `x${k}`).map((v) => v ?? Number.NaN)])),
    );
    const pt = await run.query(
      `SELECT ${label ? `CAST(${label} AS VARCHAR)` : 'NULL::VARCHAR'} AS label, round(${impressions})::DOUBLE AS impressions, ${doubles(planFeatures).join(', ')} ${fromClause(run)}`,
    );
    // An empty plan (the wrapper says so) simulates nothing: no '(overall)' row of zeros.
    if (pt.numRows === 0) return { rows: [], columns: COLUMNS, types: TYPES };
    const labels = textColumn(pt, 'label');
    const imps = numberColumn(pt, 'impressions');
    const cols = planFeatures.map((_, k) => numberColumn(pt, `x${k}`));
    const planRows = imps.map((n, r) => ({
      label: labels[r] ?? `row ${r + 1}`,
      impressions: n ?? 0,
      features: Object.fromEntries(features.map((f, k) => [f, cols[k]![r] ?? Number.NaN])),
    }));
    planRows.forEach((p, r) => {
      if (Object.values(p.features).some((x) => !Number.isFinite(x))) o.fail('features', `plan row ${r + 1} has an empty feature value`);
    });
    const sim = simulatePlan(fit, planRows, { runs, seed });
    const rows: Record<string, unknown>[] = sim.rows.map((r) => ({ label: r.label, impressions: r.impressions, ...flat('ctr', r.ctr), ...flat('clicks', r.clicks), runs, seed }));
    rows.push({ label: '(overall)', impressions: sim.overall.impressions, ...flat('ctr', sim.overall.ctr), ...flat('clicks', sim.overall.clicks), runs, seed });
    return { rows, columns: COLUMNS, types: TYPES };
  },
});

/** `simulate`: like other analysis cells, but it also depends on its `model_from:` table. */
export const simulateCell: CellKindDef = {
  ...base,
  references(cell) {
    const refs = base.references(cell);
    const data = readYamlBody(cell.code, 'simulate');
    const m = typeof data.model_from === 'string' ? data.model_from.trim() : undefined;
    return m && !m.includes('${') && !refs.tables.includes(m) ? { ...refs, tables: [...refs.tables, m] } : refs;
  },
};
