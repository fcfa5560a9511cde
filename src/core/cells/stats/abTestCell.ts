import { numberColumn, textColumn, type ColumnType } from '../../arrow.ts';
import { abTest, adjustPValues, type AbTestRow } from '../../analytics/stats/index.ts';
import { fixedEffectHeterogeneity, stratumEffect, type StratumEffect } from '../../analytics/stats/heterogeneity.ts';
import { quoteIdent } from '../../engine.ts';
import { abTestVerdict } from '../shared/verdicts.ts';
import { allPresent, analysisCell, fromClause, missingMetricNote } from '../analysis.ts';

const AB_COLUMNS = [
  'group', 'control', 'successes', 'trials', 'control_successes', 'control_trials', 'rate', 'control_rate', 'diff',
  'ci_low', 'ci_high', 'lift', 'lift_ci_low', 'lift_ci_high', 'z', 'chi_square', 'p_value', 'p_adjusted', 'significant',
];
const AB_TYPES: Record<string, ColumnType> = Object.fromEntries(
  AB_COLUMNS.map((c) => [c, c === 'group' || c === 'control' ? 'VARCHAR' : c === 'significant' ? 'BOOLEAN' : 'DOUBLE']),
);
const HET_COLUMNS = ['group', 'control', 'scale', 'strata', 'strata_left_out', 'pooled_effect', 'pooled_ci_low', 'pooled_ci_high', 'pooled_z', 'pooled_p_value', 'q', 'df', 'heterogeneity_p', 'i_squared', 'heterogeneous', 'lowest_stratum', 'lowest_effect', 'highest_stratum', 'highest_effect'];
const HET_TYPES: Record<string, ColumnType> = Object.fromEntries(
  HET_COLUMNS.map((c) => [c, ['group', 'control', 'scale', 'lowest_stratum', 'highest_stratum'].includes(c) ? 'VARCHAR' : c === 'heterogeneous' ? 'BOOLEAN' : c === 'strata' || c === 'strata_left_out' || c === 'df' ? 'INTEGER' : 'DOUBLE']),
);

