import { epsilonLedger, type Release } from '../../analytics/privacy/epsilon-ledger.ts';
import { laplaceMargin, laplaceNoise, laplaceScale } from '../../analytics/privacy/laplace-mechanism.ts';
import { mulberry32 } from '../../analytics/random.ts';
import { quoteIdent } from '../../engine.ts';
import { bindYamlParams } from '../../notebook/params.ts';
import { analysisCell, fromClause, type AnalysisRun, type AnalysisOutput } from '../analysis.ts';
import { CellError } from '../kind.ts';
import { readYamlBody } from '../yamlBody.ts';
import { listColumns, optionalColumn, queryRows } from '../quality/shared.ts';

/**
 * `dp-count`: counts released with Laplace noise of scale sensitivity / epsilon, and the notebook's
 * epsilon ledger: every dp-count cell in the file spends its epsilon (sequential composition) and a
 * release that would take the total past `budget:` is refused.
 */
export const dpCountCell = analysisCell({
  kind: 'dp-count',
  needsFrom: false,
  summary: 'Differentially private counts (Laplace mechanism, seeded) with the epsilon ledger of every dp-count release in the notebook against a budget.',
  tableKeys: ['groups'],
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const output = o.choice('output', ['counts', 'ledger'] as const, 'counts');
    const budget = o.number('budget', undefined, { min: 0, exclusive: true });
    if (output === 'ledger') {
      // The ledger view releases nothing, so it spends nothing and needs no epsilon or seed.
      const ledger = epsilonLedger(releasesOf(run, 0), budget);
      const rows = ledger.map((e, i) => ({ release: i + 1, cell: e.id, epsilon: e.epsilon, epsilon_spent: e.spent, epsilon_budget: budget, epsilon_remaining: e.remaining, within_budget: e.withinBudget }));
      const notes = rows.length ? [] : ['no dp-count release in this notebook yet'];
      return { rows, columns: ['release', 'cell', 'epsilon', 'epsilon_spent', 'epsilon_budget', 'epsilon_remaining', 'within_budget'], types: { release: 'BIGINT', epsilon: 'DOUBLE', epsilon_spent: 'DOUBLE', epsilon_budget: 'DOUBLE', epsilon_remaining: 'DOUBLE' }, notes };
    }
    if (!run.source) o.text('from'); // throws: counts need a table
    const epsilon = o.number('epsilon', undefined, { min: 0, exclusive: true });
    const sensitivity = o.number('sensitivity', 1, { min: 0, exclusive: true });
    if (!o.has('seed')) o.fail('seed', 'is required: the noise is drawn from this seed, so the same seed gives the same release (keep it private: whoever knows it can remove the noise)');
    const seed = o.number('seed');
    const level = o.number('level', 0.95, { min: 0, max: 1, exclusive: true });
    const by = listColumns(run, 'by');
    const person = optionalColumn(run, 'person');
    if (person && !Number.isInteger(sensitivity)) o.fail('sensitivity', `with \`person:\` it is the number of groups a person may count in, a whole number (got ${sensitivity})`);

    const ledger = epsilonLedger(releasesOf(run, epsilon), budget);
    const mine = ledger.findIndex((e) => e.id === run.cell.id);
    const entry = ledger[mine]!;
    const total = ledger.at(-1)!.spent;
    if (!entry.withinBudget) {
      throw new CellError(
        `dp-count: this release (epsilon ${epsilon}) would bring the notebook's spent epsilon to ${entry.spent}, above \`budget: ${budget}\` (releases so far: ${ledger.slice(0, mine + 1).map((e) => `${e.id} ${e.epsilon}`).join(', ')}); lower the epsilons or remove a release`,
      );
    }

    const g = by.quoted.map((c, i) => `CAST(${c} AS VARCHAR) AS g${i}`);
    const gCols = by.quoted.map((_, i) => `g${i}`);
    // With a person column, bound each person's contribution to `sensitivity` groups (kept by a seeded
    // hash order), so one person moves the counts by at most `sensitivity` in total (L1).
    const counted = person
      ? `WITH p AS (SELECT DISTINCT ${[`CAST(${person} AS VARCHAR) AS person`, ...g].join(', ')} ${fromClause(run)} WHERE ${person} IS NOT NULL),
         b AS (SELECT *, row_number() OVER (PARTITION BY person ORDER BY hash(${[...gCols, String(Math.trunc(seed))].join(', ')}), ${[...gCols].join(', ') || 'person'}) AS rn FROM p)
         SELECT ${[...gCols, 'count(*) AS n'].join(', ')} FROM b WHERE rn <= ${sensitivity} ${gCols.length ? 'GROUP BY ALL' : ''}`
      : `SELECT ${[...g, 'count(*) AS n'].join(', ')} ${fromClause(run)} ${gCols.length ? 'GROUP BY ALL' : ''}`;
    const groups = o.has('groups') ? await publicGroups(run, by.names) : undefined;
    const sql = groups
      ? `WITH c AS (${counted}) SELECT ${gCols.map((c) => `k.${c}`).join(', ')}, coalesce(c.n, 0) AS n FROM (${groups}) k LEFT JOIN c USING (${gCols.join(', ')}) ORDER BY ${gCols.join(', ')}`
      : `${counted} ${gCols.length ? `ORDER BY ${gCols.join(', ')}` : ''}`;
    const counts = await queryRows(run, sql);
    const scale = laplaceScale(sensitivity, epsilon);
    const margin = laplaceMargin(scale, level);
    const rand = mulberry32(seed);
    const rows = counts.map((r) => {
      const noisy = Number(r.n) + laplaceNoise(rand, scale);
      return {
        ...Object.fromEntries(by.names.map((n, i) => [n, r[`g${i}`]])),
        // Rounding and clamping at 0 are post-processing: they cost no privacy.
        noisy_count: Math.max(0, Math.round(noisy)), noise_scale: scale, margin, epsilon, sensitivity,
        epsilon_spent: entry.spent, epsilon_notebook_total: total, epsilon_budget: budget, epsilon_remaining: entry.remaining,
      };
    });
    const notes: string[] = [];
    if (counts.length === 0) notes.push(`\`${run.source!.name}\` has no rows${person ? ' with a person' : ''}: nothing to release (this cell still counts in the ledger)`);
    if (by.names.length && !groups) notes.push('the groups released are the ones present in the data, which itself reveals that they are not empty; give `groups:` (a table of public group values) to release every group, zeros included');
    if (!person) notes.push(`counting rows: the guarantee holds when each person adds at most ${sensitivity} row(s) in total; give \`person:\` to bound it`);
    const columns = [...by.names, 'noisy_count', 'noise_scale', 'margin', 'epsilon', 'sensitivity', 'epsilon_spent', 'epsilon_notebook_total', 'epsilon_budget', 'epsilon_remaining'];
    return { rows, columns, types: { ...Object.fromEntries(by.names.map((n) => [n, 'VARCHAR' as const])), noisy_count: 'BIGINT', noise_scale: 'DOUBLE', margin: 'DOUBLE', epsilon: 'DOUBLE', sensitivity: 'DOUBLE', epsilon_spent: 'DOUBLE', epsilon_notebook_total: 'DOUBLE', epsilon_budget: 'DOUBLE', epsilon_remaining: 'DOUBLE' }, notes };
  },
});

