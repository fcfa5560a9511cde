import { rowsFromTable, type ColumnType } from '../../arrow.ts';
import { balanceTable, matchedLift } from '../../analytics/attribution/matched-lift.ts';
import { nearestNeighbourMatch, type MatchUnit } from '../../analytics/attribution/nearest-neighbour-match.ts';
import { logisticRegression } from '../../analytics/models/logistic-regression.ts';
import { formatNumber } from '../../format/numbers.ts';
import { quoteIdent } from '../../engine.ts';
import { analysisCell, fromClause, type AnalysisOutput } from '../analysis.ts';
import { boolOption, wholeOption } from '../recommend/options.ts';
import { featureList, fin, optionColumn } from '../shared/modelShared.ts';

const OUTPUTS = ['effect', 'balance', 'pairs'] as const;
/** Matching is pairwise in TypeScript; beyond this many units, sample or aggregate in SQL first. */
const MAX_UNITS = 200_000;
/** |SMD| above this is imbalance (Austin 2009; Stuart 2010). */
const SMD_LIMIT = 0.1;
/** Austin (2011): a caliper of 0.2 standard deviations of the logit propensity. */
const PROPENSITY_CALIPER = 0.2;
const TRUE = new Set(['1', '1.0', 'true', 'yes', 't', 'y']);
const FALSE = new Set(['0', '0.0', 'false', 'no', 'f', 'n']);

const EFFECT = ['method', 'treated', 'matched_treated', 'unmatched_treated', 'controls', 'controls_used', 'treated_mean', 'control_mean', 'att', 'std_error', 'ci_low', 'ci_high', 'p_value', 'lift', 'incremental', 'max_abs_smd_after', 'balanced'];
const EFFECT_TYPES: Record<string, ColumnType> = { method: 'VARCHAR', treated: 'BIGINT', matched_treated: 'BIGINT', unmatched_treated: 'BIGINT', controls: 'BIGINT', controls_used: 'BIGINT', balanced: 'BOOLEAN' };
const BALANCE = ['covariate', 'treated_mean_before', 'control_mean_before', 'smd_before', 'treated_mean_after', 'control_mean_after', 'smd_after', 'imbalanced_before', 'imbalanced_after'];
const BALANCE_TYPES: Record<string, ColumnType> = { covariate: 'VARCHAR', imbalanced_before: 'BOOLEAN', imbalanced_after: 'BOOLEAN' };
const PAIRS = ['treated_id', 'control_id', 'match', 'distance', 'treated_outcome', 'control_outcome'];
const PAIR_TYPES: Record<string, ColumnType> = { treated_id: 'VARCHAR', control_id: 'VARCHAR', match: 'BIGINT' };

/**
 * `incrementality`: matched-control lift. Treated units are matched to the nearest control units on
 * stated covariates (standardized Euclidean distance, or the logit of a logistic propensity score),
 * and the lift is the treated units' mean outcome over their matched controls', with a paired t
 * interval and a balance table of standardized mean differences before and after matching.
 */
