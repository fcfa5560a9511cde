import { numberColumn, textColumn } from '../../arrow.ts';
import { sequentialMonitor, type LookCounts } from '../../analytics/stats/index.ts';
import { analysisCell, fromClause } from '../analysis.ts';
import { emptyResult } from '../emptyResult.ts';

const COLUMNS = [
  'look', 'look_value', 'information_fraction', 'control_successes', 'control_trials', 'treatment_successes', 'treatment_trials',
  'control_rate', 'treatment_rate', 'z', 'upper', 'lower', 'alpha_spent', 'nominal_p', 'pocock_fixed', 'obf_fixed', 'crossed', 'stop', 'decision', 'note',
];
const TYPES = {
  look: 'BIGINT', look_value: 'VARCHAR', information_fraction: 'DOUBLE', control_successes: 'DOUBLE', control_trials: 'DOUBLE', treatment_successes: 'DOUBLE',
  treatment_trials: 'DOUBLE', control_rate: 'DOUBLE', treatment_rate: 'DOUBLE', z: 'DOUBLE', upper: 'DOUBLE', lower: 'DOUBLE', alpha_spent: 'DOUBLE',
  nominal_p: 'DOUBLE', pocock_fixed: 'DOUBLE', obf_fixed: 'DOUBLE', crossed: 'BOOLEAN', stop: 'BOOLEAN', decision: 'VARCHAR', note: 'VARCHAR',
} as const;

/**
 * `sequential`: group-sequential monitoring of a two-arm test. Without `from:` it is the design (the
 * boundaries of K looks); with `from:` the counts are summed in SQL per look value and arm,
 * accumulated look by look, and the cumulative two-proportion z is compared with the boundary.
 */
export const sequentialCell = analysisCell({
  kind: 'sequential',
  summary: 'Group-sequential boundaries (Lan–DeMets O\'Brien–Fleming / Pocock-type spending, classic constants), observed z per look and a stop flag; guardrail mode for harm metrics.',
  needsFrom: false,
  async compute(run) {
    const o = run.opts;
    const mode = o.choice('mode', ['efficacy', 'guardrail'] as const, 'efficacy');
    // A guardrail should catch harm early, so it spends alpha Pocock-style unless told otherwise.
    const spending = o.choice('spending', ['obf', 'pocock'] as const, mode === 'guardrail' ? 'pocock' : 'obf');
    const alpha = o.number('alpha', 0.05, { min: 0, max: 1, exclusive: true });
    const sidesRaw = o.number('sides', mode === 'guardrail' ? 1 : 2);
    if (sidesRaw !== 1 && sidesRaw !== 2) o.fail('sides', `must be 1 or 2 (got ${sidesRaw})`);
    if (mode === 'guardrail' && sidesRaw === 2) o.fail('sides', 'a guardrail is one-sided (harm in `direction:`); leave `sides:` out');
    const sides = sidesRaw as 1 | 2;
    const direction = o.choice('direction', ['increase', 'decrease'] as const, 'increase');
    const fractions = o.has('fractions') ? o.list('fractions').map(Number) : undefined;
    if (fractions?.some((f) => !Number.isFinite(f))) o.fail('fractions', `must be numbers (got ${o.list('fractions').join(', ')})`);
    const maxTrials = o.has('max_trials') ? o.number('max_trials', undefined, { min: 0, exclusive: true }) : undefined;
    if (maxTrials !== undefined && fractions) o.fail('max_trials', 'give either `fractions:` (planned) or `max_trials:` (observed information), not both');

    const observed: LookCounts[] = [];
    let note: string | null = null;
    if (run.source) {
      const [look, group, successes, trials] = run.columns('look', 'group', 'successes', 'trials');
      const t = await run.query(
        `SELECT CAST(${look} AS VARCHAR) AS lk, CAST(${group} AS VARCHAR) AS g, coalesce(sum(${successes}), 0)::DOUBLE AS s, coalesce(sum(${trials}), 0)::DOUBLE AS n
         ${fromClause(run)} WHERE ${look} IS NOT NULL AND ${group} IS NOT NULL GROUP BY ${look}, 2 ORDER BY ${look}, 2`,
      );
      const [dropped] = numberColumn(await run.query(`SELECT count(*)::DOUBLE AS d ${fromClause(run)} WHERE ${look} IS NULL OR ${group} IS NULL`), 'd');
      if (dropped) note = `${dropped} row(s) with an empty ${o.text('look')} or ${o.text('group')} left out`;
      const lk = textColumn(t, 'lk');
      const g = textColumn(t, 'g');
      const s = numberColumn(t, 's');
      const n = numberColumn(t, 'n');
      if (lk.length === 0) return emptyResult(COLUMNS, `no rows to monitor in \`${run.source.name}\`${note ? ` (${note})` : ''}`, TYPES);
      const groups = [...new Set(g as string[])].sort();
      if (groups.length !== 2) o.fail('group', `needs exactly two arms, found ${groups.length}: ${groups.join(', ')} (filter the table to one comparison first)`);
      const control = o.text('control', groups[0]!);
      if (!groups.includes(control)) o.fail('control', `\`${control}\` is not an arm of ${o.text('group')} (arms: ${groups.join(', ')})`);
      const cum = { cs: 0, cn: 0, ts: 0, tn: 0 };
      for (let i = 0; i < lk.length; i++) {
        if (g[i] === control) { cum.cs += s[i]!; cum.cn += n[i]!; } else { cum.ts += s[i]!; cum.tn += n[i]!; }
        if (lk[i + 1] !== lk[i]) observed.push({ label: lk[i]!, controlSuccesses: cum.cs, controlTrials: cum.cn, treatmentSuccesses: cum.ts, treatmentTrials: cum.tn });
      }
    }
    // The boundaries depend on the plan, so the planned number of looks is never guessed from the data
    // (that would treat the latest look as the final one).
    const looks = o.number('looks', fractions?.length, { min: 1 });
    if (!Number.isInteger(looks)) o.fail('looks', `must be a whole number (got ${looks})`);
    let rows;
    try {
      rows = sequentialMonitor(observed, { looks, ...(fractions ? { fractions } : {}), ...(maxTrials !== undefined ? { maxTrials } : {}), alpha, spending, mode, sides, direction });
    } catch (e) {
      const msg = (e as Error).message;
      return o.fail(/fraction/.test(msg) ? (fractions ? 'fractions' : 'max_trials') : 'looks', msg);
    }
    return { rows: rows.map((r) => ({ ...r, note })), columns: COLUMNS, types: TYPES };
  },
});