/**
 * Every dp-count release in the notebook, in file order, with its epsilon (this cell's own when run
 * alone). `output: ledger` cells release nothing and are left out.
 */
function releasesOf(run: AnalysisRun, epsilon: number): Release[] {
  const releases: Release[] = [];
  for (const c of run.notebookCells?.filter((x) => x.kind === 'dp-count') ?? []) {
    let body: Record<string, unknown>;
    try {
      body = bindYamlParams(readYamlBody(c.code, 'dp-count'), run.params) as Record<string, unknown>;
    } catch {
      // A release whose body is unreadable fails on its own and releases nothing.
      continue;
    }
    if (body.output === 'ledger') continue;
    if (c.id === run.cell.id) releases.push({ id: c.id, epsilon });
    else {
      const e = Number(body.epsilon);
      releases.push({ id: c.id, epsilon: Number.isFinite(e) && e > 0 ? e : 0 });
    }
  }
  if (epsilon > 0 && !releases.some((r) => r.id === run.cell.id)) releases.push({ id: run.cell.id, epsilon });
  return releases;
}

/** The public group values (`groups:` table) as g0, g1 … text columns. */
async function publicGroups(run: AnalysisRun, names: string[]): Promise<string> {
  const info = await run.table('groups');
  if (names.length === 0) run.opts.fail('groups', 'needs `by:` (the columns the groups are made of)');
  const cols = names.map((n) => info.columns.find((c) => c.name.toLowerCase() === n.toLowerCase()) ?? run.opts.fail('groups', `table \`${info.name}\` has no column \`${n}\` (its columns: ${info.columns.map((c) => c.name).join(', ')})`));
  return `SELECT DISTINCT ${cols.map((c, i) => `CAST(${quoteIdent(c.name)} AS VARCHAR) AS g${i}`).join(', ')} FROM ${quoteIdent(info.name)}`;
}
