import { numberColumn, textColumn } from '../../arrow.ts';
import { decomposeMixRate, type SegmentCounts } from '../../analytics/change/mix-rate.ts';
import { formatNumber } from '../../format/numbers.ts';
import { allPresent, analysisCell, fromClause, missingMetricNote } from '../analysis.ts';

const COLUMNS = ['segment', 'is_total', 'weight_before', 'weight_after', 'rate_before', 'rate_after', 'rate_effect', 'mix_effect', 'total_change', 'method'];
const TYPES = {
  segment: 'VARCHAR', is_total: 'BOOLEAN', weight_before: 'DOUBLE', weight_after: 'DOUBLE', rate_before: 'DOUBLE', rate_after: 'DOUBLE',
  rate_effect: 'DOUBLE', mix_effect: 'DOUBLE', total_change: 'DOUBLE', method: 'VARCHAR',
} as const;
const PCT = { weight_before: 'percent', weight_after: 'percent', rate_before: 'percent', rate_after: 'percent', rate_effect: 'percent', mix_effect: 'percent', total_change: 'percent' };

/** Percentage points: 0.0123 → "+1.23 pts". */
const pts = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${formatNumber(Math.abs(v) * 100, 'number')} pts`;

/**
 * `decompose-change`: a ratio metric's change between two periods (engagement rate, CTR, conversion
 * rate) split by a dimension into mix and rate effects that add up exactly to the change.
 */
export const decomposeChangeCell = analysisCell({
  kind: 'decompose-change',
  summary: 'A rate\'s change between two periods split into mix and rate effects by a dimension (Shapley midpoint or sequential), summing exactly to the change.',
  formats: PCT,
  verdict(rows) {
    const total = rows.find((r) => r.is_total === true);
    if (!total) return undefined;
    const segs = rows.filter((r) => r.is_total !== true);
    const biggest = [...segs].flatMap((r) => [
      { what: `${String(r.segment)} mix`, v: Number(r.mix_effect) },
      { what: `${String(r.segment)} rate`, v: Number(r.rate_effect) },
    ]).sort((a, b) => Math.abs(b.v) - Math.abs(a.v))[0];
    const t = Number(total.total_change);
    return `rate ${t < 0 ? 'fell' : t > 0 ? 'rose' : 'stayed'} from ${formatNumber(Number(total.rate_before), 'percent')} to ${formatNumber(Number(total.rate_after), 'percent')} (${pts(t)}): mix ${pts(Number(total.mix_effect))}, rate ${pts(Number(total.rate_effect))}${biggest ? `; largest part: ${biggest.what} ${pts(biggest.v)}` : ''}`;
  },
  async compute(run) {
    const o = run.opts;
    const method = o.choice('method', ['shapley', 'sequential'] as const, 'shapley');
    const [dim, num, den] = run.columns('dimension', 'numerator', 'denominator');
    let periodExpr: string;
    let labels: [string, string];
    if (o.has('period')) {
      if (o.has('change_date')) o.fail('change_date', 'give either `period:` (a column with two values) or `time:` and `change_date:`, not both');
      const [period] = run.columns('period');
      periodExpr = `CAST(${period} AS VARCHAR)`;
      const t = await run.query(`SELECT DISTINCT ${periodExpr} AS p ${fromClause(run)} WHERE ${period} IS NOT NULL ORDER BY 1`);
      const found = textColumn(t, 'p') as string[];
      const before = o.optionalText('before');
      const after = o.optionalText('after');
      if (before === undefined || after === undefined) {
        if (found.length !== 2) o.fail('period', `has ${found.length} values (${found.slice(0, 6).join(', ')}); name the two to compare with \`before:\` and \`after:\``);
      }
      labels = [before ?? found[0]!, after ?? found[1]!];
      for (const [k, v] of [['before', labels[0]], ['after', labels[1]]] as const) {
        if (found.length && !found.includes(v)) o.fail(k, `\`${v}\` is not a value of ${o.text('period')} (values: ${found.slice(0, 10).join(', ')})`);
      }
    } else if (o.has('change_date')) {
      const [time] = run.columns('time');
      const date = o.date('change_date');
      periodExpr = `CASE WHEN CAST(${time} AS DATE) < DATE '${date}' THEN 'before' ELSE 'after' END`;
      labels = ['before', 'after'];
    } else {
      return o.fail('period', 'needs `period:` (a column with the two periods) or `time:` and `change_date:` (the first date of the second period)');
    }
    const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
    const t = await run.query(
      `SELECT coalesce(CAST(${dim} AS VARCHAR), '(empty)') AS seg,
              sum(${num}) FILTER (WHERE ${periodExpr} = ${lit(labels[0])})::DOUBLE AS n0, sum(${den}) FILTER (WHERE ${periodExpr} = ${lit(labels[0])})::DOUBLE AS d0,
              sum(${num}) FILTER (WHERE ${periodExpr} = ${lit(labels[1])})::DOUBLE AS n1, sum(${den}) FILTER (WHERE ${periodExpr} = ${lit(labels[1])})::DOUBLE AS d1
       ${fromClause(run)} WHERE ${allPresent([num!, den!])} GROUP BY 1 ORDER BY 1`,
    );
    const notes: string[] = [];
    const missing = await missingMetricNote(run, [num!, den!]);
    if (missing) notes.push(missing);
    const segs = textColumn(t, 'seg') as string[];
    const [n0, d0, n1, d1] = ['n0', 'd0', 'n1', 'd1'].map((c) => numberColumn(t, c).map((v) => v ?? 0));
    const counts: SegmentCounts[] = segs.map((segment, i) => ({ segment, numerator0: n0![i]!, denominator0: d0![i]!, numerator1: n1![i]!, denominator1: d1![i]! })).filter((c) => c.denominator0 > 0 || c.denominator1 > 0);
    if (counts.length === 0) return { rows: [], columns: COLUMNS, types: TYPES, notes: notes.length ? notes : [`no rows with ${o.text('numerator')} and ${o.text('denominator')} in either period, so the result is empty`] };
    let d;
    try {
      d = decomposeMixRate(counts, method);
    } catch (e) {
      return o.fail(o.has('period') ? 'period' : 'change_date', `${(e as Error).message}: each period needs rows with a positive ${o.text('denominator')}`);
    }
    notes.push(`${labels[0]} → ${labels[1]}; ${method === 'shapley' ? 'Shapley midpoint split' : 'sequential split (rate at the old weights, mix at the new rates)'}`);
    const rows = d.segments.map((s) => ({
      segment: s.segment, is_total: false, weight_before: s.weight0, weight_after: s.weight1, rate_before: s.rate0, rate_after: s.rate1,
      rate_effect: s.rateEffect, mix_effect: s.mixEffect, total_change: s.total, method,
    }));
    rows.push({ segment: 'Total', is_total: true, weight_before: 1, weight_after: 1, rate_before: d.metric0, rate_after: d.metric1, rate_effect: d.rateEffect, mix_effect: d.mixEffect, total_change: d.total, method });
    return { rows, columns: COLUMNS, types: TYPES, notes };
  },
});