export const incrementalityCell = analysisCell({
  kind: 'incrementality',
  summary: 'Matched-control lift: nearest-neighbour or propensity matching on covariates, the effect on the treated with a CI, and a balance table (SMD before / after).',
  formats: { treated_mean: 'number', control_mean: 'number', att: 'number', ci_low: 'number', ci_high: 'number', lift: 'percent', incremental: 'number', p_value: 'number' },
  verdict: incrementalityVerdict,
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const src = run.source!;
    const id = o.has('id') ? quoteIdent(optionColumn(o, 'id', src)) : undefined;
    const treatment = quoteIdent(optionColumn(o, 'treatment', src, 'treated'));
    const outcome = quoteIdent(optionColumn(o, 'outcome', src, 'outcome'));
    const covariates = featureList(o, 'covariates', src);
    const method = o.choice('method', ['nearest', 'propensity'] as const, 'nearest');
    const replacement = boolOption(run, 'replacement', false);
    const ratio = wholeOption(run, 'ratio', 1, 1);
    const caliper = o.has('caliper') ? o.number('caliper', undefined, { min: 0, exclusive: true }) : method === 'propensity' ? PROPENSITY_CALIPER : undefined;
    const level = o.number('level', 0.95, { min: 0, max: 1, exclusive: true });
    const output = o.choice('output', OUTPUTS, 'effect');
    const empty = { rows: [], ...(output === 'effect' ? { columns: EFFECT, types: EFFECT_TYPES } : output === 'balance' ? { columns: BALANCE, types: BALANCE_TYPES } : { columns: PAIRS, types: PAIR_TYPES }) };

    const xs = covariates.map((c, j) => `CAST(${quoteIdent(c)} AS DOUBLE) AS x${j}`);
    const present = [treatment, outcome, ...covariates.map(quoteIdent)].map((c) => `${c} IS NOT NULL`).join(' AND ');
    const [count] = rowsFromTable(await run.query(`SELECT count(*) AS n, count(*) FILTER (WHERE ${present}) AS kept ${fromClause(run)}`));
    const notes: string[] = [];
    const dropped = Number(count?.n) - Number(count?.kept);
    if (dropped) notes.push(`${dropped} row(s) without a treatment, an outcome or a covariate left out`);
    if (Number(count?.kept) > MAX_UNITS) o.fail('from', `has ${Number(count?.kept).toLocaleString('en-US')} units; matching compares units pairwise, so sample or aggregate to at most ${MAX_UNITS.toLocaleString('en-US')} in SQL first`);
    const rows = rowsFromTable(await run.query(
      `SELECT ${id ? `CAST(${id} AS VARCHAR)` : `CAST(row_number() OVER (ORDER BY ${[treatment, outcome, ...covariates.map(quoteIdent)].join(', ')}) AS VARCHAR)`} AS id, CAST(${treatment} AS VARCHAR) AS t, CAST(${outcome} AS DOUBLE) AS y, ${xs.join(', ')}
       ${fromClause(run)} WHERE ${present} ORDER BY 1`,
    ));
    if (rows.length === 0) return { ...empty, notes };
    const units = rows.map((r) => {
      const t = String(r.t).trim().toLowerCase();
      if (!TRUE.has(t) && !FALSE.has(t)) o.fail('treatment', `\`${String(r.t)}\` (unit ${String(r.id)}) is not a treatment flag: use true / false or 1 / 0`);
      return { id: String(r.id), treated: TRUE.has(t), y: Number(r.y), x: covariates.map((_, j) => Number(r[`x${j}`])) };
    });
    if (new Set(units.map((u) => u.id)).size < units.length) o.fail('id', 'has repeated values: one row per unit (aggregate in SQL first)');
    const treated = units.filter((u) => u.treated);
    const controls = units.filter((u) => !u.treated);
    if (!treated.length || !controls.length) {
      notes.push(`no ${treated.length ? 'control' : 'treated'} units to compare`);
      return { ...empty, notes };
    }

    // Matching space: z-scores of the covariates over all units (sample SD), or the logit propensity.
    let space: number[][];
    let scale = 1;
    let label: string;
    if (method === 'nearest') {
      const stats = covariates.map((_, j) => meanSd(units.map((u) => u.x[j]!)));
      const flat = covariates.filter((_, j) => !(stats[j]!.sd > 0));
      if (flat.length) o.fail('covariates', `${flat.map((c) => `\`${c}\``).join(', ')} ${flat.length === 1 ? 'has' : 'have'} the same value for every unit: drop ${flat.length === 1 ? 'it' : 'them'}`);
      space = units.map((u) => u.x.map((v, j) => (v - stats[j]!.mean) / stats[j]!.sd));
      label = `nearest neighbour on ${covariates.length} standardized covariate(s)`;
    } else {
      let fitted: number[];
      try {
        fitted = logisticRegression(units.map((u) => (u.treated ? 1 : 0)), Object.fromEntries(covariates.map((c, j) => [c, units.map((u) => u.x[j]!)]))).fitted;
      } catch (e) {
        return o.fail('covariates', `the propensity model could not be fitted: ${(e as Error).message}`);
      }
      const logits = fitted.map((p) => Math.log(p / (1 - p)));
      space = logits.map((l) => [l]);
      scale = meanSd(logits).sd;
      label = 'propensity score (logistic regression, logit)';
    }
    const byId = new Map(units.map((u, k) => [u.id, { ...u, at: space[k]! }]));
    const asUnit = (u: (typeof units)[number]): MatchUnit => ({ id: u.id, x: byId.get(u.id)!.at, outcome: u.y });
    const pairs = nearestNeighbourMatch(treated.map(asUnit), controls.map(asUnit), { ratio, replacement, ...(caliper !== undefined ? { caliper: caliper * scale } : {}) });
    const matched = new Set(pairs.map((p) => p.treated)).size;
    if (caliper !== undefined && matched < treated.length) notes.push(`${treated.length - matched} treated unit(s) had no control within the caliper (${caliper}${method === 'propensity' ? ' SD of the logit propensity' : ' standardized units'}) and are left out`);
    notes.push(`matched on ${label}, ${ratio}:1 ${replacement ? 'with' : 'without'} replacement`);
    if (output === 'pairs') {
      const rowsOut = pairs.map((p) => ({ treated_id: p.treated, control_id: p.control, match: p.order, distance: p.distance, treated_outcome: byId.get(p.treated)!.y, control_outcome: byId.get(p.control)!.y }));
      return { rows: rowsOut, columns: PAIRS, types: PAIR_TYPES, notes };
    }
    const balance = balanceTable(covariates, (uid, j) => byId.get(uid)!.x[j]!, treated.map((u) => u.id), controls.map((u) => u.id), pairs);
    if (method === 'propensity') balance.push(...balanceTable(['propensity (logit)'], (uid) => byId.get(uid)!.at[0]!, treated.map((u) => u.id), controls.map((u) => u.id), pairs));
    const balanceRows = balance.map((b) => ({
      covariate: b.covariate, treated_mean_before: b.treatedMeanBefore, control_mean_before: b.controlMeanBefore, smd_before: b.smdBefore,
      treated_mean_after: fin(b.treatedMeanAfter), control_mean_after: fin(b.controlMeanAfter), smd_after: fin(b.smdAfter),
      imbalanced_before: Math.abs(b.smdBefore) > SMD_LIMIT, imbalanced_after: Number.isFinite(b.smdAfter) ? Math.abs(b.smdAfter) > SMD_LIMIT : null,
    }));
    if (output === 'balance') return { rows: balanceRows, columns: BALANCE, types: BALANCE_TYPES, notes };
    const lift = matchedLift(pairs, new Map(units.map((u) => [u.id, u.y])), level);
    const maxSmd = balanceRows.length && pairs.length ? Math.max(...balanceRows.map((b) => Math.abs(b.smd_after ?? 0))) : null;
    const effect = {
      method, treated: treated.length, matched_treated: matched, unmatched_treated: treated.length - matched, controls: controls.length, controls_used: lift?.controlsUsed ?? 0,
      treated_mean: fin(lift?.treatedMean), control_mean: fin(lift?.controlMean), att: fin(lift?.att), std_error: fin(lift?.stdError), ci_low: fin(lift?.ciLow), ci_high: fin(lift?.ciHigh),
      p_value: fin(lift?.pValue), lift: fin(lift?.lift), incremental: fin(lift?.incremental), max_abs_smd_after: maxSmd, balanced: maxSmd === null ? null : maxSmd <= SMD_LIMIT,
    };
    if (replacement) notes.push('with replacement the interval treats the matched differences as independent, so it is somewhat narrow');
    return { rows: [effect], columns: EFFECT, types: EFFECT_TYPES, notes };
  },
});

function meanSd(v: readonly number[]): { mean: number; sd: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, sd };
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const signed = (v: number) => `${v > 0 ? '+' : ''}${formatNumber(v, 'number')}`;

/** The lift over matched controls, its interval, and whether the matched groups are balanced. */
export function incrementalityVerdict(rows: Record<string, unknown>[], options: Record<string, unknown> = {}): string | undefined {
  const r = rows[0];
  if (!r || !('att' in r)) return undefined;
  const att = num(r.att);
  if (att === null) return undefined;
  const low = num(r.ci_low);
  const high = num(r.ci_high);
  const pct = formatNumber(num(options.level as number) ?? 0.95, 'percent').replace(/\.0+ %$/, ' %');
  const significant = low !== null && high !== null && (low > 0 || high < 0);
  const lift = num(r.lift);
  const balance = r.balanced === true ? `balanced after matching (max |SMD| ${formatNumber(num(r.max_abs_smd_after) ?? 0, 'number')})` : `not balanced after matching (max |SMD| ${formatNumber(num(r.max_abs_smd_after) ?? 0, 'number')} > 0.1): read with care`;
  return `Treated units ${att >= 0 ? 'gained' : 'lost'} ${signed(att)} per unit over ${String(r.matched_treated)} matched controls${lift !== null ? ` (lift ${lift > 0 ? '+' : ''}${formatNumber(lift, 'percent')})` : ''}${low !== null && high !== null ? `, ${pct} CI ${signed(low)} to ${signed(high)}` : ''} — ${significant ? 'significant' : 'not significant'}; ${balance}`;
}
