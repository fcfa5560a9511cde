import { numberColumn, textColumn } from '../../arrow.ts';
import { auc, logisticRegression, logLoss, permutationImportance, populationStabilityIndex, timeSplit } from '../../analytics/models/index.ts';
import { quoteIdent } from '../../engine.ts';
import { allPresent, analysisCell, columnTypes, fromClause, missingMetricNote } from '../analysis.ts';
import { doubles, featureList, fin, optionColumn } from '../shared/modelShared.ts';

const COLUMNS = [
  'feature', 'coefficient', 'odds_ratio', 'p_value', 'importance', 'importance_sd', 'psi', 'psi_reading',
  'test_auc', 'test_log_loss', 'base_rate_log_loss', 'train_rows', 'test_rows', 'test_from',
];
const TYPES = columnTypes(COLUMNS, ['feature', 'psi_reading', 'test_from']);

/** AUC of grouped outcomes: `pos[i]` positives and `neg[i]` negatives share score `p[i]` (Mann–Whitney, ties one half). */
function groupedAuc(p: number[], pos: number[], neg: number[]): number {
  const idx = p.map((_, i) => i).sort((a, b) => p[a]! - p[b]!);
  let negBelow = 0;
  let u = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    let P = 0;
    let N = 0;
    while (j < idx.length && p[idx[j]!] === p[idx[i]!]) {
      P += pos[idx[j]!]!;
      N += neg[idx[j]!]!;
      j++;
    }
    u += P * (negBelow + N / 2);
    negBelow += N;
    i = j;
  }
  const totalP = pos.reduce((a, b) => a + b, 0);
  return u / (totalP * negBelow);
}

/**
 * `predict`: a logistic click model trained on the earlier part of the data and scored on the
 * latest `test_fraction` (a time split, no look-ahead). Rows per feature: coefficient, permutation
 * importance (rise in test log loss when the feature is shuffled), PSI of the feature between the
 * train and test periods; test AUC, log loss and the base-rate log loss on every row.
 */