/** `ab-test`: compare conversion rates of two or more variants (pooled z-test, chi-square, corrected p-values), optionally per stratum with a heterogeneity test. */
export const abTestCell = analysisCell({
  kind: 'ab-test',
  summary: 'Rates, difference and lift with intervals, z-test, chi-square and multiple-comparison correction per variant; per stratum with a heterogeneity test.',
  formats: {
    successes: 'count', trials: 'count', control_successes: 'count', control_trials: 'count', rate: 'percent', control_rate: 'percent', diff: 'percent', ci_low: 'percent', ci_high: 'percent', lift: 'percent', lift_ci_low: 'percent', lift_ci_high: 'percent',
    pooled_effect: 'percent', pooled_ci_low: 'percent', pooled_ci_high: 'percent', i_squared: 'percent', lowest_effect: 'percent', highest_effect: 'percent',
  },
  verdict: abTestVerdict,
  async compute(run) {
    const [group, successes, trials] = run.columns('group', 'successes', 'trials');
    const alpha = run.opts.number('alpha', 0.05, { min: 0, max: 1, exclusive: true });
    const correction = run.opts.choice('correction', ['bonferroni', 'holm', 'bh', 'none'] as const, 'holm');
    const control = run.opts.optionalText('control');
    const cols = new Map(run.source!.columns.map((c) => [c.name.toLowerCase(), c.name]));
    const by = run.opts.list('by').map((b) => cols.get(b.toLowerCase()) ?? run.opts.fail('by', `\`${b}\` is not a column of \`${run.source!.name}\` (its columns: ${run.source!.columns.map((c) => c.name).join(', ')})`));
    const output = run.opts.choice('output', ['comparisons', 'heterogeneity'] as const, 'comparisons');
    const scale = run.opts.choice('scale', ['relative', 'difference'] as const, 'relative');
    if (output === 'heterogeneity' && by.length === 0) run.opts.fail('output', 'heterogeneity compares strata: add `by:` with the stratum columns (e.g. `by: [segment, platform]`)');
    if (output === 'heterogeneity' && control === undefined) run.opts.fail('output', 'heterogeneity pools each variant against one control: add `control:`');
    const byColumns = by.map((b, k) => `CAST(${quoteIdent(b)} AS VARCHAR) AS b${k}`);
    // Rows without a successes or trials value are left out: a missing metric is not 0 successes.
    const t = await run.query(
      `SELECT ${[...byColumns, `CAST(${group} AS VARCHAR) AS g`].join(', ')}, sum(${successes})::DOUBLE AS s, sum(${trials})::DOUBLE AS n ${fromClause(run)} WHERE ${allPresent([successes!, trials!])} GROUP BY ALL ORDER BY ALL`,
    );
    const note = await missingMetricNote(run, [successes!, trials!]);
    const columns = output === 'heterogeneity' ? HET_COLUMNS : [...by, ...AB_COLUMNS];
    const types = output === 'heterogeneity' ? HET_TYPES : { ...Object.fromEntries(by.map((b) => [b, 'VARCHAR' as ColumnType])), ...AB_TYPES };
    if (t.numRows === 0) return { rows: [], columns, types, note };
    const groups = textColumn(t, 'g');
    const s = numberColumn(t, 's');
    const n = numberColumn(t, 'n');
    const keys = by.map((_, k) => textColumn(t, `b${k}`));
    const strata = new Map<string, { values: (string | null)[]; groups: { group: string; successes: number; trials: number }[] }>();
    for (let r = 0; r < t.numRows; r++) {
      const values = keys.map((col) => col[r] ?? null);
      const key = values.map((v) => v ?? '(empty)').join(' / ');
      const entry = strata.get(key) ?? { values, groups: [] };
      entry.groups.push({ group: groups[r] ?? '(null)', successes: s[r] ?? 0, trials: n[r] ?? 0 });
      strata.set(key, entry);
    }
    if (by.length === 0) {
      const only = [...strata.values()][0]!.groups;
      // Groups lost to a missing metric: say so, rather than "needs two groups" or "no such control".
      if (note && (only.length < 2 || (control !== undefined && !only.some((g) => g.group === control)))) {
        return { rows: [], columns, types, note: `${note}; only ${only.map((g) => g.group).join(', ')} ${only.length === 1 ? 'has' : 'have'} values, so there is nothing to compare` };
      }
      const rows = abTest(only, { alpha, correction, ...(control !== undefined ? { control } : {}) });
      return { rows: rows as unknown as Record<string, unknown>[], columns, types, note };
    }

    // Per stratum: the same comparisons, raw p-values, then one correction across every stratum's comparisons.
    const skipped: string[] = [];
    const perStratum: { key: string; values: (string | null)[]; rows: AbTestRow[] }[] = [];
    for (const [key, st] of strata) {
      if (st.groups.length < 2 || (control !== undefined && !st.groups.some((g) => g.group === control))) {
        skipped.push(key);
        continue;
      }
      perStratum.push({ key, values: st.values, rows: abTest(st.groups, { alpha, correction: 'none', ...(control !== undefined ? { control } : {}) }) });
    }
    const skipNote = skipped.length ? `${skipped.length} stratum(s) without ${control !== undefined ? `both the control \`${control}\` and a variant` : 'two groups'} left out: ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''}` : undefined;
    const notes = [note, skipNote].filter(Boolean).join('; ') || undefined;
    if (output === 'comparisons') {
      const flat = perStratum.flatMap((p) => p.rows.map((r) => ({ values: p.values, r })));
      const adjusted = adjustPValues(flat.map((f) => f.r.p_value), correction);
      const rows = flat.map((f, i) => ({ ...Object.fromEntries(by.map((b, k) => [b, f.values[k]])), ...f.r, p_adjusted: adjusted[i]!, significant: adjusted[i]! < alpha }));
      return { rows, columns, types, note: notes };
    }

    const variants = [...new Set(perStratum.flatMap((p) => p.rows.map((r) => r.group)))].sort();
    const rows = variants.map((variant) => {
      const effects: (StratumEffect & { key: string })[] = [];
      let leftOut = 0;
      for (const p of perStratum) {
        const r = p.rows.find((x) => x.group === variant);
        if (!r) continue;
        const e = stratumEffect({ successes: r.successes, trials: r.trials, controlSuccesses: r.control_successes, controlTrials: r.control_trials }, scale);
        if (e) effects.push({ ...e, key: p.key });
        else leftOut++;
      }
      const back = (x: number) => (scale === 'relative' ? Math.exp(x) - 1 : x);
      const base = { group: variant, control, scale, strata: effects.length, strata_left_out: leftOut };
      if (effects.length < 2) return { ...base, ...Object.fromEntries(HET_COLUMNS.slice(5).map((c) => [c, null])) };
      const h = fixedEffectHeterogeneity(effects, 1 - alpha);
      const lo = effects.reduce((a, b) => (b.estimate < a.estimate ? b : a));
      const hi = effects.reduce((a, b) => (b.estimate > a.estimate ? b : a));
      return {
        ...base,
        pooled_effect: back(h.pooled), pooled_ci_low: back(h.ciLow), pooled_ci_high: back(h.ciHigh), pooled_z: h.z, pooled_p_value: h.pValue,
        q: h.q, df: h.df, heterogeneity_p: h.qPValue, i_squared: h.iSquared, heterogeneous: h.qPValue < alpha,
        lowest_stratum: lo.key, lowest_effect: back(lo.estimate), highest_stratum: hi.key, highest_effect: back(hi.estimate),
      };
    });
    const leftOutNote = rows.some((r) => (r.strata_left_out as number) > 0) ? `strata with no variance on the ${scale} scale (a rate of 0${scale === 'difference' ? ' or 1' : ''}) are left out of the pooling` : undefined;
    return { rows, columns, types, note: [notes, leftOutNote].filter(Boolean).join('; ') || undefined };
  },
});
