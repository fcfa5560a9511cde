import { minimumDetectableEffect, sampleSizeTwoProportions, type SampleSize } from '../../analytics/stats/index.ts';
import { quoteIdent } from '../../engine.ts';
import { analysisCell, fromClause, type AnalysisOutput, type AnalysisRun } from '../analysis.ts';
import { column, optionalColumn, queryRows } from '../quality/shared.ts';

const COLUMNS = ['segment', 'size', 'effective_size', 'baseline', 'target', 'n_per_group', 'required_size', 'shortfall', 'viable', 'detectable_lift'];
const TYPES = {
  segment: 'VARCHAR', size: 'DOUBLE', effective_size: 'DOUBLE', baseline: 'DOUBLE', target: 'DOUBLE', n_per_group: 'BIGINT',
  required_size: 'BIGINT', shortfall: 'DOUBLE', viable: 'BOOLEAN', detectable_lift: 'DOUBLE',
} as const;

interface Settings {
  mde: number;
  mdeType: 'absolute' | 'relative';
  alpha: number;
  power: number;
  alternative: 'two-sided' | 'one-sided';
  groups: number;
  reach: number;
}

function settings(run: AnalysisRun): Settings {
  const o = run.opts;
  const groups = o.number('groups', 2, { min: 1 });
  if (!Number.isInteger(groups)) o.fail('groups', `must be a whole number of arms (got ${groups})`);
  return {
    mde: o.number('mde'),
    mdeType: o.choice('mde_type', ['absolute', 'relative'] as const, 'relative'),
    alpha: o.number('alpha', 0.05, { min: 0, max: 1, exclusive: true }),
    power: o.number('power', 0.8, { min: 0, max: 1, exclusive: true }),
    alternative: o.choice('alternative', ['two-sided', 'one-sided'] as const, 'two-sided'),
    groups,
    reach: o.number('reach', 1, { min: 0, max: 1, exclusive: true }),
  };
}

/** The power kind's sample size (one implementation), with the option that is wrong named on failure. */
function requirement(run: AnalysisRun, baseline: number, s: Settings, key: string): SampleSize {
  try {
    return sampleSizeTwoProportions({ baseline, mde: s.mde, mdeType: s.mdeType, alpha: s.alpha, power: s.power, alternative: s.alternative });
  } catch (e) {
    return run.opts.fail(key, (e as Error).message.replace(/^sampleSizeTwoProportions: /, ''));
  }
}

/** The smallest relative lift a segment of this effective size can detect (null when none can be). */
function detectableLift(effective: number, baseline: number, s: Settings): number | null {
  const perGroup = effective / s.groups;
  if (!(perGroup > 0)) return null;
  try {
    return minimumDetectableEffect(perGroup, baseline, s.alpha, s.power, s.alternative).relative_mde;
  } catch {
    return null;
  }
}

/**
 * `segment-size`: the smallest segment in which a test of two proportions can detect a given lift
 * (baseline rate, minimum detectable effect, alpha, power: the `power` kind's maths), and which
 * segments of a table (segment, size) fall below it, with the lift each could detect.
 */
export const segmentSizeCell = analysisCell({
  kind: 'segment-size',
  summary: 'Minimum segment size to detect a lift (two proportions; the power kind\'s maths), flagging segments too small and the lift each can detect.',
  needsFrom: false,
  formats: { size: 'count', effective_size: 'count', n_per_group: 'count', required_size: 'count', shortfall: 'count', baseline: 'percent', target: 'percent', detectable_lift: 'percent' },
  verdict(rows) {
    if (rows.length === 1 && rows[0]!.segment === null && rows[0]!.size === null) {
      const r = rows[0]!;
      return `A segment needs ${Number(r.required_size).toLocaleString('en-US')} members (${Number(r.n_per_group).toLocaleString('en-US')} per arm) to detect ${(Number(r.target) / Number(r.baseline) * 100 - 100).toFixed(1)} % on a ${(Number(r.baseline) * 100).toFixed(2)} % rate`;
    }
    const judged = rows.filter((r) => typeof r.viable === 'boolean');
    if (judged.length === 0) return undefined;
    const small = judged.filter((r) => r.viable === false);
    if (small.length === 0) return `All ${judged.length} segments are large enough`;
    const names = small.slice(0, 5).map((r) => String(r.segment)).join(', ');
    return `${small.length} of ${judged.length} segments are too small to detect the lift: ${names}${small.length > 5 ? ', …' : ''}`;
  },
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const s = settings(run);
    const types = { ...TYPES };
    if (!run.source) {
      const baseline = o.number('baseline', undefined, { min: 0, max: 1, exclusive: true });
      const need = requirement(run, baseline, s, 'mde');
      return {
        rows: [{ segment: null, size: null, effective_size: null, baseline, target: need.target, n_per_group: need.n_per_group, required_size: Math.ceil((need.n_per_group * s.groups) / s.reach), shortfall: null, viable: null, detectable_lift: null }],
        columns: COLUMNS, types,
      };
    }
    const seg = column(run, 'segment', 'segment');
    const size = column(run, 'size', 'size');
    const rateCol = optionalColumn(run, 'baseline_column');
    const fixedBaseline = rateCol ? null : o.number('baseline', undefined, { min: 0, max: 1, exclusive: true });
    const rows = await queryRows(run, `SELECT CAST(${seg} AS VARCHAR) AS segment, sum(CAST(${size} AS DOUBLE)) AS size${rateCol ? `, sum(CAST(${rateCol} AS DOUBLE) * CAST(${size} AS DOUBLE)) / nullif(sum(CAST(${size} AS DOUBLE)), 0) AS rate` : ''}
      ${fromClause(run)} GROUP BY 1 ORDER BY 1`);
    const notes: string[] = [];
    let unusable = 0;
    const out = rows.map((r) => {
      const baseline = fixedBaseline ?? (r.rate === null || r.rate === undefined ? null : Number(r.rate));
      const sz = r.size === null ? null : Number(r.size);
      if (baseline === null || !(baseline > 0 && baseline < 1) || sz === null) {
        unusable++;
        return { segment: r.segment, size: sz, effective_size: null, baseline, target: null, n_per_group: null, required_size: null, shortfall: null, viable: null, detectable_lift: null };
      }
      const need = requirement(run, baseline, s, rateCol ? 'baseline_column' : 'mde');
      const required = Math.ceil((need.n_per_group * s.groups) / s.reach);
      const effective = sz * s.reach;
      return {
        segment: r.segment, size: sz, effective_size: effective, baseline, target: need.target, n_per_group: need.n_per_group, required_size: required,
        shortfall: Math.max(0, required - sz), viable: sz >= required, detectable_lift: detectableLift(effective, baseline, s),
      };
    });
    if (unusable) notes.push(`${unusable} segment(s) without a size or a baseline rate strictly between 0 and 1 are not judged`);
    if (rows.some((r) => r.segment === null)) notes.push(`rows without a ${quoteIdent(seg.slice(1, -1))} are summed as one segment (null)`);
    return { rows: out, columns: COLUMNS, types, notes };
  },
});