export const predictCell = analysisCell({
  kind: 'predict',
  summary: 'Logistic click model trained on the earlier period: test AUC and log loss vs base rate, permutation importance and PSI per feature.',
  async compute(run) {
    const o = run.opts;
    const src = run.source!;
    const features = featureList(o, 'features', src);
    const time = optionColumn(o, 'time', src);
    const fraction = o.number('test_fraction', 0.25, { min: 0, max: 1, exclusive: true });
    const xs = doubles(features);
    const notNull = features.map((f) => `${quoteIdent(f)} IS NOT NULL`).join(' AND ');
    let sql: string;
    let metrics: string[];
    if (o.has('successes') || o.has('trials')) {
      if (o.has('target')) o.fail('target', 'give either `target:` (0/1) or `successes:` and `trials:`, not both');
      const s = quoteIdent(optionColumn(o, 'successes', src));
      const n = quoteIdent(optionColumn(o, 'trials', src));
      metrics = [s, n];
      sql = `SELECT CAST(${quoteIdent(time)} AS VARCHAR) AS t, ${xs.join(', ')}, sum(${s})::DOUBLE AS s, sum(${n})::DOUBLE AS n ${fromClause(run)} WHERE ${quoteIdent(time)} IS NOT NULL AND ${notNull} AND ${allPresent(metrics)} GROUP BY ALL HAVING sum(${n}) > 0 ORDER BY ALL`;
    } else {
      const y = quoteIdent(optionColumn(o, 'target', src));
      metrics = [y];
      // 0/1 rows with the same time and features are summed into counts: same fit, fewer rows.
      sql = `SELECT CAST(${quoteIdent(time)} AS VARCHAR) AS t, ${xs.join(', ')}, sum(CAST(${y} AS DOUBLE)) AS s, count(*)::DOUBLE AS n ${fromClause(run)} WHERE ${quoteIdent(time)} IS NOT NULL AND ${y} IS NOT NULL AND ${notNull} GROUP BY ALL ORDER BY ALL`;
    }
    const t = await run.query(sql);
    const note = await missingMetricNote(run, metrics);
    if (t.numRows === 0) return { rows: [], columns: COLUMNS, types: TYPES, note: note ?? 'no row has a time, every feature and the outcome, so there is nothing to model' };
    const ts = textColumn(t, 't');
    const cols = features.map((_, k) => numberColumn(t, `x${k}`));
    const sv = numberColumn(t, 's');
    const nv = numberColumn(t, 'n');
    const rowsIn = ts.map((tv, r) => ({ t: tv ?? '', s: sv[r] ?? 0, n: nv[r] ?? 0, x: cols.map((c) => c[r] ?? Number.NaN) }));
    for (const r of rowsIn) if (!(r.s >= 0 && r.s <= r.n)) o.fail(o.has('target') ? 'target' : 'successes', 'must be 0/1 (or successes between 0 and trials)');
    const split = timeSplit(rowsIn, 't', fraction);
    const matrix = (rs: typeof rowsIn) => Object.fromEntries(features.map((f, k) => [f, rs.map((r) => r.x[k]!)]));
    const fit = logisticRegression({ successes: split.train.map((r) => r.s), trials: split.train.map((r) => r.n) }, matrix(split.train));
    const beta = fit.coefficients.map((c) => c.estimate);
    const predict = (X: Record<string, number[]>) => {
      const m = X[features[0]!]!.length;
      const out: number[] = [];
const TYPES = columnTypes(COLUMNS, ['feature', 'psi_reading', 'test_from']);
      for (let i = 0; i < m; i++) {
        let eta = beta[0]!;
        features.forEach((f, k) => (eta += beta[k + 1]! * X[f]![i]!));
        out.push(1 / (1 + Math.exp(-eta)));
      }
      return out;
    };
    const Xtest = matrix(split.test);
    const rate = split.test.map((r) => r.s / r.n);
    const w = split.test.map((r) => r.n);
    const loss = (y: number[], p: number[]) => logLoss(y, p, w);
    const pTest = predict(Xtest);
    const testLoss = loss(rate, pTest);
    const trainRate = split.train.reduce((a, r) => a + r.s, 0) / split.train.reduce((a, r) => a + r.n, 0);
    const baseLoss = loss(rate, rate.map(() => trainRate));
    const pos = split.test.map((r) => r.s);
    const neg = split.test.map((r) => r.n - r.s);
    const unit = split.test.every((r) => r.n === 1);
    const totalPos = pos.reduce((a, b) => a + b, 0);
    const totalNeg = neg.reduce((a, b) => a + b, 0);
    const testAuc = totalPos > 0 && totalNeg > 0 ? (unit ? auc(pos, pTest) : groupedAuc(pTest, pos, neg)) : Number.NaN;
    const importance = new Map(permutationImportance(predict, Xtest, rate, loss, { seed: o.number('seed', 1) }).map((f) => [f.feature, f]));
    const rows = features.map((f, k) => {
      const c = fit.coefficients[k + 1]!;
      const psi = populationStabilityIndex(split.train.map((r) => r.x[k]!), split.test.map((r) => r.x[k]!));
      return {
        feature: f, coefficient: c.estimate, odds_ratio: c.odds_ratio, p_value: c.p_value,
        importance: importance.get(f)!.importance, importance_sd: importance.get(f)!.sd, psi: psi.psi, psi_reading: psi.interpretation,
        test_auc: fin(testAuc), test_log_loss: testLoss, base_rate_log_loss: baseLoss,
        train_rows: split.train.reduce((a, r) => a + r.n, 0), test_rows: split.test.reduce((a, r) => a + r.n, 0), test_from: String(split.cutoff),
      };
    });
    rows.sort((a, b) => b.importance - a.importance);
    return { rows, columns: COLUMNS, types: TYPES, note };
  },
});
